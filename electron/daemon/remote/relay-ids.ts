import type { HostFrame } from '../../common/protocol';
import { remoteId, splitRemoteId } from '../../common/remote-ids';

/** The fields that hold an id of a project, session, queue item, check run or account, in params and results. */
const ID_KEYS = new Set(['id', 'projectId', 'sessionId', 'itemId', 'runId', 'account']);
/** Fields that hold a list of session ids. */
const ID_LIST_KEYS = new Set(['sessionIds']);

/** A host's answer or event as this machine's clients see it: every id carries the host's name. */
export function withHostIds<T>(host: string, value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => withHostIds(host, v)) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (ID_KEYS.has(key) && typeof v === 'string') out[key] = remoteId(host, v);
    else if (ID_LIST_KEYS.has(key) && Array.isArray(v))
      out[key] = v.map((id: unknown) => (typeof id === 'string' ? remoteId(host, id) : id));
    else out[key] = withHostIds(host, v);
  }
  return out as T;
}

/**
 * Which host a request's ids name (null: this machine), and the params as that host knows them.
 * Ids of two hosts in one request (other than a broadcast, split before this) are refused.
 */
export function routeOf(
  params: Record<string, unknown>,
): { host: string | null; params: Record<string, unknown> } | 'mixed' {
  const hosts = new Set<string | null>();
  const local: Record<string, unknown> = {};
  const strip = (id: string) => {
    const split = splitRemoteId(id);
    hosts.add(split.host);
    return split.id;
  };
  for (const [key, v] of Object.entries(params)) {
    if (ID_KEYS.has(key) && typeof v === 'string') local[key] = strip(v);
    else if (key === 'sessionIds' && Array.isArray(v))
      local[key] = v.map((id) => (typeof id === 'string' ? strip(id) : id));
    else local[key] = v;
  }
  if (hosts.size > 1) return 'mixed';
  return { host: [...hosts][0] ?? null, params: local };
}

/** A frame a host's daemon sent, for this machine's clients (null: not theirs to see). */
export function relayedFrame(host: string, frame: Exclude<HostFrame, { t: 'res' }>): HostFrame | null {
  switch (frame.t) {
    case 'out':
      return { t: 'out', s: remoteId(host, frame.s), d: frame.d };
    case 'sync':
      return { t: 'sync', s: remoteId(host, frame.s), d: withHostIds(host, frame.d) };
    case 'evt':
      // Lists of the host's own (its projects, presets, layout, hosts) are merged or stay there.
      if (
        frame.e === 'projects.changed' ||
        frame.e === 'presets.changed' ||
        frame.e === 'layout.changed' ||
        frame.e === 'hosts.changed' ||
        frame.e === 'usage.changed'
      )
        return null;
      return withHostIds(host, frame);
    case 'failed':
      return null;
  }
}
