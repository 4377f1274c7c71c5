import { statSync } from 'node:fs';
import { join } from 'node:path';
import * as pty from 'node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daemonPid, OUT_MAIN, runCli, stopDaemon } from '../helpers/daemon';
import { PROTOCOL_VERSION } from '../../electron/common/version';
import { makeRepo, removeDir, startHost, tempDir, unwrap, waitFor } from '../helpers/host-harness';
import { remoteHostProblem } from '../../electron/daemon-client/remote-host';
import { shellQuote, sshCommand } from '../../electron/daemon-client/ssh-link';
import { sshdAvailable, startSshd, type Sshd } from '../helpers/sshd';
import { remoteFlotillaCommand } from '../helpers/remote-flotilla';

const available = sshdAvailable();

describe('the handshake', () => {
  it('a client of another protocol version is refused, with both versions named', async () => {
    const h = await startHost();
    try {
      const client = h.connect();
      expect(unwrap(await client.request('host.hello', { version: 'x', protocol: PROTOCOL_VERSION }))).toEqual({
        version: h.host.info.version,
        protocol: PROTOCOL_VERSION,
        instance: h.host.info.instance,
      });
      const other = await client.request('host.hello', { version: '9.9.9', protocol: PROTOCOL_VERSION + 1 });
      expect(other).toMatchObject({ ok: false, error: { code: 'VERSION_MISMATCH' } });
      expect(!other.ok && other.error.message).toContain(`the client is 9.9.9 (protocol ${PROTOCOL_VERSION + 1})`);
    } finally {
      await h.close();
      removeDir(h.dataDir);
    }
  });
});

describe('a host as ssh takes it', () => {
  it('refuses a destination ssh would read as an option, or one with spaces or control characters', () => {
    const problem = (destination: string) => remoteHostProblem({ name: 'devbox', destination });
    expect(problem('-oProxyCommand=touch /tmp/pwned')).toContain('ssh would take it as an option');
    expect(problem('me@host evil')).toContain('no spaces or control characters');
    expect(problem('me@host\u0007')).toContain('no spaces or control characters');
    expect(problem('me@devbox.example')).toBeNull();
    expect(problem('ssh://me@devbox:2222')).toBeNull();
  });

  it('runs ssh as argv with -- before the destination; the remote command is one quoted string', () => {
    const { file, args } = sshCommand(
      {
        name: 'devbox',
        destination: 'devbox',
        sshConfig: '/cfg',
        remoteCommand: ['flotilla', 'daemon', 'connect', "it's; rm -rf ~"],
      },
      {},
    );
    expect(file).toBe('ssh');
    expect(args.slice(-3)).toEqual(['--', 'devbox', `flotilla daemon connect 'it'\\''s; rm -rf ~'`]);
    expect(args).toContain('-F');
    expect(
      sshCommand({ name: 'd', destination: 'd' }, { FLOTILLA_SSH: '/opt/ssh', FLOTILLA_SSH_CONFIG: '/c' }),
    ).toMatchObject({ file: '/opt/ssh', args: expect.arrayContaining(['-F', '/c']) });
    expect(shellQuote(['a b', '$HOME'])).toBe(`'a b' '$HOME'`);
  });
});
const BASH = ['bash', '--noprofile', '--norc'];

/**
 * The CLI reaches a daemon on another machine over the person's own OpenSSH: a real sshd on
 * loopback, and on its side this checkout's Flotilla with a data folder of its own (the "remote"),
 * started by `flotilla daemon connect` as ssh runs it.
 */
describe.skipIf(!available.ok)(`remote hosts from the CLI${available.ok ? '' : ` (${available.reason})`}`, () => {
  let sshd: Sshd;
  let local: string;
  let remote: string;
  let repo: string;
  const env = () => ({ FLOTILLA_DATA_DIR: local, SHELL: '/bin/bash', PS1: 'r$ ' });
  const cli = (...args: string[]) => runCli(args, env());
  /** What ssh runs there: this checkout's CLI with the remote data folder. */
  const remoteCommand = () => remoteFlotillaCommand(remote);

  beforeAll(async () => {
    sshd = await startSshd();
    local = tempDir('flotilla-local-');
    remote = tempDir('flotilla-remote-');
    repo = makeRepo({ dir: join(tempDir('flotilla-remote-repo-'), 'api'), mkdir: true });
    const added = await cli(
      'host',
      'add',
      'devbox',
      sshd.host,
      '--ssh-config',
      sshd.configFile,
      '--',
      ...remoteCommand(),
    );
    expect(added.code, added.stderr).toBe(0);
  });
  afterAll(async () => {
    await stopDaemon(remote);
    await stopDaemon(local);
    await sshd?.stop();
    for (const dir of [local, remote, join(repo, '..')]) removeDir(dir);
  });

  it('host add, ls and rm keep the hosts in a private file; a destination that is an option is refused', async () => {
    expect((await cli('host', 'ls')).stdout).toContain(`devbox\t${sshd.host}`);
    expect(statSync(join(local, 'hosts.json')).mode & 0o777).toBe(0o600);
    const injected = await cli('host', 'add', 'evil', 'x', '--', 'ok');
    expect(injected.code).toBe(0);
    for (const destination of ['-oProxyCommand=touch /tmp/pwned', '--', 'me@host\nevil']) {
      const refused = await cli('host', 'add', 'evil', `${destination}`);
      expect(refused.code).toBe(2);
    }
    expect((await cli('host', 'ls')).stdout).not.toContain('pwned');
    expect((await cli('host', 'add', 'other', 'me@elsewhere')).code).toBe(0);
    expect((await cli('host', 'rm', 'other')).code).toBe(0);
    expect((await cli('host', 'rm', 'evil')).code).toBe(0);
    expect((await cli('host', 'ls', '--json')).stdout).not.toContain('elsewhere');
  });

  it('--host runs the verbs on the remote daemon, which ssh started there; NAME:target names a remote session', async () => {
    const opened = await cli('--host', 'devbox', 'open', repo);
    expect(opened.code, opened.stderr).toBe(0);
    const started = await cli('--host', 'devbox', 'start', 'api', '--json', '--', ...BASH);
    expect(started.code, started.stderr).toBe(0);
    const { pid } = JSON.parse(started.stdout) as { pid: number };
    // The session lives in the remote daemon, not in a local one.
    expect(daemonPid(remote)).toBeGreaterThan(0);
    expect(daemonPid(local)).toBeNull();
    const queued = await cli('queue', 'devbox:api/bash', 'echo over-$((6*7))-ssh');
    expect(queued.code, queued.stderr).toBe(0);
    await waitFor(
      async () => (await cli('--host', 'devbox', 'log', 'api')).stdout.includes('over-42-ssh'),
      'the prompt ran on the remote',
      20_000,
    );
    const listed = JSON.parse((await cli('--host', 'devbox', 'ls', '--json')).stdout) as {
      projects: { name: string; sessions: { pid: number }[] }[];
    };
    expect(listed.projects.map((p) => p.name)).toEqual(['api']);
    expect(listed.projects[0].sessions[0].pid).toBe(pid);
  });

  it('attach devbox:api/bash makes this terminal a client of the remote session', async () => {
    const term = pty.spawn(process.execPath, [join(OUT_MAIN, 'flotilla.js'), 'attach', 'devbox:api/bash'], {
      cols: 100,
      rows: 30,
      env: { ...process.env, ...env() },
    });
    let seen = '';
    term.onData((d) => (seen += d));
    try {
      await waitFor(() => seen.includes('over-42-ssh'), 'the remote screen on attach');
    } finally {
      term.kill();
    }
  });

  it('a dropped link ends only that connection: the remote session keeps running, with its pid', async () => {
    const before = JSON.parse((await cli('--host', 'devbox', 'ls', '--json')).stdout) as {
      projects: { sessions: { pid: number }[] }[];
    };
    await sshd.restart(); // every ssh connection drops, as on a network change
    const after = JSON.parse((await cli('--host', 'devbox', 'ls', '--json')).stdout) as {
      projects: { sessions: { pid: number; status: string }[] }[];
    };
    expect(after.projects[0].sessions[0].pid).toBe(before.projects[0].sessions[0].pid);
    expect(after.projects[0].sessions[0].status).not.toBe('exited');
  });

  it("a changed host key is refused with ssh's words, never accepted", async () => {
    const added = await cli(
      'host',
      'add',
      'spoofed',
      sshd.host,
      '--ssh-config',
      sshd.wrongHostKeyConfig(),
      '--',
      ...remoteCommand(),
    );
    expect(added.code).toBe(0);
    const refused = await cli('--host', 'spoofed', 'ls');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/ssh refused spoofed's host key/);
    expect(refused.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
  });

  it('a host without Flotilla says what to do there', async () => {
    expect(
      (
        await cli(
          'host',
          'add',
          'bare',
          sshd.host,
          '--ssh-config',
          sshd.configFile,
          '--',
          'flotilla-not-installed',
          'daemon',
          'connect',
        )
      ).code,
    ).toBe(0);
    const missing = await cli('--host', 'bare', 'ls');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Flotilla is not installed on bare');
    expect(missing.stderr).toContain('docs/remote-hosts.md');
  });
});
