import { fail, ok, type Result } from '../../common/result';
import { runGit } from './git';

/**
 * `git revert` as a new commit, only on a clean tree; a conflict is aborted so the repository
 * is left exactly as it was. Answers with the new commit's hash.
 */
export async function revertCommit(cwd: string, hash: string): Promise<Result<string>> {
  const dirty = await runGit(cwd, ['status', '--porcelain', '--untracked-files=no']);
  if (!dirty.ok) return dirty;
  const changed = dirty.value.split('\n').filter(Boolean).length;
  if (changed) return fail('DIRTY_WORKTREE', `The working tree has uncommitted changes in ${changed} file(s). Commit or stash them first; nothing was changed.`);
  const parents = await runGit(cwd, ['rev-list', '--parents', '-n', '1', hash]);
  if (!parents.ok) return fail('NOT_FOUND', `There is no commit ${hash} here.`);
  if (parents.value.trim().split(' ').length > 2) return fail('BAD_REQUEST', 'Reverting a merge commit needs a choice of parent; do it in a terminal.');
  const result = await runGit(cwd, ['revert', '--no-edit', hash]);
  if (!result.ok) {
    await runGit(cwd, ['revert', '--abort']);
    const conflict = /conflict|could not revert/i.test(result.error.message);
    return fail(conflict ? 'CONFLICT' : 'GIT_FAILED', conflict ? `Reverting ${hash.slice(0, 8)} conflicts with later changes. Nothing was changed.` : result.error.message);
  }
  const head = await runGit(cwd, ['rev-parse', 'HEAD']);
  return head.ok ? ok(head.value.trim()) : head;
}
