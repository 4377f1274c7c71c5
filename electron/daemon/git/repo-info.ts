import type { RepoInfo } from '../../common/timeline';
import { runGit } from './git';

const NOT_A_REPO: RepoInfo = { isRepo: false, empty: false, branch: null, head: null, detached: false, shallow: false };

/** Whether `cwd` is in a work tree, and its branch and HEAD; git says "not a repository" with exit 128. */
export async function repoInfo(cwd: string): Promise<RepoInfo> {
  const inside = await runGit(cwd, ['rev-parse', '--is-inside-work-tree', '--is-shallow-repository'], [0, 128]);
  if (!inside.ok || inside.value.exitCode === 128) return NOT_A_REPO;
  const [inWorkTree, shallow] = inside.value.stdout.trim().split('\n');
  if (inWorkTree !== 'true') return NOT_A_REPO; // inside .git itself
  // Exit 1 from each is an answer: HEAD is detached / there is no commit yet.
  const [branch, head] = await Promise.all([
    runGit(cwd, ['symbolic-ref', '-q', '--short', 'HEAD'], [0, 1]),
    runGit(cwd, ['rev-parse', '-q', '--verify', 'HEAD'], [0, 1]),
  ]);
  const value = (r: typeof branch) => (r.ok && r.value.exitCode === 0 && r.value.stdout.trim()) || null;
  return {
    isRepo: true,
    empty: !value(head),
    branch: value(branch),
    head: value(head),
    detached: !value(branch),
    shallow: shallow === 'true',
  };
}
