import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { daemonPid, isAlive } from '../helpers/daemon';
import { makeRepo, removeDir, startHost, tempDir, unwrap, waitFor, type Harness } from '../helpers/host-harness';
import { protocolSocket, startServe, stopServe, type Served } from '../helpers/serve-process';

/** A process's environment, as the kernel holds it. */
const environ = (pid: number) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
const hasToken = (vars: string[]) => vars.some((v) => v.startsWith('FLOTILLA_TOKEN='));

/** A session's environment once its process runs `sleep` (until the exec, /proc shows its host's). */
async function sleeperEnviron(pid: number): Promise<string[]> {
  await waitFor(() => readFileSync(`/proc/${pid}/comm`, 'utf8') === 'sleep\n', 'the session to run sleep');
  return environ(pid);
}

for (const inProcess of [false, true]) {
  describe(`browser mode ${inProcess ? 'with the host inside serve (--no-daemon)' : 'through the daemon'}`, () => {
    const cleanup: Array<() => Promise<void> | void> = [];
    afterEach(async () => {
      for (const step of cleanup.splice(0)) await step();
    });
    async function serve(): Promise<Served> {
      const served = await startServe({ inProcess });
      cleanup.push(async () => {
        await stopServe(served);
        removeDir(served.dataDir);
      });
      return served;
    }

    it('a browser client holding the token may not open a listener or stop the host: FORBIDDEN, in words', async () => {
      const served = await serve();
      const { ws, call, value } = await protocolSocket(served);
      const listen = await call('browser.serve', { host: '0.0.0.0', port: 0, token: served.token, insecure: true });
      expect(listen).toEqual({
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message:
            'A browser cannot open a listener for browsers: run `npm run serve` on the machine Flotilla runs on.',
        },
      });
      const stop = await call('host.shutdown', {});
      expect(stop).toEqual({
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message:
            'A browser cannot stop the Flotilla host: run `flotilla daemon stop` on the machine Flotilla runs on.',
        },
      });
      // The host goes on answering, in the same process.
      expect(await value('projects.list', {})).toEqual([]);
      expect(isAlive(daemonPid(served.dataDir) ?? served.process.pid!)).toBe(true);
      ws.close();
    });

    it('FLOTILLA_TOKEN, which serve was started with, reaches neither the daemon nor a session', async () => {
      const served = await serve();
      const repo = makeRepo();
      cleanup.push(() => removeDir(repo));
      const { ws, value } = await protocolSocket(served);
      const project = await value('projects.add', { path: repo });
      const session = await value('sessions.start', { projectId: project.id, command: 'sleep 600' });
      const vars = await sleeperEnviron(session.pid);
      expect(vars).toContain(`FLOTILLA_DATA_DIR=${served.dataDir}`);
      expect(hasToken(vars)).toBe(false);
      if (!inProcess) expect(hasToken(environ(daemonPid(served.dataDir)!))).toBe(false);
      ws.close();
    });
  });
}

describe('the token in a login profile', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    if (h) removeDir(h.dataDir);
  });

  it('a host given FLOTILLA_TOKEN hides it from the login shell it asks; one the profile exports (for serve) reaches no session', async () => {
    const home = tempDir('flotilla-home-');
    writeFileSync(
      join(home, '.bash_profile'),
      'echo "probe saw ${FLOTILLA_TOKEN:-nothing}" > "$HOME/probe.txt"\nexport FLOTILLA_TOKEN=from-the-profile-0123456789\nexport FROM_PROFILE=yes\n',
    );
    const env = {
      PATH: '/usr/bin:/bin',
      SHELL: '/bin/bash',
      HOME: home,
      FLOTILLA_TOKEN: 'given-to-the-host-0123456789',
    };
    h = await startHost(tempDir(), { env, loginShellEnv: true });
    expect(readFileSync(join(home, 'probe.txt'), 'utf8')).toBe('probe saw nothing\n');
    const client = h.connect();
    const project = unwrap(await client.request('projects.add', { path: home }));
    const session = unwrap(await client.request('sessions.start', { projectId: project.id, command: 'sleep 600' }));
    const vars = await sleeperEnviron(session.pid!);
    expect(vars).toContain('FROM_PROFILE=yes');
    expect(hasToken(vars)).toBe(false);
    removeDir(home);
  });
});
