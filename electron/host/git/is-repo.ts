import { git } from './git';

/** True when the folder is inside a git work tree; false for plain folders and on any git failure. */
export async function isGitRepo(path: string): Promise<boolean> {
  try {
    return await git(path).checkIsRepo();
  } catch {
    return false;
  }
}
