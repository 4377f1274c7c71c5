import { ok, type Result } from '../../common/result';
import type { WorktreeStatus } from '../../common/timeline';
import { gitText } from './git';

/**
 * A submodule counts when its commit moved, not for edits inside it: looking inside runs git in
 * the submodule, under its own config, whose filters are never read here (git.ts).
 */
const SUBMODULES = '--ignore-submodules=dirty';

/** Uncommitted work: changed, untracked and conflicted files, and +/− against HEAD. */
export async function worktreeStatus(cwd: string): Promise<Result<WorktreeStatus>> {
  const status = await gitText(cwd, ['status', '--porcelain=v1', '-z', '--untracked-files=normal', SUBMODULES]);
  if (!status.ok) return status;
  const entries = status.value.split('\0').filter(Boolean);
  let files = 0;
  let untracked = 0;
  let conflicted = 0;
  for (let i = 0; i < entries.length; i++) {
    const code = entries[i].slice(0, 2);
    if (code === '??') untracked++;
    else {
      files++;
      if (/U|AA|DD/.test(code)) conflicted++;
      if (code[0] === 'R' || code[0] === 'C') i++; // renames carry the old path as the next entry
    }
  }
  let added = 0;
  let removed = 0;
  const diff = await gitText(cwd, ['diff', '--numstat', '--no-textconv', '--no-ext-diff', SUBMODULES, 'HEAD', '--']);
  if (diff.ok) {
    for (const line of diff.value.split('\n')) {
      const m = /^(\d+)\t(\d+)\t/.exec(line);
      if (m) {
        added += Number(m[1]);
        removed += Number(m[2]);
      }
    }
  }
  return ok({ files, untracked, conflicted, added, removed });
}
