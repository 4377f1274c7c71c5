import type { HostClient } from '../../../electron/common/host-client';
import { markUnseen, removeSession, setQueue, setSessions, upsertSession, type AppStore } from '../store/app-store';

/** Feeds the store from host events (outside React), then loads the current state. */
export async function bindStoreToHost(client: HostClient, store: AppStore): Promise<void> {
  client.on('projects.changed', (projects) => store.setState({ projects }));
  client.on('session.updated', (info) => store.setState((s) => upsertSession(s, info)));
  client.on('session.removed', ({ sessionId }) => store.setState((s) => removeSession(s, sessionId)));
  client.on('session.bell', ({ sessionId }) => markUnseen(store, sessionId));
  client.on('queue.changed', (queue) => store.setState((s) => setQueue(s, queue)));
  client.on('presets.changed', (presets) => store.setState({ presets }));
  client.onClose(() => store.setState({ connection: 'closed' }));
  const [info, projects, sessions, queues, presets] = await Promise.all([
    client.request('host.info', {}),
    client.request('projects.list', {}),
    client.request('sessions.list', {}),
    client.request('queue.list', {}),
    client.request('presets.list', {}),
  ]);
  store.setState({
    connection: 'open',
    hostInfo: info.ok ? info.value : null,
    ...(projects.ok ? { projects: projects.value } : {}),
    ...(sessions.ok ? setSessions(sessions.value) : {}),
    ...(queues.ok ? { queues: Object.fromEntries(queues.value.map((q) => [q.sessionId, q])) } : {}),
    ...(presets.ok ? { presets: presets.value } : {}),
  });
}
