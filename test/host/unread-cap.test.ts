import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { Channel } from '../../electron/common/channel';
import { HostClient } from '../../electron/common/host-client';
import { jsonChannel } from '../../electron/common/json-channel';
import type { ClientFrame, HostFrame } from '../../electron/common/protocol';
import { listenDaemon, type DaemonServer } from '../../electron/daemon/daemon-server';
import { lineSocket } from '../../electron/daemon-client/line-socket';
import { websocketText } from '../../electron/daemon/browser/websocket-channel';
import { MAX_UNREAD_BYTES } from '../../electron/node/unread-cap';
import { makeRepo, removeDir, startHost, tempDir, unwrap, waitFor, type Harness } from '../helpers/host-harness';

let h: Harness | undefined;
let server: DaemonServer | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.close();
  await h?.close();
  server = h = undefined;
  dirs.splice(0).forEach(removeDir);
});

const socketTo = (path: string) =>
  new Promise<Socket>((resolve, reject) => {
    const socket = connect(path, () => resolve(socket));
    socket.once('error', reject);
  });

/**
 * A client that never reads is closed once the daemon holds more than the cap for it; the others
 * never notice. Flow control already keeps session output to such a client small, so it asks
 * for what is not flow controlled: attach replies, each a screen with 1000 lines of scrollback.
 */
it(
  'a socket client that never reads is closed past the cap, with the reason in the log; another client and its sessions carry on',
  { timeout: 120_000 },
  async () => {
    const dataDir = tempDir();
    const repo = makeRepo();
    dirs.push(dataDir, repo);
    const log: string[] = [];
    h = await startHost(dataDir, { log: (m) => log.push(m) });
    const path = join(dataDir, 'daemon.sock');
    server = await listenDaemon(h.host, path, (m) => log.push(m));
    const good = new HostClient(
      jsonChannel<HostFrame, ClientFrame>(lineSocket(await socketTo(path))) as Channel<HostFrame, ClientFrame>,
    );
    const project = unwrap(await good.request('projects.add', { path: repo }));
    // Wide lines in changing colours: each screen with its scrollback is megabytes of escapes.
    const flood = unwrap(
      await good.request('sessions.start', {
        projectId: project.id,
        command: `bash -c 'while :; do printf "\\e[31mx\\e[32my%.0s" {1..200}; echo; done'`,
      }),
    );
    unwrap(await good.request('sessions.resize', { sessionId: flood.id, cols: 400, rows: 50 }));
    const shell = unwrap(
      await good.request('sessions.start', { projectId: project.id, command: 'bash --noprofile --norc' }),
    );
    const screenBytes = await waitFor(async () => {
      const bytes = Buffer.byteLength(await h!.host.sessions.get(flood.id)!.snapshotScreen());
      return bytes > 1_000_000 && bytes;
    }, 'a megabyte of screen');

    const lazy = await socketTo(path);
    lazy.pause(); // never reads a byte
    let closed = false;
    lazy.on('close', () => (closed = true));
    // Replies for twice the cap, a few at a time (each one is megabytes in the host's memory).
    const attach = `${JSON.stringify({ t: 'req', id: 1, m: 'sessions.attach', p: { sessionId: flood.id } })}\n`;
    let asks = Math.ceil((2 * MAX_UNREAD_BYTES) / screenBytes);
    const asking = setInterval(() => (closed || asks-- <= 0 ? clearInterval(asking) : lazy.write(attach)), 20);
    await waitFor(() => closed, 'the lazy client closed', 60_000);
    expect(log.join('\n')).toMatch(
      new RegExp(
        `closing a connection whose peer left \\d+ MB unread \\(the cap is ${MAX_UNREAD_BYTES / 2 ** 20} MB\\)`,
      ),
    );

    // The other client, its sessions and the flood are as they were.
    expect(h.host.sessions.get(flood.id)!.isRunning()).toBe(true);
    good.input(shell.id, 'echo "still $((40 + 2))"\r');
    await waitFor(
      async () =>
        unwrap(await good.request('sessions.text', { sessionId: shell.id })).some((l) => l.includes('still 42')),
      'the shell answering',
    );
    good.close();
  },
);

it('a browser socket that never reads is closed past the cap, with the reason in the log', async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  try {
    const log: string[] = [];
    const accepted = new Promise<WebSocket>((r) => wss.once('connection', r));
    const browser = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    await new Promise((r) => browser.once('open', r));
    (browser as unknown as { _socket: Socket })._socket.pause(); // never reads a byte
    const ws = await accepted;
    const closed = new Promise((r) => ws.once('close', r));
    const channel = websocketText(ws, (m) => log.push(m));
    const megabyte = 'x'.repeat(2 ** 20);
    for (let sent = 0; sent < 2 * MAX_UNREAD_BYTES && ws.readyState === WebSocket.OPEN; sent += megabyte.length)
      channel.send(megabyte);
    await closed;
    expect(log.join('\n')).toMatch(/closing a connection whose peer left \d+ MB unread/);
    browser.terminate();
  } finally {
    wss.close();
  }
});
