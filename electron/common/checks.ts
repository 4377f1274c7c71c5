/** The verification lane's types (issue 14), shared by the host and the renderer. */
import { z } from 'zod';

export const checkConfigSchema = z
  .object({
    /** A command line (split into argv, no shell); empty = no check. */
    command: z.string().max(2000),
    enabled: z.boolean(),
    /** A run longer than this is ended (its whole process group). */
    timeoutS: z.number().int().min(1).max(24 * 3600),
    /** Queue a fix prompt by itself when a commit fails (once per commit). */
    autoFix: z.boolean(),
  })
  .strict();
export type CheckConfigInput = z.infer<typeof checkConfigSchema>;

export interface CheckConfig extends CheckConfigInput {
  /** What detection found in the project folder when it was added (null: nothing). */
  detected: string | null;
}

/**
 * queued → running → passed | failed | timed-out | canceled | error; skipped when a newer commit
 * came before it started.
 */
export type CheckState = 'queued' | 'running' | 'passed' | 'failed' | 'timed-out' | 'canceled' | 'skipped' | 'error';

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
export function fixPrompt(run: Pick<CheckRun, 'command' | 'commit' | 'subject' | 'exitCode' | 'state'>, tail: string[]): string {
  const how = run.state === 'timed-out' ? 'timed out' : `failed${run.exitCode !== null ? ` (exit ${run.exitCode})` : ''}`;
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
