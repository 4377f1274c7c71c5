import { setPriority } from 'node:os';
import { parseCommandLine } from '../../common/command-line';
import { fail, ok, type Result } from '../../common/result';
import { PtyProcess } from '../sessions/pty-process';
import { Emitter, type Disposable } from '../../common/lifecycle';

/** What is kept of a check's output: its end, where failures are reported. */
export const LOG_TAIL_CHARS = 1024 * 1024;
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
  readonly exited: Promise<CheckExit>;

  private constructor(
    private readonly child: PtyProcess,
    timeoutMs: number,
  ) {
    child.onData((data) => this.append(data));
    this.timer = setTimeout(() => this.end('timeout'), timeoutMs);
    this.exited = child.exited.then(({ exitCode }) => {
      clearTimeout(this.timer);
      return { exitCode: this.endedBy ? null : exitCode, endedBy: this.endedBy };
    });
  }

  static start(commandLine: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Result<CheckProcess> {
    const parsed = parseCommandLine(commandLine);
    if (!parsed.ok) return fail('BAD_COMMAND', parsed.reason);
    if (!parsed.argv.length) return fail('BAD_COMMAND', 'The check command is empty.');
    // Whatever the command leaves running in its group is swept when it exits.
    const spawned = PtyProcess.spawn(parsed.argv, {
      cwd,
      env,
      cols: 120,
      rows: 40,
      stopSignal: 'SIGTERM',
      sweepOnExit: true,
    });
    if (!spawned.ok) return spawned;
    lowerPriority(spawned.value.pid);
    return ok(new CheckProcess(spawned.value, timeoutMs));
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
    if (this.endedBy || !this.child.running) return;
    this.endedBy = by;
    void this.child.kill();
  }

  dispose(): void {
    this.cancel();
    this.output.dispose();
  }
}
