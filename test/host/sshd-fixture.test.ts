import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptsConnections, sshArgs, sshdAvailable, startSshd, type Sshd } from '../helpers/sshd';

const available = sshdAvailable();

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs ssh with `args`; `onStdout` sees the output as it comes. */
function ssh(args: string[], onStdout?: (text: string) => void): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(stdout);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The fixture the remote-host tests (issue 21) stand on: a real sshd on loopback. */
describe.skipIf(!available.ok)(`a real sshd on loopback${available.ok ? '' : ` (${available.reason})`}`, () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(() => sshd?.stop());

  it('runs a command with the generated key, the host key pinned', async () => {
    const r = await ssh([...sshArgs(sshd), 'echo', 'hello']);
    expect(r, r.stderr).toMatchObject({ code: 0, stdout: 'hello\n' });
    expect(sshd.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(readFileSync(sshd.configFile, 'utf8')).toMatch(/StrictHostKeyChecking yes/);
  });

  it('refuses the host when the known key is a different one', async () => {
    const r = await ssh(['-F', sshd.wrongHostKeyConfig(), sshd.host, 'echo', 'hello']);
    expect(r.code).toBe(255);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
  });

  it('restart drops a live session, and the same host (same key, same port) answers again', async () => {
    const { port, pid } = sshd;
    let ready!: () => void;
    const started = new Promise<void>((r) => (ready = r));
    const live = ssh([...sshArgs(sshd), 'echo ready; exec sleep 60'], (out) => out.includes('ready') && ready());
    await started;
    await sshd.restart();
    const dropped = await live;
    expect(dropped.code, 'the live session ended with the link').toBe(255);
    expect(sshd.port).toBe(port);
    expect(sshd.pid).not.toBe(pid);
    expect(alive(pid)).toBe(false);
    const r = await ssh([...sshArgs(sshd), 'echo', 'hello']);
    expect(r, r.stderr).toMatchObject({ code: 0, stdout: 'hello\n' });
  });

  it('stop kills sshd and removes its folder', async () => {
    const { pid, dir, port } = sshd;
    expect(Number(readFileSync(join(dir, 'sshd.pid'), 'utf8'))).toBe(pid);
    expect(alive(pid)).toBe(true);
    await sshd.stop();
    expect(alive(pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(await acceptsConnections(port)).toBe(false);
  });
});
