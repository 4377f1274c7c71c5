/** The verification lane's types (issue 14), shared by the host and the renderer. */
import { z } from 'zod';

/** Names of variables a check may get from the login environment besides PATH, HOME, LANG and TERM. */
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'is not a variable name')
  .refine((name) => !name.startsWith('FLOTILLA_'), 'FLOTILLA_ variables never reach a check');

export const checkConfigSchema = z
  .object({
    /** A command line (split into argv, no shell); empty = no check. */
    command: z.string().max(2000),
    /** The person's switch; a check also runs only once what it runs was allowed (`allowed`). */
    enabled: z.boolean(),
    /** A run longer than this is ended (its whole process group). */
    timeoutS: z
      .number()
      .int()
      .min(1)
      .max(24 * 3600),
    /** Queue a fix prompt by itself when a commit fails (once per commit). */
    autoFix: z.boolean(),
    /** Variables passed on from the login environment (API keys the tests need, say). */
    env: z.array(envName).max(50).default([]),
  })
  .strict();
export type CheckConfigInput = z.input<typeof checkConfigSchema>;

/**
 * What a check command really runs at one commit: the command, and the text of what it expands to
 * there (a package.json script's body, the Makefile's recipe, a script file the command names).
 * Its fingerprint is what a person allows; a commit that changes it asks again.
 */
export interface CheckPlan {
  command: string;
  /** The commit it was read at. */
  commit: string;
  /** Each thing the command runs from the repository, as a person reads it. */
  parts: { source: string; text: string }[];
  fingerprint: string;
}

/** What the person allowed: this plan's fingerprint, for new commits on this branch. */
export interface CheckAllowance {
  fingerprint: string;
  branch: string;
  at: number;
}

export interface CheckConfig extends z.output<typeof checkConfigSchema> {
  /** What detection found in the project folder when it was added (null: nothing). */
  detected: string | null;
  allowed: CheckAllowance | null;
  /** "Not now" to the proposal: it is not offered again until what it runs changes. */
  declined: string | null;
}

const DEFAULT_TIMEOUT_S = 600;

/**
 * Settings as saved, read back: a field that is missing (older Flotillas saved fewer) or not valid
 * gets its default, and the defaults run and allow nothing.
 */
const savedConfigSchema = z.object({
  command: checkConfigSchema.shape.command.catch(''),
  enabled: z.boolean().catch(false),
  timeoutS: checkConfigSchema.shape.timeoutS.catch(DEFAULT_TIMEOUT_S),
  autoFix: z.boolean().catch(false),
  env: checkConfigSchema.shape.env.catch([]),
  detected: z.string().nullable().catch(null),
  allowed: z.object({ fingerprint: z.string(), branch: z.string(), at: z.number() }).nullable().catch(null),
  declined: z.string().nullable().catch(null),
});

/** A project's check settings from a saved value of any shape (not an object: all defaults). */
export function checkConfigOf(saved: unknown): CheckConfig {
  const parsed = savedConfigSchema.safeParse(saved);
  return parsed.success ? parsed.data : savedConfigSchema.parse({});
}

/**
 * off: no command or switched off; proposed: a command waits for the person's yes; allowed: new
 * commits on the branch are checked; changed: what it runs is not what was allowed (asks again).
 */
export type CheckTrust = 'off' | 'proposed' | 'allowed' | 'changed';

/** A project's check as the window and the CLI show it. */
export interface CheckSetup {
  projectId: string;
  config: CheckConfig;
  trust: CheckTrust;
  /** What it would run now (at the watched branch's tip, else HEAD); null without a command or commit. */
  plan: CheckPlan | null;
  /** The newest commit the lane has looked at: commits after it are new. */
  since: string | null;
}

/**
 * queued → running → passed | failed | timed-out | canceled | error; skipped when a newer commit
 * came before it started; held when what it runs changed since the person allowed it (allowing it
 * then checks that commit in a new run).
 */
export type CheckState =
  'queued' | 'running' | 'passed' | 'failed' | 'timed-out' | 'canceled' | 'skipped' | 'held' | 'error';

export interface CheckRun {
  id: string;
  projectId: string;
  /** Full commit id. */
  commit: string;
  subject: string;
  command: string;
  state: CheckState;
  exitCode: number | null;
  /** Why it ended that way, in words (time-out, cancel, could not start, superseded). */
  reason: string | null;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  /** The log's last lines that look like the failure (ANSI removed), for notices and fix prompts. */
  failingLines: string[];
  /** A fix prompt was queued for this run (by a person or by itself). */
  fixQueued: boolean;
}

export const isFinished = (state: CheckState): boolean => state !== 'queued' && state !== 'running';

const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

const FAILURE = /\b(fail(ed|ure|ing)?|error|exception|assert(ion)?|panic(ked)?|expected|traceback)\b|✗|×|✘/i;

/** The lines of a log that say what failed: the last ones that look like failures, else its end. */
export function failingLines(log: string, max = 12): string[] {
  const lines = stripAnsi(log)
    .split(/\r?\n|\r/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim());
  const failing = lines.filter((l) => FAILURE.test(l));
  return (failing.length ? failing : lines).slice(-max);
}

/** The prompt "Queue a fix" offers (editable before it is queued). */
export function fixPrompt(
  run: Pick<CheckRun, 'command' | 'commit' | 'subject' | 'exitCode' | 'state'>,
  tail: string[],
): string {
  const how =
    run.state === 'timed-out' ? 'timed out' : `failed${run.exitCode !== null ? ` (exit ${run.exitCode})` : ''}`;
  return [
    `The check \`${run.command}\` ${how} on commit ${run.commit.slice(0, 12)} ("${run.subject}").`,
    'Find the cause, fix it, run the check again, and commit the fix.',
    '',
    'The end of its output:',
    '```',
    ...tail,
    '```',
  ].join('\n');
}
