import { z } from 'zod';

/** Regular expression sources, validated when a preset is saved. */
const pattern = z
  .string()
  .max(500)
  .refine((s) => {
    try {
      new RegExp(s, 'm');
      return true;
    } catch {
      return false;
    }
  }, 'is not a valid regular expression');

const perMillion = z.number().min(0).max(10_000);
/** USD per million tokens; cache reads and writes cost what input does when not given. */
export const modelPrice = z
  .object({
    input: perMillion,
    output: perMillion,
    cacheRead: perMillion.optional(),
    cacheWrite: perMillion.optional(),
  })
  .strict();
export type ModelPrice = z.infer<typeof modelPrice>;

/**
 * An agent preset: how to start it, how to tell its state from its screen and title, and how to
 * submit a prompt. Data a person can edit (AGENTS.md: screens change between releases).
 */
export const agentPreset = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'must be lowercase letters, digits and dashes'),
  name: z.string().min(1).max(60),
  /** Command line; the person may add arguments when starting a session. */
  command: z.string().max(2000),
  env: z.record(z.string(), z.string()).default({}),
  /** 'shell': idle means the shell is in the terminal's foreground and quiet. */
  kind: z.enum(['agent', 'shell']).default('agent'),
  detect: z.object({
    busyTitle: pattern.optional(),
    idleTitle: pattern.optional(),
    busy: z.array(pattern).default([]),
    idle: z.array(pattern).default([]),
    needsInput: z.array(pattern).default([]),
    /** Output must have been quiet this long before a session counts as idle. */
    quietMs: z.number().int().min(50).max(60_000),
  }),
  submit: z.object({
    /** 'auto' uses bracketed paste when the program turned it on. */
    paste: z.enum(['auto', 'never']).default('auto'),
    /**
     * Enter goes once the pasted text shows in the input box and `enterSettleMs` more have
     * passed, or `enterDelayMs` after the text at the latest: in one burst, agents take Enter as
     * a newline.
     */
    enterDelayMs: z.number().int().min(0).max(5000),
    enterSettleMs: z.number().int().min(0).max(5000).default(0),
    /** What proves a prompt arrived: the agent went busy, or any output at all (shells). */
    confirm: z.enum(['busy', 'output']),
    /** Without that proof after this long, the item is marked and the queue pauses. */
    reactMs: z.number().int().min(500).max(120_000),
  }),
  /**
   * Usage limits: a screen line matching one of `patterns` that says when the limit lifts holds
   * the queue; `marginMs` after that time `continueText` is sent, and the queue goes on.
   * `dialogs`: a dialog the agent opens at a limit (a screen line matching `pattern` marks it).
   * It is never "needs input": `wait` are the keys that answer it at once (the limit line then
   * holds the queue), `retry` the keys that answer it when the hold lifts, in place of
   * `continueText`. `choice`: the dialog counts only while a line of it matching this is there
   * (the option the keys would pick, selected): one whose first option is another (switch the
   * model, spend credits) is the person's to answer. A limit that shows no reset time lifts after
   * `retryMs`.
   */
  limits: z
    .object({
      patterns: z.array(pattern).default([]),
      continueText: z.string().trim().min(1).max(2000).default('continue'),
      marginMs: z.number().int().min(0).max(3_600_000).default(60_000),
      dialogs: z
        .array(
          z.object({
            pattern,
            wait: z.string().min(1).max(20).optional(),
            retry: z.string().min(1).max(20).optional(),
            choice: pattern.optional(),
          }),
        )
        .max(10)
        .default([]),
      retryMs: z.number().int().min(1000).max(86_400_000).default(300_000),
    })
    .default({ patterns: [], continueText: 'continue', marginMs: 60_000, dialogs: [], retryMs: 300_000 }),
  /**
   * A usage limit counts for the whole account (the CLI and the folder its login lives in, see
   * `agents/account.ts`): one session's limit holds every session of that account, and their
   * queues resume one after another at the reset. False: this preset's sessions hold only for
   * their own limits, and their limits hold no one else.
   */
  sharedLimit: z.boolean({ error: 'must be true or false' }).default(true),
  /**
   * How the agent continues its conversation when Flotilla starts it again after the host ended
   * (a reboot, a crash, `daemon stop`): `withId` when its hooks reported the conversation's id
   * (`{id}` stands for it), else `latest` (the folder's most recent one). Empty: start afresh.
   * A queued prompt's turn cut short by the host's end is picked up by `continueText`, sent
   * first, and the queue goes on; `hold` keeps the queue paused for a person instead.
   */
  resume: z
    .object({
      withId: z.array(z.string().max(200)).max(10).default([]),
      latest: z.array(z.string().max(200)).max(10).default([]),
      continueText: z.string().trim().min(1).max(2000).default('continue'),
      hold: z.boolean().default(false),
    })
    .default({ withId: [], latest: [], continueText: 'continue', hold: false }),
  /**
   * What the agent's tokens cost, for the estimate beside its usage: by model name, the longest
   * key that starts the model's name wins ("claude-sonnet-4" prices "claude-sonnet-4-5").
   */
  prices: z.record(z.string().min(1).max(100), modelPrice).default({}),
  /** Per-session hooks this agent supports (status from the agent itself). */
  hooks: z.enum(['claude', 'codex', 'none']).default('none'),
  builtIn: z.boolean().default(false),
});
export type AgentPreset = z.infer<typeof agentPreset>;
export type AgentPresetInput = z.input<typeof agentPreset>;

export const SHELL_PRESET_ID = 'shell';
