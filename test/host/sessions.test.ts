import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Terminal } from '@xterm/headless';
import { visibleRows } from '../../electron/common/visible-rows';
import type { HostClient } from '../../electron/common/host-client';
import type { Project } from '../../electron/common/types';
import type { Session } from '../../electron/daemon/sessions/session';
import { RecordingSink, removeDir, startHost, tempDir, unwrap, waitFor, type Harness } from '../helpers/host-harness';

/** Mixed terminal text (colours, long and short lines, unicode), then a marker. */
const GENERATOR = join(__dirname, '../fixtures/mixed-text.mjs');

describe('sessions (real ptys)', () => {
  let h: Harness;
  let client: HostClient;
  let project: Project;
  let projectDir: string;

  beforeEach(async () => {
    h = await startHost();
    client = h.connect();
    projectDir = tempDir('flotilla-proj-');
    project = unwrap(await client.request('projects.add', { path: projectDir }));
  });
  afterEach(async () => {
    await h.close();
    removeDir(projectDir);
    removeDir(h.dataDir);
  });

  async function start(command: string, size: { cols?: number; rows?: number } = {}) {
    const info = unwrap(await client.request('sessions.start', { projectId: project.id, command, ...size }));
    const sink = new RecordingSink(client, info.id);
    unwrap(await client.attach(info.id, sink));
    return { info, sink };
  }

  const statusOf = async (id: string) => unwrap(await client.request('sessions.list', {})).find((s) => s.id === id);

  it('runs in the project folder, takes input and reports the exit code', async () => {
    const { info, sink } = await start('bash --noprofile --norc');
    client.input(info.id, 'pwd; echo "sum=$((40+2))"\r');
    await waitFor(() => sink.text.includes('sum=42'), 'echo output');
    expect(sink.text).toContain(projectDir);
    client.input(info.id, 'exit 7\r');
    await expect.poll(async () => (await statusOf(info.id))?.exitCode, { timeout: 10_000 }).toBe(7);
    expect((await statusOf(info.id))?.status).toBe('exited');
  });

  it('follows resizes: the program sees the new size', async () => {
    const { info, sink } = await start('bash --noprofile --norc', { cols: 100, rows: 30 });
    client.input(info.id, 'stty size\r');
    await waitFor(() => sink.text.includes('30 100'), 'initial size');
    unwrap(await client.request('sessions.resize', { sessionId: info.id, cols: 57, rows: 13 }));
    client.input(info.id, 'stty size\r');
    await waitFor(() => sink.text.includes('13 57'), 'new size');
  });

  it('kills a running session and reports the signal', async () => {
    const { info } = await start('sleep 600');
    await waitFor(() => h.host.sessions.get(info.id)?.isRunning(), 'running');
    unwrap(await client.request('sessions.kill', { sessionId: info.id }));
    const after = await statusOf(info.id);
    expect(after?.status).toBe('exited');
    expect(after?.signal).toBeGreaterThan(0);
  });

  it('a missing command makes an exited session that says what was tried; the host stays up', async () => {
    const info = unwrap(
      await client.request('sessions.start', { projectId: project.id, command: 'no-such-agent-cli --flag' }),
    );
    expect(info.status).toBe('exited');
    expect(info.error).toMatch(/No command "no-such-agent-cli" was found on PATH/);
    const sink = new RecordingSink(client, info.id);
    unwrap(await client.attach(info.id, sink));
    expect(sink.screenData).toContain('no-such-agent-cli');
    expect(unwrap(await client.request('projects.list', {}))).toHaveLength(1);
  });

  it('an unclosed quote is a clear error, not a session', async () => {
    const r = await client.request('sessions.start', { projectId: project.id, command: `echo "oops` });
    expect(r.ok ? 'ok' : r.error.code).toBe('BAD_COMMAND');
  });

  it('a session that exits at once still shows its output and exit code', async () => {
    const { info } = await start(`bash -c 'echo bye-now; exit 3'`);
    await expect.poll(async () => (await statusOf(info.id))?.exitCode, { timeout: 10_000 }).toBe(3);
    const late = new RecordingSink(client, info.id);
    unwrap(await client.attach(info.id, late));
    expect(late.screenData).toContain('bye-now');
  });

  it('survives binary garbage and invalid UTF-8', async () => {
    const { info, sink } = await start(
      `bash -c 'head -c 65536 /dev/urandom; printf "\\xff\\xfe\\xc3(ok-after-garbage"'`,
    );
    await expect.poll(async () => (await statusOf(info.id))?.status, { timeout: 10_000 }).toBe('exited');
    await waitFor(() => sink.text.includes('ok-after-garbage'), 'text after garbage');
    expect(sink.text).toContain('\ufffd');
  });

  it('a late client gets the screen at once, then live output exactly once', async () => {
    const { info, sink } = await start('bash --noprofile --norc');
    client.input(info.id, 'echo before-attach\r');
    await waitFor(() => sink.text.includes('before-attach\r\n'), 'first output');
    const other = h.connect();
    const late = new RecordingSink(other, info.id);
    unwrap(await other.attach(info.id, late));
    expect(late.screenData).toContain('before-attach');
    client.input(info.id, 'for i in 1 2 3; do echo "live-$i"; done\r');
    await waitFor(() => late.text.includes('live-3\r\n'), 'live output on the late client');
    expect(late.text.match(/live-2\r\n/g)).toHaveLength(1);
    expect(late.text).not.toContain('before-attach');
  });

  it('restart runs the command again in the same session', async () => {
    const { info, sink } = await start(`bash -c 'echo run-$$; sleep 600'`);
    // The first line may come before the attach (in the screen) or after it (as output).
    const shown = () => sink.screenData + sink.text;
    await waitFor(() => /run-\d+/.test(shown()), 'first run');
    const restarted = unwrap(await client.request('sessions.restart', { sessionId: info.id }));
    expect(restarted.id).toBe(info.id);
    await waitFor(() => (shown().match(/run-\d+/g) ?? []).length >= 2, 'second run');
    expect(shown()).toContain('restarted');
  });

  it('close ends the process and forgets the session', async () => {
    const { info } = await start('sleep 600');
    const removed: string[] = [];
    client.on('session.removed', ({ sessionId }) => removed.push(sessionId));
    unwrap(await client.request('sessions.close', { sessionId: info.id }));
    await expect.poll(() => removed).toEqual([info.id]);
    expect(await statusOf(info.id)).toBeUndefined();
  });

  it('rings the bell as an event', async () => {
    const bells: string[] = [];
    client.on('session.bell', ({ sessionId }) => bells.push(sessionId));
    const { info } = await start(`bash -c 'printf "\\a"; sleep 600'`);
    await expect.poll(() => bells, { timeout: 5000 }).toEqual([info.id]);
  });
});

describe('flow control: a client that falls behind', () => {
  let h: Harness;
  let dir: string;
  let client: HostClient;
  beforeEach(async () => {
    h = await startHost();
    dir = tempDir();
    client = h.connect();
  });
  afterEach(async () => {
    await h.close();
    removeDir(dir);
    removeDir(h.dataDir);
  });

  async function startBash() {
    const project = unwrap(await client.request('projects.add', { path: dir }));
    const info = unwrap(
      await client.request('sessions.start', {
        projectId: project.id,
        command: 'bash --noprofile --norc',
        cols: 80,
        rows: 24,
      }),
    );
    return { info, session: h.host.sessions.get(info.id)! };
  }
  const numbersIn = (text: string) => (text.match(/\b\d{4,}\b/g) ?? []).map(Number);
  /** A round trip on the client's channel: whatever the host sent before it has arrived. */
  const delivered = async () => void unwrap(await client.request('sessions.list', {}));
  /** Whether the host streams the session to its client byte by byte (not behind, nor mid-sync). */
  const clientLive = (session: Session) => [...session['streams'].values()].every((stream) => stream.isLive);

  it('does not hold the program back: frames instead of the backlog, then the full screen and live bytes', async () => {
    const { info, session } = await startBash();
    const sink = new RecordingSink(client, info.id, false);
    unwrap(await client.attach(info.id, sink));
    sink.ackAll();
    client.input(info.id, 'seq 1 100000000\r');
    await waitFor(() => !clientLive(session), 'the client to fall behind');
    await delivered();
    const plateau = sink.received;
    const lastNumber = () => Math.max(0, ...numbersIn(session.screenText().join('\n')));
    const before = lastNumber();
    await waitFor(() => lastNumber() > before + 1000, 'seq to run on');
    await delivered();
    expect(sink.received).toBe(plateau); // behind and silent: nothing more is sent

    sink.ackAll();
    await waitFor(() => sink.screens >= 2, 'a frame once the client has caught up');
    expect(Math.max(...numbersIn(sink.screenData))).toBeGreaterThan(before);
    expect(sink.received - plateau).toBeLessThan(20_000); // a screen, not megabytes of backlog

    // Interrupted and quiet: the full screen with scrollback, then every byte live, once.
    const acking = setInterval(() => sink.ackAll(), 5);
    try {
      client.input(info.id, '\x03');
      await waitFor(() => sink.screenData.split('\n').length > 24, 'the screen with its scrollback');
      client.input(info.id, 'echo once-$((6*7))\r');
      await waitFor(() => sink.text.includes('once-42'), 'live output after catching up');
      client.input(info.id, 'echo then-$((6*7))\r');
      await waitFor(() => sink.text.includes('then-42'), 'the next live output');
      expect(sink.text.split('once-42').length - 1).toBe(1);
    } finally {
      clearInterval(acking);
    }
  });

  it('a window that keeps falling behind ends with exactly the screen the host has', async () => {
    const { info, session } = await startBash();
    const term = new Terminal({ cols: 80, rows: 24, scrollback: 1000, allowProposedApi: true });
    const lagged = (chars: number) => () => setTimeout(() => client.ack(info.id, chars), 30);
    let screens = 0;
    let received = 0;
    unwrap(
      await client.attach(info.id, {
        screen: ({ screen }) => {
          screens++;
          received += screen.length;
          term.write(`\x1bc${screen}`, lagged(screen.length));
        },
        data: (data) => {
          received += data.length;
          term.write(data, lagged(data.length));
        },
      }),
    );
    const megabytes = 6;
    client.input(info.id, `${process.execPath} ${GENERATOR} ${megabytes} t; echo; echo END-$((6*7))\r`);
    const shown = () => visibleRows(term);
    await waitFor(() => shown().some((line) => line.startsWith('END-42')), 'the end on the lagging window', 30_000);
    await waitFor(() => clientLive(session), 'the last sync: the client live again');
    await delivered();
    await new Promise<void>((r) => term.write('', r));
    expect(shown()).toEqual(session.screenText());
    expect(screens).toBeGreaterThan(2);
    expect(received).toBeLessThan((megabytes * 1024 * 1024) / 2);
    expect(term.buffer.active.length).toBeGreaterThan(500); // scrollback came with the last screen
    term.dispose();
  });

  it('yes, then Ctrl-C: the prompt is back, with a client acking as it parses', async () => {
    const { info } = await startBash();
    const sink = new RecordingSink(client, info.id);
    unwrap(await client.attach(info.id, sink));
    client.input(info.id, 'yes\r');
    await waitFor(() => sink.received > 1_000_000, 'yes flooding');
    client.input(info.id, '\x03');
    // Typed once the terminal echoed the interrupt (input typed before it is flushed with it); bash answers once back at its prompt.
    await waitFor(() => (sink.screenData + sink.text).includes('^C'), 'the interrupt');
    client.input(info.id, 'echo done-$((6*7))\r');
    await waitFor(() => (sink.screenData + sink.text).includes('done-42'), 'prompt after Ctrl-C');
  });
});
