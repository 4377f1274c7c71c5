import { setPriority } from 'node:os';
import * as pty from 'node-pty';
import { parseCommandLine } from '../../common/command-line';
import { fail, ok, type Result } from '../../common/result';
import { resolveExecutable } from '../../node/resolve-command';
import { signalGroup } from '../sessions/signal-group';
import { Emitter, type Disposable } from '../../common/lifecycle';

/** What is kept of a check's output: its end, where failures are reported. */
export const LOG_TAIL_CHARS = 1024 * 1024;
const KILL_GRACE_MS = 2000;
/** Checks yield the CPU to the agents and the window (what it starts inherits it). */
const CHECK_NICENESS = 10;

function lowerPriority(pid: number): void {
  try {
    setPriority(pid, CHECK_NICENESS);
  } catch {
    // Not allowed here (some sandboxes): the check runs at normal priority.
  }
}

export interface CheckExit {
  exitCode: number | null;
  /** Ended by its time limit, or by a cancel. */
  endedBy: 'timeout' | 'cancel' | null;
}

/**
 * One run of a check command in a pty (colours as in a terminal; stdout and stderr in order; a
 * process group of its own). A time-out or a cancel ends the whole group (SIGTERM, then SIGKILL),
 * and whatever the group left running is swept when the command exits.
 */
export class CheckProcess implements Disposable {
  private chunks: string[] = [];
  private chars = 0;
  private readonly output = new Emitter<string>();
  readonly onOutput = this.output.event;
  private endedBy: CheckExit['endedBy'] = null;
  private readonly timer: NodeJS.Timeout;
  private killTimer: NodeJS.Timeout | undefined;
  readonly exited: Promise<CheckExit>;

  private constructor(
    private readonly child: pty.IPty,
    timeoutMs: number,
  ) {
    child.onData((data) => this.append(data));
    this.timer = setTimeout(() => this.end('timeout'), timeoutMs);
    this.exited = new Promise((resolve) =>
      child.onExit(({ exitCode }) => {
        clearTimeout(this.timer);
        clearTimeout(this.killTimer);
        signalGroup(child, 'SIGKILL'); // what the command left behind in its group
        resolve({ exitCode: this.endedBy ? null : exitCode, endedBy: this.endedBy });
      }),
    );
  }

  static start(commandLine: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Result<CheckProcess> {
    const parsed = parseCommandLine(commandLine);
    if (!parsed.ok) return fail('BAD_COMMAND', parsed.reason);
    if (!parsed.argv.length) return fail('BAD_COMMAND', 'The check command is empty.');
    const [command, ...args] = parsed.argv;
    const file = resolveExecutable(command, cwd, env.PATH);
    if (!file) return fail('COMMAND_NOT_FOUND', `No command "${command}" was found ${command.includes('/') ? `at ${command}` : `on PATH (${env.PATH ?? ''})`}.`);
    try {
      const child = pty.spawn(file, args, { name: 'xterm-256color', cols: 120, rows: 40, cwd, env, encoding: 'utf8' });
      lowerPriority(child.pid);
      return ok(new CheckProcess(child, timeoutMs));
    } catch (e) {
      return fail('SPAWN_FAILED', `Could not start the check: ${(e as Error).message}`);
    }
  }

  private append(data: string): void {
    this.chunks.push(data);
    this.chars += data.length;
    while (this.chars - this.chunks[0].length >= LOG_TAIL_CHARS) this.chars -= this.chunks.shift()!.length;
    this.output.fire(data);
  }

  /** The output so far (its last ~1 MB). */
  log(): string {
    const text = this.chunks.join('');
    return text.length > LOG_TAIL_CHARS ? text.slice(text.length - LOG_TAIL_CHARS) : text;
  }

  cancel(): void {
    this.end('cancel');
  }

  private end(by: 'timeout' | 'cancel'): void {
    if (this.endedBy) return;
    this.endedBy = by;
    signalGroup(this.child, 'SIGTERM');
    this.killTimer = setTimeout(() => signalGroup(this.child, 'SIGKILL'), KILL_GRACE_MS);
  }

  dispose(): void {
    this.cancel();
    this.output.dispose();
  }
}
