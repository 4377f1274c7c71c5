import type { AgentPreset } from '../../common/agents';
import { formatCommandLine } from '../../common/command-line';
import { promptText } from '../../common/prompt-text';
import { fail, ok, type HostError, type Result } from '../../common/result';
import type { AgentStatus, AttachSnapshot, SessionInfo } from '../../common/types';
import { StatusTracker } from '../agents/status-tracker';
import { DisposableStore, Emitter, toDisposable, type Disposable } from '../../common/lifecycle';
import { Backpressure } from './backpressure';
import { ClientStream, type OutputSink } from './client-stream';
import { DataBatcher } from './data-batcher';
import { PasteEcho } from './paste-echo';
import { PtyReadGate } from './pty-read-gate';
import { PtyProcess } from './pty-process';
import { MIRROR_SCROLLBACK, TerminalMirror } from './terminal-mirror';

export interface SessionSpec {
  id: string;
  projectId: string;
  title: string;
  argv: string[];
  preset: AgentPreset;
  cwd: string;
  cols: number;
  rows: number;
  startedAt: number;
}

/** What one start of the process runs with, resolved when it starts. */
export interface Launch {
  preset: AgentPreset;
  env: NodeJS.ProcessEnv;
  /** Arguments not shown as the command (hook settings, resume). */
  extraArgs: string[];
}

/** How often submit looks for the pasted text on the screen. */
const ENTER_POLL_MS = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

const dim = (text: string) => `\x1b[2m${text}\x1b[0m`;

/**
 * One terminal session: a node-pty process, the host's headless mirror of its screen, and the
 * hot path to every attached client (batching + ack-based flow control).
 */
export class Session implements Disposable {
  private info: SessionInfo;
  /** Where its process starts: the project's folder. */
  readonly cwd: string;
  private currentPreset: AgentPreset;
  private currentEnv: NodeJS.ProcessEnv = {};
  private tracker: StatusTracker | undefined;
  private process: PtyProcess | undefined;
  private reader: PtyReadGate | undefined;
  private processDisposables = new DisposableStore();
  private readonly mirror: TerminalMirror;
  private readonly streams = new Map<OutputSink, ClientStream>();
  private readonly backpressure: Backpressure;
  private readonly batcher: DataBatcher;
  private readonly disposables = new DisposableStore();

  private readonly changed = this.disposables.add(new Emitter<SessionInfo>());
  readonly onDidChange = this.changed.event;
  private readonly bell = this.disposables.add(new Emitter<void>());
  readonly onBell = this.bell.event;
  /** The program printed something (not the host's own notices). */
  private readonly output = this.disposables.add(new Emitter<void>());
  readonly onOutput = this.output.event;

  constructor(spec: SessionSpec) {
    this.cwd = spec.cwd;
    this.currentPreset = spec.preset;
    this.info = {
      id: spec.id,
      projectId: spec.projectId,
      title: spec.title,
      argv: spec.argv,
      launched: null,
      presetId: spec.preset.id,
      status: 'exited',
      statusSource: null,
      statusDetail: null,
      pid: null,
      exitCode: null,
      signal: null,
      error: null,
      startedAt: spec.startedAt,
    };
    this.mirror = this.disposables.add(new TerminalMirror(spec.cols, spec.rows));
    this.disposables.add(this.mirror.onBell(() => this.bell.fire()));
    this.disposables.add(this.mirror.onTitleChange(() => this.tracker?.titleChanged()));
    this.batcher = new DataBatcher((data) => this.deliver(data));
    this.disposables.add(toDisposable(() => this.batcher.dispose()));
    this.backpressure = new Backpressure(
      () => this.reader?.pause(),
      () => this.reader?.resume(),
    );
  }

  get id(): string {
    return this.info.id;
  }

  get projectId(): string {
    return this.info.projectId;
  }

  snapshotInfo(): SessionInfo {
    return { ...this.info };
  }

  /**
   * The preset the current (or last) process started with: status, paste timing and the queue all
   * go by it, so an edited preset takes effect at the next start, everywhere at once.
   */
  get preset(): AgentPreset {
    return this.currentPreset;
  }

  /** The environment the current (or last) process started with: whose login it uses (`agents/account.ts`). */
  get env(): NodeJS.ProcessEnv {
    return this.currentEnv;
  }

  isRunning(): boolean {
    return this.process !== undefined;
  }

  /** The visible screen as text: for status detection and tests. */
  screenText(): string[] {
    return this.mirror.screenText();
  }

  settledScreenText(): Promise<string[]> {
    return this.mirror.settledText();
  }

  /**
   * Spawns argv (plus the launch's `extraArgs`, not shown as the command) in the project folder.
   * A command that cannot start leaves an exited session saying why.
   */
  start({ preset, env, extraArgs }: Launch): Result<SessionInfo> {
    if (this.process) return fail('BAD_REQUEST', 'The session is already running.');
    this.currentPreset = preset;
    this.currentEnv = env;
    const { cols, rows } = this.mirror;
    const spawned = PtyProcess.spawn([...this.info.argv, ...extraArgs], {
      cwd: this.cwd,
      env,
      cols,
      rows,
      stopSignal: 'SIGHUP',
      sweepOnExit: false,
    });
    if (!spawned.ok) return this.startFailed(spawned.error);
    const child = (this.process = spawned.value);
    this.processDisposables = new DisposableStore();
    this.reader = this.processDisposables.add(new PtyReadGate(child));
    if (this.backpressure.isPaused) this.reader.pause();
    const tracker = (this.tracker = this.processDisposables.add(
      new StatusTracker(preset, {
        screen: () => this.mirror.screenText(),
        title: () => this.mirror.title,
        pid: () => this.process?.pid,
      }),
    ));
    this.processDisposables.add(
      tracker.onDidChange(({ status, source, detail }) =>
        this.update({ status, statusSource: source, statusDetail: detail }),
      ),
    );
    this.update({
      status: 'starting',
      statusSource: null,
      pid: child.pid,
      exitCode: null,
      signal: null,
      error: null,
      startedAt: Date.now(),
      launched: child.launched,
    });
    this.processDisposables.add(
      child.onData((data) => {
        if (this.info.status === 'starting') this.update({ status: 'running' });
        this.emit(data, () => tracker.outputParsed());
        this.output.fire();
      }),
    );
    this.processDisposables.add(
      child.onExit(({ exitCode, signal }) => {
        this.batcher.flush();
        this.processDisposables.dispose();
        this.tracker = undefined;
        this.reader = undefined;
        this.process = undefined;
        this.update({ status: 'exited', statusSource: null, statusDetail: null, pid: null, exitCode, signal });
      }),
    );
    return ok(this.snapshotInfo());
  }

  private startFailed(error: HostError): Result<SessionInfo> {
    this.emit(`\x1b[31m${error.message}\x1b[0m\r\n`);
    this.update({ status: 'exited', pid: null, exitCode: null, signal: null, error: error.message, launched: null });
    return fail(error.code, error.message);
  }

  /**
   * A session from before the host last stopped: its old screen goes above as history, then it
   * starts again in its folder with its command.
   */
  restore(lastScreen: string | null, launch: Launch, resumed: string[] | null): Result<SessionInfo> {
    // The old screen goes up into the scrollback: left visible, its idle prompt would pass for
    // the new process's before that has drawn anything, and the queue would type into a program
    // still starting.
    if (lastScreen) this.emit(`${lastScreen}\x1b[0m\r\n${'\n'.repeat(this.mirror.rows)}\x1b[H`);
    const how = resumed
      ? `resuming its conversation (${formatCommandLine(resumed)})`
      : `${formatCommandLine(this.info.argv)} is a new process`;
    this.emit(`${dim(`── restarted: Flotilla started again; ${how} ──`)}\r\n`);
    return this.start({ ...launch, extraArgs: [...(resumed ?? []), ...launch.extraArgs] });
  }

  /** The screen and scrollback as escape sequences (kept when Flotilla quits). */
  snapshotScreen(): Promise<string> {
    return this.mirror.snapshot();
  }

  rename(title: string): void {
    this.update({ title });
  }

  write(data: string): Result<null> {
    if (!this.process) return fail('SESSION_NOT_RUNNING', `${this.info.title} is not running.`);
    this.process.write(data);
    return ok(null);
  }

  /**
   * Types a prompt the way a person pastes it: bracketed paste when the program turned it on,
   * then Enter on its own (in one burst, agents take Enter as a newline): once the pasted text
   * shows in the agent's input box and `enterSettleMs` more have passed, or after
   * `enterDelayMs` at the latest.
   */
  async submit(text: string): Promise<Result<null>> {
    const child = this.process;
    if (!child) return fail('SESSION_NOT_RUNNING', `${this.info.title} is not running.`);
    const clean = promptText(text);
    const { submit, kind } = this.currentPreset;
    const paste = submit.paste === 'auto' && this.mirror.bracketedPasteMode;
    const newline = kind === 'shell' ? '\r' : '\n';
    const echo = new PasteEcho(clean, this.mirror.screenText());
    child.write(paste ? `\x1b[200~${clean}\x1b[201~` : clean.replace(/\n/g, newline));
    const { enterDelayMs, enterSettleMs } = submit;
    const started = Date.now();
    while (Date.now() - started < enterDelayMs && !echo.shown(this.mirror.screenText())) await sleep(ENTER_POLL_MS);
    await sleep(Math.min(enterSettleMs, enterDelayMs - (Date.now() - started)));
    if (this.process !== child) return fail('SESSION_NOT_RUNNING', `${this.info.title} exited before Enter was sent.`);
    child.write('\r');
    return ok(null);
  }

  resize(cols: number, rows: number): void {
    if (cols === this.mirror.cols && rows === this.mirror.rows) return;
    this.mirror.resize(cols, rows);
    this.process?.resize(cols, rows);
  }

  /**
   * SIGHUP to the session's process group, like closing a terminal window; SIGKILL to the group
   * if anything is still there after a grace period, so nothing outlives the session.
   */
  async kill(): Promise<void> {
    await this.process?.kill();
  }

  async restart(launch: Launch, why = `restarted ${formatCommandLine(this.info.argv)}`): Promise<Result<SessionInfo>> {
    await this.kill();
    this.emit(`\r\n${dim(`── ${why} ──`)}\r\n`);
    return this.start(launch);
  }

  /** A hook of this session's agent reported its state. */
  hookReported(status: AgentStatus, detail: string | null = null): void {
    this.tracker?.hookReported(status, detail);
  }

  /**
   * Adds a client. Everything before this point is in the returned screen, everything after
   * reaches the sink as output (which may arrive before the snapshot's reply: the client queues it).
   */
  async attach(sink: OutputSink): Promise<AttachSnapshot> {
    this.batcher.flush();
    this.streams.get(sink)?.dispose();
    const stream = new ClientStream(this.info.id, sink, {
      flush: () => this.batcher.flush(),
      snapshot: (full) => this.snapshot(full ? MIRROR_SCROLLBACK : 0),
      settled: () => this.backpressure.isSettled,
    });
    this.streams.set(sink, stream);
    const snapshot = await this.snapshot(MIRROR_SCROLLBACK);
    if (this.streams.get(sink) === stream) stream.screenSent(snapshot.screen.length);
    return snapshot;
  }

  private async snapshot(scrollback: number): Promise<AttachSnapshot> {
    const screen = await this.mirror.snapshot(scrollback);
    return { sessionId: this.info.id, screen, cols: this.mirror.cols, rows: this.mirror.rows };
  }

  detach(sink: OutputSink): void {
    this.streams.get(sink)?.dispose();
    this.streams.delete(sink);
  }

  /** The client parsed `chars` more characters of output or screens. */
  ack(sink: OutputSink, chars: number): void {
    this.streams.get(sink)?.acked(chars);
  }

  /** Everything shown in the terminal goes this way: the pty's output and the host's own notices. */
  private emit(data: string, parsed?: () => void): void {
    this.backpressure.sent(data.length);
    this.mirror.write(data, () => {
      this.backpressure.acked(data.length);
      parsed?.();
    });
    this.batcher.push(data);
  }

  private deliver(data: string): void {
    for (const stream of this.streams.values()) stream.output(data);
  }

  private update(patch: Partial<SessionInfo>): void {
    this.info = { ...this.info, ...patch };
    this.changed.fire(this.snapshotInfo());
  }

  dispose(): void {
    this.processDisposables.dispose();
    this.process?.dispose();
    this.process = undefined;
    for (const stream of this.streams.values()) stream.dispose();
    this.streams.clear();
    this.disposables.dispose();
  }
}
