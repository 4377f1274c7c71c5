import { DatabaseSync } from 'node:sqlite';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/daemon/store/database';
import { RecordingSink, removeDir, startHost, tempDir, unwrap, waitFor } from '../helpers/host-harness';

describe('store', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach(removeDir));

  it('projects, sessions and the layout survive a host restart; sessions start again below their old screen', async () => {
    const dataDir = tempDir();
    const projectDir = tempDir();
    dirs.push(dataDir, projectDir);
    const first = await startHost(dataDir);
    const client = first.connect();
    const project = unwrap(await client.request('projects.add', { path: projectDir }));
    const session = unwrap(
      await client.request('sessions.start', {
        projectId: project.id,
        command: `bash -c 'echo before-quit; sleep 60'`,
      }),
    );
    const other = unwrap(await client.request('sessions.start', { projectId: project.id, command: 'sleep 60' }));
    await waitFor(async () => (await client.request('layout.get', {})).ok, 'layout');
    unwrap(
      await client.request('layout.set', {
        layout: {
          ...unwrap(await client.request('layout.get', {})),
          tiles: [other.id, session.id],
          maximized: other.id,
        },
      }),
    );
    await waitFor(
      () =>
        first.host.sessions
          .get(session.id)
          ?.screenText()
          .some((l) => l.includes('before-quit')),
      'first output',
    );
    await first.close();

    const second = await startHost(dataDir);
    const again = second.connect();
    expect(unwrap(await again.request('projects.list', {}))).toMatchObject([{ id: project.id, path: project.path }]);
    const [restored] = unwrap(await again.request('sessions.list', {}));
    expect(restored).toMatchObject({
      id: session.id,
      title: 'bash',
      argv: ['bash', '-c', 'echo before-quit; sleep 60'],
    });
    await waitFor(() => second.host.sessions.get(session.id)?.isRunning(), 'started again');
    const sink = new RecordingSink(again, session.id);
    unwrap(await again.attach(session.id, sink));
    expect(sink.screenData).toMatch(/before-quit[\s\S]*restarted: Flotilla started again/);
    expect(unwrap(await again.request('layout.get', {}))).toMatchObject({
      tiles: [other.id, session.id],
      maximized: other.id,
    });
    await second.close();
  });

  it('uses WAL and records the schema version', () => {
    const dir = tempDir();
    dirs.push(dir);
    const db = openDatabase(join(dir, 'f.db'));
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBeGreaterThan(0);
    db.close();
  });

  it('keeps the data private whatever the umask: a new folder 0700, the database and its WAL files 0600, old ones tightened', async () => {
    const parent = tempDir();
    dirs.push(parent);
    const mode = (p: string) => statSync(p).mode & 0o777;
    const old = process.umask(0o022);
    try {
      const fresh = join(parent, 'new', 'Flotilla');
      const h = await startHost(fresh);
      unwrap(await h.connect().request('projects.add', { path: parent }));
      expect(mode(fresh)).toBe(0o700);
      for (const f of ['flotilla.db', 'flotilla.db-wal', 'flotilla.db-shm'])
        expect(mode(join(fresh, f)), f).toBe(0o600);
      await h.close();

      // A folder and database made by an earlier Flotilla under umask 022.
      const earlier = join(parent, 'earlier');
      mkdirSync(earlier, { mode: 0o755 });
      new DatabaseSync(join(earlier, 'flotilla.db')).close();
      chmodSync(join(earlier, 'flotilla.db'), 0o644);
      openDatabase(join(earlier, 'flotilla.db')).close();
      expect(mode(earlier)).toBe(0o700);
      expect(mode(join(earlier, 'flotilla.db'))).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });

  it('refuses a data file from a newer schema instead of damaging it', () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir, 'f.db');
    const raw = new DatabaseSync(file);
    raw.exec('PRAGMA user_version = 999');
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer Flotilla/);
  });
});

describe('queue recovery', () => {
  it('a prompt caught mid-send by a crash is marked, never resent, and the queue waits for a person', async () => {
    const dataDir = tempDir();
    const projectDir = tempDir();
    const first = await startHost(dataDir);
    const client = first.connect();
    const project = unwrap(await client.request('projects.add', { path: projectDir }));
    const session = unwrap(await client.request('sessions.start', { projectId: project.id, command: 'sleep 60' }));
    unwrap(await client.request('queue.pause', { sessionId: session.id }));
    const [item] = unwrap(await client.request('queue.add', { sessionIds: [session.id], text: 'deploy' }));
    unwrap(await client.request('queue.resume', { sessionId: session.id }));
    await first.close();
    // What a crash between "sending" and "sent" leaves behind.
    const raw = new DatabaseSync(join(dataDir, 'flotilla.db'));
    raw.prepare("UPDATE queue_items SET state = 'sending' WHERE id = ?").run(item.id);
    raw.close();

    const second = await startHost(dataDir);
    const [queue] = unwrap(await second.connect().request('queue.list', {}));
    expect(queue.items[0]).toMatchObject({
      id: item.id,
      state: 'failed',
      error: expect.stringMatching(/may or may not have arrived/),
    });
    expect(queue.paused).toBe(true);
    // `sleep` has no conversation to resume: a person decides.
    expect(queue.pauseReason).toBe(
      'Flotilla restarted and sleep 60 started again as a new process, without what it was doing before. Check it, then resume the queue.',
    );
    await second.close();
    removeDir(dataDir);
    removeDir(projectDir);
  });
});
