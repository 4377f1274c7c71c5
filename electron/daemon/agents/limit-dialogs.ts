import type { AgentPreset } from '../../common/agents';
import { linearPattern } from './linear-patterns';
import { parseReset } from './usage-limit';

/** A usage-limit dialog on screen, and how to answer it. */
export interface LimitDialog {
  /** The line that marks it, trimmed. */
  line: string;
  /** Keys that answer it at once ("1. Stop and wait for limit to reset"). */
  wait?: string;
  /** Keys that answer it when the hold lifts ("1. Keep trying"). */
  retry?: string;
  /** When it says the limit lifts ("Access resets at 3:57 PM UTC."); null when it does not. */
  resetsAt: number | null;
}

/** How many rows below the marking line the dialog's reset time may sit. */
const DIALOG_ROWS = 8;

/**
 * A usage-limit dialog the screen shows now (the preset's `limits.dialogs`): Claude Code's
 * /rate-limit-options, Gemini CLI's "Usage limit reached for all Pro models." A dialog open at a
 * limit asks no person anything: it is answered as the limit needs.
 */
export function findLimitDialog(preset: AgentPreset, screen: string[], now: number): LimitDialog | null {
  for (const dialog of preset.limits.dialogs) {
    const re = linearPattern(dialog.pattern);
    if (!re) continue;
    const choice = dialog.choice === undefined ? null : linearPattern(dialog.choice);
    // The last one shown: an earlier copy may sit in the scrollback above.
    for (let i = screen.length - 1; i >= 0; i--) {
      if (!re.test(screen[i])) continue;
      const rows = screen.slice(i, i + DIALOG_ROWS);
      if (choice && !rows.some((row) => choice.test(row))) break;
      let resetsAt: number | null = null;
      for (const row of rows) resetsAt ??= parseReset(row, now);
      return { line: screen[i].replace(/[│|]/g, '').trim(), wait: dialog.wait, retry: dialog.retry, resetsAt };
    }
  }
  return null;
}

/** Whether a usage-limit dialog is on screen (so what it shows is not "needs input"). */
export function limitDialogShown(preset: AgentPreset, screen: string[]): boolean {
  return preset.limits.dialogs.length > 0 && findLimitDialog(preset, screen, 0) !== null;
}
