import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { methodParams } from '../../electron/common/protocol';
import { makeRepo, RecordingSink, removeDir, startHost, unwrap, waitFor } from '../helpers/host-harness';
import { protocolSocket, startServe, stopServe, type Served } from '../helpers/serve-process';

/** A deterministic generator of junk: every kind of value a broken or hostile client might send. */
function junk(seed: number) {
  let s = seed >>> 0;
  const rnd = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const methods = [...Object.keys(methodParams), 'nope', '__proto__', 'constructor', 'projects.add.x', ''];
  const value = (depth = 0): unknown => {
    switch (Math.floor(rnd() * (depth > 2 ? 6 : 9))) {
      case 0:
        return null;
      case 1:
        return rnd() > 0.5;
      case 2:
        return pick([0, -1, 1e308, -1e308, 0.5, 2 ** 53, NaN]);
      case 3:
        return pick(['', 'x', '../../etc/passwd', '~', '\u0000', '😀', 'a'.repeat(70_000), '<script>']);
      case 4:
        return pick(['projectId', 'sessionId', 'path', 'text']);
      case 5:
        return undefined;
      case 6:
        return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
      default:
        return Object.fromEntries(
          Array.from({ length: Math.floor(rnd() * 4) }, () => [
            pick(['t', 'id', 'm', 'p', 's', 'd', 'n', 'path', 'projectId', '__proto__', 'x']),
            value(depth + 1),
          ]),
        );
    }
  };
  /** One frame as text (or bytes): mostly well-formed envelopes with bad insides. */
  return (): string | Buffer => {
    const kind = Math.floor(rnd() * 8);
    if (kind === 0)
      return Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256)));
    if (kind === 1) return pick(['{', '', 'null', '[]', '"text"', '{"t":', '{"t":"req","id":-1}', '\u0000\u0001']);
    if (kind === 2) return JSON.stringify({ t: 'in', s: pick(['', 'no-such-session', 'x'.repeat(65)]), d: value() });
    if (kind === 3) return JSON.stringify({ t: 'ack', s: 'no-such-session', n: value() });
    if (kind === 4) return JSON.stringify(value());
    return JSON.stringify({ t: 'req', id: pick([1, 2, -5, 1.5, 'x', 2 ** 60]), m: pick(methods), p: value() });
  };
}

function open(served: Served): Promise<WebSocket> {
  const ws = new WebSocket(`${served.origin.replace('http', 'ws')}/ws?token=${served.token}`, {
    headers: { Origin: served.origin },
  });
  return new Promise((resolve, reject) => (ws.once('open', () => resolve(ws)), ws.once('error', reject)));
}

const closed = (ws: WebSocket) =>
  new Promise<number>((resolve) =>
    ws.readyState === ws.CLOSED ? resolve(-1) : ws.once('close', (code) => resolve(code)),
  );

/** Types into a session over a fresh socket and waits for its echo in the output frames. */
async function echoes(served: Served, sessionId: string, marker: string): Promise<boolean> {
  const { ws, call } = await protocolSocket(served);
  let seen = '';
  ws.on('message', (raw) => {
    const f = JSON.parse(raw.toString());
    if (f.t === 'out' && f.s === sessionId) seen += f.d;
    if (f.t === 'sync' && f.s === sessionId) seen += f.d.screen;
    if (f.t === 'res' && f.r?.value?.screen) seen += f.r.value.screen;
  });
  await call('sessions.attach', { sessionId });
  ws.send(JSON.stringify({ t: 'in', s: sessionId, d: `echo ${marker}-$((20+22))\r` }));
  await waitFor(() => seen.includes(`${marker}-42`), `the echo of ${marker}`);
  ws.close();
  return true;
}

describe('a served host under bad input (the real serve process)', () => {
  let served: Served;
  let repo: string;
  let sessionId: string;
  beforeAll(async () => {
    served = await startServe();
    repo = makeRepo();
    const { ws, value } = await protocolSocket(served);
    const project = await value('projects.add', { path: repo });
    sessionId = (await value('sessions.start', { projectId: project.id, command: 'bash --noprofile --norc' })).id;
    ws.close();
  });
  afterAll(async () => {
    await stopServe(served);
    removeDir(served.dataDir);
    removeDir(repo);
  });

  it('a frame over the size limit closes that socket only; the host and the session go on', async () => {
    const bystander = await open(served);
    const attacker = await open(served);
    attacker.send(JSON.stringify({ t: 'in', s: sessionId, d: '漢'.repeat(1_800_000) }));
    expect(await closed(attacker)).toBe(1009); // "message too big"
    expect(served.process.exitCode).toBeNull();
    expect(bystander.readyState).toBe(bystander.OPEN);
    expect(await echoes(served, sessionId, 'after-oversize')).toBe(true);
    bystander.close();
  });

  it('a text frame with invalid UTF-8 closes that socket only', async () => {
    const attacker = await open(served);
    attacker.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await closed(attacker)).toBe(1007); // "invalid frame payload data"
    expect(served.process.exitCode).toBeNull();
    expect(await echoes(served, sessionId, 'after-utf8')).toBe(true);
  });

  it('3000 random and malformed frames: every socket still answers, the session still echoes', async () => {
    const next = junk(20261124);
    const sockets = await Promise.all([open(served), open(served), open(served)]);
    for (let i = 0; i < 3000; i++) {
      const frame = next();
      sockets[i % 3].send(frame, { binary: Buffer.isBuffer(frame) });
    }
    // Each socket is still served, in order, after everything it sent.
    for (const ws of sockets) {
      const reply = new Promise<any>((resolve) =>
        ws.on('message', (m) => {
          const f = JSON.parse(m.toString());
          if (f.t === 'res' && f.id === 424242) resolve(f);
        }),
      );
      ws.send(JSON.stringify({ t: 'req', id: 424242, m: 'projects.list', p: {} }));
      expect((await reply).r).toMatchObject({ ok: true, value: [{ path: repo }] });
      ws.close();
    }
    expect(served.process.exitCode).toBeNull();
    expect(await echoes(served, sessionId, 'after-fuzz')).toBe(true);
  });
});

describe('the host under bad input over its in-memory channel', () => {
  it('3000 random and malformed frames leave the host up and the session echoing', async () => {
    const h = await startHost();
    const repo = makeRepo();
    try {
      const client = h.connect();
      const project = unwrap(await client.request('projects.add', { path: repo }));
      const info = unwrap(
        await client.request('sessions.start', { projectId: project.id, command: 'bash --noprofile --norc' }),
      );
      const raw = h.connectRaw();
      const next = junk(7);
      for (let i = 0; i < 3000; i++) {
        const frame = next();
        raw.send(
          Buffer.isBuffer(frame)
            ? frame
            : (() => {
                try {
                  return JSON.parse(frame);
                } catch {
                  return frame;
                }
              })(),
        );
      }
      const answer = await client.request('projects.list', {});
      expect(unwrap(answer).map((p) => p.path)).toEqual([project.path]);
      const sink = new RecordingSink(client, info.id);
      unwrap(await client.attach(info.id, sink));
      client.input(info.id, 'echo in-memory-$((40+2))\r');
      await waitFor(() => sink.text.includes('in-memory-42'), 'echo after the fuzz');
    } finally {
      await h.close();
      removeDir(h.dataDir);
      removeDir(repo);
    }
  });
});
