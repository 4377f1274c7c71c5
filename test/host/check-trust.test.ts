import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckRun, CheckState } from '../../electron/common/checks';
import type { HostClient } from '../../electron/common/host-client';
import {
  commitFile,
  git,
  makeRepo,
  removeDir,
  startHost,
  tempDir,
  unwrap,
  waitFor,
  type Harness,
} from '../helpers/host-harness';

/** A Makefile whose test target leaves a mark per commit in `marks`, outside the repository. */
const makefile = (marks: string, word = 'checked') =>
  `test:\n\t@echo ${word}; touch ${marks}/$$(git rev-parse --short HEAD)\n`;

describe('nothing of a repository runs until its person allows it', () => {
  let h: Harness;
  let client: HostClient;
  let repo: string;
  let marks: string;
  let projectId: string;
  const runs: CheckRun[] = [];
  const runFor = (commit: string, state?: CheckState) =>
    runs.filter((r) => r.commit === commit).findLast((r) => !state || r.state === state);
  const waitState = (commit: string, state: CheckState) =>
    waitFor(
      () => runFor(commit, state),
      `${commit.slice(0, 8)} ${state} (runs: ${JSON.stringify(runs.map((r) => [r.commit.slice(0, 8), r.state]))})`,
      20_000,
    );
  const marked = () => readdirSync(marks).sort();
  const short = (commit: string) => commit.slice(0, 7);

  async function open(options: Parameters<typeof startHost>[1] = {}) {
    runs.length = 0;
    marks = tempDir('flotilla-marks-');
    repo = makeRepo();
    commitFile(repo, 'Makefile', makefile(marks), 'a Makefile with a test target');
    h = await startHost(tempDir(), { checkParallel: 2, ...options });
    client = h.connect();
    client.on('check.updated', (run) => runs.push(run));
    projectId = unwrap(await client.request('projects.add', { path: repo })).id;
  }
  const setup = async () => unwrap(await client.request('checks.config', { projectId }));
  const allow = async () =>
    unwrap(await client.request('checks.allow', { projectId, fingerprint: (await setup()).plan!.fingerprint }));

  afterEach(async () => {
    await h.close();
    for (const dir of [h.dataDir, h.cacheDir, repo, marks]) removeDir(dir);
  });

  it('a detected check is proposed with what it runs, and runs nothing until allowed', async () => {
    await open();
    const proposed = await setup();
    expect(proposed).toMatchObject({
      trust: 'proposed',
      config: { command: 'make test', enabled: false, allowed: null },
    });
    expect(proposed.plan!.parts).toEqual([
      { source: 'Makefile', text: `test:\n\t@echo checked; touch ${marks}/$$(git rev-parse --short HEAD)` },
    ]);

    const before = commitFile(repo, 'a.txt', 'a\n', 'made before the yes');
    const allowed = await allow();
    expect(allowed).toMatchObject({ trust: 'allowed', config: { enabled: true, allowed: { branch: 'main' } } });
    const after = commitFile(repo, 'b.txt', 'b\n', 'made after the yes');
    await waitState(after, 'passed');
    expect(runFor(before)).toBeUndefined();
    expect(marked()).toEqual([short(after)]);
  });

  it('"Not now" keeps it off and quiet until what it runs changes', async () => {
    await open();
    expect(unwrap(await client.request('checks.decline', { projectId }))).toMatchObject({
      trust: 'off',
      config: { enabled: false },
    });
    commitFile(repo, 'Makefile', makefile(marks, 'changed'), 'another recipe');
    expect(await setup()).toMatchObject({ trust: 'proposed' });
  });

  it('a commit that changes what the check runs is held, shown, and checked once allowed again', async () => {
    await open();
    await allow();
    const changed = commitFile(
      repo,
      'Makefile',
      `${makefile(marks, 'changed')}\t@echo and more\n`,
      'change the recipe',
    );
    const held = await waitState(changed, 'held');
    expect(held.reason).toContain('changed');
    const asks = await setup();
    expect(asks.trust).toBe('changed');
    expect(asks.plan!.parts[0].text).toContain('@echo and more');
    expect(marked()).toEqual([]);

    const stale = await client.request('checks.allow', { projectId, fingerprint: 'f'.repeat(64) });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CHANGED' } });
    expect(unwrap(await client.request('checks.allow', { projectId, fingerprint: asks.plan!.fingerprint })).trust).toBe(
      'allowed',
    );
    await waitState(changed, 'passed');
    expect(marked()).toEqual([short(changed)]);
  });

  it('a script the command names counts: editing check.sh asks again', async () => {
    await open();
    commitFile(repo, 'check.sh', `touch ${marks}/$(git rev-parse --short HEAD)\n`, 'a check script');
    const configured = unwrap(
      await client.request('checks.configure', {
        projectId,
        config: { command: 'sh check.sh', enabled: true, timeoutS: 60, autoFix: false },
      }),
    );
    expect(configured.trust).toBe('proposed');
    expect(configured.plan!.parts).toEqual([
      { source: 'check.sh', text: `touch ${marks}/$(git rev-parse --short HEAD)` },
    ]);
    unwrap(await client.request('checks.allow', { projectId, fingerprint: configured.plan!.fingerprint }));
    const edited = commitFile(
      repo,
      'check.sh',
      `echo edited by an agent; touch ${marks}/$(git rev-parse --short HEAD)\n`,
      'the agent edits the check',
    );
    await waitState(edited, 'held');
    expect(marked()).toEqual([]);
    const refused = await client.request('checks.run', { projectId, commit: edited });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } });
  });

  it('only new commits on the allowed branch are checked: another branch, a checkout or a reset is not a new commit', async () => {
    await open();
    await allow();
    const first = commitFile(repo, 'a.txt', 'a\n', 'on main');
    await waitState(first, 'passed');
    git(repo, 'checkout', '-q', '-b', 'pr-123');
    const elsewhere = commitFile(repo, 'b.txt', 'b\n', 'on another branch');
    git(repo, 'checkout', '-q', 'main');
    const since = async (commit: string) =>
      waitFor(async () => (await setup()).since === commit, `the lane at ${commit.slice(0, 8)}`);
    git(repo, 'reset', '-q', '--hard', 'HEAD~1');
    const back = git(repo, 'rev-parse', 'HEAD');
    await since(back);
    git(repo, 'reset', '-q', '--hard', elsewhere); // main moved to a commit that is not new either
    await since(elsewhere);
    const next = commitFile(repo, 'c.txt', 'c\n', 'the next commit on main');
    await waitState(next, 'passed');
    expect([runFor(elsewhere), runFor(back)]).toEqual([undefined, undefined]);
    expect(marked()).toEqual([short(first), short(next)].sort());
  });

  it('runs with a minimal environment, in a folder under the cache folder, never the data folder', async () => {
    const env = {
      ...process.env,
      CLOUD_SECRET: 'do-not-leak',
      FLOTILLA_TOKEN: 'token-do-not-leak',
      TEST_DATABASE_URL: 'wanted',
    };
    await open({ env });
    commitFile(repo, 'show.sh', 'env; echo "cwd=$(pwd)"\n', 'a check that shows its environment');
    const configured = unwrap(
      await client.request('checks.configure', {
        projectId,
        config: { command: 'sh show.sh', enabled: true, timeoutS: 60, autoFix: false, env: ['TEST_DATABASE_URL'] },
      }),
    );
    unwrap(await client.request('checks.allow', { projectId, fingerprint: configured.plan!.fingerprint }));
    const commit = commitFile(repo, 'a.txt', 'a\n', 'check me');
    const run = await waitState(commit, 'passed');
    const log = unwrap(await client.request('checks.log', { runId: run.id }));
    const names = [...log.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]).filter((n) => n !== 'cwd');
    const shellOwn = ['PWD', 'OLDPWD', 'SHLVL', '_']; // what sh sets by itself
    expect(names.filter((n) => !shellOwn.includes(n)).sort()).toEqual(
      ['CI', 'HOME', 'LANG', 'PATH', 'TERM', 'TEST_DATABASE_URL'].filter(
        (n) => n !== 'LANG' || process.env.LANG !== undefined,
      ),
    );
    expect(log).not.toMatch(/do-not-leak|FLOTILLA_/);
    const cwd = /cwd=(.*)/.exec(log)![1].trim();
    expect(cwd).toBe(join(h.cacheDir, 'checks', projectId));
    expect(cwd.startsWith(h.dataDir + '/')).toBe(false);
    const refused = await client.request('checks.configure', {
      projectId,
      config: { command: 'sh show.sh', enabled: true, timeoutS: 60, autoFix: false, env: ['FLOTILLA_TOKEN'] },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

/** A tmpfs of its own (root only): a disk that can be filled and freed. */
function smallDisk(): string | null {
  const dir = tempDir('flotilla-full-disk-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', dir], { stdio: 'pipe' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

/** Writes until the disk says no space, smaller and smaller, so not one block is left. */
function fill(dir: string): string {
  const filler = join(dir, 'filler');
  for (const size of [256 * 1024, 4096, 1]) {
    try {
      for (;;) writeFileSync(filler, Buffer.alloc(size), { flag: 'a' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
    }
  }
  return filler;
}

const disk = smallDisk();

describe.skipIf(!disk)(disk ? 'a full disk' : 'a full disk (skipped: mounting a tmpfs needs root)', () => {
  afterEach(() => {
    if (disk && existsSync(disk)) execFileSync('umount', [disk]);
  });

  it('a commit made while the disk is full is checked once space returns', async () => {
    const dataDir = join(disk!, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    const marks = tempDir('flotilla-marks-');
    const repo = makeRepo();
    commitFile(repo, 'Makefile', makefile(marks), 'a Makefile with a test target');
    const logged: string[] = [];
    const h = await startHost(dataDir, {
      cacheDir: tempDir('flotilla-cache-'),
      checkRetryMs: 100,
      log: (line) => logged.push(line),
    });
    const client = h.connect();
    const runs: CheckRun[] = [];
    client.on('check.updated', (run) => runs.push(run));
    try {
      const projectId = unwrap(await client.request('projects.add', { path: repo })).id;
      const { plan } = unwrap(await client.request('checks.config', { projectId }));
      unwrap(await client.request('checks.allow', { projectId, fingerprint: plan!.fingerprint }));
      const filler = fill(disk!);
      const whileFull = commitFile(repo, 'a.txt', 'a\n', 'made while the disk is full');
      // The lane saw the commit and could not write it down: it tries again, and again.
      await waitFor(
        () => logged.some((l) => l.includes(`could not record commit ${whileFull.slice(0, 8)}`)),
        'the failed write',
        20_000,
      );
      unlinkSync(filler);
      await waitFor(
        () => runs.find((r) => r.commit === whileFull && r.state === 'passed'),
        'the check of the commit made while full',
        20_000,
      );
      expect(readdirSync(marks)).toEqual([whileFull.slice(0, 7)]);
    } finally {
      await h.close();
      for (const dir of [h.cacheDir, repo, marks]) removeDir(dir);
    }
  });
});
