import { simpleGit, type SimpleGit } from 'simple-git';

/** The single entry to git: every verb is a small function over this. */
export function git(cwd: string): SimpleGit {
  return simpleGit({ baseDir: cwd, binary: 'git', maxConcurrentProcesses: 4, trimmed: false });
}
