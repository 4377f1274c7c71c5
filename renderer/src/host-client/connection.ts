import { HostClient } from '../../../electron/common/host-client';
import type { AppStore } from '../store/app-store';
import { bindStoreToHost } from './bind-store';
import { LayoutSync } from './layout-sync';
import { connectMessagePort, connectWebSocket, type ClientChannel } from './transports';

const RETRY_MS = 1000;

function openChannel(): Promise<ClientChannel> {
  if (location.protocol === 'file:') return connectMessagePort();
  const token = new URLSearchParams(location.search).get('token') ?? '';
  return connectWebSocket(token);
}

/**
 * Keeps one live HostClient in the store: connects, feeds the store, and after a drop (host
 * restart, network) connects again and hands out the new client, so every tile re-attaches and
 * repaints. Returns a function that stops it.
 */
export function keepConnected(store: AppStore): () => void {
  let stopped = false;
  let current: HostClient | null = null;
  const retry = () => {
    if (!stopped) setTimeout(attempt, RETRY_MS);
  };
  const attempt = async () => {
    if (stopped) return;
    store.getState().connecting();
    try {
      const client = new HostClient(await openChannel());
      if (stopped) return client.close();
      current = client;
      client.onClose(() => {
        // The front end's word on why there is no host (the daemon could not start) is shown.
        store.getState().disconnected(client.failure);
        retry();
      });
      const layout = new LayoutSync(client, store);
      await bindStoreToHost(client, store, layout);
      if (!client.isClosed) store.getState().connected(client, layout);
    } catch (e) {
      // Only the host's own word on why it is down is worth showing; a refused socket is not news.
      store.getState().connectFailed((e as Error).name === 'HostFailed' ? (e as Error).message : null);
      retry();
    }
  };
  void attempt();
  return () => {
    stopped = true;
    current?.close();
  };
}
