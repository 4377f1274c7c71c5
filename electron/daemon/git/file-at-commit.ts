import { runGit } from './git';

/**
 * A file as `commit` tracks it, from git's objects (no filter, no checkout), or null when the
 * commit has no such file.
 */
export async function fileAtCommit(repo: string, commit: string, path: string): Promise<string | null> {
  const out = await runGit(repo, ['cat-file', 'blob', `${commit}:${path}`], [0, 128]);
  return out.ok && out.value.exitCode === 0 ? out.value.stdout : null;
}
