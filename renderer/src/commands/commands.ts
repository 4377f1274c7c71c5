import { formatCommandLine } from '../../../electron/common/command-line';
import { notifyFailure } from '../host-client/request';
import type { AppStore } from '../store/app-store';
import { resetFontSize, zoomIn, zoomOut } from '../terminal/font-size';
import { focusTerminal } from '../terminal/terminal-registry';
import { sessionsNeedingYou } from '../needs-you';

export interface Command {
  id: string;
  title: string;
  /** Words the palette also matches. */
  keywords?: string[];
  run(store: AppStore): void;
}

/** Runs `act` on the focused session, if there is one. */
const onFocused = (act: (store: AppStore, sessionId: string) => void) => (store: AppStore) => {
  const id = store.getState().focusedSessionId;
  if (id) act(store, id);
};

function focusTile(store: AppStore, index: number): void {
  const id = store.getState().layout.tiles[index];
  if (!id) return;
  store.getState().focusSession(id);
  focusTerminal(id);
}

/** Shows a session and puts the keyboard in its terminal. */
function goTo(store: AppStore, sessionId: string): void {
  store.getState().showSession(sessionId);
  setTimeout(() => focusTerminal(sessionId), 0);
}

/** Focuses the previous/next project (sidebar order): its focused-most shown session, else shows one. */
function cycleProject(store: AppStore, step: number): void {
  const s = store.getState();
  if (!s.projects.length) return;
  const current = s.projects.findIndex((p) => p.id === s.sessions[s.focusedSessionId ?? '']?.projectId);
  const project = s.projects[(current + step + s.projects.length) % s.projects.length];
  const sessions = s.sessionOrder.filter((id) => s.sessions[id]?.projectId === project.id);
  const target = sessions.find((id) => s.layout.tiles.includes(id)) ?? sessions[0];
  if (target) goTo(store, target);
}

/** Starts a session like the focused one (same project and agent); the first project's shell otherwise. */
async function newSession(store: AppStore): Promise<void> {
  const s = store.getState();
  const current = s.sessions[s.focusedSessionId ?? ''];
  const projectId = current?.projectId ?? s.projects[0]?.id;
  if (!projectId) return;
  const r = await s.startSession({
    projectId,
    presetId: current?.presetId ?? 'shell',
    command: current ? formatCommandLine(current.argv) : undefined,
  });
  notifyFailure(store.getState, r);
  if (r?.ok) setTimeout(() => focusTerminal(r.value.id), 0);
}

/** Focuses the next session that needs the person (needs-you.ts), across projects; the one left counts as seen. */
function nextNeedingYou(store: AppStore): void {
  const current = store.getState().focusedSessionId;
  store.getState().leaveSession(current);
  const target = sessionsNeedingYou(store.getState()).find((id) => id !== current);
  if (target) goTo(store, target);
}

/** The app's fixed commands; the palette adds one per session and project. */
export const COMMANDS: Command[] = [
  ...Array.from({ length: 8 }, (_, i) => ({
    id: `tile.focus.${i + 1}`,
    title: `Focus tile ${i + 1}`,
    run: (store: AppStore) => focusTile(store, i),
  })),
  {
    id: 'attention.next',
    title: 'Go to the next session that needs you',
    keywords: ['waiting', 'input', 'attention'],
    run: nextNeedingYou,
  },
  { id: 'project.previous', title: 'Previous project', run: (store) => cycleProject(store, -1) },
  { id: 'project.next', title: 'Next project', run: (store) => cycleProject(store, 1) },
  {
    id: 'tile.maximize',
    title: 'Maximize or restore the focused tile',
    keywords: ['zoom'],
    run: onFocused((store, id) => store.getState().toggleMaximize(id)),
  },
  { id: 'palette.open', title: 'Command palette', run: (store) => store.getState().setPaletteOpen(true) },
  {
    id: 'session.new',
    title: 'New session in the focused project',
    keywords: ['start', 'agent'],
    run: (store) => void newSession(store),
  },
  {
    id: 'tile.search',
    title: 'Find in the focused tile',
    keywords: ['search'],
    run: onFocused((store, id) => store.getState().setSearchOpen(id, true)),
  },
  {
    id: 'queue.toggle',
    title: 'Open or close the focused tile’s queue',
    keywords: ['prompt'],
    run: onFocused((store, id) => store.getState().toggleQueuePanel(id)),
  },
  {
    id: 'timeline.toggle',
    title: 'Open or close the focused project’s timeline',
    keywords: ['commits', 'git', 'history'],
    run: (store) => {
      const s = store.getState();
      const projectId = s.sessions[s.focusedSessionId ?? '']?.projectId ?? s.timelineProjectId ?? s.projects[0]?.id;
      if (projectId) s.toggleTimeline(projectId);
    },
  },
  {
    id: 'terminal.zoomIn',
    title: 'Larger terminal text',
    keywords: ['zoom in', 'font size', 'bigger'],
    run: () => void zoomIn(),
  },
  {
    id: 'terminal.zoomOut',
    title: 'Smaller terminal text',
    keywords: ['zoom out', 'font size'],
    run: () => void zoomOut(),
  },
  {
    id: 'terminal.zoomReset',
    title: 'Reset the terminal text size',
    keywords: ['zoom', 'font size', 'actual size'],
    run: () => void resetFontSize(),
  },
  {
    id: 'tile.moveLeft',
    title: 'Move the focused tile left',
    run: onFocused((store, id) => store.getState().moveTile(id, store.getState().layout.tiles.indexOf(id) - 1)),
  },
  {
    id: 'tile.moveRight',
    title: 'Move the focused tile right',
    run: onFocused((store, id) => store.getState().moveTile(id, store.getState().layout.tiles.indexOf(id) + 1)),
  },
  {
    id: 'tile.hide',
    title: 'Close the focused tile (the session keeps running)',
    keywords: ['hide'],
    run: onFocused((store, id) => store.getState().hideTile(id)),
  },
  {
    id: 'session.restart',
    title: 'Restart the focused session',
    run: onFocused((store, id) => void store.getState().restartSession(id)),
  },
  {
    id: 'session.kill',
    title: 'Kill the focused session',
    run: onFocused((store, id) => store.getState().killSession(id)),
  },
  {
    id: 'session.close',
    title: 'Close the focused session (ends it)',
    run: onFocused((store, id) => store.getState().closeSession(id)),
  },
  {
    id: 'project.add',
    title: 'Add a project…',
    keywords: ['folder', 'open'],
    run: () => document.getElementById('add-project-path')?.focus(),
  },
  {
    id: 'host.add',
    title: 'Add host…',
    keywords: ['ssh', 'remote', 'machine', 'server'],
    run: (store) => {
      store.getState().setAddHostOpen(true);
      // Once the form is shown (it may have been open already).
      setTimeout(() => document.getElementById('add-host-name')?.focus(), 0);
    },
  },
];
