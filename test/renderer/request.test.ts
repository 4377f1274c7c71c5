import { describe, expect, it } from 'vitest';
import type { HostClient } from '../../electron/common/host-client';
import { fail, ok } from '../../electron/common/result';
import { requestOrNotify } from '../../renderer/src/host-client/request';
import { createAppStore, dismissNotice } from '../../renderer/src/store/app-store';

const answering = (result: unknown) => ({ request: async () => result }) as unknown as HostClient;

describe('requests that show what went wrong', () => {
  it('a host error value becomes a message; success shows nothing', async () => {
    const store = createAppStore();
    await requestOrNotify(store, answering(ok(null)), 'queue.pause', { sessionId: 's' });
    expect(store.getState().notices).toEqual([]);
    const r = await requestOrNotify(store, answering(fail('BAD_REQUEST', 'That prompt is being sent right now.')), 'queue.remove', { itemId: 'i' });
    expect(r?.ok).toBe(false);
    expect(store.getState().notices.map((n) => n.text)).toEqual(['That prompt is being sent right now.']);
  });

  it('without a connection it says so; the same message twice shows once; at most four; dismissable', async () => {
    const store = createAppStore();
    expect(await requestOrNotify(store, null, 'sessions.kill', { sessionId: 's' })).toBeNull();
    await requestOrNotify(store, null, 'sessions.kill', { sessionId: 's' });
    expect(store.getState().notices.map((n) => n.text)).toEqual(['Not connected to the Flotilla host yet: try again in a moment.']);
    for (let i = 0; i < 5; i++) await requestOrNotify(store, answering(fail('NOT_FOUND', `gone ${i}`)), 'sessions.kill', { sessionId: 's' });
    expect(store.getState().notices.map((n) => n.text)).toEqual(['gone 1', 'gone 2', 'gone 3', 'gone 4']);
    dismissNotice(store, store.getState().notices[0].id);
    expect(store.getState().notices).toHaveLength(3);
  });
});
