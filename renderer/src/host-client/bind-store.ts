import type { HostClient } from '../../../electron/common/host-client';
import { notify, notifyCheck } from '../attention';
import type { LayoutSync } from './layout-sync';
import type { AppStore } from '../store/app-store';
import { checkFailed } from '../store/checks-slice';

const FOCUS_SAVE_MS = 400;

/** Feeds the store from host events (outside React), then loads the current state. */
export async function bindStoreToHost(client: HostClient, store: AppStore, layoutSync: LayoutSync): Promise<void> {
  const act = store.getState;
  client.on('projects.changed', (projects) => act().setProjects(projects));
  client.on('session.updated', (info) => act().upsertSession(info));
  client.on('session.removed', ({ sessionId }) => act().removeSession(sessionId));
  client.on('session.bell', ({ sessionId }) => {
    act().markUnseen(sessionId);
    notify(store, sessionId, 'Rang the bell');
  });
  client.on('queue.changed', (queue) => act().setQueue(queue));
  client.on('presets.changed', (presets) => act().setPresets(presets));
  client.on('layout.changed', (layout) => layoutSync.receive(layout));
  client.on('check.updated', (run) => {
    const before = act().checks[run.projectId];
    act().upsertCheck(run);
    if (checkFailed(run) && !(before?.id === run.id && checkFailed(before))) notifyCheck(store, run);
  });
  client.on('check.setup', (setup) => act().setCheckSetup(setup));
  // The focused tile is part of the layout the host keeps: sent once focus settles.
  let focusTimer: ReturnType<typeof setTimeout> | undefined;
  const offFocus = store.subscribe((state, previous) => {
    if (state.focusedSessionId === previous.focusedSessionId) return;
    clearTimeout(focusTimer);
    focusTimer = setTimeout(() => {
      const { layout, focusedSessionId } = act();
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
  const shown = act().hostInfo?.warnings ?? [];
  act().hostLoaded({
    info: info.ok ? info.value : null,
    projects: projects.ok ? projects.value : undefined,
    sessions: sessions.ok ? sessions.value : undefined,
    queues: queues.ok ? queues.value : undefined,
    presets: presets.ok ? presets.value : undefined,
    checks: checks.ok ? checks.value : undefined,
    layout: layout.ok ? layout.value : undefined,
  });
  // Once per window, not again at each reconnect; a daemon from before warnings has none.
  const warnings = (info.ok && info.value.warnings) || [];
  for (const warning of warnings) if (!shown.includes(warning)) act().showNotice(warning, { sticky: true });
}
