import type { HostClient } from '../../../electron/common/host-client';
import { hostOfId } from '../../../electron/common/remote-ids';
import type { Result } from '../../../electron/common/result';
import { notify, notifyCheck, notifyUsagePaused } from '../attention';
import type { LayoutSync } from './layout-sync';
import type { AppStore } from '../store/app-store';
import { checkFailed } from '../store/checks-slice';
import type { HostSnapshot } from '../store/connection-slice';
import { hostsBackOnline } from '../store/hosts-slice';
import { inputRefused } from '../terminal/input-guard';
import { reattachTerminals } from '../terminal/terminal-registry';
import { pausedText } from '../usage/usage-text';

const FOCUS_SAVE_MS = 400;

/** Everything the window shows of the host, each part left out when its request failed. */
async function loadSnapshot(client: HostClient): Promise<HostSnapshot> {
  const [info, projects, sessions, queues, presets, layout, checks, hosts, usage] = await Promise.all([
    client.request('host.info', {}),
    client.request('projects.list', {}),
    client.request('sessions.list', {}),
    client.request('queue.list', {}),
    client.request('presets.list', {}),
    client.request('layout.get', {}),
    client.request('checks.latest', {}),
    client.request('hosts.list', {}),
    client.request('usage.get', {}),
  ]);
  const value = <T>(r: Result<T>): T | undefined => (r.ok ? r.value : undefined);
  return {
    info: value(info) ?? null,
    projects: value(projects),
    sessions: value(sessions),
    queues: value(queues),
    presets: value(presets),
    checks: value(checks),
    layout: value(layout),
    hosts: value(hosts),
    usage: value(usage),
  };
}

/**
 * Remote hosts whose link is back: their sessions' output had stopped, so their tiles attach
 * again (the screen they get replaces the last one), and what was loaded at connect is loaded
 * again, since the host's projects, sessions, queues and checks moved on meanwhile.
 */
async function hostsCameBack(client: HostClient, store: AppStore, layoutSync: LayoutSync, names: string[]) {
  reattachTerminals((sessionId) => names.includes(hostOfId(sessionId) ?? ''));
  const { layout, info, ...parts } = await loadSnapshot(client);
  if (client.isClosed) return;
  store.getState().hostLoaded({ info: info ?? store.getState().hostInfo, ...parts });
  // The layout is this window's too: a change of its own in flight wins over this answer.
  if (layout) layoutSync.receive(layout);
}

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
  client.on('hosts.changed', (hosts) => {
    const back = hostsBackOnline(act().hosts, hosts);
    act().setHosts(hosts);
    if (back.length) void hostsCameBack(client, store, layoutSync, back);
  });
  client.on('usage.changed', (usage) => act().setUsage(usage));
  client.on('usage.paused', (paused) => {
    const text = pausedText(paused);
    act().showNotice(text);
    notifyUsagePaused(paused.account, text);
  });
  client.on('input.refused', ({ sessionId, reason }) => inputRefused(store, sessionId, reason));
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
  const snapshot = await loadSnapshot(client);
  if (client.isClosed) return;
  const shown = act().hostInfo?.warnings ?? [];
  act().hostLoaded(snapshot);
  // Once per window, not again at each reconnect; a daemon from before warnings has none.
  const warnings = snapshot.info?.warnings ?? [];
  for (const warning of warnings) if (!shown.includes(warning)) act().showNotice(warning, { sticky: true });
}
