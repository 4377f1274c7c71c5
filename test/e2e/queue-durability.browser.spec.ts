import { makeRepo, removeDir, tempDir } from '../helpers/host-harness';
import { daemonPid, waitForExit } from '../helpers/daemon';
import { expect, protocolSocket, startServe, stopServe, test } from './fixtures';

test('kill -9 of the daemon right after queueing loses nothing that was acknowledged (3 rounds)', async () => {
  const dataDir = tempDir('flotilla-durable-');
  const repo = makeRepo();
  const expected: string[] = [];
  try {
    let sessionId = '';
    for (let round = 0; round < 3; round++) {
      const served = await startServe({ dataDir });
      const { ws, call } = await protocolSocket(served);
      if (round === 0) {
        const project = (await call('projects.add', { path: repo })).value;
        sessionId = (await call('sessions.start', { projectId: project.id, command: 'sleep 600' })).value.id;
        await call('queue.pause', { sessionId });
      }
      const queue = (await call('queue.list', {})).value.find((q: { sessionId: string }) => q.sessionId === sessionId);
      expect(queue.items.map((i: { text: string }) => i.text)).toEqual(expected);
      for (let i = 0; i < 5; i++) {
        const text = `round ${round} prompt ${i}: ünïcødé 🚀\nwith a second line`;
        const added = await call('queue.add', { sessionIds: [sessionId], text });
        expect(added.ok).toBe(true);
        expected.push(text);
      }
      const pid = daemonPid(dataDir)!;
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid);
      ws.terminate();
      await stopServe(served);
    }
    const served = await startServe({ dataDir });
    const { ws, call } = await protocolSocket(served);
    const queue = (await call('queue.list', {})).value.find((q: { sessionId: string }) => q.sessionId === sessionId);
    expect(queue.items.map((i: { text: string }) => i.text)).toEqual(expected);
    expect(queue.items.every((i: { state: string }) => i.state === 'queued')).toBe(true);
    expect(queue.paused).toBe(true);
    ws.close();
    await stopServe(served);
  } finally {
    removeDir(dataDir);
    removeDir(repo);
  }
});
