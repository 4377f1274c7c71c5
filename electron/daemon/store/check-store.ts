import type { CheckRun } from '../../common/checks';
import type { Database } from './database';
import { SettingsStore } from './settings-store';

const COLUMNS = `id, project_id AS projectId, commit_hash AS "commit", subject, command, state, exit_code AS exitCode, reason,
  created_at AS createdAt, started_at AS startedAt, ended_at AS endedAt, failing_lines AS failingLines, fix_queued AS fixQueued`;

type Row = Omit<CheckRun, 'failingLines' | 'fixQueued'> & { failingLines: string; fixQueued: number };
const toRun = (r: Row): CheckRun => ({
  ...r,
  failingLines: JSON.parse(r.failingLines) as string[],
  fixQueued: r.fixQueued === 1,
});

/** The setting: how many finished runs (each with up to 1 MB of log) each project keeps. */
export const KEEP_RUNS_SETTING = 'checks.keepRuns';
const KEEP_RUNS_DEFAULT = 200;

/**
 * Check runs and their logs: written as they change, so a restart keeps every result. A run
 * that ends makes its project's oldest finished runs beyond the setting go.
 */
export class CheckStore {
  private readonly settings: SettingsStore;

  constructor(private readonly db: Database) {
    this.settings = new SettingsStore(db);
  }

  save(run: CheckRun, log?: string): void {
    this.db
      .prepare(
        `INSERT INTO check_runs (id, project_id, commit_hash, subject, command, state, exit_code, reason, created_at, started_at, ended_at, failing_lines, fix_queued)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET state = excluded.state, exit_code = excluded.exit_code, reason = excluded.reason,
           started_at = excluded.started_at, ended_at = excluded.ended_at, failing_lines = excluded.failing_lines, fix_queued = excluded.fix_queued`,
      )
      .run(
        run.id,
        run.projectId,
        run.commit,
        run.subject,
        run.command,
        run.state,
        run.exitCode,
        run.reason,
        run.createdAt,
        run.startedAt,
        run.endedAt,
        JSON.stringify(run.failingLines),
        run.fixQueued ? 1 : 0,
      );
    if (log !== undefined) this.db.prepare('UPDATE check_runs SET log = ? WHERE id = ?').run(log, run.id);
    if (run.endedAt !== null) this.prune(run.projectId);
  }

  private prune(projectId: string): void {
    const keep = this.settings.positiveInteger(KEEP_RUNS_SETTING) ?? KEEP_RUNS_DEFAULT;
    this.db
      .prepare(
        `DELETE FROM check_runs WHERE project_id = ? AND ended_at IS NOT NULL AND id NOT IN
           (SELECT id FROM check_runs WHERE project_id = ? AND ended_at IS NOT NULL ORDER BY created_at DESC, rowid DESC LIMIT ?)`,
      )
      .run(projectId, projectId, keep);
  }

  get(id: string): CheckRun | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM check_runs WHERE id = ?`).get(id) as Row | undefined;
    return row && toRun(row);
  }

  /** Newest first. */
  list(projectId: string, limit: number): CheckRun[] {
    return (
      this.db
        .prepare(`SELECT ${COLUMNS} FROM check_runs WHERE project_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`)
        .all(projectId, limit) as unknown as Row[]
    ).map(toRun);
  }

  log(id: string): string | undefined {
    return (this.db.prepare('SELECT log FROM check_runs WHERE id = ?').get(id) as { log: string } | undefined)?.log;
  }

  /** Runs a stopped host left unfinished. */
  unfinished(): CheckRun[] {
    return (
      this.db
        .prepare(`SELECT ${COLUMNS} FROM check_runs WHERE state IN ('queued', 'running')`)
        .all() as unknown as Row[]
    ).map(toRun);
  }
}
