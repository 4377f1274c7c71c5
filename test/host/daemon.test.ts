import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import * as pty from 'node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostClient } from '../../electron/common/host-client';
import { daemonPaths } from '../../electron/daemon-client/daemon-paths';
import { startDaemon } from '../../electron/daemon-client/daemon-starter';
import {
  DAEMON_ENTRY,
  OUT_MAIN,
  daemonClient,
  daemonPid,
  isAlive,
  runCli,
  stopDaemon,
  waitForExit,
} from '../helpers/daemon';
import { fakeAgentPresetSpec } from '../helpers/fake-agent';
import { commitFile, makeRepo, removeDir, tempDir, unwrap, waitFor } from '../helpers/host-harness';
import { protocolSocket, startServe, stopServe } from '../helpers/serve-process';

const BASH = 'bash --noprofile --norc';
const SHELL_ENV = { SHELL: '/bin/bash', PS1: 'd$ ' };

async function screenText(client: HostClient, sessionId: string): Promise<string> {
  return unwrap(await client.request('sessions.text', { sessionId })).join('\n');
}

function typeAndSee(client: HostClient, sessionId: string, line: string, expected: string) {
  client.input(sessionId, `${line}\r`);
  return waitFor(async () => (await screenText(client, sessionId)).includes(expected), `"${expected}" on screen`);
}

describe('the daemon outlives its front ends', () => {
  it('a session started through serve keeps its process and screen after Ctrl-C to serve; a new serve shows it live', async () => {
    const dataDir = tempDir('flotilla-daemon-');
    const repo = makeRepo();
    const first = await startServe({ dataDir });
    try {
      const { ws, value } = await protocolSocket(first);
      const project = await value('projects.add', { path: repo });
      const session = await value('sessions.start', { projectId: project.id, command: BASH });
      ws.send(JSON.stringify({ t: 'in', s: session.id, d: 'echo before-$((6*7))\r' }));
      await waitFor(
        async () => (await value('sessions.text', { sessionId: session.id })).join('\n').includes('before-42'),
        'the first output',
      );
      ws.close();
      const daemon = daemonPid(dataDir)!;
      expect(daemon).toBeGreaterThan(0);
      expect(daemon).not.toBe(first.process.pid);

      // Ctrl-C reaches serve's whole process group; the daemon has a session of its own.
      expect(await stopServe(first, { keepDaemon: true })).toBe(0);
      expect(isAlive(daemon)).toBe(true);
      expect(isAlive(session.pid)).toBe(true);

      const second = await startServe({ dataDir });
      try {
        const { ws: ws2, value: value2 } = await protocolSocket(second);
        const [again] = await value2('sessions.list', {});
        expect(again).toMatchObject({ id: session.id, pid: session.pid });
        let output = '';
        ws2.on('message', (raw) => {
          const frame = JSON.parse(raw.toString());
          if (frame.t === 'out' && frame.s === session.id) output += frame.d;
        });
        const snapshot = await value2('sessions.attach', { sessionId: session.id });
        expect(snapshot.screen).toContain('before-42');
        ws2.send(JSON.stringify({ t: 'in', s: session.id, d: 'echo after-$((7*8))\r' }));
        await waitFor(() => output.includes('after-56'), 'live output through the new serve');
        ws2.close();
      } finally {
        await stopServe(second);
      }
      // Stopping the daemon ends what it held.
      await waitFor(() => !isAlive(session.pid), 'the session ended with the daemon', 5000);
    } finally {
      await stopDaemon(dataDir);
      removeDir(dataDir);
      removeDir(repo);
    }
  });

  it('keeps its folder, socket and files private, and a second daemon on the same folder refuses', async () => {
    const dataDir = tempDir('flotilla-daemon-');
    try {
      const { pid } = await startDaemon({ dataDir, daemonEntry: DAEMON_ENTRY });
      const paths = daemonPaths(dataDir);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      for (const file of [paths.socket, paths.lock, paths.info, paths.log, join(dataDir, 'flotilla.db')])
        expect(statSync(file).mode & 0o777, file).toBe(0o600);
      // Its own session and process group: a terminal's Ctrl-C or hangup never reaches it.
      const stat = (p: number) => readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      const [, , pgid, sid] = stat(pid);
      expect(Number(pgid)).toBe(pid);
      expect(Number(sid)).toBe(pid);

      await expect(startDaemon({ dataDir, daemonEntry: DAEMON_ENTRY })).rejects.toThrow(
        `A Flotilla host (the daemon, or serve --no-daemon) is already running for ${dataDir} (pid ${pid}`,
      );
      const cli = await runCli(['daemon', 'start'], { FLOTILLA_DATA_DIR: dataDir });
      expect(cli.code).toBe(0);
      expect(cli.stdout).toContain(`already running (pid ${pid})`);
      expect(daemonPid(dataDir)).toBe(pid);
    } finally {
      await stopDaemon(dataDir);
      removeDir(dataDir);
    }
  });

  it('a daemon whose data folder was deleted (its socket gone) ends instead of running unreachable', async () => {
    const dataDir = tempDir('flotilla-daemon-');
    const { pid } = await startDaemon({ dataDir, daemonEntry: DAEMON_ENTRY });
    removeDir(dataDir);
    await waitForExit(pid, 15_000);
  });

  it('a daemon that cannot start says why, and is not started again and again', async () => {
    const dataDir = tempDir('flotilla-daemon-');
    try {
      const db = new DatabaseSync(join(dataDir, 'flotilla.db'));
      db.exec('PRAGMA user_version = 99');
      db.close();
      const served = startServe({ dataDir });
      await expect(served).rejects.toThrow('written by a newer Flotilla (schema 99');
      const cli = await runCli(['open', dataDir], { FLOTILLA_DATA_DIR: dataDir });
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain('written by a newer Flotilla');
      // A front end that keeps trying (a window reconnecting) stops starting it after a few tries.
      const { DaemonLink } = await import('../../electron/daemon-client/daemon-link');
      const link = new DaemonLink({ dataDir, daemonEntry: DAEMON_ENTRY });
      const reasons: string[] = [];
      for (let i = 0; i < 6; i++)
        reasons.push(
          await link.connect().then(
            () => 'connected',
            (e: Error) => e.message,
          ),
        );
      expect(reasons.slice(0, 4).every((r) => r.includes('newer Flotilla'))).toBe(true);
      expect(reasons[4]).toMatch(
        /^The Flotilla daemon stopped 4 times in a minute and was not restarted: .*newer Flotilla/,
      );
      expect(reasons[5]).toBe(reasons[4]);
    } finally {
      removeDir(dataDir);
    }
  });
});

describe('the flotilla CLI', () => {
  let dataDir: string;
  let repo: string;
  let other: string;
  let client: HostClient;
  const env = () => ({ FLOTILLA_DATA_DIR: dataDir, ...SHELL_ENV });
  const cli = (...args: string[]) => runCli(args, env());

  beforeAll(async () => {
    dataDir = tempDir('flotilla-cli-');
    repo = makeRepo({ dir: join(tempDir('flotilla-cli-repo-'), 'alpha'), mkdir: true });
    other = makeRepo({ dir: join(tempDir('flotilla-cli-repo-'), 'beta'), mkdir: true });
    expect((await cli('open', repo)).stdout).toContain('Opened alpha');
    const started = await cli('start', 'alpha', '--json', '--', 'bash', '--noprofile', '--norc');
    expect(started.code).toBe(0);
    expect(JSON.parse(started.stdout).argv).toEqual(['bash', '--noprofile', '--norc']);
    client = await daemonClient(dataDir);
  });
  afterAll(async () => {
    client?.close();
    await stopDaemon(dataDir);
    for (const dir of [dataDir, join(repo, '..'), join(other, '..')]) removeDir(dir);
  });

  it('ls --json lists projects and sessions with status and queue length', async () => {
    const { code, stdout } = await cli('ls', '--json');
    expect(code).toBe(0);
    const { projects } = JSON.parse(stdout);
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ name: 'alpha', path: repo, check: null });
    expect(projects[0].sessions).toEqual([
      expect.objectContaining({ title: 'bash', queued: 0, status: expect.any(String) }),
    ]);
    const table = await cli('ls');
    expect(table.stdout).toMatch(
      /^PROJECT\s+CHECK\s+SESSION\s+STATUS\s+QUEUED\s+USAGE\s+ID\nalpha\s+-\s+bash\s+\S+\s+0\s+-\s+[0-9a-f-]{36}\n$/,
    );
  });

  it("queue reaches the session's queue, from an argument or from stdin; status waits; log reads the screen", async () => {
    const [session] = unwrap(await client.request('sessions.list', {}));
    unwrap(await client.request('queue.pause', { sessionId: session.id }));
    expect((await cli('queue', 'bash', 'echo from-$((20+22))-argument')).stdout).toContain(
      'Queued for bash (#1 in its queue); its queue is paused',
    );
    const piped = await runCli(['queue', 'alpha', '--json'], env(), 'echo from stdin\nsecond line\n');
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.stdout)).toMatchObject({ sessionId: session.id, position: 2, paused: true });
    const queue = unwrap(await client.request('queue.list', {})).find((q) => q.sessionId === session.id)!;
    expect(queue.items.map((i) => i.text)).toEqual(['echo from-$((20+22))-argument', 'echo from stdin\nsecond line']);
    expect(JSON.parse((await cli('ls', '--json')).stdout).projects[0].sessions[0].queued).toBe(2);

    // Resumed, the shell gets the first prompt when it is idle.
    unwrap(await client.request('queue.remove', { itemId: queue.items[1].id }));
    unwrap(await client.request('queue.resume', { sessionId: session.id }));
    await waitFor(
      async () => (await screenText(client, session.id)).includes('from-42-argument'),
      'the queued prompt ran',
    );
    const waited = await cli('status', session.id.slice(0, 8), '--wait', 'idle', '--timeout', '20');
    expect(waited).toMatchObject({ code: 0, stdout: 'idle\n' });
    const log = await cli('log', 'alpha/bash');
    expect(log.code).toBe(0);
    expect(log.stdout).toContain('from-42-argument');
    expect(log.stdout).not.toContain('\x1b');
  });

  it('says what went wrong, with exit codes scripts can use', async () => {
    const none = await runCli(['ls'], { FLOTILLA_DATA_DIR: join(dataDir, 'nothing-here') });
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('No Flotilla daemon is running for');
    const unknown = await cli('queue', 'no-such-session', 'hello');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('flotilla: No session "no-such-session". `flotilla ls` lists them.\n');
    const json = await cli('status', 'no-such-session', '--json');
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('No session') },
    });
    const badPath = await cli('open', '/no/such/folder');
    expect(badPath.code).toBe(1);
    expect(badPath.stderr).toContain('/no/such/folder');
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('status', 'bash', '--wait', 'sleeping')).code).toBe(2);
    const timeout = await cli('status', 'bash', '--wait', 'needs-input', '--timeout', '0.3');
    expect(timeout.code).toBe(4);
  });

  it('usage: each account’s windows and each agent session’s tokens and cost; ls shows them too', async () => {
    const claudeHome = tempDir('flotilla-cli-claude-');
    const spec = fakeAgentPresetSpec({ id: 'cli-claude', hooks: true, claudeHome, minMs: 100, maxMs: 200 });
    const preset = unwrap(await client.request('presets.save', { preset: spec.preset }));
    const alpha = JSON.parse((await cli('ls', '--json')).stdout).projects[0];
    const agent = unwrap(await client.request('sessions.start', { projectId: alpha.id, presetId: preset.id }));
    try {
      await waitFor(async () => (await cli('status', agent.id, '--json')).stdout.includes('"idle"'), 'agent idle');
      const prompt = 'hello [quota 5h=42 week=10]';
      unwrap(await client.request('queue.add', { sessionIds: [agent.id], text: prompt }));
      const usage = await waitFor(async () => {
        const json = JSON.parse((await cli('usage', '--json')).stdout);
        return json.accounts[0]?.fiveHour ? json : undefined;
      }, 'a quota reading');
      expect(usage.accounts).toEqual([
        expect.objectContaining({
          id: `claude@${claudeHome}`,
          fiveHour: { usedPercent: 42, resetsAt: expect.any(Number) },
          weekly: { usedPercent: 10, resetsAt: expect.any(Number) },
          sessionIds: [agent.id],
        }),
      ]);
      expect(usage.sessions).toEqual([
        expect.objectContaining({
          sessionId: agent.id,
          name: `alpha/${agent.title}`,
          tokens: { input: prompt.length, output: 10, cacheRead: 1000, cacheWrite: 0 },
          model: 'claude-sonnet-4-5',
        }),
      ]);
      const text = (await cli('usage')).stdout;
      expect(text).toMatch(new RegExp(`^ACCOUNT\\s+5-HOUR\\s+WEEKLY\\s+LAST HOUR\\s+TOKENS\\s+COST\n`));
      expect(text).toContain(`Claude Code · ${claudeHome}`);
      // "resets 17:40", or "resets Mon 00:38" when that is tomorrow.
      expect(text).toMatch(/42% \(resets (\w{3} )?\d\d:\d\d\)\s+10% \(resets \w{3} \d\d:\d\d\)/);
      expect(text).toMatch(
        new RegExp(`alpha/${agent.title}\\s+claude-sonnet-4-5\\s+${prompt.length}\\s+10\\s+1\\.0k\\s+0\\s+<\\$0\\.01`),
      );
      expect((await cli('ls')).stdout).toMatch(
        new RegExp(`${agent.title}\\s+\\S+\\s+0\\s+1\\.0k · <\\$0\\.01\\s+${agent.id}`),
      );
    } finally {
      unwrap(await client.request('sessions.close', { sessionId: agent.id }));
      removeDir(claudeHome);
    }
  });

  it('an agent in one project queues work for another (the session knows its daemon)', async () => {
    const opened = await cli('open', other, '--json');
    const beta = JSON.parse(opened.stdout);
    const target = unwrap(await client.request('sessions.start', { projectId: beta.id, command: 'sleep 600' }));
    unwrap(await client.request('queue.pause', { sessionId: target.id }));
    const [source] = unwrap(await client.request('sessions.list', {})).filter((s) => s.title === 'bash');
    await typeAndSee(
      client,
      source.id,
      `node ${join(OUT_MAIN, 'flotilla.js')} queue beta 'review the alpha change' && echo queued-$((40+2))`,
      'queued-42',
    );
    const queue = unwrap(await client.request('queue.list', {})).find((q) => q.sessionId === target.id)!;
    expect(queue.items.map((i) => i.text)).toEqual(['review the alpha change']);
    unwrap(await client.request('sessions.close', { sessionId: target.id }));
  });

  it('attach makes this terminal a client of the session: it shows the screen, types into it, and Ctrl-] detaches', async () => {
    const [session] = unwrap(await client.request('sessions.list', {})).filter((s) => s.title === 'bash');
    await typeAndSee(client, session.id, 'echo already-$((2*21))', 'already-42');
    const term = pty.spawn('node', [join(OUT_MAIN, 'flotilla.js'), 'attach', 'alpha'], {
      cols: 100,
      rows: 30,
      env: { ...process.env, ...env() },
    });
    let seen = '';
    term.onData((d) => (seen += d));
    const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
    try {
      await waitFor(() => seen.includes('already-42'), 'the screen on attach');
      term.write('echo typed-$((6*7))-here\r');
      await waitFor(() => seen.includes('typed-42-here'), 'output of what was typed in the attached terminal');
      expect(await screenText(client, session.id)).toContain('typed-42-here');
      // The session took the attached terminal's size (tmux's "latest client").
      await typeAndSee(client, session.id, 'stty size', '30 100');
      term.write('\x1d');
      expect(await exited).toBe(0);
      expect(seen).toContain('[detached from bash]');
      expect(isAlive(session.pid!)).toBe(true);
    } finally {
      term.kill();
    }
  });

  it("check shows what a project's check runs and that it waits; --allow allows exactly that", async () => {
    const gamma = makeRepo({ dir: join(other, '..', 'gamma'), mkdir: true });
    commitFile(gamma, 'Makefile', 'test:\n\t./run-tests\n', 'a test target');
    commitFile(gamma, 'run-tests', 'echo the tests\n', 'the tests');
    expect((await cli('open', gamma)).code).toBe(0);
    expect((await cli('ls')).stdout).toMatch(/^gamma\s+waits for allow\s/m);
    const shown = await cli('check', 'gamma');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('gamma: check `make test` — waits for your allow');
    expect(shown.stdout).toContain('Makefile:\n  test:\n  \t./run-tests');
    expect(shown.stdout).toContain('run-tests:\n  echo the tests');
    const allowed = await cli('check', 'gamma', '--allow', '--json');
    expect(JSON.parse(allowed.stdout)).toMatchObject({
      trust: 'allowed',
      config: { enabled: true, allowed: { branch: 'main' } },
    });
    expect(
      JSON.parse((await cli('ls', '--json')).stdout).projects.find((p: { name: string }) => p.name === 'gamma')
        .checkWaits,
    ).toBe(false);
  });
});

describe('sessions come back after the daemon is killed', () => {
  it('kill -9, then a start: agents resume their conversation (by id when the hooks told it, else the latest), others restart; screens come back', async () => {
    const dataDir = tempDir('flotilla-resume-');
    const repo = makeRepo();
    const env = { ...SHELL_ENV, FLOTILLA_SCREEN_SAVE_MS: '100' };
    try {
      await startDaemon({ dataDir, daemonEntry: DAEMON_ENTRY, env: { ...process.env, ...env } });
      let client = await daemonClient(dataDir);
      const withHooks = fakeAgentPresetSpec({ id: 'fake-hooks', hooks: true, minMs: 100, maxMs: 200 });
      const noHooks = fakeAgentPresetSpec({ id: 'fake-plain', minMs: 100, maxMs: 200 });
      for (const { preset } of [withHooks, noHooks]) unwrap(await client.request('presets.save', { preset }));
      const project = unwrap(await client.request('projects.add', { path: repo }));
      const a = unwrap(await client.request('sessions.start', { projectId: project.id, presetId: 'fake-hooks' }));
      unwrap(await client.request('sessions.start', { projectId: project.id, presetId: 'fake-plain' }));
      const shell = unwrap(await client.request('sessions.start', { projectId: project.id, command: BASH }));
      await typeAndSee(client, shell.id, 'echo before-kill-$((6*7))', 'before-kill-42');
      await waitFor(
        () => withHooks.log().some((e) => e.event === 'ready') && noHooks.log().some((e) => e.event === 'ready'),
        'both agents ready',
      );
      unwrap(await client.request('queue.add', { sessionIds: [a.id], text: 'first turn' }));
      await waitFor(
        () => withHooks.log().some((e) => e.event === 'idle' && withHooks.log().some((r) => r.event === 'received')),
        'the first turn done',
      );
      // The hooks' payload carried the conversation's id; the daemon wrote it down.
      const db = new DatabaseSync(join(dataDir, 'flotilla.db'), { readOnly: true });
      const conversation = await waitFor(
        () =>
          (db.prepare('SELECT agent_session_id AS id FROM sessions WHERE id = ?').get(a.id) as { id: string | null })
            .id,
        'the conversation id stored',
      );
      const savedScreen = (id: string) =>
        (db.prepare('SELECT last_screen AS screen FROM sessions WHERE id = ?').get(id) as { screen: string | null })
          .screen;
      await waitFor(() => savedScreen(shell.id)?.includes('before-kill-42'), 'the shell’s screen saved');
      db.close();
      expect(conversation).toMatch(/^fake-\d+-\d+$/);

      client.close();
      const pid = daemonPid(dataDir)!;
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid);

      const started = await runCli(['daemon', 'start'], { FLOTILLA_DATA_DIR: dataDir, ...env });
      expect(started.code).toBe(0);
      client = await daemonClient(dataDir);
      const argvOf = (log: typeof withHooks.log) =>
        log()
          .filter((e) => e.event === 'ready')
          .map((e) => e.argv);
      await waitFor(
        () => argvOf(withHooks.log).length === 2 && argvOf(noHooks.log).length === 2,
        'both agents started again',
      );
      expect(argvOf(withHooks.log)).toEqual([[], ['--resume', conversation]]);
      expect(argvOf(noHooks.log)).toEqual([[], ['--continue']]);
      const sessions = unwrap(await client.request('sessions.list', {}));
      expect(sessions.find((s) => s.id === shell.id)!.launched!.slice(1)).toEqual(['--noprofile', '--norc']);
      // (joined: the notice wraps at the terminal's width)
      expect((await screenText(client, a.id)).replace(/\n/g, '')).toContain(
        `resuming its conversation (--resume ${conversation})`,
      );
      expect(await screenText(client, shell.id)).toContain('bash --noprofile --norc is a new process');
      // The screen from before the kill, written down while the daemon ran, is above it.
      expect(unwrap(await client.request('sessions.attach', { sessionId: shell.id })).screen).toContain(
        'before-kill-42',
      );
      client.close();
    } finally {
      await stopDaemon(dataDir);
      removeDir(dataDir);
      removeDir(repo);
    }
  });
});
