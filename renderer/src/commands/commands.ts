import { formatCommandLine } from '../../../electron/common/command-line';
import type { HostClient } from '../../../electron/common/host-client';
import { changeLayout, focusSession, showSession, toggleMaximize, toggleQueuePanel, toggleTimeline, moveTile, type AppStore, type LayoutSink } from '../store/app-store';
import { focusTerminal } from '../terminal/terminal-registry';
import { requestOrNotify } from '../host-client/request';
import { leaving, sessionsNeedingYou } from '../needs-you';

export interface CommandContext {
  store: AppStore;
  client: HostClient | null;
  send: LayoutSink;
}

export interface Command {
  id: string;
  title: string;
  /** Words the palette also matches. */
  keywords?: string[];
  run(ctx: CommandContext): void;
}

const focused = ({ store }: CommandContext) => store.getState().focusedSessionId;

function focusTile(ctx: CommandContext, index: number): void {
  const id = ctx.store.getState().layout.tiles[index];
  if (!id) return;
  focusSession(ctx.store, id);
  focusTerminal(id);
}

/** Focuses the previous/next project (sidebar order): its focused-most shown session, else shows one. */
function cycleProject(ctx: CommandContext, step: number): void {
  const s = ctx.store.getState();
  if (!s.projects.length) return;
  const current = s.projects.findIndex((p) => p.id === s.sessions[s.focusedSessionId ?? '']?.projectId);
  const project = s.projects[(current + step + s.projects.length) % s.projects.length];
  const sessions = s.sessionOrder.filter((id) => s.sessions[id]?.projectId === project.id);
  const target = sessions.find((id) => s.layout.tiles.includes(id)) ?? sessions[0];
  if (!target) return;
  showSession(ctx.store, ctx.send, target);
  setTimeout(() => focusTerminal(target), 0);
}

/** Starts a session like the focused one (same project and agent); the first project's shell otherwise. */
async function newSession(ctx: CommandContext): Promise<void> {
  const s = ctx.store.getState();
  const current = s.sessions[s.focusedSessionId ?? ''];
  const projectId = current?.projectId ?? s.projects[0]?.id;
  if (!projectId) return;
  const r = await requestOrNotify(ctx.store, ctx.client, 'sessions.start', { projectId, presetId: current?.presetId ?? 'shell', command: current ? formatCommandLine(current.argv) : undefined });
  if (r?.ok) {
    showSession(ctx.store, ctx.send, r.value.id);
    setTimeout(() => focusTerminal(r.value.id), 0);
  }
}

/** Focuses the next session that needs the person (needs-you.ts), across projects; the one left counts as seen. */
function nextNeedingYou(ctx: CommandContext): void {
  const current = ctx.store.getState().focusedSessionId;
  ctx.store.setState((s) => leaving(s, current));
  const target = sessionsNeedingYou(ctx.store.getState()).find((id) => id !== current);
  if (!target) return;
  showSession(ctx.store, ctx.send, target);
  setTimeout(() => focusTerminal(target), 0);
}

/** The app's fixed commands; the palette adds one per session and project. */
export const COMMANDS: Command[] = [
  ...Array.from({ length: 8 }, (_, i) => ({ id: `tile.focus.${i + 1}`, title: `Focus tile ${i + 1}`, run: (ctx: CommandContext) => focusTile(ctx, i) })),
  { id: 'attention.next', title: 'Go to the next session that needs you', keywords: ['waiting', 'input', 'attention'], run: nextNeedingYou },
  { id: 'project.previous', title: 'Previous project', run: (ctx) => cycleProject(ctx, -1) },
  { id: 'project.next', title: 'Next project', run: (ctx) => cycleProject(ctx, 1) },
  { id: 'tile.maximize', title: 'Maximize or restore the focused tile', keywords: ['zoom'], run: (ctx) => focused(ctx) && toggleMaximize(ctx.store, ctx.send, focused(ctx)!) },
  { id: 'palette.open', title: 'Command palette', run: ({ store }) => store.setState({ paletteOpen: true }) },
  { id: 'session.new', title: 'New session in the focused project', keywords: ['start', 'agent'], run: (ctx) => void newSession(ctx) },
  { id: 'tile.search', title: 'Find in the focused tile', keywords: ['search'], run: ({ store }) => { const id = store.getState().focusedSessionId; if (id) store.setState((s) => ({ searchOpen: { ...s.searchOpen, [id]: true } })); } },
  { id: 'queue.toggle', title: 'Open or close the focused tile’s queue', keywords: ['prompt'], run: (ctx) => focused(ctx) && toggleQueuePanel(ctx.store, focused(ctx)!) },
  {
    id: 'timeline.toggle',
    title: 'Open or close the focused project’s timeline',
    keywords: ['commits', 'git', 'history'],
    run: ({ store }) => {
      const s = store.getState();
      const projectId = s.sessions[s.focusedSessionId ?? '']?.projectId ?? s.timelineProjectId ?? s.projects[0]?.id;
      if (projectId) toggleTimeline(store, projectId);
    },
  },
  { id: 'tile.moveLeft', title: 'Move the focused tile left', run: (ctx) => { const id = focused(ctx); if (id) moveTile(ctx.store, ctx.send, id, ctx.store.getState().layout.tiles.indexOf(id) - 1); } },
  { id: 'tile.moveRight', title: 'Move the focused tile right', run: (ctx) => { const id = focused(ctx); if (id) moveTile(ctx.store, ctx.send, id, ctx.store.getState().layout.tiles.indexOf(id) + 1); } },
  { id: 'tile.hide', title: 'Close the focused tile (the session keeps running)', keywords: ['hide'], run: (ctx) => { const id = focused(ctx); if (id) changeLayout(ctx.store, ctx.send, (l) => ({ ...l, tiles: l.tiles.filter((t) => t !== id) })); } },
  { id: 'session.restart', title: 'Restart the focused session', run: (ctx) => { const id = focused(ctx); if (id) void requestOrNotify(ctx.store, ctx.client, 'sessions.restart', { sessionId: id }); } },
  { id: 'session.kill', title: 'Kill the focused session', run: (ctx) => { const id = focused(ctx); if (id) void requestOrNotify(ctx.store, ctx.client, 'sessions.kill', { sessionId: id }); } },
  { id: 'session.close', title: 'Close the focused session (ends it)', run: (ctx) => { const id = focused(ctx); if (id) void requestOrNotify(ctx.store, ctx.client, 'sessions.close', { sessionId: id }); } },
  { id: 'project.add', title: 'Add a project…', keywords: ['folder', 'open'], run: () => document.getElementById('add-project-path')?.focus() },
];
