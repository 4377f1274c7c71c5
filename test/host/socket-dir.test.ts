import { chmodSync, chownSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { daemonPaths } from '../../electron/daemon-client/daemon-paths';
import { runCli } from '../helpers/daemon';
import { removeDir, tempDir } from '../helpers/host-harness';

/** A data folder whose socket path would be too long for a Unix socket: it goes to TMPDIR/flotilla-UID. */
const longDataDir = () => join(tempDir(), 'd'.repeat(100));

describe("the socket's folder outside a long data folder", () => {
  let tmp: string;
  let fallback: string;
  const oldTmp = process.env.TMPDIR;
  beforeEach(() => {
    tmp = tempDir('flotilla-tmpdir-');
    process.env.TMPDIR = tmp;
    fallback = join(tmp, `flotilla-${process.getuid!()}`);
  });
  afterEach(() => {
    if (oldTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = oldTmp;
    removeDir(tmp);
  });

  it("is made 0700 and the user's own when missing", () => {
    expect(daemonPaths(longDataDir()).socket.startsWith(`${fallback}/`)).toBe(true);
    const stat = statSync(fallback);
    expect(stat.mode & 0o777).toBe(0o700);
    expect(stat.uid).toBe(process.getuid!());
  });

  const refusal = (problem: string) =>
    `Flotilla will not use ${fallback}: it ${problem}, so another local user could have made it. Remove it (rm -r ${fallback}, as its owner or root) and start Flotilla again, or use a data folder with a shorter path.`;

  it("is refused, saying what to do, when it is a symlink (to a folder of the user's, even)", () => {
    const elsewhere = tempDir('flotilla-elsewhere-');
    chmodSync(elsewhere, 0o700);
    symlinkSync(elsewhere, fallback);
    expect(() => daemonPaths(longDataDir())).toThrow(refusal('is a symbolic link'));
    removeDir(elsewhere);
  });

  it('is refused, not quietly tightened, when its mode is not 0700', () => {
    mkdirSync(fallback, { mode: 0o700 });
    chmodSync(fallback, 0o777);
    expect(() => daemonPaths(longDataDir())).toThrow(refusal('has mode 777, not 700'));
    chmodSync(fallback, 0o755);
    expect(() => daemonPaths(longDataDir())).toThrow(refusal('has mode 755, not 700'));
    expect(statSync(fallback).mode & 0o777).toBe(0o755);
  });

  it('is refused when another user owns it', () => {
    mkdirSync(fallback, { mode: 0o700 });
    chownSync(fallback, 65534, 65534);
    expect(() => daemonPaths(longDataDir())).toThrow(refusal('belongs to another user (uid 65534)'));
  });

  it('the CLI says why in words, not as an internal error', async () => {
    mkdirSync(fallback, { mode: 0o700 });
    chmodSync(fallback, 0o777);
    const ls = await runCli(['ls'], { FLOTILLA_DATA_DIR: longDataDir(), TMPDIR: tmp });
    expect(ls.code).toBe(1);
    expect(ls.stderr).toBe(`flotilla: ${refusal('has mode 777, not 700')}\n`);
  });
});
