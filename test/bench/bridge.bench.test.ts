import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { it } from 'vitest';
import { portText } from '../../electron/bridge/port-text';
import { standInPort } from '../helpers/stand-in-port';
import { median, round } from './harness';
import { recordFigures } from './results';

const MB = Number(process.env.BENCH_MB ?? 20);
const RUNS = 5;

/** The daemon's output frames as the bridge reads them off its socket: one line (bytes) each. */
function outputLines(): Buffer[] {
  const text = Array.from(
    { length: 60 },
    (_, i) => `\x1b[3${i % 7}mflotilla\x1b[0m agent テスト ünïcødé commit ${i}\r\n`,
  ).join('');
  const line = Buffer.from(JSON.stringify({ t: 'out', s: '6f1c2a4e-8b1d-4c2f-9a3e-5d7b8c9e0f12', d: text }));
  return Array.from({ length: Math.ceil((MB * 1024 * 1024) / line.length) }, () => line);
}

/** Ms until the page end has parsed every line: sent through `sender(port)`, on a fresh port pair. */
async function deliverMs(lines: Buffer[], sender: (port: MessagePort) => (line: Buffer) => void): Promise<number> {
  const { port1, port2 } = new MessageChannel();
  const send = sender(port1);
  let parsed = 0;
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    port2.on('message', (data: string) => {
      JSON.parse(data); // the page's one parse per frame
      if (++parsed === lines.length) resolve();
    });
    for (const line of lines) send(line);
  });
  const ms = performance.now() - t0;
  port1.close();
  return ms;
}

/**
 * The desktop hot path's middle: daemon lines through the bridge's port channel to the page,
 * against the same strings posted on a bare port (the limit) in one run. Node's MessagePort
 * stands in for Electron's (no Electron binary here).
 */
it('bridge: daemon output through the port channel against a bare port', { timeout: 300_000 }, async () => {
  const lines = outputLines();
  const bridged: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bridged.push(await deliverMs(lines, (port) => portText(standInPort(port)).send));
    bare.push(await deliverMs(lines, (port) => (line) => port.postMessage(line.toString())));
  }
  const mb = (lines.length * lines[0].length) / 1024 / 1024;
  recordFigures('bridge', {
    mb: round(mb, 1),
    bridgedMBps: round(mb / (median(bridged) / 1000), 0),
    barePortMBps: round(mb / (median(bare) / 1000), 0),
    bridgedOverBare: round(median(bridged) / median(bare)),
  });
});
