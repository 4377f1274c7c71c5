import { fail, ok, type Result } from '../../common/result';
import type { CommitDetail, TimelinePage, WorktreeStatus } from '../../common/timeline';
import type { Project } from '../../common/types';
import { initRepo } from '../git/init';
import { logPage } from '../git/log';
import { repoInfo } from '../git/repo-info';
import { revertCommit } from '../git/revert';
import { showCommit } from '../git/show';
import { worktreeStatus } from '../git/worktree-status';
import type { ProjectService } from '../projects/project-service';
import { Emitter, type Disposable } from '../../common/lifecycle';
import { RepoWatcher, type RepoChange } from './repo-watcher';

/** Files edited by an agent do not touch .git: poll the work tree, only while a timeline is open. */
const WORKTREE_POLL_MS = 2000;

export interface TimelineChange {
  projectId: string;
  kind: RepoChange;
}

/** Each project's commit timeline: paged history, commit diffs, live changes, revert, init. */
export class TimelineService implements Disposable {
  private readonly watchers = new Map<string, Promise<RepoWatcher | undefined>>();
  private readonly openCount = new Map<string, number>();
  private readonly lastWorktree = new Map<string, string>();
  private readonly poll: NodeJS.Timeout;
  private readonly changed = new Emitter<TimelineChange>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: Disposable;

  constructor(private readonly projects: ProjectService) {
    this.sync(projects.list());
    this.subscription = projects.onDidChange((list) => this.sync(list));
    this.poll = setInterval(() => void this.pollWorktrees(), WORKTREE_POLL_MS);
    this.poll.unref();
  }

  /** Watches exactly the projects that are git repositories. */
  private sync(list: Project[]): void {
    const wanted = new Set(list.filter((p) => p.isGitRepo).map((p) => p.id));
    for (const [id, watcher] of this.watchers) {
      if (wanted.has(id)) continue;
      this.watchers.delete(id);
      void watcher.then((w) => w?.dispose());
    }
    for (const project of list) {
      if (!wanted.has(project.id) || this.watchers.has(project.id)) continue;
      const started = RepoWatcher.start(project.path).then((w) => {
        w?.onDidChange((kind) => this.changed.fire({ projectId: project.id, kind }));
        return w;
      });
      this.watchers.set(project.id, started);
    }
  }

  /** Whether the project's repository is watched, once its watcher listens: changes from then on are announced. */
  async watching(projectId: string): Promise<boolean> {
    return Boolean(await this.watchers.get(projectId));
  }

  private project(id: string): Result<Project> {
    const project = this.projects.get(id);
    return project ? ok(project) : fail('NOT_FOUND', 'That project is no longer open.');
  }

  async page(projectId: string, skip: number, limit: number): Promise<Result<TimelinePage>> {
    const project = this.project(projectId);
    if (!project.ok) return project;
    const repo = await repoInfo(project.value.path);
    if (!repo.isRepo || repo.empty) return ok({ repo, commits: [], hasMore: false });
    const log = await logPage(project.value.path, skip, limit);
    return log.ok ? ok({ repo, ...log.value }) : log;
  }

  async commit(projectId: string, hash: string): Promise<Result<CommitDetail>> {
    const project = this.project(projectId);
    return project.ok ? showCommit(project.value.path, hash) : project;
  }

  async worktree(projectId: string): Promise<Result<WorktreeStatus>> {
    const project = this.project(projectId);
    return project.ok ? worktreeStatus(project.value.path) : project;
  }

  async revert(projectId: string, hash: string): Promise<Result<string>> {
    const project = this.project(projectId);
    return project.ok ? revertCommit(project.value.path, hash) : project;
  }

  async init(projectId: string): Promise<Result<null>> {
    const project = this.project(projectId);
    if (!project.ok) return project;
    if (project.value.isGitRepo) return fail('BAD_REQUEST', `${project.value.name} is already a git repository.`);
    const result = await initRepo(project.value.path);
    if (!result.ok) return result;
    await this.projects.refresh(projectId);
    return ok(null);
  }

  /** A client shows this project's timeline: keep its uncommitted line fresh. */
  open(projectId: string): void {
    this.openCount.set(projectId, (this.openCount.get(projectId) ?? 0) + 1);
  }

  close(projectId: string): void {
    const n = (this.openCount.get(projectId) ?? 0) - 1;
    if (n > 0) this.openCount.set(projectId, n);
    else {
      this.openCount.delete(projectId);
      this.lastWorktree.delete(projectId);
    }
  }

  private async pollWorktrees(): Promise<void> {
    for (const projectId of this.openCount.keys()) {
      const status = await this.worktree(projectId);
      if (!status.ok) continue;
      const key = JSON.stringify(status.value);
      const before = this.lastWorktree.get(projectId);
      this.lastWorktree.set(projectId, key);
      // The first poll announces too: what changed before it has not been seen by anyone yet.
      if (before !== key) this.changed.fire({ projectId, kind: 'worktree' });
    }
  }

  dispose(): void {
    clearInterval(this.poll);
    this.subscription.dispose();
    for (const watcher of this.watchers.values()) void watcher.then((w) => w?.dispose());
    this.watchers.clear();
    this.changed.dispose();
  }
}
