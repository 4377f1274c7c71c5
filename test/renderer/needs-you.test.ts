import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../electron/common/types';
import { COMMANDS } from '../../renderer/src/commands/commands';
import { sessionsNeedingYou } from '../../renderer/src/needs-you';
import { createAppStore, markUnseen, upsertSession } from '../../renderer/src/store/app-store';

const session = (id: string, patch: Partial<SessionInfo>): SessionInfo => ({
  id,
  projectId: 'p',
  title: id,
  argv: ['claude'],
  launched: null,
  presetId: 'claude',
  status: 'busy',
  statusSource: 'screen',
  statusDetail: null,
  pid: 1,
  exitCode: null,
  signal: null,
  error: null,
  startedAt: 1,
  ...patch,
});

function storeWith(...sessions: SessionInfo[]) {
  const store = createAppStore();
  for (const s of sessions) store.setState((state) => upsertSession(state, s));
  return store;
}

describe('the sessions that need you', () => {
  it('input first, then exits, then finished turns with unseen output; busy and seen ones not at all', () => {
    const store = storeWith(
      session('done-seen', { status: 'idle' }),
      session('done-unseen', { status: 'idle' }),
      session('exited', { status: 'exited', exitCode: 1 }),
      session('busy', { status: 'busy' }),
      session('asks', { status: 'needs-input' }),
    );
    markUnseen(store, 'done-unseen');
    expect(sessionsNeedingYou(store.getState())).toEqual(['asks', 'exited', 'done-unseen']);
  });

  it('the next-session command walks them, and an exit you left no longer counts (until it exits again)', () => {
    const store = storeWith(session('asks', { status: 'needs-input' }), session('exited', { status: 'exited', exitCode: 1 }), session('other', { status: 'busy' }));
    const layouts: unknown[] = [];
    const ctx = { store, client: null, send: (l: unknown) => layouts.push(l) };
    const next = COMMANDS.find((c) => c.id === 'attention.next')!;
    store.setState({ focusedSessionId: 'other' });
    next.run(ctx as never);
    expect(store.getState().focusedSessionId).toBe('asks');
    next.run(ctx as never);
    expect(store.getState().focusedSessionId).toBe('exited');
    next.run(ctx as never); // leaving the exit marks it seen
    expect(store.getState().focusedSessionId).toBe('asks');
    expect(sessionsNeedingYou(store.getState())).toEqual(['asks']);
    store.setState((s) => upsertSession(s, session('exited', { status: 'exited', exitCode: 2, startedAt: 2 })));
    expect(sessionsNeedingYou(store.getState())).toEqual(['asks', 'exited']);
    expect(layouts.length).toBeGreaterThan(0); // each shown in a tile
  });
});
