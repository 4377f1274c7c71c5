import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { agentPreset, type AgentPreset } from '../../electron/common/agents';
import { ok, type Result } from '../../electron/common/result';
import type { SessionInfo, SessionStatus } from '../../electron/common/types';
import { DEFAULT_PRESETS } from '../../electron/daemon/agents/default-presets';
import { SessionQueue, type QueueTarget } from '../../electron/daemon/queue/session-queue';
import type { Comeback } from '../../electron/daemon/sessions/comeback';
import { openDatabase, type Database } from '../../electron/daemon/store/database';
import { ProjectStore } from '../../electron/daemon/store/project-store';
import { QueueStore } from '../../electron/daemon/store/queue-store';
import { SessionStore } from '../../electron/daemon/store/session-store';
import { Emitter } from '../../electron/common/lifecycle';
import { capturedScreen } from '../helpers/captures';
import { removeDir, tempDir } from '../helpers/host-harness';

/** A session the test drives by hand: its status, its screen, what was typed into it. */
class FakeAgent implements QueueTarget {
  readonly id = 's1';
  readonly submitted: string[] = [];
  /** Keys written straight (a usage-limit dialog's answers). */
  readonly written: string[] = [];
  screen: string[] = [];
  private info: SessionInfo = {
    id: 's1',
    projectId: 'p1',
    title: 'agent',
    argv: ['claude'],
    launched: null,
    presetId: 'claude',
    status: 'idle',
    statusSource: 'screen',
    statusDetail: null,
    pid: 1,
    exitCode: null,
    signal: null,
    error: null,
    startedAt: 1,
  };
  private readonly changed = new Emitter<SessionInfo>();
  readonly onDidChange = this.changed.event;
  private readonly output = new Emitter<void>();
  readonly onOutput = this.output.event;
  snapshotInfo = () => this.info;
  screenText = () => this.screen;
  async submit(text: string): Promise<Result<null>> {
    this.submitted.push(text);
    return ok(null);
  }
  write(data: string): Result<null> {
    this.written.push(data);
    return ok(null);
  }
  set(status: SessionStatus, patch: Partial<SessionInfo> = {}): void {
    this.info = { ...this.info, status, ...patch };
    this.changed.fire(this.info);
  }
  print(...lines: string[]): void {
    this.screen = [...this.screen, ...lines];
    this.output.fire();
  }
}

const claude = (): AgentPreset => agentPreset.parse(DEFAULT_PRESETS.find((p) => p.id === 'claude'));

describe('queue dispatch, step by step (fake timers)', () => {
  let dir: string;
  let db: Database;
  let store: QueueStore;
  let agent: FakeAgent;
  let queue: SessionQueue;
  const now = () => Date.now();

  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 25, 2, 0) });
    dir = tempDir();
    db = openDatabase(join(dir, 'q.db'));
    new ProjectStore(db).insert({ id: 'p1', name: 'p', path: dir, addedAt: 0 } as never);
    new SessionStore(db).insert({
      id: 's1',
      projectId: 'p1',
      title: 'agent',
      argv: ['claude'],
      presetId: 'claude',
      createdAt: 0,
    });
    store = new QueueStore(db);
    agent = new FakeAgent();
    queue = new SessionQueue(agent, store, claude, now);
  });
  afterEach(() => {
    queue.dispose();
    db.close();
    removeDir(dir);
    vi.useRealTimers();
  });

  const states = () => queue.state().items.map((i) => `${i.text}:${i.state}`);

  it('sends one prompt into an idle agent, the next only after it worked and is idle again', async () => {
    queue.add('one');
    queue.add('two');
    await vi.advanceTimersByTimeAsync(0);
    expect(agent.submitted).toEqual(['one']);
    agent.set('idle'); // idle again without having shown work: not a reason to send
    await vi.advanceTimersByTimeAsync(2000);
    expect(agent.submitted).toEqual(['one']);
    agent.set('busy');
    await vi.advanceTimersByTimeAsync(5000);
    expect(agent.submitted).toEqual(['one']);
    agent.set('idle');
    await vi.advanceTimersByTimeAsync(0);
    expect(agent.submitted).toEqual(['one', 'two']);
  });

  it('a queue its send gate resumes (a usage threshold lifted) sends one prompt, not two at once', async () => {
    queue.dispose();
    let lifted = false;
    // What the usage service may do before a send: resume a queue its threshold had paused.
    const gated: SessionQueue = new SessionQueue(agent, store, claude, now, null, () => {
      if (lifted && gated.pausedState().paused) gated.resume();
    });
    queue = gated;
    gated.pause('Usage threshold: 91 % of the 5-hour window is used (pause at 90 %).');
    gated.add('one');
    gated.add('two');
    await vi.advanceTimersByTimeAsync(0);
    expect(agent.submitted).toEqual([]);
    lifted = true;
    agent.set('idle');
    await vi.advanceTimersByTimeAsync(0);
    expect(agent.submitted).toEqual(['one']);
    expect(states()).toEqual(['two:queued', 'one:sent']);
  });

  it('a dialog holds the queue; answered and idle, it goes on', async () => {
    queue.add('one');
    queue.add('two');
    await vi.advanceTimersByTimeAsync(0);
    agent.set('needs-input');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(agent.submitted).toEqual(['one']);
    agent.set('busy');
    agent.set('idle');
    await vi.advanceTimersByTimeAsync(0);
    expect(agent.submitted).toEqual(['one', 'two']);
  });

  it('no sign of work within reactMs: the item is marked, the queue pauses, nothing is resent', async () => {
    queue.add('one');
    queue.add('two');
    await vi.advanceTimersByTimeAsync(claude().submit.reactMs + 10);
    expect(states()).toEqual(['two:queued', 'one:failed']);
    expect(queue.state()).toMatchObject({ paused: true, pauseReason: expect.stringContaining('no reaction') });
    agent.set('busy');
    agent.set('idle');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(agent.submitted).toEqual(['one']);
  });

  it('an exit mid-turn pauses with the reason and keeps what waits', async () => {
    queue.add('one');
    queue.add('two');
    await vi.advanceTimersByTimeAsync(0);
    agent.set('busy');
    agent.set('exited', { exitCode: 1 });
    expect(queue.state()).toMatchObject({
      paused: true,
      pauseReason: 'The agent is not running: it exited with code 1. Restart it, then resume the queue.',
    });
    expect(states()).toContain('two:queued');
  });

  it('a limit its record reports before the screen is looked at: held once, and the line left on screen is not a new one', async () => {
    queue.add('one');
    queue.add('two');
    await vi.advanceTimersByTimeAsync(0);
    agent.set('busy');
    agent.print("  ⎿  You've hit your session limit · resets 3am (Europe/London)");
    // The transcript's text, read by a poll before the screen's check ran.
    queue.limitRecorded("You've hit your session limit · resets 3am (Europe/London)", Date.UTC(2026, 10, 25, 3, 0));
    expect(queue.state().limit?.line).toBe("⎿  You've hit your session limit · resets 3am (Europe/London)");
    agent.set('idle');
    await vi.advanceTimersByTimeAsync(61 * 60_000 + 1000);
    expect(agent.submitted).toEqual(['one', 'continue']);
    agent.set('busy');
    agent.set('idle');
    await vi.advanceTimersByTimeAsync(300);
    expect(queue.state().limit).toBeNull();
    expect(agent.submitted).toEqual(['one', 'continue', 'two']);
  });

  it('a usage limit holds until the reset plus the margin, then "continue" goes first', async () => {
    queue.add('one');
    queue.add('two');
    await vi.advanceTimersByTimeAsync(0);
    agent.set('busy');
    agent.print("  ⎿  You've hit your session limit · resets 3am (Europe/London)");
    agent.set('idle');
    await vi.advanceTimersByTimeAsync(300);
    expect(queue.state().limit).toEqual({
      line: "⎿  You've hit your session limit · resets 3am (Europe/London)",
      until: Date.UTC(2026, 10, 25, 3, 0),
    });
    await vi.advanceTimersByTimeAsync(60 * 60_000 - 1000); // 02:00 → 02:59:59.3: still limited
    expect(agent.submitted).toEqual(['one']);
    await vi.advanceTimersByTimeAsync(60_000 + 1000); // past 03:00 and the minute's margin
    expect(agent.submitted).toEqual(['one', 'continue']);
    expect(queue.state().limit).toBeNull();
    agent.set('busy');
    agent.set('idle'); // the old line is still on screen: waited out already, not a new limit
    await vi.advanceTimersByTimeAsync(300);
    expect(agent.submitted).toEqual(['one', 'continue', 'two']);
  });

  it('Claude Code’s /rate-limit-options (recorded screen): Esc (= "Stop and wait") at once, once; held by its line; "continue" at the reset', async () => {
    queue.add('limit 60');
    queue.add('two');
    await vi.advanceTimersByTimeAsync(0);
    agent.set('busy');
    // The recorded frame: the limit line, and the dialog Claude opens by itself.
    agent.print(...capturedScreen('limit-claude.txt', '=== 4.', '❯ limit 60'));
    agent.set('idle');
    await vi.advanceTimersByTimeAsync(300);
    expect(agent.written).toEqual(['\u001b']);
    expect(queue.state().limit).toEqual({
      line: "⎿ \u00a0You've hit your session limit · resets 3:41pm (UTC)", // as recorded: a space, then a no-break space
      until: Date.UTC(2026, 10, 25, 15, 41),
    });
    agent.print('  ⎿  still drawing'); // more output while the dialog still shows: not answered twice
    await vi.advanceTimersByTimeAsync(300);
    expect(agent.written).toEqual(['\u001b']);
    agent.screen = capturedScreen('limit-claude.txt', '--- Enter', '❯ limit 60');
    agent.print();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(agent.written).toEqual(['\u001b']);
    expect(agent.submitted).toEqual(['limit 60']);
    await vi.advanceTimersByTimeAsync(Date.UTC(2026, 10, 25, 15, 42) - Date.now() + 1000); // the reset, the margin
    expect(agent.submitted).toEqual(['limit 60', 'continue']);
  });

  it('Gemini CLI’s "Usage limit reached" dialog (recorded screen): held for the preset’s retry interval, then "Keep trying"; back again, held again', async () => {
    const gemini = () =>
      agentPreset.parse({
        ...DEFAULT_PRESETS.find((p) => p.id === 'gemini'),
        limits: {
          ...DEFAULT_PRESETS.find((p) => p.id === 'gemini')!.limits,
          retryMs: 120_000,
        },
      });
    queue.dispose();
    queue = new SessionQueue(agent, store, gemini, now);
    const seen: number[] = [];
    queue.onDidSeeLimit(({ liftAt }) => seen.push(liftAt));
    queue.add('limit 60');
    queue.add('two');
    await vi.advanceTimersByTimeAsync(0);
    agent.set('busy');
    const dialog = capturedScreen('limit-gemini.txt', '=== 1.', ' > limit 60');
    agent.screen = dialog;
    agent.print();
    agent.set('idle');
    await vi.advanceTimersByTimeAsync(300);
    const started = Date.now() - 300;
    expect(queue.state().limit).toEqual({ line: 'Usage limit reached for all Pro models.', until: started + 120_000 });
    expect(seen).toEqual([started + 120_000]); // no margin on a guess
    await vi.advanceTimersByTimeAsync(119_000);
    expect(agent.written).toEqual([]);
    expect(agent.submitted).toEqual(['limit 60']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(agent.written).toEqual(['\r']); // "1. Keep trying"
    expect(agent.submitted).toEqual(['limit 60']); // no "continue": the agent retries what it holds
    // Still limited: it retried, and the dialog is back.
    agent.screen = [' > limit 60'];
    agent.set('busy');
    agent.screen = dialog;
    agent.print();
    agent.set('idle');
    await vi.advanceTimersByTimeAsync(300);
    expect(queue.state().limit?.line).toBe('Usage limit reached for all Pro models.');
    expect(agent.submitted).toEqual(['limit 60']);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(agent.written).toEqual(['\r', '\r']);
    // Now it goes through: the retried turn ends, then the queue goes on.
    agent.screen = capturedScreen('limit-gemini.txt', '=== 3.', ' > limit 60');
    agent.set('busy');
    agent.print();
    await vi.advanceTimersByTimeAsync(300);
    expect(agent.submitted).toEqual(['limit 60']);
    agent.set('idle');
    await vi.advanceTimersByTimeAsync(300);
    expect(agent.submitted).toEqual(['limit 60', 'two']);
    expect(queue.state().limit).toBeNull();
  });

  describe('after the host ended: its agent came back', () => {
    /** What an earlier host left: `text` queued, or sent with its turn under way when it ended. */
    function left(text: string, state: 'queued' | 'in turn' | 'turn ended'): void {
      const item = store.items('s1').length;
      store.insert(
        { id: `i${item}`, sessionId: 's1', text, state: 'queued', createdAt: item, sentAt: null, error: null },
        item,
      );
      if (state === 'queued') return;
      store.recordSent(`i${item}`, {
        id: `i${item}`,
        sessionId: 's1',
        sessionTitle: 'agent',
        projectId: 'p1',
        text,
        sentAt: item,
      });
      if (state === 'turn ended') store.endTurn('s1');
    }
    function cameBack(comeback: Promise<Comeback>, preset = claude): void {
      queue.dispose();
      queue = new SessionQueue(agent, store, preset, now, comeback);
    }
    const queued = () =>
      queue
        .state()
        .items.filter((i) => i.state === 'queued')
        .map((i) => i.text);

    it('nothing goes until it is known how; the exit of a resume that failed is no reason; afresh, it holds saying why', async () => {
      left('two', 'in turn');
      left('three', 'queued');
      let settle: (c: Comeback) => void = () => {};
      cameBack(new Promise((r) => (settle = r)));
      agent.set('idle');
      agent.set('exited', { exitCode: 1 });
      await vi.advanceTimersByTimeAsync(10_000);
      expect(queue.state().paused).toBe(false);
      agent.set('idle');
      settle({ resumed: false, why: 'Started afresh.' });
      await vi.advanceTimersByTimeAsync(0);
      expect(queue.state()).toMatchObject({
        paused: true,
        pauseReason: 'Started afresh. Check it, then resume the queue.',
      });
      expect(queued()).toEqual(['three']);
      expect(agent.submitted).toEqual([]);
    });

    it('not running after the restart (its command is gone): held with the exit, no continue prompt', async () => {
      left('two', 'in turn');
      agent.set('exited', { exitCode: null, error: 'No command "claude" was found on PATH.' });
      cameBack(Promise.resolve({ resumed: false, why: 'A new process.' }));
      await vi.advanceTimersByTimeAsync(0);
      expect(queue.state()).toMatchObject({
        paused: true,
        pauseReason:
          'The agent is not running: it exited (No command "claude" was found on PATH.). Restart it, then resume the queue.',
      });
      expect(queue.state().items.map((i) => `${i.text}:${i.state}:${i.error}`)).toEqual([
        'two:sent:Flotilla stopped during this turn, and the agent came back without its conversation.',
      ]);
    });

    it('a turn that had ended: no continue prompt, the queue goes on', async () => {
      left('one', 'turn ended');
      left('two', 'queued');
      cameBack(Promise.resolve({ resumed: true }));
      await vi.advanceTimersByTimeAsync(0);
      expect(agent.submitted).toEqual(['two']);
    });

    it('paused by the person before: it stays paused, the continue prompt first in line', async () => {
      left('two', 'in turn');
      left('three', 'queued');
      store.setPaused('s1', true, null);
      cameBack(Promise.resolve({ resumed: true }));
      await vi.advanceTimersByTimeAsync(0);
      expect(queue.state()).toMatchObject({ paused: true, pauseReason: null });
      expect(queued()).toEqual(['continue', 'three']);
      expect(agent.submitted).toEqual([]);
      queue.resume();
      await vi.advanceTimersByTimeAsync(0);
      expect(agent.submitted).toEqual(['continue']);
    });

    it('a preset that holds after a resume: held, with its own continue prompt first', async () => {
      const holds = () => ({ ...claude(), resume: { ...claude().resume, hold: true, continueText: 'go on' } });
      left('two', 'in turn');
      left('three', 'queued');
      cameBack(Promise.resolve({ resumed: true }), holds);
      await vi.advanceTimersByTimeAsync(0);
      expect(queue.state()).toMatchObject({
        paused: true,
        pauseReason: expect.stringMatching(/resumed its conversation; its preset holds the queue/),
      });
      expect(queued()).toEqual(['go on', 'three']);
      expect(agent.submitted).toEqual([]);
    });
  });
});
