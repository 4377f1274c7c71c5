import { describe, expect, it } from 'vitest';
import type { HostClient } from '../../electron/common/host-client';
import { fail, ok } from '../../electron/common/result';
import type { LayoutSync } from '../../renderer/src/host-client/layout-sync';
import { requestOrNotify } from '../../renderer/src/host-client/request';
import { createAppStore } from '../../renderer/src/store/app-store';

/** A store connected to a host that answers every request with `result`. */
function answering(result: unknown) {
  const store = createAppStore();
  store.getState().connected({ request: async () => result } as unknown as HostClient, null as unknown as LayoutSync);
  return store;
}

describe('requests that show what went wrong', () => {
  it('a host error value becomes a message; success shows nothing', async () => {
    const quiet = answering(ok(null));
    await requestOrNotify(quiet.getState, 'queue.pause', { sessionId: 's' });
    expect(quiet.getState().notices).toEqual([]);
    const store = answering(fail('BAD_REQUEST', 'That prompt is being sent right now.'));
    const r = await requestOrNotify(store.getState, 'queue.remove', { itemId: 'i' });
    expect(r?.ok).toBe(false);
    expect(store.getState().notices.map((n) => n.text)).toEqual(['That prompt is being sent right now.']);
  });

  it('without a connection it says so; the same message twice shows once; at most four; dismissable', async () => {
    const store = createAppStore();
    expect(await requestOrNotify(store.getState, 'sessions.kill', { sessionId: 's' })).toBeNull();
    await requestOrNotify(store.getState, 'sessions.kill', { sessionId: 's' });
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      'Not connected to the Flotilla host yet: try again in a moment.',
    ]);
    for (let i = 0; i < 5; i++) {
      store
        .getState()
        .connected(
          { request: async () => fail('NOT_FOUND', `gone ${i}`) } as unknown as HostClient,
          null as unknown as LayoutSync,
        );
      await requestOrNotify(store.getState, 'sessions.kill', { sessionId: 's' });
    }
    expect(store.getState().notices.map((n) => n.text)).toEqual(['gone 1', 'gone 2', 'gone 3', 'gone 4']);
    store.getState().dismissNotice(store.getState().notices[0].id);
    expect(store.getState().notices).toHaveLength(3);
  });
});
