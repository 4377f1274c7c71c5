import * as pty from 'node-pty';
import { basename } from 'node:path';
import { Emitter, type Disposable, type Event } from '../../common/lifecycle';
import { fail, ok, type Result } from '../../common/result';
import { resolveExecutable } from '../../node/resolve-command';
import { signalGroup } from './signal-group';

/** A program that ignores the stop signal gets SIGKILL after this long. */
const KILL_GRACE_MS = 2000;

export interface PtyExit {
  exitCode: number;
  signal: number | null;
}

export interface PtyOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  cols: number;
  rows: number;
  /** What asks the group to end: SIGHUP, as when a terminal window closes, or SIGTERM. */
  stopSignal: 'SIGHUP' | 'SIGTERM';
  /** Whether what the group left running is swept (SIGKILL) whenever the program exits, not only after kill(). */
  sweepOnExit: boolean;
}

/**
 * One program in a pty, the leader of its own process group, and the only owner of that group's
 * signals: kill() asks the group to stop, then SIGKILLs it after KILL_GRACE_MS; the group is swept
 * when the program exits; once it has exited, nothing is signalled (its pid may belong to another
 * program by then).
 */
export class PtyProcess implements Disposable {
  private live = true;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly exit = new Emitter<PtyExit>();
  /** Fires once, when the program exits, before `exited` settles. */
  readonly onExit: Event<PtyExit> = this.exit.event;
  readonly exited: Promise<PtyExit>;

  private constructor(
    private readonly child: pty.IPty,
    /** What was started: the resolved file and its arguments. */
    readonly launched: string[],
    private readonly options: PtyOptions,
  ) {
    this.exited = new Promise((resolve) =>
      child.onExit(({ exitCode, signal }) => {
        this.live = false;
        clearTimeout(this.killTimer);
        if (this.killTimer || options.sweepOnExit) signalGroup(child, 'SIGKILL');
        this.killTimer = undefined;
        const exit = { exitCode, signal: signal || null };
        this.exit.fire(exit);
        this.exit.dispose();
        resolve(exit);
      }),
    );
  }

  /** Starts argv[0] found the way execvp would, so a missing command is reported before spawning. */
  static spawn(argv: string[], options: PtyOptions): Result<PtyProcess> {
    const [command, ...args] = argv;
    const file = resolveExecutable(command, options.cwd, options.env.PATH);
    if (!file) {
      const where = command.includes('/') ? `at ${command}` : `on PATH (${options.env.PATH ?? ''})`;
      return fail('COMMAND_NOT_FOUND', `No command "${command}" was found ${where}.`);
    }
    try {
      const { cwd, env, cols, rows } = options;
      const child = pty.spawn(file, args, { name: 'xterm-256color', cols, rows, cwd, env, encoding: 'utf8' });
      return ok(new PtyProcess(child, [file, ...args], options));
    } catch (e) {
      return fail('SPAWN_FAILED', `Could not start ${basename(command)}: ${(e as Error).message}`);
    }
  }

  /** Until the program's exit is reported. */
  get running(): boolean {
    return this.live;
  }

  get pid(): number {
    return this.child.pid;
  }

  onData(listener: (data: string) => void): Disposable {
    return this.child.onData(listener);
  }

  write(data: string): void {
    this.child.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.live) return;
    try {
      this.child.resize(cols, rows);
    } catch {
      // The program exited before its exit was reported: nothing left to resize.
    }
  }

  pause(): void {
    this.child.pause();
  }

  resume(): void {
    this.child.resume();
  }

  /** The stop signal to the whole group (again on each call), SIGKILL after the grace time; resolves on exit. */
  kill(): Promise<PtyExit> {
    if (!this.live) return this.exited;
    signalGroup(this.child, this.options.stopSignal);
    this.killTimer ??= setTimeout(() => signalGroup(this.child, 'SIGKILL'), KILL_GRACE_MS);
    return this.exited;
  }

  /** Lets go without waiting: a program still running gets the stop signal, and no SIGKILL follows. */
  dispose(): void {
    clearTimeout(this.killTimer);
    this.killTimer = undefined;
    if (this.live) signalGroup(this.child, this.options.stopSignal);
  }
}
