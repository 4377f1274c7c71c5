import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../electron/common/types';
import { createAppStore, focusSession, markUnseen, removeSession, upsertSession } from '../../renderer/src/store/app-store';
import { gridColumns } from '../../renderer/src/components/grid-columns';
import { sessionStatusText } from '../../renderer/src/components/session-status';

const session = (id: string, patch: Partial<SessionInfo> = {}): SessionInfo => ({
  id,
  projectId: 'p1',
  title: id,
  argv: ['bash'],
  presetId: 'shell',
  status: 'running',
  statusSource: null,
  pid: 1,
  exitCode: null,
  signal: null,
  error: null,
  startedAt: 0,
  ...patch,
});

describe('app store', () => {
  it('keeps sessions in start order and updates in place', () => {
    const store = createAppStore();
    store.setState((s) => upsertSession(s, session('a')));
    store.setState((s) => upsertSession(s, session('b')));
    store.setState((s) => upsertSession(s, session('a', { status: 'exited', exitCode: 2 })));
    expect(store.getState().sessionOrder).toEqual(['a', 'b']);
    expect(store.getState().sessions.a.exitCode).toBe(2);
  });

  it('removing a session clears its focus and unseen flag', () => {
    const store = createAppStore();
    store.setState((s) => upsertSession(s, session('a')));
    store.setState((s) => upsertSession(s, session('b')));
    focusSession(store, 'a');
    markUnseen(store, 'b');
    store.setState((s) => removeSession(s, 'a'));
    expect(store.getState().focusedSessionId).toBeNull();
    store.setState((s) => removeSession(s, 'b'));
    expect(store.getState().unseen).toEqual({});
    expect(store.getState().sessionOrder).toEqual([]);
  });

  it('marks output unseen only for unfocused sessions, and focusing clears it', () => {
    const store = createAppStore();
    focusSession(store, 'a');
    markUnseen(store, 'a');
    markUnseen(store, 'b');
    expect(store.getState().unseen).toEqual({ b: true });
    const before = store.getState();
    markUnseen(store, 'b');
    expect(store.getState()).toBe(before); // no new state for a repeat: no re-render storm under output
    focusSession(store, 'b');
    expect(store.getState().unseen).toEqual({});
  });
});

describe('tile layout', () => {
  it('uses 1, 2, 3 columns, then 2×2, 3+2, 3×2, 4+3, 4×2', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(gridColumns)).toEqual([1, 2, 3, 2, 3, 3, 4, 4]);
  });
});

describe('session status text', () => {
  it('says what happened', () => {
    expect(sessionStatusText(session('a', { status: 'starting' }))).toBe('starting…');
    expect(sessionStatusText(session('a', { status: 'exited', exitCode: 5 }))).toBe('exited with code 5');
    expect(sessionStatusText(session('a', { status: 'exited', exitCode: 0, signal: 1 }))).toBe('killed (signal 1)');
    expect(sessionStatusText(session('a', { status: 'exited', error: 'No command' }))).toBe('not running');
  });
});

describe('attention', () => {
  it('notifies on needs-input, on a finished turn and on exit, not on other changes', async () => {
    const { attentionReason } = await import('../../renderer/src/attention');
    const s = (status: SessionInfo['status'], exitCode: number | null = null) => session('a', { status, exitCode });
    expect(attentionReason(s('busy'), s('needs-input'))).toBe('Needs your input');
    expect(attentionReason(s('busy'), s('idle'))).toMatch(/^Done/);
    expect(attentionReason(s('idle'), s('exited', 2))).toBe('Exited with code 2');
    expect(attentionReason(s('idle'), s('busy'))).toBeNull();
    expect(attentionReason(s('starting'), s('idle'))).toBeNull();
  });
});
