import type { HostClient } from '../../../electron/common/host-client';
import type { Layout } from '../../../electron/common/layout';
import type { AppStore } from '../store/app-store';

const inFlight = new WeakMap<HostClient, number>();

/**
 * Sends a layout this window already shows. While its own changes are in flight, the host's
 * echoes of earlier ones are stale (they would undo newer local changes); the answer to the
 * last one is the truth.
 */
export function sendLayout(client: HostClient, store: AppStore, layout: Layout): void {
  inFlight.set(client, (inFlight.get(client) ?? 0) + 1);
  void client.request('layout.set', { layout }).then((r) => {
    const left = (inFlight.get(client) ?? 1) - 1;
    inFlight.set(client, left);
    if (left === 0 && r.ok) store.setState({ layout: r.value });
  });
}

/** A layout the host announced, unless this window is mid-change. */
export function receiveLayout(client: HostClient, store: AppStore, layout: Layout): void {
  if (!inFlight.get(client)) store.setState({ layout });
}
