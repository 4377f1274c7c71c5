import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { startDaemon } from '../../electron/daemon-client/daemon-starter';
import { readDaemonInfo } from '../../electron/daemon-client/daemon-info';
import { hostFiles } from '../../electron/daemon-client/daemon-paths';
import { DAEMON_ENTRY, daemonClient, stopDaemon } from '../helpers/daemon';
import { makeRepo, removeDir, startHost, tempDir, unwrap } from '../helpers/host-harness';
import { startServe, stopServe } from '../helpers/serve-process';

const holder = (dataDir: string, pid: number, version: string) =>
  `A Flotilla host (the daemon, or serve --no-daemon) is already running for ${dataDir} (pid ${pid}, Flotilla ${version}).`;

describe('one host per data folder', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach(removeDir));

  it('a second host on the folder refuses, naming the first; once the first shuts down, the next opens', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const first = await startHost(dataDir);
    await expect(startHost(dataDir)).rejects.toThrow(holder(dataDir, process.pid, '0.0.0'));
    await first.close();
    const next = await startHost(dataDir);
    await next.close();
  });

  it('a host that cannot open its folder lets go of it', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const db = new DatabaseSync(join(dataDir, 'flotilla.db'));
    db.exec('PRAGMA user_version = 99');
    db.close();
    await expect(startHost(dataDir)).rejects.toThrow('newer Flotilla');
    rmSync(join(dataDir, 'flotilla.db'));
    await (await startHost(dataDir)).close();
  });

  it('with a daemon running on the folder, serve --no-daemon refuses with that reason and starts no session', async () => {
    const dataDir = tempDir('flotilla-lock-');
    const repo = makeRepo();
    dirs.push(dataDir, repo);
    const starts = join(repo, 'starts.txt');
    try {
      const { pid } = await startDaemon({ dataDir, daemonEntry: DAEMON_ENTRY });
      const { version } = readDaemonInfo(hostFiles(dataDir))!;
      const client = await daemonClient(dataDir);
      const project = unwrap(await client.request('projects.add', { path: repo }));
      unwrap(
        await client.request('sessions.start', {
          projectId: project.id,
          command: `sh -c 'echo started >> ${starts}; exec sleep 600'`,
        }),
      );
      client.close();

      const outcome = await startServe({ dataDir, inProcess: true }).catch((e: Error) => e);
      if (!(outcome instanceof Error)) await stopServe(outcome, { keepDaemon: true });
      expect(outcome).toBeInstanceOf(Error);
      expect((outcome as Error).message).toContain(`exited with 1: flotilla serve: ${holder(dataDir, pid, version)}`);
      expect(readFileSync(starts, 'utf8')).toBe('started\n');
    } finally {
      await stopDaemon(dataDir);
    }
  });
});
