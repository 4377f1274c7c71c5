import type { AgentPreset } from '../../common/agents';
import type { AgentStatus } from '../../common/types';
import { Emitter, type Disposable } from '../../common/lifecycle';
import { detectStatus, needsInputLine } from './detect-status';
import { limitDialogShown } from './limit-dialogs';
import { shellInForeground } from './foreground';

/** Re-read the screen at most this often while output flows. */
const EVALUATE_THROTTLE_MS = 50;
/** Shells: poll the foreground while a child runs silently (e.g. sleep), to see it end. */
const SHELL_POLL_MS = 250;
/** A hook's word stands this long against a screen that says otherwise; then the screen wins. */
export const HOOK_TRUST_MS = 5000;

export type StatusSource = 'hooks' | 'screen';

export interface ScreenSource {
  screen(): string[];
  title(): string;
  pid(): number | undefined;
}

/**
 * Keeps one session's agent status: re-reads the mirror's screen after output is parsed, on
 * title changes, and once output has been quiet for the preset's quiet time.
 */
export class StatusTracker implements Disposable {
  private status: AgentStatus | null = null;
  private detail: string | null = null;
  private hook: { status: AgentStatus; at: number } | undefined;
  private lastOutputAt = Date.now();
  private throttle: NodeJS.Timeout | undefined;
  private quietTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly changed = new Emitter<{ status: AgentStatus; source: StatusSource; detail: string | null }>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly preset: AgentPreset,
    private readonly source: ScreenSource,
  ) {
    this.quietTimer = this.armQuietCheck(preset.detect.quietMs);
  }

  /** New output has been parsed into the mirror (called per pty chunk: keep it cheap). */
  outputParsed(): void {
    this.lastOutputAt = Date.now();
    this.evaluateSoon();
    this.quietTimer ??= this.armQuietCheck(this.preset.detect.quietMs);
  }

  titleChanged(): void {
    this.evaluateSoon();
  }

  /**
   * The agent said so itself (hooks). Busy is believed at once and cross-checked against the
   * screen later. Idle is taken at once unless the screen shows work: Codex's notify fires for
   * side tasks (a session title) mid-turn, and Enter into a busy Codex steers it. A vetoed idle
   * is taken the moment the screen stops showing work (no quiet time: the agent said so).
   */
  hookReported(status: AgentStatus, detail: string | null = null): void {
    if (this.stopped) return;
    // A usage-limit dialog's notification asks no person (the queue answers it).
    if (status === 'needs-input' && limitDialogShown(this.preset, this.source.screen())) status = 'idle';
    this.hook = { status, at: Date.now() };
    if (status === 'idle') return this.evaluate();
    this.set(status, 'hooks', detail);
    this.scheduleCheck(HOOK_TRUST_MS);
  }

  private set(status: AgentStatus, source: StatusSource, detail: string | null = null): void {
    // While it keeps asking, what it asks stays (a hook's own words beat the screen's line).
    const kept = this.status === 'needs-input' ? this.detail : null;
    const shown =
      status === 'needs-input' ? (detail ?? kept ?? needsInputLine(this.preset, this.source.screen())) : null;
    if (status === this.status && shown === this.detail) return;
    this.status = status;
    this.detail = shown;
    this.changed.fire({ status, source, detail: shown });
  }

  private evaluateSoon(): void {
    if (this.stopped || this.throttle) return;
    this.throttle = setTimeout(() => {
      this.throttle = undefined;
      this.evaluate();
    }, EVALUATE_THROTTLE_MS);
  }

  /** One timer at a time: when it fires early (output came since), it waits out the rest. */
  private armQuietCheck(ms: number): NodeJS.Timeout | undefined {
    if (this.stopped) return undefined;
    return setTimeout(() => {
      this.quietTimer = undefined;
      const rest = this.preset.detect.quietMs - (Date.now() - this.lastOutputAt);
      if (rest > 0) this.quietTimer = this.armQuietCheck(rest);
      else this.evaluate();
    }, ms + 10);
  }

  /** A check at a set time (hook trust expiring, shell foreground polling), replacing any pending one. */
  private scheduleCheck(ms: number): void {
    clearTimeout(this.quietTimer);
    this.quietTimer = this.armQuietCheck(ms);
  }

  private readScreen(): AgentStatus | null {
    const pid = this.source.pid();
    const isShell = this.preset.kind === 'shell';
    return detectStatus(this.preset, {
      screen: this.source.screen(),
      title: this.source.title(),
      quietForMs: Date.now() - this.lastOutputAt,
      shellInForeground: isShell && pid ? shellInForeground(pid) : undefined,
    });
  }

  /**
   * The screen against what a hook said in the last HOOK_TRUST_MS: a hook's busy (or dialog)
   * stands against a screen that looks idle (Claude works quietly in tools), but a hook's idle
   * never stands against a screen that shows work: it only lets idle come without waiting for
   * quiet. A dialog on screen always wins.
   */
  private evaluate(): void {
    if (this.stopped) return;
    const next = this.readScreen();
    const hook = this.hook && Date.now() - this.hook.at < HOOK_TRUST_MS ? this.hook : undefined;
    if (hook?.status === 'idle') {
      if (next === 'busy' || next === 'needs-input') {
        this.set(next, 'screen');
        this.evaluateSoon(); // look again shortly, output or not: the idle is taken once the work is gone
      } else {
        this.set('idle', 'hooks');
      }
    } else if (next && (!hook || next === 'needs-input')) {
      this.set(next, 'screen');
    }
    if (this.preset.kind === 'shell' && this.status !== 'idle') this.quietTimer ??= this.armQuietCheck(SHELL_POLL_MS);
  }

  dispose(): void {
    this.stopped = true;
    clearTimeout(this.throttle);
    clearTimeout(this.quietTimer);
    this.changed.dispose();
  }
}
