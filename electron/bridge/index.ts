/**
 * Electron's utility process: the bridge between each window's MessagePort and the daemon, which
 * holds the sessions and outlives the app. It starts the daemon when none runs (Electron's own
 * binary as Node), and gives every window a daemon connection of its own. Started by
 * electron/main with `--data-dir <userData>`; main never carries terminal data.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Channel } from '../common/channel';
import { HostClient } from '../common/host-client';
import { jsonChannel } from '../common/json-channel';
import type { ClientFrame, HostFrame } from '../common/protocol';
import { DaemonLink } from '../daemon-client/daemon-link';
import { lineSocket } from '../daemon-client/line-socket';
import type { PortLike } from './port-like';
import { portText } from './port-text';
import { logUncaughtErrors } from '../node/last-resort';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown; ports: PortLike[] }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('the bridge runs only as an Electron utility process');

const log = (m: string) => console.error(`[bridge] ${m}`);
logUncaughtErrors(log);
const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
const link = new DaemonLink({ dataDir: values['data-dir'] ?? '.', daemonEntry: join(__dirname, 'daemon.js') }, log);

/** "Quit and end all sessions": the daemon ends every session and exits. */
async function endSessions(): Promise<void> {
  const socket = await link.connect().catch(() => null);
  if (!socket) return;
  const client = new HostClient(
    jsonChannel<HostFrame, ClientFrame>(lineSocket(socket, log)) as Channel<HostFrame, ClientFrame>,
  );
  const closed = new Promise<void>((resolve) => client.onClose(resolve));
  await client.request('host.shutdown', {});
  await closed;
}

parentPort.on('message', ({ data, ports }) => {
  const kind = (data as { type?: string } | null)?.type;
  if (kind === 'connect' && ports[0]) {
    ports[0].start();
    link.bridge(portText(ports[0]));
  } else if (kind === 'end-sessions') {
    void endSessions().finally(() => process.exit(0));
  }
});
