import { expect, it } from 'vitest';
import { makeRepo, removeDir, tempDir } from '../helpers/host-harness';
import { protocolSocket, startServe } from '../helpers/serve-process';
import { recordFigures } from './results';

const CYCLES = Number(process.env.BENCH_KILLS ?? 100);

/**
 * kill -9 of the host while prompts are being queued, CYCLES times on one data folder: every
 * prompt the host acknowledged is there after the restart, once, in order; one it never
 * acknowledged may or may not be (the client was not told either way), but never twice.
 */
it(`kill -9 while queueing, ${CYCLES} times: no acknowledged prompt lost`, { timeout: CYCLES * 5000 }, async () => {
  const dataDir = tempDir('flotilla-kill-');
  const repo = makeRepo();
  const acknowledged: string[] = [];
  let sent = 0;
  let unacknowledgedKept = 0;
  let lost = 0;
  let sessionId = '';
  try {
    for (let cycle = 0; cycle <= CYCLES; cycle++) {
      const served = await startServe({ dataDir, inProcess: true });
      const { ws, call } = await protocolSocket(served);
      if (cycle === 0) {
        const project = (await call('projects.add', { path: repo })).value;
        sessionId = (await call('sessions.start', { projectId: project.id, command: 'sleep 600' })).value.id;
        await call('queue.pause', { sessionId });
      }
      const queue = (await call('queue.list', {})).value.find((q: { sessionId: string }) => q.sessionId === sessionId);
      const texts: string[] = queue.items.map((i: { text: string }) => i.text);
      // Acknowledged ones all there, in order; others only once and only if they were sent.
      lost = acknowledged.filter((t) => !texts.includes(t)).length;
      expect(texts.filter((t) => acknowledged.includes(t))).toEqual(acknowledged);
      expect(new Set(texts).size).toBe(texts.length);
      unacknowledgedKept = texts.length - acknowledged.length;
      if (cycle === CYCLES) {
        ws.close();
        served.process.kill('SIGINT');
        await new Promise((r) => served.process.once('exit', r));
        break;
      }
      // Ten adds in flight at once; the kill lands while some are still unanswered.
      const adds = Array.from({ length: 10 }, (_, i) => {
        const text = `cycle ${cycle} prompt ${i} 🚀`;
        sent++;
        return call('queue.add', { sessionIds: [sessionId], text }).then((r) => r.ok && acknowledged.push(text));
      });
      await Promise.race([Promise.all(adds), new Promise((r) => setTimeout(r, (cycle % 7) * 2))]);
      served.process.kill('SIGKILL');
      await new Promise((r) => served.process.once('exit', r));
      ws.terminate(); // answers not received by now never will be: those prompts were not acknowledged
      acknowledged.sort((a, b) => order(a) - order(b));
    }
    recordFigures('durability', {
      killCycles: CYCLES,
      promptsSent: sent,
      acknowledged: acknowledged.length,
      acknowledgedLost: lost,
      unacknowledgedKept,
    });
  } finally {
    removeDir(dataDir);
    removeDir(repo);
  }
});

/** Prompts in the order they were queued (cycle, then index). */
function order(text: string): number {
  const [, cycle, index] = /cycle (\d+) prompt (\d+)/.exec(text)!;
  return Number(cycle) * 100 + Number(index);
}
