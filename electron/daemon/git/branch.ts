import { ok, type Result } from '../../common/result';
import { commitId, runGit } from './git';

/** The branch HEAD is on (`main`), or null when HEAD is detached. */
export async function currentBranch(repo: string): Promise<Result<string | null>> {
  const out = await runGit(repo, ['symbolic-ref', '-q', '--short', 'HEAD'], [0, 1]);
  if (!out.ok) return out;
  return ok(out.value.exitCode === 0 ? out.value.stdout.trim() : null);
}

/** The commit a local branch points at, or null when there is no such branch. */
export function branchTip(repo: string, branch: string): Promise<Result<string | null>> {
  return commitId(repo, `refs/heads/${branch}`);
}

/** Whether `ancestor` is `commit` or comes before it in its history. */
export async function isAncestor(repo: string, ancestor: string, commit: string): Promise<Result<boolean>> {
  const out = await runGit(repo, ['merge-base', '--is-ancestor', ancestor, commit], [0, 1]);
  return out.ok ? ok(out.value.exitCode === 0) : out;
}

/** How the branch last moved, in its reflog's words ("commit: …", "reset: moving to …"); null without a reflog. */
export async function lastMove(repo: string, branch: string): Promise<string | null> {
  const out = await runGit(repo, ['reflog', 'show', '-n', '1', '--format=%gs', `refs/heads/${branch}`, '--'], [0, 128]);
  return out.ok && out.value.exitCode === 0 ? out.value.stdout.trim() || null : null;
}
