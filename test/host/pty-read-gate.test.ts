import { expect, it } from 'vitest';
import * as pty from 'node-pty';
import { PtyReadGate } from '../../electron/host/sessions/pty-read-gate';

it('a pty paused by flow control still delivers everything its process printed before exiting', async () => {
  // Bare node-pty loses all of this: it destroys the socket 200 ms after the exit, unread.
  const child = pty.spawn('/bin/sh', ['-c', 'sleep 0.3; printf "%05000d" 0; echo END-OF-OUTPUT'], { env: process.env as Record<string, string> });
  const gate = new PtyReadGate(child);
  let text = '';
  child.onData((d) => (text += d));
  gate.pause();
  const exited = new Promise<void>((resolve) => child.onExit(() => resolve()));
  await exited;
  gate.dispose();
  expect(text).toContain('END-OF-OUTPUT');
  expect(text.replace(/[^0]/g, '').length).toBeGreaterThanOrEqual(5000);
});

it('a paused pty of a running process stays paused', async () => {
  const child = pty.spawn('/bin/sh', ['-c', 'sleep 0.3; echo LATE; sleep 5'], { env: process.env as Record<string, string> });
  const gate = new PtyReadGate(child);
  let text = '';
  child.onData((d) => (text += d));
  gate.pause();
  await new Promise((r) => setTimeout(r, 800));
  expect(text).not.toContain('LATE');
  gate.resume();
  await expect.poll(() => text, { timeout: 3000 }).toContain('LATE');
  gate.dispose();
  child.kill();
});
