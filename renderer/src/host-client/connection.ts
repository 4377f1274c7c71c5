import { HostClient } from '../../../electron/common/host-client';
import type { AppStore } from '../store/app-store';
import { bindStoreToHost } from './bind-store';
import { connectMessagePort, connectWebSocket, type ClientChannel } from './transports';

const RETRY_MS = 1000;

function openChannel(): Promise<ClientChannel> {
  if (location.protocol === 'file:') return connectMessagePort();
  const token = new URLSearchParams(location.search).get('token') ?? '';
  return connectWebSocket(token);
}

/**
 * Keeps one live HostClient: connects, feeds the store, and after a drop (host restart, network)
 * connects again and hands out the new client, so every tile re-attaches and repaints.
 * Returns a function that stops it.
 */
export function keepConnected(store: AppStore, onClient: (client: HostClient | null) => void): () => void {
  let stopped = false;
  let current: HostClient | null = null;
  const retry = () => {
    if (!stopped) setTimeout(attempt, RETRY_MS);
  };
  const attempt = async () => {
    if (stopped) return;
    store.setState({ connection: 'connecting' });
    try {
      const client = new HostClient(await openChannel());
      if (stopped) return client.close();
      current = client;
      client.onClose(() => {
        onClient(null);
        retry();
      });
      await bindStoreToHost(client, store);
      onClient(client);
    } catch (e) {
      // Only the host's own word on why it is down is worth showing; a refused socket is not news.
      store.setState({ connection: 'closed', connectionError: (e as Error).name === 'HostFailed' ? (e as Error).message : null });
      retry();
    }
  };
  void attempt();
  return () => {
    stopped = true;
    current?.close();
  };
}
