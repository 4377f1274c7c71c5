import type { HostClient } from '../../../electron/common/host-client';
import type { Layout } from '../../../electron/common/layout';
import type { AppStore } from '../store/app-store';

/**
 * The layout between this window and the host, for one connection (a new one starts at zero).
 * While this window's own changes are in flight, the host's echoes of earlier ones are stale
 * (they would undo newer local changes); the answer to the last one is the truth.
 */
export class LayoutSync {
  private inFlight = 0;

  constructor(
    private readonly client: HostClient,
    private readonly store: AppStore,
  ) {}

  /** Sends a layout this window already shows. */
  send(layout: Layout): void {
    this.inFlight++;
    void this.client.request('layout.set', { layout }).then((r) => {
      this.inFlight--;
      if (this.inFlight === 0 && r.ok) this.store.getState().setLayout(r.value);
    });
  }

  /** A layout the host announced, unless this window is mid-change. */
  receive(layout: Layout): void {
    if (!this.inFlight) this.store.getState().setLayout(layout);
  }
}
