import { DatabaseSync } from 'node:sqlite';
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckRun } from '../../electron/common/checks';
import { CheckStore, KEEP_RUNS_SETTING } from '../../electron/daemon/store/check-store';
import { migrations, openDatabase, type Database } from '../../electron/daemon/store/database';
import { QueueStore } from '../../electron/daemon/store/queue-store';
import { SettingsStore } from '../../electron/daemon/store/settings-store';
import { runCli, stopDaemon } from '../helpers/daemon';
import { removeDir, startHost, tempDir, unwrap } from '../helpers/host-harness';

/** Issue 19 §6: nothing lost on a crash, a power cut or a bad file. */
describe('data safety', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach(removeDir));
  const dir = () => {
    const d = tempDir();
    dirs.push(d);
    return d;
  };
  const userVersion = (db: DatabaseSync | Database) =>
    (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;

  /** A data folder whose database holds one project, written by a host that stopped cleanly. */
  async function folderWithAProject(): Promise<{ dataDir: string; file: string }> {
    const dataDir = dir();
    const h = await startHost(dataDir);
    unwrap(await h.connect().request('projects.add', { path: dir() }));
    await h.close();
    return { dataDir, file: join(dataDir, 'flotilla.db') };
  }

  it('every queue write commits at synchronous=FULL (on disk before it is acknowledged); other writes stay at NORMAL', () => {
    const db = openDatabase(join(dir(), 'q.db'));
    db.exec(
      `INSERT INTO projects VALUES ('p', 'p', '/p', 0); INSERT INTO sessions (id, project_id, title, argv, created_at) VALUES ('s', 'p', 's', '[]', 0);`,
    );
    // The level in force while each statement of a write runs, read back from the connection.
    const levels: number[] = [];
    db.function('record_level', () => {
      levels.push((db.prepare('PRAGMA synchronous').get() as { synchronous: number }).synchronous);
      return null;
    });
    for (const table of ['queue_items', 'queue_state', 'prompt_history']) {
      for (const event of ['INSERT', 'UPDATE', 'DELETE'])
        db.exec(`CREATE TEMP TRIGGER ${table}_${event} AFTER ${event} ON ${table} BEGIN SELECT record_level(); END`);
    }
    const store = new QueueStore(db);
    const item = (id: string) => ({
      id,
      sessionId: 's',
      text: id,
      state: 'queued' as const,
      createdAt: 0,
      sentAt: null,
      error: null,
    });
    store.insert(item('a'), 0);
    store.insert(item('b'), 1);
    store.setText('a', 'edited');
    store.reorder(['b', 'a']);
    store.setPaused('s', true, 'why');
    store.setPaused('s', false, null);
    store.setState('b', 'sending');
    store.recordSent('b', { id: 'h', sessionId: 's', sessionTitle: 's', projectId: 'p', text: 'b', sentAt: 1 });
    store.delete('a');
    expect(levels.length).toBeGreaterThanOrEqual(11);
    expect(new Set(levels)).toEqual(new Set([2])); // FULL
    expect((db.prepare('PRAGMA synchronous').get() as { synchronous: number }).synchronous).toBe(1); // NORMAL
    db.close();
  });

  /** Overwrites one page near the end of the file (the prompt history's, which starting up never reads). */
  function garbleAPageOfHistory(file: string): void {
    const raw = new DatabaseSync(file);
    const add = raw.prepare(`INSERT INTO prompt_history VALUES (?, 's', 's', 'p', ?, ?)`);
    raw.exec('BEGIN');
    for (let i = 0; i < 2000; i++) add.run(`h${i}`, `prompt ${i} `.repeat(20), i);
    raw.exec('COMMIT');
    raw.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, statSync(file).size - 3 * 4096);
    closeSync(fd);
  }

  for (const [kind, damage] of [
    ['garbage bytes over its header', (file: string) => writeFileSync(file, Buffer.alloc(8192, 0x5a), { flag: 'r+' })],
    ['a truncated page', (file: string) => truncateSync(file, statSync(file).size - 4096 - 100)],
    ['a garbled page that starting up does not read', garbleAPageOfHistory],
  ] as const) {
    it(`a damaged database (${kind}) is set aside with its WAL files under a timestamped name, the host starts on a new one, and clients are told`, async () => {
      const { dataDir, file } = await folderWithAProject();
      damage(file);
      writeFileSync(`${file}-wal`, 'a WAL left by a crash');
      writeFileSync(`${file}-shm`, 'its index');
      const damaged = readFileSync(file);

      const h = await startHost(dataDir);
      const info = unwrap(await h.connect().request('host.info', {}));
      const aside = readdirSync(dataDir).filter((f) => f.startsWith('flotilla.db.corrupt-'));
      const [main, ...withIt] = aside.sort();
      expect(main).toMatch(/^flotilla\.db\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d$/);
      expect(withIt).toEqual([`${main}-shm`, `${main}-wal`]);
      expect(readFileSync(join(dataDir, main)).equals(damaged)).toBe(true);
      expect(readFileSync(join(dataDir, `${main}-wal`), 'utf8')).toBe('a WAL left by a crash');
      expect(info.warnings).toEqual([expect.stringContaining(join(dataDir, main))]);
      expect(info.warnings[0]).toMatch(/damaged/);
      expect(unwrap(await h.connect().request('projects.list', {}))).toEqual([]);
      await h.close();

      // The new file is sound: the next start has nothing to say.
      const again = await startHost(dataDir);
      expect(unwrap(await again.connect().request('host.info', {})).warnings).toEqual([]);
      await again.close();
    });
  }

  it('`flotilla daemon status` names a damaged database that was set aside', async () => {
    const dataDir = dir();
    writeFileSync(join(dataDir, 'flotilla.db'), Buffer.alloc(8192, 0x5a));
    try {
      expect((await runCli(['daemon', 'start'], { FLOTILLA_DATA_DIR: dataDir })).code).toBe(0);
      const status = await runCli(['daemon', 'status'], { FLOTILLA_DATA_DIR: dataDir });
      expect(status.stdout).toMatch(
        /^Warning: Flotilla's database was damaged .* The damaged file is kept as .*flotilla\.db\.corrupt-/m,
      );
      const json = JSON.parse((await runCli(['daemon', 'status', '--json'], { FLOTILLA_DATA_DIR: dataDir })).stdout);
      expect(json.warnings).toEqual([expect.stringContaining('damaged')]);
    } finally {
      await stopDaemon(dataDir);
    }
  });

  it('a database from a newer Flotilla still stops the host, and is neither set aside nor changed', async () => {
    const { dataDir, file } = await folderWithAProject();
    const raw = new DatabaseSync(file);
    raw.exec('PRAGMA user_version = 999');
    raw.close();
    const before = readFileSync(file);
    await expect(startHost(dataDir)).rejects.toThrow(/newer Flotilla/);
    expect(readdirSync(dataDir).filter((f) => f.includes('corrupt') || f.includes('before-schema'))).toEqual([]);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('before a migration, a 0600 copy of the file at its old schema is kept as flotilla.db.before-schema-N', () => {
    const file = join(dir(), 'flotilla.db');
    const older = migrations.length - 1;
    const raw = new DatabaseSync(file);
    for (const migration of migrations.slice(0, older)) raw.exec(migration);
    raw.exec(`PRAGMA user_version = ${older}; INSERT INTO projects VALUES ('p', 'kept', '/kept', 0);`);
    raw.close();

    openDatabase(file).close();
    const copy = `${file}.before-schema-${migrations.length}`;
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    const kept = new DatabaseSync(copy, { readOnly: true });
    expect(userVersion(kept)).toBe(older);
    expect(kept.prepare('SELECT name FROM projects').all()).toEqual([{ name: 'kept' }]);
    kept.close();
    const migrated = openDatabase(file);
    expect(userVersion(migrated)).toBe(migrations.length);
    migrated.close();
  });

  it('a new database, or one already at this schema, gets no copy', () => {
    const folder = dir();
    const file = join(folder, 'flotilla.db');
    openDatabase(file).close();
    openDatabase(file).close();
    expect(readdirSync(folder).filter((f) => f.includes('before-schema'))).toEqual([]);
  });

  it('each project keeps its newest finished check runs, as many as the setting says; unfinished ones stay', () => {
    const db = openDatabase(join(dir(), 'c.db'));
    db.exec(`INSERT INTO projects VALUES ('p', 'p', '/p', 0); INSERT INTO projects VALUES ('other', 'o', '/o', 0);`);
    new SettingsStore(db).set(KEEP_RUNS_SETTING, 3);
    const store = new CheckStore(db);
    const run = (id: string, createdAt: number, projectId = 'p', endedAt: number | null = createdAt + 1): CheckRun => ({
      id,
      projectId,
      commit: id,
      subject: id,
      command: 'make test',
      state: endedAt === null ? 'running' : 'passed',
      exitCode: endedAt === null ? null : 0,
      reason: null,
      createdAt,
      startedAt: createdAt,
      endedAt,
      failingLines: [],
      fixQueued: false,
    });
    store.save(run('running', 0, 'p', null));
    store.save(run('elsewhere', 0, 'other'), 'its log');
    for (let i = 1; i <= 5; i++) store.save(run(`r${i}`, i * 10), `log ${i}`);
    expect(store.list('p', 100).map((r) => r.id)).toEqual(['r5', 'r4', 'r3', 'running']);
    expect(store.log('r1')).toBeUndefined();
    expect(store.list('other', 100).map((r) => r.id)).toEqual(['elsewhere']);
    db.close();
  });

  it('without the setting, 200 finished runs are kept', () => {
    const db = openDatabase(join(dir(), 'c.db'));
    db.exec(`INSERT INTO projects VALUES ('p', 'p', '/p', 0)`);
    const store = new CheckStore(db);
    for (let i = 1; i <= 203; i++) {
      store.save({
        id: `r${i}`,
        projectId: 'p',
        commit: 'c',
        subject: 's',
        command: 'c',
        state: 'failed',
        exitCode: 1,
        reason: null,
        createdAt: i,
        startedAt: i,
        endedAt: i,
        failingLines: [],
        fixQueued: false,
      });
    }
    const kept = store.list('p', 1000);
    expect(kept.length).toBe(200);
    expect(kept.at(-1)!.id).toBe('r4');
    db.close();
  });
});
