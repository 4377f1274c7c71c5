import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostClient } from '../../electron/common/host-client';
import type { HostEvents } from '../../electron/common/protocol';
import type { HostState } from '../../electron/common/types';
import { daemonClient, stopDaemon } from '../helpers/daemon';
import { PROTOCOL_VERSION } from '../../electron/common/version';
import { linkSshClients, remoteFlotillaCommand } from '../helpers/remote-flotilla';
import { fakeAgentPreset } from '../helpers/fake-agent';
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
import { sshdAvailable, startSshd, type Sshd } from '../helpers/sshd';

const available = sshdAvailable();

/** The `flotilla daemon connect --mux` processes sshd runs for a data folder there. */
function bridgesThere(dataDir: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
        return argv.includes('connect') && argv.includes('--mux') && env.includes(`FLOTILLA_DATA_DIR=${dataDir}`);
      } catch {
        return false;
      }
    })
    .map(Number);
}
const BASH = 'bash --noprofile --norc';

/**
 * The window's path to another machine: this machine's daemon (here a host in this process) holds
 * one ssh link per host to a real sshd on loopback, and on its other side this checkout's Flotilla
 * with a data folder of its own. Every client of the local host sees the remote projects and
 * sessions in its own lists, ids carrying the host's name.
 */
describe.skipIf(!available.ok)(`remote hosts in the window${available.ok ? '' : ` (${available.reason})`}`, () => {
  let sshd: Sshd;
  let h: Harness;
  let client: HostClient;
  let remote: string;
  let repo: string;
  const remoteCommand = () => remoteFlotillaCommand(remote);
  let hosts: HostState[] = [];
  /** Every reason a host gave, in order. */
  const reasons: string[] = [];
  const state = (name: string) => hosts.find((x) => x.name === name);

  beforeAll(async () => {
    sshd = await startSshd();
    remote = tempDir('flotilla-remote-');
    repo = makeRepo({ dir: join(tempDir('flotilla-remote-repo-'), 'api'), mkdir: true });
    h = await startHost();
    client = h.connect();
    client.on('hosts.changed', (p) => {
      hosts = p;
      for (const x of p) if (x.reason && reasons.at(-1) !== x.reason) reasons.push(x.reason);
    });
  });
  afterAll(async () => {
    await h?.close();
    await stopDaemon(remote);
    await sshd?.stop();
    for (const dir of [h?.dataDir, remote, join(repo, '..')]) if (dir) removeDir(dir);
  });

  it('adds a host and links to its daemon, which ssh started there; a destination that is an option is refused', async () => {
    const added = unwrap(
      await client.request('hosts.add', {
        name: 'devbox',
        destination: sshd.host,
        sshConfig: sshd.configFile,
        remoteCommand: remoteCommand(),
      }),
    );
    expect(added).toMatchObject({ name: 'devbox', destination: sshd.host });
    await waitFor(() => state('devbox')?.state === 'connected', 'the link to devbox', 20_000);
    expect(state('devbox')?.version).toBeTruthy();
    expect(unwrap(await client.request('hosts.list', {})).map((x) => x.name)).toEqual(['devbox']);
    const refused = await client.request('hosts.add', { name: 'option', destination: '-oProxyCommand=touch /tmp/x' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('opens a project there and starts a shell in it: the window types and sees the echo', async () => {
    const project = unwrap(await client.request('projects.add', { path: repo, host: 'devbox' }));
    expect(project.id).toMatch(/^devbox:/);
    expect(unwrap(await client.request('projects.list', {})).map((p) => p.id)).toContain(project.id);
    const session = unwrap(
      await client.request('sessions.start', { projectId: project.id, command: BASH, cols: 100, rows: 30 }),
    );
    expect(session).toMatchObject({ projectId: project.id });
    expect(session.id).toMatch(/^devbox:/);
    await waitFor(async () => unwrap(await client.request('layout.get', {})).tiles.includes(session.id), 'a tile');
    const sink = new RecordingSink(client, session.id);
    unwrap(await client.attach(session.id, sink));
    client.input(session.id, 'echo remote-$((6*7))\r');
    await waitFor(() => sink.text.includes('remote-42'), 'the echo from the remote shell');
    // It runs there: the remote daemon holds it, with the pid the window was told.
    const there = await daemonClient(remote);
    const theirs = unwrap(await there.request('sessions.list', {}));
    there.close();
    expect(theirs.map((s) => s.pid)).toContain(session.pid);
    // Git and checks run there too, named by the same project id.
    const page = unwrap(await client.request('timeline.page', { projectId: project.id, skip: 0, limit: 10 }));
    expect(page.commits.length).toBeGreaterThan(0);
    expect(unwrap(await client.request('checks.config', { projectId: project.id })).projectId).toBe(project.id);
  });

  it('a killed ssh client: the host says reconnecting with the reason, keys are refused, and it comes back with the screen', async () => {
    const sessions = unwrap(await client.request('sessions.list', {}));
    const session = sessions.find((s) => s.id.startsWith('devbox:'))!;
    const refusals: HostEvents['input.refused'][] = [];
    client.on('input.refused', (p) => refusals.push(p));
    const [ssh] = linkSshClients(sshd.configFile);
    expect(ssh).toBeGreaterThan(0);
    // The link cannot come back until the config is back: the keys below meet a link that is down.
    renameSync(sshd.configFile, `${sshd.configFile}.away`);
    process.kill(ssh, 'SIGKILL');
    await waitFor(() => state('devbox')?.state === 'reconnecting', 'the link to drop');
    expect(reasons).toContainEqual(expect.stringMatching(/the link dropped: ssh ended by SIGKILL/));
    expect(state('devbox')?.retryAt).toBeGreaterThan(Date.now() - 1000);
    // The window still lists the session (its tile keeps the last screen) while the host is away.
    expect(unwrap(await client.request('sessions.list', {})).map((s) => s.id)).toContain(session.id);
    client.input(session.id, 'echo lost\r');
    await waitFor(() => refusals.length > 0, 'the keys refused');
    expect(refusals[0]).toMatchObject({ sessionId: session.id });
    expect(refusals[0].reason).toMatch(/^devbox: reconnecting — /);
    const down = await client.request('sessions.resize', { sessionId: session.id, cols: 90, rows: 30 });
    expect(down).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });
    renameSync(`${sshd.configFile}.away`, sshd.configFile);
    unwrap(await client.request('hosts.reconnect', { name: 'devbox' }));
    await waitFor(() => state('devbox')?.state === 'connected', 'the link back', 20_000);
    const sink = new RecordingSink(client, session.id);
    unwrap(await client.attach(session.id, sink));
    expect(sink.screenData).toContain('remote-42');
    const after = unwrap(await client.request('sessions.list', {})).find((s) => s.id === session.id);
    expect(after?.pid).toBe(session.pid);
    client.input(session.id, 'echo back-$((2*21))\r');
    await waitFor(() => sink.text.includes('back-42'), 'the echo after the link came back');
  });

  it('a prompt queued on the host is sent there once while the link is down; the queue lives with its agent', async () => {
    const there = await daemonClient(remote);
    const agent = await fakeAgentPreset(there, { minMs: 1500, maxMs: 1500 });
    there.close();
    const project = unwrap(await client.request('projects.list', {})).find((p) => p.id.startsWith('devbox:'))!;
    const session = unwrap(
      await client.request('sessions.start', { projectId: project.id, presetId: agent.preset.id, cols: 100, rows: 30 }),
    );
    await waitFor(
      async () => (await client.request('sessions.list', {})).ok && agent.log().some((e) => e.event === 'ready'),
      'the agent',
    );
    unwrap(await client.request('queue.add', { sessionIds: [session.id], text: 'first step' }));
    unwrap(await client.request('queue.add', { sessionIds: [session.id], text: 'second step' }));
    await waitFor(() => agent.log().some((e) => e.event === 'received' && e.text === 'first step'), 'the first prompt');
    for (const ssh of linkSshClients(sshd.configFile)) process.kill(ssh, 'SIGKILL');
    await waitFor(
      () => agent.log().some((e) => e.event === 'received' && e.text === 'second step'),
      'the second, sent on the host',
      20_000,
    );
    await waitFor(() => state('devbox')?.state === 'connected', 'the link back', 20_000);
    const queue = unwrap(await client.request('queue.list', {})).find((q) => q.sessionId === session.id);
    expect(
      queue?.items
        .filter((i) => i.state === 'sent')
        .map((i) => i.text)
        .sort(),
    ).toEqual(['first step', 'second step']);
    expect(
      agent
        .log()
        .filter((e) => e.event === 'received')
        .map((e) => e.text),
    ).toEqual(['first step', 'second step']);
  });

  it('the host’s usage reaches this window under its name; a threshold set here is set there', async () => {
    await waitFor(() => state('devbox')?.state === 'connected', 'the link', 20_000);
    const claudeHome = tempDir('flotilla-remote-claude-');
    const there = await daemonClient(remote);
    try {
      const agent = await fakeAgentPreset(there, {
        id: 'remote-claude',
        hooks: true,
        claudeHome,
        minMs: 100,
        maxMs: 200,
      });
      const project = unwrap(await client.request('projects.list', {})).find((p) => p.id.startsWith('devbox:'))!;
      const session = unwrap(
        await client.request('sessions.start', {
          projectId: project.id,
          presetId: agent.preset.id,
          cols: 100,
          rows: 30,
        }),
      );
      await waitFor(() => agent.log().some((e) => e.event === 'ready'), 'the agent there');
      const heard: string[] = [];
      client.on('usage.changed', (p) => heard.push(...p.accounts.map((a) => a.id)));
      unwrap(await client.request('queue.add', { sessionIds: [session.id], text: 'hello [quota 5h=42 week=10]' }));
      const account = `devbox:claude@${claudeHome}`;
      const seen = await waitFor(
        async () => {
          const usage = unwrap(await client.request('usage.get', {}));
          const a = usage.accounts.find((x) => x.id === account);
          return a?.fiveHour ? { a, usage } : undefined;
        },
        'the host’s account here',
        20_000,
      );
      expect(seen.a.fiveHour!.usedPercent).toBe(42);
      expect(seen.a.sessionIds).toEqual([session.id]);
      expect(seen.usage.sessions.find((s) => s.sessionId === session.id)).toMatchObject({
        account,
        tokens: { output: 10, cacheRead: 1000 },
      });
      expect(heard).toContain(account);
      // Set here, kept there (where the queues are).
      unwrap(await client.request('usage.pauseAt', { account, percent: 50 }));
      const own = unwrap(await there.request('usage.get', {})).accounts.find((a) => a.id === `claude@${claudeHome}`);
      expect(own?.pauseAt).toBe(50);
      unwrap(await client.request('sessions.close', { sessionId: session.id }));
    } finally {
      there.close();
      removeDir(claudeHome);
    }
  });

  it("a changed host key fails the link with ssh's words and the fingerprint; never accepted", async () => {
    unwrap(
      await client.request('hosts.add', {
        name: 'spoofed',
        destination: sshd.host,
        sshConfig: sshd.wrongHostKeyConfig(),
        remoteCommand: remoteCommand(),
      }),
    );
    await waitFor(() => state('spoofed')?.state === 'failed', 'the refusal', 20_000);
    expect(state('spoofed')?.reason).toMatch(/ssh refused spoofed's host key/);
    expect(state('spoofed')?.reason).toContain(sshd.hostKeyFingerprint);
    unwrap(await client.request('hosts.remove', { name: 'spoofed' }));
  });

  it('an unknown host key fails the link with the fingerprint the host presents; nothing is trusted by itself', async () => {
    const known = join(sshd.dir, 'known_hosts_none');
    writeFileSync(known, '', { mode: 0o600 });
    const config = join(sshd.dir, 'config_unknown');
    writeFileSync(
      config,
      readFileSync(sshd.configFile, 'utf8').replace(/UserKnownHostsFile .*/, `UserKnownHostsFile "${known}"`),
    );
    unwrap(
      await client.request('hosts.add', {
        name: 'stranger',
        destination: sshd.host,
        sshConfig: config,
        remoteCommand: remoteCommand(),
      }),
    );
    await waitFor(() => state('stranger')?.state === 'failed', 'the refusal', 20_000);
    expect(state('stranger')?.reason).toMatch(/ssh refused stranger's host key/);
    expect(state('stranger')?.reason).toContain(`presents ED25519 ${sshd.hostKeyFingerprint}`);
    expect(readFileSync(known, 'utf8')).toBe('');
    unwrap(await client.request('hosts.remove', { name: 'stranger' }));
  });

  it('a host without Flotilla says what to run there', async () => {
    unwrap(
      await client.request('hosts.add', {
        name: 'bare',
        destination: sshd.host,
        sshConfig: sshd.configFile,
        remoteCommand: ['/nonexistent/flotilla', 'daemon', 'connect'],
      }),
    );
    await waitFor(() => state('bare')?.state === 'failed', 'the failure', 20_000);
    expect(state('bare')?.reason).toMatch(/Flotilla is not installed on bare/);
    unwrap(await client.request('hosts.remove', { name: 'bare' }));
    expect(unwrap(await client.request('hosts.list', {})).map((x) => x.name)).toEqual(['devbox']);
  });
  it("another daemon's link (a peer) sees this machine's own things only: two daemons linked both ways never loop", async () => {
    const peer = h.connect();
    const hello = unwrap(await peer.request('host.hello', { version: 'x', protocol: PROTOCOL_VERSION, peer: true }));
    expect(hello.instance).toBe(h.host.info.instance);
    const heard: string[] = [];
    peer.on('hosts.changed', () => heard.push('hosts.changed'));
    peer.on('session.updated', (s) => heard.push(s.id));
    expect(unwrap(await peer.request('projects.list', {})).filter((p) => p.id.includes(':'))).toEqual([]);
    expect(unwrap(await peer.request('sessions.list', {})).filter((x) => x.id.includes(':'))).toEqual([]);
    const remoteSession = unwrap(await client.request('sessions.list', {})).find((x) => x.id.startsWith('devbox:'))!;
    const routed = await peer.request('sessions.resize', { sessionId: remoteSession.id, cols: 80, rows: 24 });
    expect(routed).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    client.input(remoteSession.id, 'echo peer-check\r');
    await waitFor(async () => {
      const text = unwrap(await client.request('sessions.text', { sessionId: remoteSession.id }));
      return text.some((l) => l.includes('peer-check'));
    }, 'the window still reaches the host');
    expect(heard.filter((e) => e.includes(':') || e === 'hosts.changed')).toEqual([]);
    peer.close();
  });

  it('removing a host ends its link: the ssh process and the bridge there exit, its tiles leave', async () => {
    const remoteSessions = unwrap(await client.request('sessions.list', {})).filter((x) => x.id.startsWith('devbox:'));
    expect(remoteSessions.length).toBeGreaterThan(0);
    expect(linkSshClients(sshd.configFile).length).toBe(1);
    expect(bridgesThere(remote).length).toBe(1);
    unwrap(await client.request('hosts.remove', { name: 'devbox' }));
    await waitFor(() => linkSshClients(sshd.configFile).length === 0, 'the ssh process to end');
    await waitFor(() => bridgesThere(remote).length === 0, "the remote's daemon connect to exit");
    expect(unwrap(await client.request('sessions.list', {})).filter((x) => x.id.startsWith('devbox:'))).toEqual([]);
    expect(unwrap(await client.request('layout.get', {})).tiles.filter((t) => t.startsWith('devbox:'))).toEqual([]);
    // They go on running there.
    const there = await daemonClient(remote);
    expect(unwrap(await there.request('sessions.list', {})).map((x) => x.pid)).toEqual(
      expect.arrayContaining(remoteSessions.map((x) => x.pid)),
    );
    there.close();
  });
});
