import type { HostClient } from '../../common/host-client';
import type { Disposable } from '../../common/lifecycle';
import type { ClientFrame, HostFrame, Method } from '../../common/protocol';
import { remoteId, splitRemoteId } from '../../common/remote-ids';
import { fail, ok, type Result } from '../../common/result';
import type { HostLinks } from './host-links';
import { relayedFrame, routeOf, withHostIds } from './relay-ids';
import type { UsageSnapshot } from '../../common/usage';

/** This machine's usage and every host's, in one picture. */
export function withHostUsage(local: UsageSnapshot, links: HostLinks): UsageSnapshot {
  const hosts = links.usage();
  return { accounts: [...local.accounts, ...hosts.accounts], sessions: [...local.sessions, ...hosts.sessions] };
}

type Params = Record<string, unknown>;
type Call = (params: Params) => Promise<Result<unknown>>;

/** Lists every host adds its part to, asked of each linked host on this client's connection there. */
const ASKED_OF_EVERY_HOST = new Set<Method>(['queue.list', 'checks.latest']);
/** Methods of this machine alone (its daemon, its window layout, its presets, its host list). */
const THIS_MACHINE = /^(host|browser|layout|presets|hosts)\./;

const unreachable = (host: string, reason: string | null) =>
  fail('UNREACHABLE', `${host}: ${reason ? `reconnecting — ${reason}` : 'not connected yet'}`);

/**
 * One client's way to the other machines (one per Connection): a connection of its own on each
 * host's link, opened when first needed, so its attached sessions, flow control and holds there are
 * its own. Requests naming a host's ids go there (ids as the host knows them), answers and output
 * come back with the host's name on every id; lists are this machine's and every host's.
 */
export class RemoteRoutes implements Disposable {
  private readonly clients = new Map<string, HostClient>();

  constructor(
    private readonly links: HostLinks,
    /** Sends a frame to this client. */
    private readonly forward: (frame: HostFrame) => void,
  ) {}

  /** Runs `method` where its ids live: here (`local`), on one host, or on each (a broadcast, a list). */
  async call(method: Method, params: Params, local: Call): Promise<Result<unknown>> {
    if (THIS_MACHINE.test(method)) return local(params);
    if (method === 'projects.list') return this.withHosts(await local(params), () => this.links.projects());
    if (method === 'sessions.list') return this.withHosts(await local(params), () => this.links.sessions());
    if (method === 'usage.get') {
      const here = await local(params);
      return here.ok ? ok(withHostUsage(here.value as UsageSnapshot, this.links)) : here;
    }
    if (ASKED_OF_EVERY_HOST.has(method) || (method === 'history.list' && !params.projectId))
      return this.everyHost(method, params, local);
    if (method === 'queue.add') return this.broadcast(params, local);
    if ((method === 'projects.add' || method === 'folders.suggest') && typeof params.host === 'string') {
      const { host, ...rest } = params;
      return this.on(host as string, method, rest);
    }
    const route = routeOf(params);
    if (route === 'mixed') return fail('BAD_REQUEST', `${method} names things on two machines at once.`);
    if (route.host === null) return local(params);
    const answer = await this.on(route.host, method, route.params);
    return method === 'checks.fixTarget' && answer.ok && typeof answer.value === 'string'
      ? ok(remoteId(route.host, answer.value))
      : answer;
  }

  /** Keys and acks for a host's session go to it; keys for one that cannot be reached are refused, saying why. */
  input(frame: Extract<ClientFrame, { t: 'in' | 'ack' }>): boolean {
    const { host, id } = splitRemoteId(frame.s);
    if (host === null) return false;
    const client = this.client(host);
    if (frame.t === 'ack') client?.ack(id, frame.n);
    else if (client) client.input(id, frame.d);
    else {
      const link = this.links.link(host);
      const reason = link ? unreachable(host, link.state.reason).error.message : `No host "${host}".`;
      this.forward({ t: 'evt', e: 'input.refused', p: { sessionId: frame.s, reason } });
    }
    return true;
  }

  private async on(host: string, method: Method, params: Params): Promise<Result<unknown>> {
    const link = this.links.link(host);
    if (!link) return fail('NOT_FOUND', `No host "${host}": \`flotilla host add ${host} DESTINATION\` adds it.`);
    const client = this.client(host);
    if (!client) return unreachable(host, link.state.reason);
    const answer = await client.request(method, params as never);
    if (!answer.ok && answer.error.code === 'DISCONNECTED')
      return unreachable(host, link.state.reason ?? 'the link dropped');
    return answer.ok ? ok(withHostIds(host, answer.value)) : answer;
  }

  private async withHosts(local: Result<unknown>, remote: () => unknown[]): Promise<Result<unknown>> {
    return local.ok ? ok([...(local.value as unknown[]), ...remote()]) : local;
  }

  /** This machine's list and every linked host's; a host that cannot answer now adds nothing. */
  private async everyHost(method: Method, params: Params, local: Call): Promise<Result<unknown>> {
    const linked = this.links.list().filter((h) => h.state === 'connected');
    const [here, ...there] = await Promise.all([local(params), ...linked.map((h) => this.on(h.name, method, params))]);
    if (!here.ok) return here;
    return ok([...(here.value as unknown[]), ...there.flatMap((r) => (r.ok ? (r.value as unknown[]) : []))]);
  }

  /** One prompt to sessions on several machines: each machine queues its own. */
  private async broadcast(params: Params, local: Call): Promise<Result<unknown>> {
    const byHost = new Map<string | null, string[]>();
    for (const id of params.sessionIds as string[]) {
      const { host } = splitRemoteId(id);
      byHost.set(host, [...(byHost.get(host) ?? []), id]);
    }
    const answers = await Promise.all(
      [...byHost].map(async ([host, sessionIds]) => ({
        host,
        answer:
          host === null
            ? await local({ ...params, sessionIds })
            : await this.on(host, 'queue.add', { ...params, sessionIds: sessionIds.map((id) => splitRemoteId(id).id) }),
      })),
    );
    const queued = answers.flatMap(({ answer }) => (answer.ok ? (answer.value as unknown[]) : []));
    const failed = answers.filter(({ answer }) => !answer.ok);
    if (!failed.length) return ok(queued);
    const why = failed.map(({ answer }) => (answer.ok ? '' : answer.error.message)).join('; ');
    return queued.length
      ? fail('UNREACHABLE', `Queued for ${queued.length} session(s); not for the rest: ${why}`)
      : failed[0].answer;
  }

  private client(host: string): HostClient | null {
    const existing = this.clients.get(host);
    if (existing && !existing.isClosed) return existing;
    const client = this.links.link(host)?.open() ?? null;
    if (!client) return null;
    this.clients.set(host, client);
    client.onFrame((frame) => {
      // Events every client hears come once, on the link's own connection; this one brings this client's own.
      if (frame.t === 'evt' && frame.e !== 'check.output') return;
      const relayed = relayedFrame(host, frame);
      if (relayed) this.forward(relayed);
    });
    client.onClose(() => this.clients.get(host) === client && this.clients.delete(host));
    return client;
  }

  dispose(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
