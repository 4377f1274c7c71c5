/** The commit timeline's types, shared by the host and the renderer. */

export interface RepoInfo {
  isRepo: boolean;
  /** A repository with no commits yet. */
  empty: boolean;
  branch: string | null;
  head: string | null;
  detached: boolean;
  shallow: boolean;
}

export interface CommitSummary {
  hash: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  /** Author time, ms since the epoch. */
  time: number;
  subject: string;
  /** Decorations: "HEAD -> main", "tag: v1", "origin/main". */
  refs: string[];
  filesChanged: number;
  added: number;
  removed: number;
}

export interface TimelinePage {
  repo: RepoInfo;
  commits: CommitSummary[];
  hasMore: boolean;
}

export interface CommitFile {
  path: string;
  /** null for binary files. */
  added: number | null;
  removed: number | null;
  binary: boolean;
}

export interface CommitDetail {
  hash: string;
  subject: string;
  body: string;
  authorName: string;
  time: number;
  isMerge: boolean;
  files: CommitFile[];
  /** Unified diff, cut at a size limit (truncated says so). */
  patch: string;
  truncated: boolean;
}

export interface WorktreeStatus {
  /** Changed tracked files (staged or not). */
  files: number;
  untracked: number;
  conflicted: number;
  added: number;
  removed: number;
}
