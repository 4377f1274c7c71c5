import { existsSync } from 'node:fs';
import { ok, type Result } from '../../common/result';
import { runGit } from './git';

/** A checkout for checks runs none of the repository's hooks (post-checkout would run on every commit). */
const NO_HOOKS = ['-c', 'core.hooksPath=/dev/null'];

/**
 * Puts `commit` in a detached worktree of `repo` at `dir` (kept and reused: dependencies
 * installed there stay), creating it the first time. The project's own working tree, index and
 * stashes are never touched: only git's worktree bookkeeping in its .git changes. Files the
 * commit does not track are removed, ignored ones (node_modules, target/) kept.
 */
export async function checkoutForCheck(repo: string, dir: string, commit: string): Promise<Result<null>> {
  if (!existsSync(dir)) {
    await runGit(repo, ['worktree', 'prune']);
    const added = await runGit(repo, [...NO_HOOKS, 'worktree', 'add', '--detach', '--force', dir, commit]);
    return added.ok ? ok(null) : added;
  }
  const checkout = await runGit(dir, [...NO_HOOKS, 'checkout', '--detach', '--force', commit]);
  if (!checkout.ok) return checkout;
  const clean = await runGit(dir, ['clean', '-fd', '-q']);
  return clean.ok ? ok(null) : clean;
}

/** Removes the check worktree (the project was removed). */
export async function removeCheckWorktree(repo: string, dir: string): Promise<void> {
  await runGit(repo, ['worktree', 'remove', '--force', dir], [0, 128]);
}
