import { fail, ok, type Result } from '../../common/result';
import { commitId, gitText, runGit } from './git';

/** The work tree as the revert sees it, the revert, and its abort: the person's own git, filters included. */
const ASKED = { requested: true };

/**
 * `git revert` as a new commit, only on a clean tree; a conflict is aborted so the repository
 * is left exactly as it was. `hash` is a full commit id (the timeline's), checked to name that
 * very commit, so a branch or tag named like it never wins. Answers with the new commit's hash.
 */
export async function revertCommit(cwd: string, hash: string): Promise<Result<string>> {
  const dirty = await runGit(cwd, ['status', '--porcelain', '--untracked-files=no'], [0], ASKED);
  if (!dirty.ok) return dirty;
  const changed = dirty.value.stdout.split('\n').filter(Boolean).length;
  if (changed)
    return fail(
      'DIRTY_WORKTREE',
      `The working tree has uncommitted changes in ${changed} file(s). Commit or stash them first; nothing was changed.`,
    );
  const id = await commitId(cwd, hash);
  if (!id.ok) return id;
  if (id.value !== hash) return fail('NOT_FOUND', `There is no commit ${hash} here.`);
  const parents = await gitText(cwd, ['rev-list', '--parents', '-n', '1', hash]);
  if (!parents.ok) return parents;
  if (parents.value.trim().split(' ').length > 2)
    return fail('BAD_REQUEST', 'Reverting a merge commit needs a choice of parent; do it in a terminal.');
  // Exit 1: the revert stopped on a conflict; anything else is a failure of its own.
  const result = await runGit(cwd, ['revert', '--no-edit', hash], [0, 1], ASKED);
  if (!result.ok || result.value.exitCode === 1) {
    await runGit(cwd, ['revert', '--abort'], [0, 128], ASKED);
    return result.ok
      ? fail('CONFLICT', `Reverting ${hash.slice(0, 8)} conflicts with later changes. Nothing was changed.`)
      : result;
  }
  const head = await gitText(cwd, ['rev-parse', 'HEAD']);
  return head.ok ? ok(head.value.trim()) : head;
}
