import type { AgentPreset } from '../../common/agents';
import type { AgentStatus } from '../../common/types';
import { limitDialogShown } from './limit-dialogs';
import { linearPattern } from './linear-patterns';

export interface ScreenState {
  /** The visible screen, one string per row. */
  screen: string[];
  title: string;
  /** Time since the last output. */
  quietForMs: number;
  /** Shells only: no child holds the terminal's foreground. */
  shellInForeground?: boolean;
}

const test = (source: string, text: string) => linearPattern(source)?.test(text) ?? false;
const any = (sources: readonly string[], text: string) => sources.some((s) => test(s, text));
const one = (source: string | undefined, text: string) => source !== undefined && test(source, text);

/**
 * Reads an agent's state off its rendered screen and title. Returns null when the screen does
 * not say (output without any signature): the caller keeps the state it had.
 * Order matters: a usage-limit dialog is idle (the queue answers it); a dialog beats everything else; busy markers beat the idle box, because Claude's
 * input box stays visible while it works.
 */
export function detectStatus(preset: AgentPreset, s: ScreenState): AgentStatus | null {
  const { detect, kind } = preset;
  const text = s.screen.join('\n');
  const quiet = s.quietForMs >= detect.quietMs;
  // A usage-limit dialog asks no person: the agent waits, and the queue answers it as the limit needs.
  if (limitDialogShown(preset, s.screen)) return 'idle';
  if (any(detect.needsInput, text)) return 'needs-input';
  if (kind === 'shell') {
    if (!quiet || s.shellInForeground === false) return 'busy';
    return s.shellInForeground ? 'idle' : null;
  }
  if (one(detect.busyTitle, s.title) || any(detect.busy, text)) return 'busy';
  const hasIdleSignature = detect.idleTitle !== undefined || detect.idle.length > 0;
  const idleShown = one(detect.idleTitle, s.title) || any(detect.idle, text);
  if (quiet && (idleShown || !hasIdleSignature)) return 'idle';
  return null;
}

/** The screen line that made a session "needs input" (a dialog's line), trimmed; null if none. */
export function needsInputLine({ detect }: AgentPreset, screen: string[]): string | null {
  const line = screen.find((row) => any(detect.needsInput, row));
  return line ? line.trim().slice(0, 120) : null;
}
