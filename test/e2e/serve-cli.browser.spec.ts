import { readdirSync, readFileSync } from 'node:fs';
import { makeRepo, removeDir } from '../helpers/host-harness';
import { expect, protocolSocket, startServe, stopServe, test } from './fixtures';

/** Every process in a process group, read from /proc (the group of a session's leader holds all it started). */
function groupMembers(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        // /proc/PID/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so split after ')'.
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Running, not just a zombie waiting for its new parent to reap it. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

test('Ctrl-C stops serve --no-daemon cleanly and ends every child process, even one that ignores hangups', async () => {
  const served = await startServe({ inProcess: true });
  const repo = makeRepo();
  try {
    const { ws, call } = await protocolSocket(served);
    const project = (await call('projects.add', { path: repo })).value;
    const plain = (await call('sessions.start', { projectId: project.id, command: 'sleep 1000' })).value;
    const stubborn = (
      await call('sessions.start', { projectId: project.id, command: `bash -c 'trap "" HUP; sleep 1000 & wait'` })
    ).value;
    await expect.poll(async () => (await call('sessions.list', {})).value.every((s: any) => s.pid)).toBe(true);
    await expect.poll(() => groupMembers(stubborn.pid).length).toBe(2); // bash and its HUP-immune sleep
    const pids = [plain.pid, ...groupMembers(stubborn.pid)];
    expect(pids.every(alive)).toBe(true);
    ws.close();
    const t0 = Date.now();
    expect(await stopServe(served)).toBe(0);
    console.log(`[measure] serve shutdown with a HUP-ignoring child: ${Date.now() - t0} ms`);
    // SIGKILL is delivered asynchronously: give the kernel a moment, not the processes a choice.
    await expect.poll(() => pids.filter(alive), { timeout: 2000 }).toEqual([]);
  } finally {
    await stopServe(served);
    removeDir(served.dataDir);
    removeDir(repo);
  }
});

test('the page without the token gets 401, not the app', async ({ page }) => {
  const served = await startServe();
  try {
    const res = await page.goto(served.origin + '/');
    expect(res?.status()).toBe(401);
    await expect(page.getByText('needs its access token')).toBeVisible();
  } finally {
    await stopServe(served);
    removeDir(served.dataDir);
  }
});
