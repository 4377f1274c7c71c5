import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import * as pty from 'node-pty';
import { PtyReadGate } from '../../electron/daemon/sessions/pty-read-gate';
import { removeDir, tempDir, waitFor } from '../helpers/host-harness';

/** `sh -c script` under a gate that is paused from the start, collecting what is read. */
function pausedShell(script: string) {
  const child = pty.spawn('/bin/sh', ['-c', script], { env: process.env as Record<string, string> });
  const gate = new PtyReadGate(child);
  const read = { text: '' };
  child.onData((d) => (read.text += d));
  gate.pause();
  return { child, gate, read };
}

it('a pty paused by flow control still delivers everything its process printed before exiting', async () => {
  // Bare node-pty loses all of this: it destroys the socket 200 ms after the exit, unread.
  const { child, gate, read } = pausedShell('sleep 0.3; printf "%05000d" 0; echo END-OF-OUTPUT');
  await new Promise<void>((resolve) => child.onExit(() => resolve()));
  gate.dispose();
  expect(read.text).toContain('END-OF-OUTPUT');
  expect(read.text.replace(/[^0]/g, '').length).toBeGreaterThanOrEqual(5000);
});

it('a paused pty of a running process stays paused', async () => {
  const dir = tempDir();
  const printed = join(dir, 'printed');
  const { child, gate, read } = pausedShell(`echo LATE; touch '${printed}'; sleep 5`);
  await waitFor(() => existsSync(printed), 'the process to print');
  await new Promise((r) => setImmediate(r)); // past an I/O poll, which would have read it
  expect(read.text).not.toContain('LATE');
  gate.resume();
  await expect.poll(() => read.text, { timeout: 3000 }).toContain('LATE');
  gate.dispose();
  child.kill();
  removeDir(dir);
});
