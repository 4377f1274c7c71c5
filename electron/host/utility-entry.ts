/**
 * The host as Electron's utility process: main hands it one MessagePort per window.
 * Started by electron/main with `--data-dir <userData>`.
 */
import { parseArgs } from 'node:util';
import { createHost } from './host';
import { messagePortChannel, type PortLike } from './message-port-channel';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown; ports: PortLike[] }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('utility-entry runs only as an Electron utility process');

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, version: { type: 'string' } } });
const hostReady = createHost({
  dataDir: values['data-dir'] ?? '.',
  version: values.version,
  log: (m) => console.error(`[host] ${m}`),
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
