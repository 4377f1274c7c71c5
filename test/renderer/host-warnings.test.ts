import { expect, it } from 'vitest';
import type { HostClient } from '../../electron/common/host-client';
import { fail, ok } from '../../electron/common/result';
import type { HostInfo } from '../../electron/common/types';
import { bindStoreToHost } from '../../renderer/src/host-client/bind-store';
import { LayoutSync } from '../../renderer/src/host-client/layout-sync';
import { createAppStore } from '../../renderer/src/store/app-store';

const WARNING =
  "Flotilla's database was damaged (file is not a database), so it started with a new one. The damaged file is kept as /data/flotilla.db.corrupt-2026-11-29T16-50-00.";

/** A host that answers host.info with `warnings` and nothing else. */
function hostSaying(warnings: string[]): HostClient {
  const info: HostInfo = {
    version: '0',
    instance: 'i',
    platform: 'linux',
    defaultShell: '/bin/sh',
    dataDir: '/data',
    warnings,
  };
  return {
    on: () => () => {},
    onClose: () => () => {},
    isClosed: false,
    request: async (method: string) => (method === 'host.info' ? ok(info) : fail('NOT_FOUND', 'not in this test')),
  } as unknown as HostClient;
}

it("a host's warning shows in the window until dismissed, once: not again at a reconnect to the same host", async () => {
  const store = createAppStore();
  const bind = (client: HostClient) => bindStoreToHost(client, store, new LayoutSync(client, store));
  await bind(hostSaying([WARNING]));
  expect(store.getState().notices).toEqual([{ id: expect.any(Number), text: WARNING, sticky: true }]);

  // Newer messages push out transient ones, never it.
  for (let i = 0; i < 6; i++) store.getState().showNotice(`message ${i}`);
  expect(store.getState().notices.filter((n) => n.sticky)).toHaveLength(1);

  store.getState().dismissNotice(store.getState().notices.find((n) => n.sticky)!.id);
  await bind(hostSaying([WARNING]));
  expect(store.getState().notices.filter((n) => n.sticky)).toEqual([]);
});
