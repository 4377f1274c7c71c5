/**
 * The host as Electron's utility process: main hands it one MessagePort per window.
 * Started by electron/main with `--data-dir <userData>`. If the host cannot start (a database
 * from a newer Flotilla, a folder it may not write), main is told why before this exits.
 */
import { parseArgs } from 'node:util';
import { createHost } from './host';
import { messagePortChannel, type PortLike } from './message-port-channel';
import { logUncaughtErrors } from './util/last-resort';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown; ports: PortLike[] }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('utility-entry runs only as an Electron utility process');

const log = (m: string) => console.error(`[host] ${m}`);
logUncaughtErrors(log);
const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, version: { type: 'string' } } });
const hostReady = createHost({ dataDir: values['data-dir'] ?? '.', version: values.version, log });
hostReady.catch((e: Error) => {
  parentPort.postMessage({ type: 'failed', reason: e.message });
  process.exit(1);
});

parentPort.on('message', async ({ data, ports }) => {
  const host = await hostReady;
  const kind = (data as { type?: string } | null)?.type;
  if (kind === 'connect' && ports[0]) {
    ports[0].start();
    host.connect(messagePortChannel(ports[0]));
  } else if (kind === 'shutdown') {
    await host.shutdown();
    process.exit(0);
  }
});
