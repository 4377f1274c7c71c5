import type { Comeback } from '../sessions/comeback';

/** A queue's session when it came back after the host ended (a reboot, a crash, `daemon stop`). */
export interface Restarted {
  comeback: Comeback;
  /** Why the session is not running, when it is not. */
  exited: string | null;
  /** What the host's end cut short: a sent prompt's turn, a prompt being sent, or nothing. */
  cutShort: 'turn' | 'send' | null;
  /** Prompts wait in the queue. */
  waiting: boolean;
  /** Paused before, by the person or for a reason it still shows: it stays so. */
  paused: boolean;
  /** The preset's `resume.hold`. */
  holdAfterResume: boolean;
}

export interface RestartPlan {
  /** The preset's continue prompt goes first: the resumed agent picks up the turn cut short. */
  continueFirst: boolean;
  /** Pause, saying why; null: go on (or stay as the person left it). */
  hold: string | null;
  /** What the prompt that was cut short shows. */
  note: string | null;
}

const CHECK = 'Check it, then resume the queue.';
export const MID_SEND = 'Flotilla stopped while sending this prompt; it may or may not have arrived.';

/**
 * An overnight queue goes on after a restart when the agent has its conversation back: the turn
 * that was cut short is continued, never sent again. Without the conversation, a person decides.
 * A prompt caught mid-send counts as cut short: if it arrived, the continue prompt picks it up;
 * if not, the continue prompt is harmless and the prompt stays marked for the person.
 */
export function afterRestart({ comeback, exited, cutShort, waiting, paused, holdAfterResume }: Restarted): RestartPlan {
  const resumed = comeback.resumed && !exited;
  const why =
    exited ??
    (!comeback.resumed
      ? `${comeback.why} ${CHECK}`
      : holdAfterResume
        ? `Flotilla restarted and the agent resumed its conversation; its preset holds the queue then. ${CHECK}`
        : null);
  const notes = {
    turn: resumed
      ? 'Flotilla stopped during this turn; the agent resumed its conversation and the continue prompt picks the turn up.'
      : 'Flotilla stopped during this turn, and the agent came back without its conversation.',
    send: resumed
      ? `${MID_SEND} The agent resumed its conversation and the continue prompt picks it up if it did.`
      : MID_SEND,
  };
  return {
    continueFirst: resumed && cutShort !== null,
    hold: paused || (!waiting && !cutShort) ? null : why,
    note: cutShort && notes[cutShort],
  };
}
