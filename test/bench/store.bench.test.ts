import { DatabaseSync } from 'node:sqlite';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { it, vi } from 'vitest';
import { openDatabase } from '../../electron/daemon/store/database';
import { removeDir, startHost, tempDir, unwrap } from '../helpers/host-harness';
import { median, round } from './harness';
import { recordFigures } from './results';

const ADDS = Number(process.env.BENCH_ADDS ?? 200);

/** The queue's writes with their sync at commit (the product) or, for comparison, without it. */
const sync = vi.hoisted(() => ({ full: true }));
vi.mock('../../electron/daemon/store/database', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../electron/daemon/store/database')>();
  return {
    ...real,
    commitDurably: (db: DatabaseSync, write: () => void) => {
      return sync.full ? real.commitDurably(db, write) : real.inTransaction(db, write);
    },
  };
});

/**
 * What an acknowledged prompt's durability costs: `queue.add` round trips (a protocol client of
 * a real host, one after another) with the queue's commits at synchronous=FULL against NORMAL,
 * alternated twice each way in one run.
 */
it(`store: ${ADDS} queue.add round trips, FULL vs NORMAL`, { timeout: 300_000 }, async () => {
  const h = await startHost();
  const projectDir = tempDir();
  try {
    const client = h.connect();
    const project = unwrap(await client.request('projects.add', { path: projectDir }));
    const perAdd: Record<'full' | 'normal', number[]> = { full: [], normal: [] };
    for (const mode of ['full', 'normal', 'full', 'normal'] as const) {
      // A queue of its own each time: every queue.changed carries the whole queue.
      const sessionId = unwrap(
        await client.request('sessions.start', { projectId: project.id, command: 'sleep 600' }),
      ).id;
      unwrap(await client.request('queue.pause', { sessionId }));
      sync.full = mode === 'full';
      for (let i = 0; i < ADDS; i++) {
        const t0 = performance.now();
        unwrap(await client.request('queue.add', { sessionIds: [sessionId], text: `prompt ${i}` }));
        perAdd[mode].push(performance.now() - t0);
      }
    }
    const full = median(perAdd.full);
    const normal = median(perAdd.normal);
    recordFigures('queueDurability', {
      adds: ADDS * 2,
      fullMedianMs: round(full),
      normalMedianMs: round(normal),
      fullRatioToNormal: round(full / normal, 1),
    });
  } finally {
    sync.full = true;
    await h.close();
    removeDir(h.dataDir);
    removeDir(projectDir);
  }
});

/**
 * The quick check every start runs on the data file, on a file a busy person might have: 5
 * projects with 200 checks each (50 KB of log), 40 sessions with 300 KB screens, 10,000 prompts;
 * and one project whose 200 checks each kept the full 1 MB of log (the most it can hold).
 */
it(
  'store: start-up quick check on a realistic data file and on the largest one retention allows',
  { timeout: 600_000 },
  async () => {
    const figures: Record<string, number> = {};
    for (const [name, spec] of [
      [
        'realistic',
        { projects: 5, runsPerProject: 200, logBytes: 50_000, sessions: 40, screenBytes: 300_000, prompts: 10_000 },
      ],
      [
        'fullLogs',
        { projects: 1, runsPerProject: 200, logBytes: 1_000_000, sessions: 8, screenBytes: 300_000, prompts: 1000 },
      ],
    ] as const) {
      const dir = tempDir();
      try {
        const file = join(dir, 'flotilla.db');
        fill(file, spec);
        const opens: number[] = [];
        const checks: number[] = [];
        for (let i = 0; i < 5; i++) {
          let t0 = performance.now();
          openDatabase(file).close();
          opens.push(performance.now() - t0);
          const raw = new DatabaseSync(file);
          t0 = performance.now();
          raw.prepare('PRAGMA quick_check').all();
          checks.push(performance.now() - t0);
          raw.close();
        }
        figures[`${name}Mb`] = round(statSync(file).size / 2 ** 20, 0);
        figures[`${name}OpenMs`] = round(median(opens), 1);
        figures[`${name}QuickCheckMs`] = round(median(checks), 1);
      } finally {
        removeDir(dir);
      }
    }
    recordFigures('startupCheck', figures);
  },
);

interface FileSpec {
  projects: number;
  runsPerProject: number;
  logBytes: number;
  sessions: number;
  screenBytes: number;
  prompts: number;
}

function fill(file: string, spec: FileSpec): void {
  openDatabase(file).close();
  const db = new DatabaseSync(file);
  db.exec('BEGIN');
  const text = (bytes: number, seed: number) =>
    `line ${seed} \x1b[32mok\x1b[0m some output of a test run\n`.repeat(Math.ceil(bytes / 50)).slice(0, bytes);
  for (let p = 0; p < spec.projects; p++) {
    db.prepare('INSERT INTO projects VALUES (?, ?, ?, 0)').run(`p${p}`, `p${p}`, `/p${p}`);
    const run = db.prepare(
      `INSERT INTO check_runs (id, project_id, commit_hash, subject, command, state, created_at, ended_at, log) VALUES (?, ?, ?, 's', 'npm test', 'passed', ?, ?, ?)`,
    );
    for (let r = 0; r < spec.runsPerProject; r++)
      run.run(`r${p}-${r}`, `p${p}`, `${r}`.padStart(40, '0'), r, r, text(spec.logBytes, r));
  }
  const session = db.prepare(
    `INSERT INTO sessions (id, project_id, title, argv, created_at, last_screen) VALUES (?, 'p0', 's', '[]', 0, ?)`,
  );
  for (let s = 0; s < spec.sessions; s++) session.run(`s${s}`, text(spec.screenBytes, s));
  const prompt = db.prepare(`INSERT INTO prompt_history VALUES (?, 's0', 's', 'p0', ?, ?)`);
  for (let i = 0; i < spec.prompts; i++) prompt.run(`h${i}`, `prompt ${i} `.repeat(20), i);
  db.exec('COMMIT');
  db.close();
}
