import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../electron/common/types';
import { sessionInfo as session } from './fake-host';
import { createAppStore } from '../../renderer/src/store/app-store';
import { emptyLayout, fitSizes, rowsFor, type Layout } from '../../electron/common/layout';
import type { LayoutSync } from '../../renderer/src/host-client/layout-sync';
import { resize, tileRects } from '../../renderer/src/layout/tile-rects';
import { sessionStatusText } from '../../renderer/src/components/session-status';

describe('app store', () => {
  it('keeps sessions in start order and updates in place', () => {
    const store = createAppStore();
    const { upsertSession } = store.getState();
    upsertSession(session('a'));
    upsertSession(session('b'));
    upsertSession(session('a', { status: 'exited', exitCode: 2 }));
    expect(store.getState().sessionOrder).toEqual(['a', 'b']);
    expect(store.getState().sessions.a.exitCode).toBe(2);
  });

  it('removing a session clears its focus and unseen flag', () => {
    const store = createAppStore();
    const { upsertSession, focusSession, markUnseen, engageSession, removeSession } = store.getState();
    upsertSession(session('a'));
    upsertSession(session('b'));
    focusSession('a');
    engageSession('b');
    markUnseen('b');
    expect(store.getState().unseen).toEqual({ b: true });
    removeSession('a');
    expect(store.getState().focusedSessionId).toBeNull();
    removeSession('b');
    expect(store.getState().unseen).toEqual({});
    expect(store.getState().engaged).toEqual({});
    expect(store.getState().sessionOrder).toEqual([]);
  });

  it('marks output unseen only for unfocused sessions, and focusing clears it', () => {
    const store = createAppStore();
    const { focusSession, markUnseen, engageSession } = store.getState();
    focusSession('a');
    engageSession('a');
    engageSession('b');
    markUnseen('a');
    markUnseen('b');
    expect(store.getState().unseen).toEqual({ b: true });
    const before = store.getState();
    markUnseen('b');
    expect(store.getState()).toBe(before); // no new state for a repeat: no re-render storm under output
    focusSession('b');
    expect(store.getState().unseen).toEqual({});
  });
});

describe('tile layout', () => {
  it('lays out 1, 2, 3 side by side, then 2×2, 3+2, 3×2, 4+3, 4×2', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => rowsFor(n).join('+'))).toEqual([
      '1',
      '2',
      '3',
      '2+2',
      '3+2',
      '3+3',
      '4+3',
      '4+4',
    ]);
  });

  it('places tiles and splits from the relative sizes', () => {
    const layout = fitSizes({ ...emptyLayout(), tiles: ['a', 'b', 'c', 'd', 'e'] });
    const { tiles, gutters } = tileRects({ ...layout, rowSizes: [3, 1] });
    expect(tiles.get('a')).toEqual({ left: 0, top: 0, width: expect.closeTo(100 / 3, 6), height: 75 });
    expect(tiles.get('e')).toEqual({ left: 50, top: 75, width: 50, height: 25 });
    expect(gutters.map((g) => `${g.kind}${g.row}${g.col}`)).toEqual(['col00', 'col01', 'row00', 'col10']);
    // Where each split is, for a screen reader (aria-valuenow): the first neighbour's share of the pair.
    expect(gutters.map((g) => g.share)).toEqual([50, 50, 75, 50]);
    const moved = tileRects({ ...layout, colSizes: [resize([1, 1, 1], 0, 0.9), [1, 1]] });
    expect(moved.gutters[0].share).toBe(90); // resize keeps each at least 10% of the pair
  });

  it('resizing keeps the pair total and each side at least 10%', () => {
    expect(resize([1, 1, 1], 0, 0.1)).toEqual([1.3, 0.7, 1].map((x) => expect.closeTo(x, 5)));
    expect(resize([1, 1], 0, 5)).toEqual([1.8, 0.2].map((x) => expect.closeTo(x, 5)));
  });

  it('keeps sizes while the shape holds, resets them when the tile count changes', () => {
    const three = { ...fitSizes({ ...emptyLayout(), tiles: ['a', 'b', 'c'] }), colSizes: [[2, 1, 1]] };
    expect(fitSizes(three).colSizes).toEqual([[2, 1, 1]]);
    expect(fitSizes({ ...three, tiles: ['a', 'b', 'c', 'd'] }).colSizes).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  /** A store showing eight tiles, whose layout changes are recorded as the host would get them. */
  function fullGrid() {
    const store = createAppStore();
    const sent: string[][] = [];
    store.getState().connected(null as never, { send: (l: Layout) => sent.push(l.tiles) } as unknown as LayoutSync);
    store.getState().setLayout(fitSizes({ ...emptyLayout(), tiles: ['1', '2', '3', '4', '5', '6', '7', '8'] }));
    return { store, sent };
  }

  it('shows a ninth session in place of the focused tile, maximizes and moves tiles', () => {
    const { store, sent } = fullGrid();
    const { focusSession, showSession, toggleMaximize, moveTile } = store.getState();
    focusSession('3');
    showSession('9');
    expect(store.getState().layout.tiles).toEqual(['1', '2', '9', '4', '5', '6', '7', '8']);
    expect(store.getState().focusedSessionId).toBe('9');
    toggleMaximize('9');
    expect(store.getState().layout.maximized).toBe('9');
    moveTile('9', 0);
    expect(store.getState().layout.tiles.slice(0, 3)).toEqual(['9', '1', '2']);
    expect(sent).toHaveLength(3);
  });

  it('with nothing focused, shows a ninth session in place of the last tile', () => {
    const { store, sent } = fullGrid();
    store.getState().showSession('9');
    expect(store.getState().layout.tiles).toEqual(['1', '2', '3', '4', '5', '6', '7', '9']);
    expect(sent).toEqual([store.getState().layout.tiles]);
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
    expect(attentionReason(s('busy'), s('needs-input'))).toBe('asks for your input');
    expect(
      attentionReason(s('busy'), { ...s('needs-input'), statusDetail: 'Claude needs your permission to use Bash' }),
    ).toBe('asks: Claude needs your permission to use Bash');
    expect(attentionReason(s('busy'), s('idle'))).toBe('finished a turn');
    expect(attentionReason(s('idle'), s('exited', 2))).toBe('exited with code 2');
    expect(attentionReason(s('idle'), s('busy'))).toBeNull();
    expect(attentionReason(s('starting'), s('idle'))).toBeNull();
  });
});

describe('sidebar order', () => {
  it('puts projects that need attention first: input needed, then exited, then unseen output', async () => {
    const { projectsByAttention } = await import('../../renderer/src/components/project-attention');
    const store = createAppStore();
    const project = (id: string) => ({ id, name: id, path: `/${id}`, isGitRepo: true, addedAt: 0 });
    store.getState().setProjects(['calm', 'noisy', 'ended', 'asking'].map(project));
    for (const [id, projectId, status] of [
      ['s1', 'calm', 'idle'],
      ['s2', 'noisy', 'busy'],
      ['s3', 'ended', 'exited'],
      ['s4', 'asking', 'needs-input'],
    ] as const)
      store.getState().upsertSession(session(id, { projectId, status }));
    store.getState().engageSession('s2');
    store.getState().markUnseen('s2');
    expect(projectsByAttention(store.getState())).toEqual(['asking', 'ended', 'noisy', 'calm']);
  });
});
