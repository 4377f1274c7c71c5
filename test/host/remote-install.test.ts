import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostClient } from '../../electron/common/host-client';
import type { ClientFrame, HostFrame } from '../../electron/common/protocol';
import type { HostState } from '../../electron/common/types';
import { readHosts, writeHosts } from '../../electron/daemon-client/remote-host';
import {
  envPrefix,
  installedCommand,
  parseProbe,
  probeProblem,
  remotePackageJson,
} from '../../electron/daemon-client/remote-install';
import { daemonPid, runCli, stopDaemon } from '../helpers/daemon';
import {
  makeRepo,
  RecordingSink,
  removeDir,
  startHost,
  tempDir,
  unwrap,
  waitFor,
  type Harness,
} from '../helpers/host-harness';
import { memoryChannelPair } from '../helpers/memory-channel';
import { sshdAvailable, startSshd, type Sshd } from '../helpers/sshd';

const available = sshdAvailable();
const ROOT = join(__dirname, '..', '..');

describe('what the install asks of a host', () => {
  it('names exactly what is missing, with the command that installs it there', () => {
    const probe = (found: string[], node = 'v22.14.0') =>
      parseProbe(`${found.map((f) => `found ${f}\n`).join('')}node-version ${node}\nprobe-done\n`);
    expect(probeProblem('devbox', probe(['node', 'npm', 'make', 'g++', 'python3']))).toBeNull();
    expect(probeProblem('devbox', probe(['node', 'npm', 'make', 'c++', 'python3']))).toBeNull();
    expect(probeProblem('devbox', probe(['node', 'npm', 'apt-get']))).toBe(
      'Flotilla cannot be built on devbox: make, a C++ compiler (g++ or c++) and python3 are missing on devbox. Install them there (`sudo apt install make g++ python3`), then try again. Flotilla builds node-pty there with node, npm, make, a C++ compiler and python3.',
    );
    expect(probeProblem('devbox', probe(['dnf', 'make', 'g++', 'python3']))).toContain(
      'node and npm are missing on devbox. Install them there (`sudo dnf install nodejs npm`)',
    );
    expect(probeProblem('devbox', probe(['node', 'npm', 'make', 'g++']))).toContain(
      'python3 is missing on devbox. Install it there (on Debian or Ubuntu: `sudo apt install python3`)',
    );
    expect(probeProblem('box', probe(['node', 'npm', 'make', 'g++', 'python3', 'apt-get'], 'v18.19.0'))).toContain(
      'node there is v18.19.0 (Flotilla needs 20 or later)',
    );
    expect(parseProbe('found node\n').complete).toBe(false);
  });

  it("keeps the host's env words in the remote command it leaves; the package.json pins the Node the daemon needs", () => {
    const host = {
      name: 'd',
      destination: 'd',
      remoteCommand: ['env', 'FLOTILLA_DATA_DIR=/x', 'PATH=/b', 'node', 'f.js', 'daemon', 'connect'],
    };
    expect(envPrefix(host.remoteCommand)).toEqual(['env', 'FLOTILLA_DATA_DIR=/x', 'PATH=/b']);
    expect(installedCommand(host, '/opt/fl/')).toEqual([
      'env',
      'FLOTILLA_DATA_DIR=/x',
      'PATH=/b',
      '/opt/fl/bin/flotilla',
      'daemon',
      'connect',
    ]);
    expect(installedCommand({ name: 'd', destination: 'd' }, '.flotilla')).toEqual([
      '.flotilla/bin/flotilla',
      'daemon',
      'connect',
    ]);
    const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const theirs = remotePackageJson(ROOT) as { dependencies: Record<string, string>; devDependencies?: unknown };
    expect(theirs.dependencies).toMatchObject(ours.dependencies);
    expect(theirs.dependencies.node).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.keys(theirs.dependencies)).toHaveLength(Object.keys(ours.dependencies).length + 1);
    expect(theirs.devDependencies).toBeUndefined();
  });
});

describe('hosts.install from a browser', () => {
  it('is refused, like adding a host: the person runs it on the machine Flotilla runs on', async () => {
    const h = await startHost();
    try {
      unwrap(await h.connect().request('hosts.add', { name: 'devbox', destination: 'devbox.invalid' }));
      const [clientEnd, hostEnd] = memoryChannelPair<ClientFrame, HostFrame>();
      h.host.connect(hostEnd, 'browser');
      const browser = new HostClient(clientEnd);
      const r = await browser.request('hosts.install', { name: 'devbox' });
      browser.close();
      expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(!r.ok && r.error.message).toContain('flotilla host install NAME');
      const bad = await h.connect().request('hosts.install', { name: 'devbox', dir: 'a\nb' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    } finally {
      await h.close();
      removeDir(h.dataDir);
    }
  });
});

/**
 * "Install on this host" against a real sshd on loopback: the "remote" is this machine, reached
 * over ssh with a PATH and a data folder of its own (the host's env words), and the install goes
 * into an absolute temp folder, never the real home. npm install there runs against the registry
 * with its cache warm; node-pty compiles.
 */
describe.skipIf(!available.ok)(`installing Flotilla on a host${available.ok ? '' : ` (${available.reason})`}`, () => {
  let sshd: Sshd;
  let h: Harness;
  let client: HostClient;
  let remote: string;
  let installParent: string;
  let installDir: string;
  let tools: string;
  let cliData: string;
  let repo: string;
  let hosts: HostState[] = [];
  const state = (name: string) => hosts.find((x) => x.name === name);
  /** The remote's own PATH (this Node first) and data folder, kept by the install. */
  const envWords = () => [
    'env',
    `FLOTILLA_DATA_DIR=${remote}`,
    `PATH=${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    'SHELL=/bin/bash',
  ];

  beforeAll(async () => {
    sshd = await startSshd();
    remote = tempDir('flotilla-install-data-');
    installParent = tempDir('flotilla-install-');
    installDir = join(installParent, 'flotilla');
    tools = tempDir('flotilla-install-tools-');
    cliData = tempDir('flotilla-install-cli-');
    repo = makeRepo({ dir: join(tempDir('flotilla-install-repo-'), 'api'), mkdir: true });
    h = await startHost();
    client = h.connect();
    client.on('hosts.changed', (p) => (hosts = p));
  });
  afterAll(async () => {
    await h?.close();
    await stopDaemon(remote);
    await sshd?.stop();
    for (const dir of [h?.dataDir, remote, installParent, tools, cliData, repo && join(repo, '..')])
      if (dir) removeDir(dir);
  });

  it('a PATH there without make, a compiler or python3: the install names exactly those and copies nothing', async () => {
    symlinkSync(process.execPath, join(tools, 'node'));
    const npm = execFileSync('/bin/sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
    symlinkSync(npm, join(tools, 'npm'));
    unwrap(
      await client.request('hosts.add', {
        name: 'nomake',
        destination: sshd.host,
        sshConfig: sshd.configFile,
        remoteCommand: ['env', `PATH=${tools}`, '/nonexistent/flotilla', 'daemon', 'connect'],
      }),
    );
    const never = join(tools, 'never');
    const r = await client.request('hosts.install', { name: 'nomake', dir: never });
    expect(r).toMatchObject({ ok: false, error: { code: 'COMMAND_NOT_FOUND' } });
    const message = !r.ok ? r.error.message : '';
    expect(message).toContain('make, a C++ compiler (g++ or c++) and python3 are missing on nomake');
    expect(message).toContain('`sudo apt install make g++ python3`');
    expect(existsSync(never)).toBe(false);
    unwrap(await client.request('hosts.remove', { name: 'nomake' }));
  });

  it('a host without Flotilla says so; hosts.install copies and builds it there, and the host connects and runs a shell', async () => {
    unwrap(
      await client.request('hosts.add', {
        name: 'devbox',
        destination: sshd.host,
        sshConfig: sshd.configFile,
        remoteCommand: [...envWords(), '/nonexistent/flotilla', 'daemon', 'connect'],
      }),
    );
    await waitFor(() => state('devbox')?.state === 'failed', 'the failure', 20_000);
    expect(state('devbox')?.reason).toMatch(/^Flotilla is not installed on devbox/);
    expect(state('devbox')?.reason).toContain('flotilla host install devbox');

    const started = Date.now();
    const installed = unwrap(await client.request('hosts.install', { name: 'devbox', dir: installDir }));
    console.log(`install took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(installed.name).toBe('devbox');
    expect(readHosts(h.dataDir).find((x) => x.name === 'devbox')).toMatchObject({
      destination: sshd.host,
      sshConfig: sshd.configFile,
      remoteCommand: [...envWords(), `${installDir}/bin/flotilla`, 'daemon', 'connect'],
    });
    expect(existsSync(join(installDir, 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'))).toBe(true);
    expect(existsSync(join(installDir, 'node_modules', 'node', 'bin', 'node'))).toBe(true);
    await waitFor(() => state('devbox')?.state === 'connected', 'the link to the installed Flotilla', 30_000);
    expect(state('devbox')?.version).toBeTruthy();
    // The daemon there is the installed copy, on the host's own data folder.
    const pid = daemonPid(remote);
    expect(pid).toBeGreaterThan(0);
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain(
      join(installDir, 'out', 'main', 'daemon.js'),
    );

    const project = unwrap(await client.request('projects.add', { path: repo, host: 'devbox' }));
    const session = unwrap(
      await client.request('sessions.start', {
        projectId: project.id,
        command: 'bash --noprofile --norc',
        cols: 100,
        rows: 30,
      }),
    );
    const sink = new RecordingSink(client, session.id);
    unwrap(await client.attach(session.id, sink));
    client.input(session.id, 'echo installed-$((6*7))\r');
    await waitFor(() => sink.text.includes('installed-42'), 'the echo from the installed Flotilla');
  }, 300_000);

  it('`flotilla host install NAME --dir DIR` does the same from the CLI, keeps the other fields, and shows the version there', async () => {
    writeHosts(cliData, [
      {
        name: 'devbox',
        destination: sshd.host,
        sshConfig: sshd.configFile,
        remoteCommand: [...envWords(), '/nonexistent/flotilla', 'daemon', 'connect'],
      },
    ]);
    const run = await runCli(['host', 'install', 'devbox', '--dir', installDir], { FLOTILLA_DATA_DIR: cliData });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Checking what devbox has');
    expect(run.stdout).toMatch(/Installed Flotilla \S+ on devbox in /);
    expect(readHosts(cliData)[0]).toEqual({
      name: 'devbox',
      destination: sshd.host,
      sshConfig: sshd.configFile,
      remoteCommand: [...envWords(), `${installDir}/bin/flotilla`, 'daemon', 'connect'],
    });
    const usage = await runCli(['host', 'install'], { FLOTILLA_DATA_DIR: cliData });
    expect(usage.code).toBe(2);
  }, 300_000);
});
