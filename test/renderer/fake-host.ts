import { vi, type Mock } from 'vitest';
import type { HostClient } from '../../electron/common/host-client';
import type { Method } from '../../electron/common/protocol';
import { fail, ok } from '../../electron/common/result';
import type { SessionInfo } from '../../electron/common/types';
import { bindStoreToHost } from '../../renderer/src/host-client/bind-store';
import { LayoutSync } from '../../renderer/src/host-client/layout-sync';
import { createAppStore, type AppStore } from '../../renderer/src/store/app-store';

/** A session as the host lists it: an idle-less shell unless `patch` says otherwise. */
export const sessionInfo = (id: string, patch: Partial<SessionInfo> = {}): SessionInfo => ({
  id,
  projectId: 'p1',
  title: id,
  argv: ['bash'],
  launched: null,
  presetId: 'shell',
  status: 'running',
  statusSource: null,
  statusDetail: null,
  pid: 1,
  exitCode: null,
  signal: null,
  error: null,
  startedAt: 0,
  ...patch,
});

interface Request {
  method: string;
  params: unknown;
}

export interface FakeHost {
  client: HostClient;
  requests: Request[];
  asked(method: string): Request[];
  emit(event: string, payload: unknown): void;
  /** What the window typed (`client.input`). */
  input: Mock;
}

/** A host that answers what `answers` holds (NOT_FOUND otherwise), records requests, and can fire events. */
export function fakeHost(answers: Partial<Record<Method, unknown>>): FakeHost {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const requests: Request[] = [];
  const input = vi.fn();
  const client = {
    isClosed: false,
    on: (event: string, listener: (payload: unknown) => void) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)!.delete(listener);
    },
    onClose: () => () => {},
    input,
    request: async (method: Method, params: unknown) => {
      requests.push({ method, params });
      return method in answers ? ok(answers[method]) : fail('NOT_FOUND', 'not in this test');
    },
  } as unknown as HostClient;
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  const asked = (method: string) => requests.filter((r) => r.method === method);
  return { client, requests, asked, emit, input };
}

/** The window's store bound to a fake host, as at connect. */
export async function connectedStore(
  answers: Partial<Record<Method, unknown>>,
): Promise<FakeHost & { store: AppStore }> {
  const store = createAppStore();
  const host = fakeHost(answers);
  const layoutSync = new LayoutSync(host.client, store);
  await bindStoreToHost(host.client, store, layoutSync);
  store.getState().connected(host.client, layoutSync);
  return { store, ...host };
}
