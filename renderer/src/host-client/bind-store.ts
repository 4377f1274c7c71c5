import type { HostClient } from '../../../electron/common/host-client';
import { markUnseen, removeSession, setSessions, upsertSession, type AppStore } from '../store/app-store';

/** Feeds the store from host events (outside React), then loads the current state. */
export async function bindStoreToHost(client: HostClient, store: AppStore): Promise<void> {
  client.on('projects.changed', (projects) => store.setState({ projects }));
  client.on('session.updated', (info) => store.setState((s) => upsertSession(s, info)));
  client.on('session.removed', ({ sessionId }) => store.setState((s) => removeSession(s, sessionId)));
  client.on('session.bell', ({ sessionId }) => markUnseen(store, sessionId));
  client.onClose(() => store.setState({ connection: 'closed' }));
  const [info, projects, sessions] = await Promise.all([
    client.request('host.info', {}),
    client.request('projects.list', {}),
    client.request('sessions.list', {}),
  ]);
  store.setState({
    connection: 'open',
    hostInfo: info.ok ? info.value : null,
    ...(projects.ok ? { projects: projects.value } : {}),
    ...(sessions.ok ? setSessions(sessions.value) : {}),
  });
}
