import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { gitDirs } from '../git/git-dirs';
import { Emitter, type Disposable } from '../../common/lifecycle';

export type RepoChange = 'history' | 'worktree';

/** Coalesce a burst of file events (a commit touches several files) into one. */
const DEBOUNCE_MS = 40;

/**
 * Watches a repository's git data, not its files: HEAD, refs, packed-refs and the HEAD reflog
 * change with every commit, amend, reset, rebase or checkout; the index with every stage.
 * A handful of inotify watches per repository, no polling.
 */
export class RepoWatcher implements Disposable {
  private readonly watchers: FSWatcher[] = [];
  private readonly timers = new Map<RepoChange, NodeJS.Timeout>();
  private readonly changed = new Emitter<RepoChange>();
  readonly onDidChange = this.changed.event;
  private disposed = false;

  private constructor() {}

  /** Resolves once the watches are in place (fs.watch sets them up before it returns). */
  static async start(cwd: string): Promise<RepoWatcher | undefined> {
    const dirs = await gitDirs(cwd);
    if (!dirs.ok) return undefined;
    const watcher = new RepoWatcher();
    const { gitDir, commonDir } = dirs.value;
    watcher.watch(gitDir, false);
    watcher.watch(join(gitDir, 'logs'), false);
    if (commonDir !== gitDir) watcher.watch(commonDir, false);
    watcher.watch(join(commonDir, 'refs'), true);
    return watcher;
  }

  private watch(dir: string, recursive: boolean): void {
    if (!existsSync(dir)) return;
    try {
      const w = watch(dir, { recursive, persistent: false }, (_event, file) => {
        const name = String(file ?? '');
        if (name.endsWith('.lock')) return;
        this.fire(name === 'index' ? 'worktree' : 'history');
      });
      w.on('error', () => w.close());
      this.watchers.push(w);
    } catch {
      // A folder that vanished between the check and the watch: nothing to watch there.
    }
  }

  private fire(kind: RepoChange): void {
    if (this.disposed || this.timers.has(kind)) return;
    this.timers.set(
      kind,
      setTimeout(() => {
        this.timers.delete(kind);
        if (kind === 'history') this.changed.fire('worktree'); // a commit also changes what is uncommitted
        this.changed.fire(kind);
      }, DEBOUNCE_MS),
    );
  }

  dispose(): void {
    this.disposed = true;
    this.watchers.forEach((w) => w.close());
    this.timers.forEach((t) => clearTimeout(t));
    this.changed.dispose();
  }
}
