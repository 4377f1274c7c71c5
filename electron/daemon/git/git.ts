import { GitError, simpleGit, type SimpleGit } from 'simple-git';
import { fail, ok, type Result } from '../../common/result';

/**
 * Programs git could start (editors, pagers, prompts) are never wanted here, and simple-git's
 * guards refuse them and any GIT_* variable not explicitly allowed.
 */
const DROPPED = /^(GIT_.*|EDITOR|VISUAL|PAGER|SSH_ASKPASS)$/;
/** No optional locks, so the timeline never fights an agent for index.lock; no credential prompts. */
const OWN = { GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' };
/** The values overrides set (by variable name for --config-env): an empty program, a transport refused. */
const VALUES = { FLOTILLA_GIT_EMPTY: '', FLOTILLA_GIT_NEVER: 'never' };
/**
 * A repository's own config can name programs git then runs by itself: an fsmonitor hook on
 * every status, textconv and external diff drivers on every diff. Flotilla reads any folder a
 * person adds, so none runs: fsmonitor is off for every call, and the diff verbs pass
 * --no-textconv and --no-ext-diff. The rest is off for Flotilla's own calls (OWN_CALLS_OFF).
 */
const SAFE_CONFIG = ['core.fsmonitor=false'];
/**
 * Off for Flotilla's own calls: signature checks (gpg.program, via log.showSignature), a
 * submodule's own diff and checkout (its config is never read here), and every transport, so
 * a partial clone's lazy fetch starts no configured upload-pack, ssh command or ext:: URL.
 */
const OWN_CALLS_OFF = [
  'log.showSignature=false',
  'diff.submodule=short',
  'submodule.recurse=false',
  'protocol.allow=never',
];
/**
 * Settings the config holds per name, overridden for every name it configures: each filter
 * driver's programs emptied and `required` false (git would fail without them), and each
 * transport given its own policy refused. The index holds clean content, so no read needs a filter.
 */
const PER_NAME = new Map<string, Record<string, keyof typeof VALUES>>([
  [
    'filter',
    {
      clean: 'FLOTILLA_GIT_EMPTY',
      smudge: 'FLOTILLA_GIT_EMPTY',
      process: 'FLOTILLA_GIT_EMPTY',
      required: 'FLOTILLA_GIT_EMPTY',
    },
  ],
  ['protocol', { allow: 'FLOTILLA_GIT_NEVER' }],
]);

function gitEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !DROPPED.test(k)) env[k] = v;
  return { ...env, ...OWN, ...VALUES, LC_ALL: 'C' };
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
      // simple-git guards any fsmonitor, hooksPath, filter and protocol setting; ours turn them
      // off (hooks for the checks' checkouts, check-worktree.ts).
      unsafe: {
        allowUnsafeFsMonitor: true,
        allowUnsafeHooksPath: true,
        allowUnsafeFilter: true,
        allowUnsafeProtocolOverride: true,
      },
      allowEnvironment: Object.keys(OWN),
      // Every exit but 0 is an error carrying its code: simple-git alone reports a silent
      // non-zero exit (rev-parse -q, symbolic-ref -q) as an empty success.
      errors: (error, result) => {
        if (result.exitCode === 0) return undefined;
        const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');
        return new GitExit(
          result.exitCode,
          text(result.stdOut),
          text(result.stdErr) || (error instanceof Error ? error.message : ''),
        );
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

export interface GitCallOptions {
  /**
   * The person asked for this very verb (a revert): it runs as their own git would, the
   * repository's filters and lazy fetches included (a revert must write real file contents).
   */
  requested?: boolean;
}

/**
 * The single entry to git: every verb is a small function over this. Exit codes in
 * `okExitCodes` are answers the verb reads (`rev-parse --verify -q` says "no such commit" with
 * 1); any other exit is a GIT_FAILED value with git's own first lines.
 */
export async function runGit(
  cwd: string,
  args: string[],
  okExitCodes: readonly number[] = [0],
  options: GitCallOptions = {},
): Promise<Result<GitOutput>> {
  const off = options.requested ? ok([]) : await programsOff(cwd);
  return off.ok ? run(cwd, args, okExitCodes, off.value) : off;
}

/**
 * Arguments that turn off, for one call, every program git could start from config on
 * Flotilla's own calls. The config is read each time, not cached on .git/config's time: files
 * it includes (even by branch) change without it, and the read is one short process.
 */
async function programsOff(cwd: string): Promise<Result<string[]>> {
  const keys = await run(cwd, ['config', '--list', '--name-only', '-z'], [0]);
  if (!keys.ok) return keys;
  return ok([...OWN_CALLS_OFF.flatMap((setting) => ['-c', setting]), ...perNameOff(keys.value.stdout.split('\0'))]);
}

/**
 * Each override as -c, which any git takes; a name holding "=", where -c would split the
 * setting, through --config-env (git 2.31 on).
 */
function perNameOff(keys: string[]): string[] {
  const settings = new Map<string, keyof typeof VALUES>();
  for (const key of keys) {
    const [first, last] = [key.indexOf('.'), key.lastIndexOf('.')];
    const vars = PER_NAME.get(key.slice(0, first));
    if (!vars || first === last) continue;
    for (const [name, value] of Object.entries(vars)) settings.set(`${key.slice(0, last)}.${name}`, value);
  }
  return [...settings].flatMap(([setting, value]) =>
    setting.includes('=') ? [`--config-env=${setting}=${value}`] : ['-c', `${setting}=${VALUES[value]}`],
  );
}

async function run(
  cwd: string,
  args: string[],
  okExitCodes: readonly number[],
  prefix: string[] = [],
): Promise<Result<GitOutput>> {
  try {
    const stdout = await instance(cwd).raw([...prefix, ...args]);
    return ok({ stdout, exitCode: 0 });
  } catch (e) {
    if (e instanceof GitExit && okExitCodes.includes(e.exitCode)) return ok({ stdout: e.stdout, exitCode: e.exitCode });
    const message = ((e as Error).message || String(e)).trim().split('\n').slice(0, 6).join(' ');
    const code = e instanceof GitExit ? ` (exit ${e.exitCode})` : '';
    const verb = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '-c') ?? 'git';
    return fail('GIT_FAILED', `git ${verb} failed${code}: ${message}`);
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
