import { describe, expect, it, vi } from 'vitest';
import type { SessionInfo } from '../../electron/common/types';
import { NO_TOKENS, type AccountUsage, type SessionUsage, type UsageSnapshot } from '../../electron/common/usage';
import { clockTime } from '../../renderer/src/components/session-status';
import { accountUsageOf, sessionUsageOf } from '../../renderer/src/store/usage-slice';
import { ok } from '../../electron/common/result';
import { createAppStore } from '../../renderer/src/store/app-store';
import { connectedStore, sessionInfo } from './fake-host';
import {
  burnText,
  MIN_PLOT_SPAN_MS,
  pausedText,
  percentText,
  plotGeometry,
  plotSummary,
  rateText,
  sessionUsageDetail,
  usageCompact,
  usageSpoken,
  whenText,
} from '../../renderer/src/usage/usage-text';

const HOUR = 3600_000;
/** A fixed local moment (mid-day, so an hour either side is the same day). */
const NOW = new Date(2026, 10, 27, 14, 0).getTime();

const account = (over: Partial<AccountUsage> = {}): AccountUsage => ({
  id: 'claude:/home/me/.claude',
  family: 'claude',
  label: 'Claude Code · ~/.claude',
  fiveHour: { usedPercent: 42, resetsAt: NOW + 2 * HOUR },
  weekly: { usedPercent: 10, resetsAt: NOW + 5 * 24 * HOUR },
  windowsAt: NOW,
  windowsNote: null,
  history: [],
  burnPerHour: null,
  exhaustsAt: null,
  pauseAt: null,
  paused: false,
  limitedUntil: null,
  sessionIds: ['s1'],
  tokens: { input: 1200, output: 3400, cacheRead: 36_000, cacheWrite: 0 },
  costUsd: 0.12,
  ...over,
});

const sessionUsage = (over: Partial<SessionUsage> = {}): SessionUsage => ({
  sessionId: 's1',
  account: 'claude:/home/me/.claude',
  model: 'claude-sonnet-4-5',
  tokens: { input: 1200, output: 3400, cacheRead: 36_000, cacheWrite: 0 },
  costUsd: 0.12,
  unpriced: [],
  source: '/home/me/.claude/projects/x/y.jsonl',
  updatedAt: NOW,
  ...over,
});

const session = (id: string): SessionInfo =>
  sessionInfo(id, { projectId: 'p', argv: ['claude'], presetId: 'claude', status: 'idle' });

describe('usage slice', () => {
  it('loads usage.get at connect and replaces it with each usage.changed', async () => {
    const first: UsageSnapshot = { accounts: [account()], sessions: [sessionUsage()] };
    const { store, emit } = await connectedStore({ 'usage.get': first });
    expect(store.getState().usageAccounts).toEqual([account()]);
    expect(sessionUsageOf(store.getState(), 's1')).toEqual(sessionUsage());

    const later = account({ fiveHour: { usedPercent: 55, resetsAt: NOW + 2 * HOUR } });
    emit('usage.changed', { accounts: [later], sessions: [] });
    expect(accountUsageOf(store.getState(), later.id)?.fiveHour?.usedPercent).toBe(55);
    expect(sessionUsageOf(store.getState(), 's1')).toBeUndefined();
  });

  it('keeps what did not change, so its readers do not render again', () => {
    const store = createAppStore();
    store.getState().setUsage({ accounts: [account(), account({ id: 'codex:/c' })], sessions: [sessionUsage()] });
    const before = store.getState();
    store.getState().setUsage({
      accounts: [account(), account({ id: 'codex:/c', costUsd: 1 })],
      sessions: [sessionUsage()],
    });
    const after = store.getState();
    expect(after.usageAccounts[0]).toBe(before.usageAccounts[0]);
    expect(after.usageAccounts[1]).not.toBe(before.usageAccounts[1]);
    expect(after.sessionUsage.s1).toBe(before.sessionUsage.s1);
  });

  it('a daemon without usage leaves it empty (no Usage section)', async () => {
    const { store } = await connectedStore({});
    expect(store.getState().usageAccounts).toEqual([]);
    expect(store.getState().sessionUsage).toEqual({});
  });

  it('sets the threshold and resumes the account’s queues through the host', async () => {
    const { store, requests } = await connectedStore({
      'usage.get': { accounts: [account({ sessionIds: ['s1', 's2', 'gone'] })], sessions: [] },
      'sessions.list': [session('s1'), session('s2')],
      'usage.pauseAt': null,
      'queue.resume': null,
    });
    expect(await store.getState().setPauseAt('claude:/home/me/.claude', 90)).toEqual(ok(null));
    await store.getState().resumeAccountQueues('claude:/home/me/.claude');
    expect(requests.filter((r) => r.method === 'usage.pauseAt' || r.method === 'queue.resume')).toEqual([
      { method: 'usage.pauseAt', params: { account: 'claude:/home/me/.claude', percent: 90 } },
      { method: 'queue.resume', params: { sessionId: 's1' } },
      { method: 'queue.resume', params: { sessionId: 's2' } },
    ]);
  });

  it('usage.paused says so in the window, and in a system notification while the window is elsewhere', async () => {
    const shown: { title: string; options: NotificationOptions }[] = [];
    let focused = true;
    vi.stubGlobal(
      'Notification',
      class {
        static permission = 'granted';
        onclick: (() => void) | null = null;
        constructor(title: string, options: NotificationOptions) {
          shown.push({ title, options });
        }
      },
    );
    vi.stubGlobal('document', { hasFocus: () => focused });
    try {
      const { store, emit } = await connectedStore({});
      const text = 'Claude Code · ~/.claude reached 91 % of its 5-hour window: its queues paused (your threshold 90 %)';
      emit('usage.paused', { account: 'claude:/x', label: 'Claude Code · ~/.claude', usedPercent: 91, pauseAt: 90 });
      expect(store.getState().notices.map((n) => n.text)).toEqual([text]);
      expect(shown).toEqual([]); // the person is looking at the window: the notice says it
      focused = false;
      emit('usage.paused', { account: 'claude:/x', label: 'Claude Code · ~/.claude', usedPercent: 91, pauseAt: 90 });
      expect(shown).toEqual([{ title: 'Queues paused', options: { body: text, tag: 'flotilla-usage-claude:/x' } }]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('usage in words', () => {
  it('sums a session up, or says nothing when it spent nothing', () => {
    expect(usageCompact({ input: 1200, output: 3400, cacheRead: 36_000, cacheWrite: 0 }, 0.12)).toBe('41k tok · $0.12');
    expect(usageCompact({ ...NO_TOKENS, output: 10 }, null)).toBe('10 tok');
    expect(usageCompact(NO_TOKENS, null)).toBeNull();
    expect(usageCompact(NO_TOKENS, 0)).toBeNull();
    expect(usageSpoken({ ...NO_TOKENS, input: 1500 }, 0.004)).toBe('1.5k tokens, est. <$0.01');
  });

  it('details every count, the model, and what has no price', () => {
    expect(sessionUsageDetail(sessionUsage())).toBe(
      'input 1.2k, output 3.4k, cache read 36k, cache write 0 · est. $0.12 (claude-sonnet-4-5)',
    );
    expect(sessionUsageDetail(sessionUsage({ unpriced: ['claude-next'] }))).toBe(
      'input 1.2k, output 3.4k, cache read 36k, cache write 0 · est. $0.12 (claude-sonnet-4-5)\nno price for model claude-next',
    );
    expect(sessionUsageDetail(sessionUsage({ costUsd: null, model: null, unpriced: ['a', 'b'] }))).toBe(
      'input 1.2k, output 3.4k, cache read 36k, cache write 0 · no cost estimate\nno price for models a, b',
    );
  });

  it('names the time of day today, and the day too for another day', () => {
    expect(whenText(NOW + HOUR, NOW)).toBe(clockTime(NOW + HOUR));
    const friday = new Date(2026, 10, 27 + 3, 9, 0).getTime();
    expect(whenText(friday, NOW)).toBe(
      `${new Date(friday).toLocaleDateString([], { weekday: 'short' })} ${clockTime(friday)}`,
    );
    expect(whenText(friday, NOW)).not.toBe(clockTime(friday));
  });

  it('says what the burn rate means, or nothing without one', () => {
    expect(burnText(account(), NOW)).toBeNull();
    expect(burnText(account({ burnPerHour: 0 }), NOW)).toBeNull();
    expect(burnText(account({ burnPerHour: 18 }), NOW)).toBe('at this rate: lasts past the reset');
    expect(burnText(account({ burnPerHour: 18, exhaustsAt: NOW + HOUR }), NOW)).toBe(
      `at this rate: empty at ${clockTime(NOW + HOUR)}`,
    );
  });

  it('names the plot for screen readers', () => {
    expect(plotSummary(account(), NOW)).toBe('5-hour window 42 % used');
    expect(plotSummary(account({ burnPerHour: 18.4, exhaustsAt: NOW + HOUR }), NOW)).toBe(
      `5-hour window 42 % used, 18 % an hour over the last hour, empty at ${clockTime(NOW + HOUR)}`,
    );
    expect(plotSummary(account({ burnPerHour: 2.46 }), NOW)).toBe(
      '5-hour window 42 % used, 2.5 % an hour over the last hour, lasts past the reset',
    );
    expect(plotSummary(account({ fiveHour: null, history: [[NOW, 30]] }), NOW)).toBe('5-hour window 30 % used');
    expect(percentText(41.6)).toBe('42 %');
    expect(rateText(0.44)).toBe('0.4 %');
  });

  it('words the pause the way the notification says it', () => {
    expect(pausedText({ label: 'Claude Code · ~/.claude', usedPercent: 90.6, pauseAt: 90 })).toBe(
      'Claude Code · ~/.claude reached 91 % of its 5-hour window: its queues paused (your threshold 90 %)',
    );
  });
});

describe('the burn plot', () => {
  it('spans the history to now, 0 % at the bottom and 100 % at the top', () => {
    const g = plotGeometry(
      account({
        history: [
          [NOW - 2 * HOUR, 0],
          [NOW - HOUR, 50],
          [NOW, 100],
        ],
      }),
      NOW,
      200,
      40,
    );
    expect(g.points).toBe('0,40 100,20 200,0');
    expect(g.last).toEqual({ x: 200, y: 0 });
    expect(g.projection).toBeNull();
    expect(g.threshold).toBeNull();
  });

  it('reaches on to where the rate empties the window, and shows the threshold', () => {
    const g = plotGeometry(
      account({
        history: [
          [NOW - HOUR, 30],
          [NOW, 60],
        ],
        burnPerHour: 30,
        exhaustsAt: NOW + HOUR,
        pauseAt: 75,
      }),
      NOW + HOUR / 2,
      100,
      100,
    );
    expect(g.points).toBe('0,70 50,40');
    expect(g.projection).toEqual({ x1: 50, y1: 40, x2: 100, y2: 0 });
    expect(g.threshold).toBe(25);
  });

  it('a single reading is a dot, and readings seconds apart still spread over a minute', () => {
    expect(plotGeometry(account({ history: [[NOW, 42]] }), NOW, 100, 100)).toMatchObject({
      points: '100,58',
      last: { x: 100, y: 58 },
    });
    const g = plotGeometry(
      account({
        history: [
          [NOW - 30_000, 40],
          [NOW, 50],
        ],
      }),
      NOW,
      100,
      100,
    );
    expect(MIN_PLOT_SPAN_MS).toBe(60_000);
    expect(g.points).toBe('50,60 100,50');
  });
});
