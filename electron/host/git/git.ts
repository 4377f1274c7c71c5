import { simpleGit, type SimpleGit } from 'simple-git';
import { fail, ok, type Result } from '../../common/result';

/**
 * Programs git could start (editors, pagers, prompts) are never wanted here, and simple-git's
 * guards refuse them and any GIT_* variable not explicitly allowed.
 */
const DROPPED = /^(GIT_.*|EDITOR|VISUAL|PAGER|SSH_ASKPASS)$/;
/** No optional locks, so the timeline never fights an agent for index.lock; no credential prompts. */
const OWN = { GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' };

function gitEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !DROPPED.test(k)) env[k] = v;
  return { ...env, ...OWN, LC_ALL: 'C' }; // C locale, so git's messages can be matched
}

/** The single entry to git: every verb is a small function over this. */
export function git(cwd: string): SimpleGit {
  return simpleGit({ baseDir: cwd, binary: 'git', maxConcurrentProcesses: 4, trimmed: false, allowEnvironment: Object.keys(OWN) }).env(gitEnv());
}

/** Runs `git args` in cwd; failures become error values with git's own words. */
export async function runGit(cwd: string, args: string[]): Promise<Result<string>> {
  try {
    return ok(await git(cwd).raw(args));
  } catch (e) {
    const message = ((e as Error).message || String(e)).trim();
    if (/not a git repository/i.test(message)) return fail('NOT_A_REPO', `${cwd} is not a git repository.`);
    return fail('GIT_FAILED', `git ${args[0]} failed: ${message.split('\n').slice(0, 6).join(' ')}`);
  }
}
