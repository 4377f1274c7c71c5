import type { HostClient } from '../../../electron/common/host-client';
import { notify, notifyCheck } from '../attention';
import type { LayoutSync } from './layout-sync';
import { checkFailed, markUnseen, removeSession, setQueue, setSessions, showNotice, upsertCheck, upsertSession, type AppStore } from '../store/app-store';

const FOCUS_SAVE_MS = 400;

/** Feeds the store from host events (outside React), then loads the current state. */
export async function bindStoreToHost(client: HostClient, store: AppStore, layoutSync: LayoutSync): Promise<void> {
  client.on('projects.changed', (projects) => store.setState({ projects }));
  client.on('session.updated', (info) => store.setState((s) => upsertSession(s, info)));
  client.on('session.removed', ({ sessionId }) => store.setState((s) => removeSession(s, sessionId)));
  client.on('session.bell', ({ sessionId }) => {
    markUnseen(store, sessionId);
    notify(store, sessionId, 'Rang the bell');
  });
  client.on('queue.changed', (queue) => store.setState((s) => setQueue(s, queue)));
  client.on('presets.changed', (presets) => store.setState({ presets }));
  client.on('layout.changed', (layout) => layoutSync.receive(layout));
  client.on('check.updated', (run) => {
    const before = store.getState().checks[run.projectId];
    store.setState((s) => upsertCheck(s, run));
    if (checkFailed(run) && !(before?.id === run.id && checkFailed(before))) notifyCheck(store, run);
  });
  client.on('check.setup', (setup) => store.setState((s) => ({ checkSetups: { ...s.checkSetups, [setup.projectId]: setup } })));
  client.onClose(() => store.setState({ connection: 'closed' }));
  // The focused tile is part of the layout the host keeps: sent once focus settles.
  let focusTimer: ReturnType<typeof setTimeout> | undefined;
  const offFocus = store.subscribe((state, previous) => {
    if (state.focusedSessionId === previous.focusedSessionId) return;
    clearTimeout(focusTimer);
    focusTimer = setTimeout(() => {
      const { layout, focusedSessionId } = store.getState();
      if (layout.focused !== focusedSessionId) layoutSync.send({ ...layout, focused: focusedSessionId });
    }, FOCUS_SAVE_MS);
  });
  client.onClose(() => {
    clearTimeout(focusTimer);
    offFocus();
  });
  const [info, projects, sessions, queues, presets, layout, checks] = await Promise.all([
    client.request('host.info', {}),
    client.request('projects.list', {}),
    client.request('sessions.list', {}),
    client.request('queue.list', {}),
    client.request('presets.list', {}),
    client.request('layout.get', {}),
    client.request('checks.latest', {}),
  ]);
  if (client.isClosed) return;
  const shown = store.getState().hostInfo?.warnings ?? [];
  store.setState({
    connection: 'open',
    connectionError: null,
    hostInfo: info.ok ? info.value : null,
    ...(projects.ok ? { projects: projects.value } : {}),
    ...(sessions.ok ? setSessions(sessions.value) : {}),
    ...(queues.ok ? { queues: Object.fromEntries(queues.value.map((q) => [q.sessionId, q])) } : {}),
    ...(presets.ok ? { presets: presets.value } : {}),
    ...(checks.ok ? { checks: Object.fromEntries(checks.value.map((r) => [r.projectId, r])) } : {}),
    ...(layout.ok ? { layout: layout.value, focusedSessionId: store.getState().focusedSessionId ?? layout.value.focused } : {}),
  });
  // Once per window, not again at each reconnect; a daemon from before warnings has none.
  const warnings = (info.ok && info.value.warnings) || [];
  for (const warning of warnings) if (!shown.includes(warning)) showNotice(store, warning, { sticky: true });
}
