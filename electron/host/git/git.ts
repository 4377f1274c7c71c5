import { GitError, simpleGit, type SimpleGit } from 'simple-git';
import { fail, ok, type Result } from '../../common/result';

/**
 * Programs git could start (editors, pagers, prompts) are never wanted here, and simple-git's
 * guards refuse them and any GIT_* variable not explicitly allowed.
 */
const DROPPED = /^(GIT_.*|EDITOR|VISUAL|PAGER|SSH_ASKPASS)$/;
/** No optional locks, so the timeline never fights an agent for index.lock; no credential prompts. */
const OWN = { GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' };
/**
 * A repository's own config can name programs git then runs by itself: an fsmonitor hook on
 * every status, textconv and external diff drivers on every diff. Flotilla reads any folder a
 * person adds, so none runs: fsmonitor is off here, and the diff verbs pass --no-textconv and
 * --no-ext-diff.
 */
const SAFE_CONFIG = ['core.fsmonitor=false'];

function gitEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !DROPPED.test(k)) env[k] = v;
  return { ...env, ...OWN, LC_ALL: 'C' };
}

/**
 * A git process that exited with a code other than 0, with what it printed. A GitError, because
 * simple-git passes those through as they are (anything else it wraps, losing the code).
 */
class GitExit extends GitError {
  constructor(
    readonly exitCode: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(undefined, stderr.trim() || `git exited with code ${exitCode}`);
  }
}

/** One simple-git per repository, so its process limit holds per repository (GitHub Desktop keeps one queue each). */
const instances = new Map<string, SimpleGit>();
const MAX_INSTANCES = 64;

function instance(cwd: string): SimpleGit {
  let git = instances.get(cwd);
  if (git) {
    instances.delete(cwd); // most recently used last
  } else {
    git = simpleGit({
      baseDir: cwd,
      binary: 'git',
      maxConcurrentProcesses: 4,
      trimmed: false,
      config: SAFE_CONFIG,
      // simple-git guards any core.fsmonitor and core.hooksPath setting; ours turn them off
      // (fsmonitor everywhere; hooks for the checks' checkouts, check-worktree.ts).
      unsafe: { allowUnsafeFsMonitor: true, allowUnsafeHooksPath: true },
      allowEnvironment: Object.keys(OWN),
      // Every exit but 0 is an error carrying its code: simple-git alone reports a silent
      // non-zero exit (rev-parse -q, symbolic-ref -q) as an empty success.
      errors: (error, result) => {
        if (result.exitCode === 0) return undefined;
        const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');
        return new GitExit(result.exitCode, text(result.stdOut), text(result.stdErr) || (error instanceof Error ? error.message : ''));
      },
    }).env(gitEnv());
    if (instances.size >= MAX_INSTANCES) instances.delete(instances.keys().next().value!);
  }
  instances.set(cwd, git);
  return git;
}

export interface GitOutput {
  stdout: string;
  exitCode: number;
}

/**
 * The single entry to git: every verb is a small function over this. Exit codes in
 * `okExitCodes` are answers the verb reads (`rev-parse --verify -q` says "no such commit" with
 * 1); any other exit is a GIT_FAILED value with git's own first lines.
 */
export async function runGit(cwd: string, args: string[], okExitCodes: readonly number[] = [0]): Promise<Result<GitOutput>> {
  try {
    const stdout = await instance(cwd).raw(args);
    return ok({ stdout, exitCode: 0 });
  } catch (e) {
    if (e instanceof GitExit && okExitCodes.includes(e.exitCode)) return ok({ stdout: e.stdout, exitCode: e.exitCode });
    const message = ((e as Error).message || String(e)).trim().split('\n').slice(0, 6).join(' ');
    const code = e instanceof GitExit ? ` (exit ${e.exitCode})` : '';
    return fail('GIT_FAILED', `git ${args[0]} failed${code}: ${message}`);
  }
}

/** stdout of a git command that must exit 0. */
export async function gitText(cwd: string, args: string[]): Promise<Result<string>> {
  const out = await runGit(cwd, args);
  return out.ok ? ok(out.value.stdout) : out;
}

/** A full commit id for `rev` if it names a commit here, else null (git exits 1: no such commit). */
export async function commitId(cwd: string, rev: string): Promise<Result<string | null>> {
  const out = await runGit(cwd, ['rev-parse', '--verify', '-q', '--end-of-options', `${rev}^{commit}`], [0, 1]);
  if (!out.ok) return out;
  return ok(out.value.exitCode === 0 ? out.value.stdout.trim() : null);
}
