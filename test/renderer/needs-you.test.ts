import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../electron/common/types';
import { COMMANDS } from '../../renderer/src/commands/commands';
import { sessionsNeedingYou } from '../../renderer/src/needs-you';
import type { CheckRun } from '../../electron/common/checks';
import { createAppStore } from '../../renderer/src/store/app-store';
import type { LayoutSync } from '../../renderer/src/host-client/layout-sync';
import { sessionInfo } from './fake-host';

const session = (id: string, patch: Partial<SessionInfo>): SessionInfo =>
  sessionInfo(id, {
    projectId: 'p',
    argv: ['claude'],
    presetId: 'claude',
    status: 'busy',
    statusSource: 'screen',
    startedAt: 1,
    ...patch,
  });

function storeWith(...sessions: SessionInfo[]) {
  const store = createAppStore();
  for (const s of sessions) store.getState().upsertSession(s);
  return store;
}

const run = (id: string, patch: Partial<CheckRun>): CheckRun => ({
  id,
  projectId: 'q',
  commit: 'c'.repeat(40),
  subject: 'change',
  command: 'npm test',
  state: 'failed',
  exitCode: 1,
  reason: null,
  createdAt: 1,
  startedAt: 1,
  endedAt: 2,
  failingLines: [],
  fixQueued: false,
  ...patch,
});

describe('the sessions that need you', () => {
  it('a project whose newest commit failed its check puts its first session there, until it is seen or a fix is queued', () => {
    const store = storeWith(
      session('other', { status: 'busy' }),
      session('q1', { projectId: 'q' }),
      session('q2', { projectId: 'q' }),
    );
    const { upsertCheck, markCheckSeen } = store.getState();
    upsertCheck(run('r1', {}));
    expect(sessionsNeedingYou(store.getState())).toEqual(['q1']);
    // A newer passing run replaces it; an older update does not come back over it.
    upsertCheck(run('r2', { state: 'passed', createdAt: 2 }));
    upsertCheck(run('r1', { state: 'failed', createdAt: 1 }));
    expect(sessionsNeedingYou(store.getState())).toEqual([]);
    upsertCheck(run('r3', { state: 'timed-out', createdAt: 3 }));
    expect(sessionsNeedingYou(store.getState())).toEqual(['q1']);
    markCheckSeen('r3');
    expect(sessionsNeedingYou(store.getState())).toEqual([]);
    upsertCheck(run('r4', { createdAt: 4, fixQueued: true }));
    expect(sessionsNeedingYou(store.getState())).toEqual([]);
  });

  it('input first, then exits, then finished turns with unseen output; busy and seen ones not at all', () => {
    const store = storeWith(
      session('done-seen', { status: 'idle' }),
      session('done-unseen', { status: 'idle' }),
      session('exited', { status: 'exited', exitCode: 1 }),
      session('busy', { status: 'busy' }),
      session('asks', { status: 'needs-input' }),
    );
    store.getState().engageSession('done-unseen');
    store.getState().markUnseen('done-unseen');
    expect(sessionsNeedingYou(store.getState())).toEqual(['asks', 'exited', 'done-unseen']);
  });

  it('the next-session command walks them, and an exit you left no longer counts (until it exits again)', () => {
    const store = storeWith(
      session('asks', { status: 'needs-input' }),
      session('exited', { status: 'exited', exitCode: 1 }),
      session('other', { status: 'busy' }),
    );
    const layouts: unknown[] = [];
    store.getState().connected(null as never, { send: (l: unknown) => layouts.push(l) } as unknown as LayoutSync);
    const next = COMMANDS.find((c) => c.id === 'attention.next')!;
    store.getState().focusSession('other');
    next.run(store);
    expect(store.getState().focusedSessionId).toBe('asks');
    next.run(store);
    expect(store.getState().focusedSessionId).toBe('exited');
    next.run(store); // leaving the exit marks it seen
    expect(store.getState().focusedSessionId).toBe('asks');
    expect(sessionsNeedingYou(store.getState())).toEqual(['asks']);
    store.getState().upsertSession(session('exited', { status: 'exited', exitCode: 2, startedAt: 2 }));
    expect(sessionsNeedingYou(store.getState())).toEqual(['asks', 'exited']);
    expect(layouts.length).toBeGreaterThan(0); // each shown in a tile
  });
});
