import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/host/store/database';
import { removeDir, startHost, tempDir, unwrap, waitFor } from '../helpers/host-harness';

describe('store', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach(removeDir));

  it('projects and sessions survive a host restart; sessions come back as ended, saying why', async () => {
    const dataDir = tempDir();
    const projectDir = tempDir();
    dirs.push(dataDir, projectDir);
    const first = await startHost(dataDir);
    const client = first.connect();
    const project = unwrap(await client.request('projects.add', { path: projectDir }));
    const session = unwrap(await client.request('sessions.start', { projectId: project.id, command: 'sleep 60' }));
    await first.close();

    const second = await startHost(dataDir);
    const again = second.connect();
    expect(unwrap(await again.request('projects.list', {}))).toMatchObject([{ id: project.id, path: project.path }]);
    const [restored] = unwrap(await again.request('sessions.list', {}));
    expect(restored).toMatchObject({ id: session.id, title: 'sleep', status: 'exited', argv: ['sleep', '60'] });
    expect(restored.error).toMatch(/ended when Flotilla last quit/);
    const restarted = unwrap(await again.request('sessions.restart', { sessionId: session.id }));
    expect(restarted.status).not.toBe('exited');
    await waitFor(() => second.host.sessions.get(session.id)?.isRunning(), 'restart');
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
