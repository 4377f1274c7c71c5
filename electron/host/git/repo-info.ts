import type { RepoInfo } from '../../common/timeline';
import { runGit } from './git';

export async function repoInfo(cwd: string): Promise<RepoInfo> {
  const inside = await runGit(cwd, ['rev-parse', '--is-inside-work-tree', '--is-shallow-repository']);
  if (!inside.ok) return { isRepo: false, empty: false, branch: null, head: null, detached: false, shallow: false };
  const [, shallow] = inside.value.trim().split('\n');
  // With -q these exit non-zero but silently, which simple-git reports as an empty success.
  const [branchOut, headOut] = await Promise.all([runGit(cwd, ['symbolic-ref', '-q', '--short', 'HEAD']), runGit(cwd, ['rev-parse', '-q', '--verify', 'HEAD'])]);
  const branch = (branchOut.ok && branchOut.value.trim()) || null;
  const head = (headOut.ok && headOut.value.trim()) || null;
  return { isRepo: true, empty: !head, branch, head, detached: !branch, shallow: shallow === 'true' };
}
