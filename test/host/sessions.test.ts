import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostClient } from '../../electron/common/host-client';
import type { Project } from '../../electron/common/types';
import { RecordingSink, removeDir, startHost, tempDir, unwrap, waitFor, type Harness } from '../helpers/host-harness';

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
    const info = unwrap(await client.request('sessions.start', { projectId: project.id, command: 'no-such-agent-cli --flag' }));
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
    const { info, sink } = await start(`bash -c 'head -c 65536 /dev/urandom; printf "\\xff\\xfe\\xc3(ok-after-garbage"'`);
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
    await waitFor(() => /run-\d+/.test(sink.text), 'first run');
    const restarted = unwrap(await client.request('sessions.restart', { sessionId: info.id }));
    expect(restarted.id).toBe(info.id);
    await waitFor(() => (sink.text.match(/run-\d+/g) ?? []).length >= 2, 'second run');
    expect(sink.text).toContain('restarted');
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
    const { info } = await start(`bash -c 'sleep 0.2; printf "\\a"; sleep 600'`);
    const bells: string[] = [];
    client.on('session.bell', ({ sessionId }) => bells.push(sessionId));
    await expect.poll(() => bells, { timeout: 5000 }).toEqual([info.id]);
  });
});

describe('flow control (yes)', () => {
  let h: Harness;
  let dir: string;
  beforeEach(async () => {
    h = await startHost();
    dir = tempDir();
  });
  afterEach(async () => {
    await h.close();
    removeDir(dir);
    removeDir(h.dataDir);
  });

  it('pauses the pty while a client does not ack, resumes when it does, and Ctrl-C stops yes promptly', async () => {
    const client = h.connect();
    const project = unwrap(await client.request('projects.add', { path: dir }));
    const info = unwrap(await client.request('sessions.start', { projectId: project.id, command: 'bash --noprofile --norc' }));
    const sink = new RecordingSink(client, info.id, false);
    unwrap(await client.attach(info.id, sink));
    const session = h.host.sessions.get(info.id)!;
    client.input(info.id, 'yes\r');
    await waitFor(() => session.isPaused, 'pause under yes');
    const atPause = sink.text.length;
    await new Promise((r) => setTimeout(r, 300));
    // Paused: at most what was in flight when the watermark tripped (one batch) arrives.
    expect(sink.text.length - atPause).toBeLessThan(220 * 1024);
    const stalled = sink.text.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(sink.text.length).toBe(stalled);

    client.ack(info.id, sink.text.length);
    await waitFor(() => sink.text.length > stalled, 'resume after ack');

    // From now on, ack as a healthy renderer would, then interrupt.
    const ackLoop = setInterval(() => client.ack(info.id, 1e6), 5);
    const t0 = Date.now();
    client.input(info.id, '\x03');
    // Typed after the interrupt (input typed before it is flushed with it); bash answers once back at its prompt.
    await new Promise((r) => setTimeout(r, 20));
    client.input(info.id, 'echo done-$((6*7))\r');
    await waitFor(() => sink.text.includes('done-42'), 'prompt after Ctrl-C');
    clearInterval(ackLoop);
    const ms = Date.now() - t0;
    expect(ms).toBeLessThan(10_000);
    console.log(`[measure] yes → Ctrl-C → prompt: ${ms} ms`);
  });

  it('a client that goes away stops holding the pty, at once (not after the stall rule)', async () => {
    const client = h.connect();
    const project = unwrap(await client.request('projects.add', { path: dir }));
    const info = unwrap(await client.request('sessions.start', { projectId: project.id, command: 'bash --noprofile --norc' }));
    unwrap(await client.attach(info.id, new RecordingSink(client, info.id, false)));
    const session = h.host.sessions.get(info.id)!;
    client.input(info.id, 'yes\r');
    await waitFor(() => session.isPaused, 'paused by the silent client');
    client.close();
    await waitFor(() => !session.isPaused, 'released on disconnect', 2000);
    const other = h.connect();
    other.input(info.id, '\x03');
    unwrap(await other.request('sessions.kill', { sessionId: info.id }));
  });
});
