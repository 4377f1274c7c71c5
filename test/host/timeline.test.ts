import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostClient } from '../../electron/common/host-client';
import type { Project } from '../../electron/common/types';
import { checkoutForCheck } from '../../electron/daemon/git/check-worktree';
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

describe('commit timeline (real repositories)', () => {
  let h: Harness;
  let client: HostClient;
  const dirs: string[] = [];
  const track = (d: string) => (dirs.push(d), d);
  const add = async (path: string): Promise<Project> => unwrap(await client.request('projects.add', { path }));
  /** The next `timeline.changed` of this kind for this project. */
  const nextChange = (projectId: string, kind: 'history' | 'worktree') =>
    new Promise<void>((resolve) => {
      const off = client.on('timeline.changed', (e) => {
        if (e.projectId !== projectId || e.kind !== kind) return;
        off();
        resolve();
      });
    });

  beforeEach(async () => {
    h = await startHost();
    client = h.connect();
    dirs.push(h.dataDir);
  });
  afterEach(async () => {
    await h.close();
    dirs.splice(0).forEach(removeDir);
  });

  it('pages through history newest first with file and line counts', async () => {
    const repo = track(makeRepo({ commits: 250 }));
    const p = await add(repo);
    const seen: string[] = [];
    let skip = 0;
    for (;;) {
      const page = unwrap(await client.request('timeline.page', { projectId: p.id, skip, limit: 100 }));
      seen.push(...page.commits.map((c) => c.subject));
      skip += page.commits.length;
      if (!page.hasMore) break;
    }
    expect(seen).toHaveLength(250);
    expect(seen[0]).toBe('commit 250');
    expect(seen.at(-1)).toBe('commit 1');
    expect(new Set(seen).size).toBe(250);
    const first = unwrap(await client.request('timeline.page', { projectId: p.id, skip: 0, limit: 1 }));
    expect(first.repo).toMatchObject({ isRepo: true, empty: false, branch: 'main', detached: false, shallow: false });
    expect(first.commits[0]).toMatchObject({
      filesChanged: 1,
      added: 1,
      removed: 0,
      authorName: 'Flotilla Test',
      refs: ['HEAD -> main'],
    });
  });

  it('each new commit appears via the watcher', async () => {
    const repo = track(makeRepo());
    const p = await add(repo);
    expect(await h.host.timeline.watching(p.id)).toBe(true);
    for (let i = 0; i < 20; i++) {
      const changed = nextChange(p.id, 'history');
      const hash = commitFile(repo, 'live.txt', `v${i}\n`, `live ${i}`);
      await changed;
      const page = unwrap(await client.request('timeline.page', { projectId: p.id, skip: 0, limit: 1 }));
      expect(page.commits[0].hash).toBe(hash);
    }
  });

  it('copes with amend, reset and rebase rewriting history', async () => {
    const repo = track(makeRepo({ commits: 3 }));
    const p = await add(repo);
    expect(await h.host.timeline.watching(p.id)).toBe(true);
    const events: string[] = [];
    client.on('timeline.changed', (e) => e.kind === 'history' && events.push(e.projectId));
    const subjects = async () =>
      unwrap(await client.request('timeline.page', { projectId: p.id, skip: 0, limit: 10 })).commits.map(
        (c) => c.subject,
      );

    git(repo, 'commit', '-q', '--amend', '-m', 'commit 3 (amended)');
    await waitFor(() => events.length >= 1, 'amend event');
    expect(await subjects()).toEqual(['commit 3 (amended)', 'commit 2', 'commit 1']);

    git(repo, 'reset', '-q', '--hard', 'HEAD~1');
    await waitFor(() => events.length >= 2, 'reset event');
    expect(await subjects()).toEqual(['commit 2', 'commit 1']);

    git(repo, 'checkout', '-q', '-b', 'side', 'HEAD~1');
    commitFile(repo, 'side.txt', 'side\n', 'side work');
    git(repo, 'rebase', '-q', 'main');
    await waitFor(async () => (await subjects())[0] === 'side work', 'rebase shown');
    expect(await subjects()).toEqual(['side work', 'commit 2', 'commit 1']);
  });

  it('shows a commit: files with counts, binary files named, the patch', async () => {
    const repo = track(makeRepo());
    writeFileSync(join(repo, 'image.bin'), Buffer.from([0, 1, 2, 255, 0, 7]));
    writeFileSync(join(repo, 'file-1.txt'), 'changed\nand more\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'mixed change');
    const p = await add(repo);
    const [top] = unwrap(await client.request('timeline.page', { projectId: p.id, skip: 0, limit: 1 })).commits;
    const detail = unwrap(await client.request('timeline.commit', { projectId: p.id, hash: top.hash }));
    expect(detail.files).toEqual(
      expect.arrayContaining([
        { path: 'image.bin', added: null, removed: null, binary: true },
        { path: 'file-1.txt', added: 2, removed: 1, binary: false },
      ]),
    );
    expect(detail.patch).toContain('+and more');
    expect(detail.truncated).toBe(false);
    const missing = await client.request('timeline.commit', { projectId: p.id, hash: 'deadbeef'.repeat(5) });
    expect(missing.ok ? 'ok' : missing.error.code).toBe('NOT_FOUND');
  });

  it('cuts a huge patch and says so', async () => {
    const repo = track(makeRepo());
    writeFileSync(
      join(repo, 'big.txt'),
      Array.from({ length: 200_000 }, (_, i) => `line ${i} ${'x'.repeat(20)}`).join('\n'),
    );
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'huge');
    const p = await add(repo);
    const [top] = unwrap(await client.request('timeline.page', { projectId: p.id, skip: 0, limit: 1 })).commits;
    const detail = unwrap(await client.request('timeline.commit', { projectId: p.id, hash: top.hash }));
    expect(detail.truncated).toBe(true);
    expect(detail.patch.length).toBeLessThanOrEqual(1_500_000);
    expect(detail.files).toEqual([{ path: 'big.txt', added: 200_000, removed: 0, binary: false }]);
  });

  it('reverts as a new commit on a clean tree', async () => {
    const repo = track(makeRepo({ commits: 2 }));
    const p = await add(repo);
    const target = git(repo, 'rev-parse', 'HEAD');
    const newHead = unwrap(await client.request('timeline.revert', { projectId: p.id, hash: target }));
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(newHead);
    expect(git(repo, 'log', '-1', '--format=%s')).toBe('Revert "commit 2"');
    expect(git(repo, 'ls-files')).toBe('file-1.txt');
  });

  it('refuses to revert on a dirty tree and changes nothing', async () => {
    const repo = track(makeRepo({ commits: 2 }));
    const p = await add(repo);
    const head = git(repo, 'rev-parse', 'HEAD');
    writeFileSync(join(repo, 'file-1.txt'), 'uncommitted edit\n');
    const r = await client.request('timeline.revert', { projectId: p.id, hash: head });
    expect(r.ok ? 'ok' : r.error.code).toBe('DIRTY_WORKTREE');
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect(readFileSync(join(repo, 'file-1.txt'), 'utf8')).toBe('uncommitted edit\n');
  });

  it('a revert that conflicts leaves the repository exactly as it was', async () => {
    const repo = track(makeRepo());
    const first = commitFile(repo, 'shared.txt', 'one\n', 'add shared');
    commitFile(repo, 'shared.txt', 'two\n', 'change shared');
    const p = await add(repo);
    const head = git(repo, 'rev-parse', 'HEAD');
    const r = await client.request('timeline.revert', { projectId: p.id, hash: first });
    expect(r.ok ? 'ok' : r.error.code).toBe('CONFLICT');
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(readFileSync(join(repo, 'shared.txt'), 'utf8')).toBe('two\n');
  });

  it('revert takes only full commit ids, so a branch named like a short id never wins', async () => {
    const repo = track(makeRepo());
    const a = commitFile(repo, 'a.txt', 'a\n', 'add a');
    const b = commitFile(repo, 'b.txt', 'b\n', 'add b');
    git(repo, 'branch', a.slice(0, 7), b); // a branch named like a's short id, pointing at b
    const p = await add(repo);
    const short = await client.request('timeline.revert', { projectId: p.id, hash: a.slice(0, 7) });
    expect(short.ok ? 'ok' : short.error.code).toBe('BAD_REQUEST');
    unwrap(await client.request('timeline.revert', { projectId: p.id, hash: a }));
    expect(git(repo, 'log', '-1', '--format=%s')).toBe('Revert "add a"');
    expect(git(repo, 'ls-files')).not.toContain('a.txt');
    expect(git(repo, 'ls-files')).toContain('b.txt');
  });

  it('never runs a repository’s own programs: fsmonitor, diff drivers, filters and gpg configured in .git/config', async () => {
    const repo = track(makeRepo());
    const first = git(repo, 'rev-parse', 'HEAD');
    const { program, ran, forget } = spyPrograms(track(tempDir('flotilla-ran-')));
    git(repo, 'config', 'core.fsmonitor', program('fsmonitor'));
    git(repo, 'config', 'diff.evil.textconv', program('textconv'));
    git(repo, 'config', 'diff.external', program('external'));
    // A driver named with "=", which a `-c name=value` setting would split.
    git(repo, 'config', 'filter.evil=1.clean', program('clean', 'cat'));
    git(repo, 'config', 'filter.evil=1.smudge', program('smudge', 'cat'));
    git(repo, 'config', 'filter.evil=1.required', 'true');
    git(repo, 'config', 'filter.long.process', program('process', 'cat'));
    git(repo, 'config', 'gpg.program', program('gpg'));
    git(repo, 'config', 'log.showSignature', 'true');
    writeFileSync(join(repo, '.gitattributes'), '*.txt diff=evil filter=evil=1\n*.dat filter=long\n');
    writeFileSync(join(repo, 'data.dat'), 'data\n');
    writeFileSync(join(repo, 'file-1.txt'), 'changed\n');
    git(repo, 'add', '.');
    const signed = signedCommit(repo, 'change a text file');
    const later = commitFile(repo, 'file-1.txt', 'later\n', 'change it again');
    writeFileSync(join(repo, 'file-1.txt'), 'uncommitted\n');
    utimesSync(join(repo, 'data.dat'), 1, 1); // same content, new time: status reads it again
    forget(); // the set-up's own git ran them

    const p = await add(repo);
    unwrap(await client.request('timeline.page', { projectId: p.id, skip: 0, limit: 10 }));
    const detail = unwrap(await client.request('timeline.commit', { projectId: p.id, hash: signed }));
    expect(detail.patch).toContain('+changed');
    expect(unwrap(await client.request('timeline.worktree', { projectId: p.id })).files).toBe(1);
    const checkout = join(track(tempDir()), 'check');
    for (const commit of [signed, first, signed]) unwrap(await checkoutForCheck(repo, checkout, commit));
    expect(readFileSync(join(checkout, 'file-1.txt'), 'utf8')).toBe('changed\n');
    expect(ran()).toEqual([]);
    // The fixture is armed: git itself, as a person runs it, starts every one.
    git(repo, 'status');
    git(repo, 'show', signed);
    git(repo, 'diff');
    git(repo, 'worktree', 'add', '-q', '--detach', join(track(tempDir()), 'plain'), signed);
    expect(ran()).toEqual(['clean', 'external', 'fsmonitor', 'gpg', 'process', 'smudge', 'textconv']);

    // A revert the person asks for is their own git at work: it writes the file through the filter.
    git(repo, 'checkout', '--', '.');
    forget();
    unwrap(await client.request('timeline.revert', { projectId: p.id, hash: later }));
    expect(ran()).toContain('smudge');
  });

  it('a partial clone fetches nothing behind the person’s back: its configured upload-pack never runs', async () => {
    const origin = track(makeRepo());
    git(origin, 'config', 'uploadpack.allowFilter', 'true');
    const clone = track(tempDir('flotilla-partial-'));
    git(
      clone,
      '-c',
      'protocol.file.allow=always',
      'clone',
      '-q',
      '--filter=blob:none',
      '--no-checkout',
      `file://${origin}`,
      '.',
    );
    const { program, ran } = spyPrograms(track(tempDir('flotilla-ran-')));
    git(clone, 'config', 'remote.origin.uploadpack', program('upload-pack', 'exec git-upload-pack "$@"'));

    const p = await add(clone);
    const page = async () => {
      const r = await client.request('timeline.page', { projectId: p.id, skip: 0, limit: 10 });
      return r.ok ? 'shown' : r.error.message;
    };
    expect(await page()).toMatch(/transport 'file' not allowed/);
    git(clone, 'config', 'protocol.file.allow', 'always'); // the repository's own policy is refused too
    expect(await page()).toMatch(/transport 'file' not allowed/);
    expect(ran()).toEqual([]);
    git(clone, 'log', '--numstat'); // the person's own git fetches the missing file through it
    expect(ran()).toEqual(['upload-pack']);
  });

  it('never runs a submodule’s own programs: its filter on the status poll, its diff in a commit, its checkout', async () => {
    const inner = track(makeRepo());
    commitFile(inner, '.gitattributes', '*.txt filter=evil\n', 'filter text');
    const repo = track(makeRepo());
    git(repo, '-c', 'protocol.file.allow=always', 'submodule', '-q', 'add', inner, 'sub');
    git(repo, 'commit', '-q', '-m', 'add sub');
    const first = git(repo, 'rev-parse', 'HEAD');
    const sub = join(repo, 'sub');
    const { program, ran, forget } = spyPrograms(track(tempDir('flotilla-ran-')));
    git(sub, 'config', 'filter.evil.clean', program('clean', 'cat'));
    git(sub, 'config', 'diff.external', program('external'));
    git(sub, 'config', 'user.name', 'Flotilla Test');
    git(sub, 'config', 'user.email', 'test@flotilla.invalid');
    commitFile(sub, 'file-1.txt', 'moved\n', 'move the submodule');
    git(repo, 'commit', '-q', '-m', 'move sub', 'sub');
    const moved = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'config', 'diff.submodule', 'diff');
    git(repo, 'config', 'submodule.recurse', 'true');
    utimesSync(join(sub, 'file-1.txt'), 1, 1); // a status inside the submodule would read it again
    forget();

    const p = await add(repo);
    expect(unwrap(await client.request('timeline.worktree', { projectId: p.id })).files).toBe(0);
    expect(unwrap(await client.request('timeline.commit', { projectId: p.id, hash: moved })).patch).toContain(
      'Subproject commit',
    );
    const checkout = join(track(tempDir()), 'check');
    for (const commit of [first, moved]) unwrap(await checkoutForCheck(repo, checkout, commit));
    expect(ran()).toEqual([]);
    git(repo, 'status');
    git(repo, 'show', moved);
    expect(ran()).toEqual(['clean', 'external']);
  });

  it('a non-git folder says so and can be initialised; then commits show live', async () => {
    const plain = track(tempDir('plain-'));
    const p = await add(plain);
    const page = unwrap(await client.request('timeline.page', { projectId: p.id, skip: 0, limit: 10 }));
    expect(page.repo.isRepo).toBe(false);
    unwrap(await client.request('timeline.init', { projectId: p.id }));
    await waitFor(async () => unwrap(await client.request('projects.list', {}))[0].isGitRepo, 'isGitRepo');
    const empty = unwrap(await client.request('timeline.page', { projectId: p.id, skip: 0, limit: 10 }));
    expect(empty.repo).toMatchObject({ isRepo: true, empty: true });
    expect(empty.commits).toEqual([]);
    expect(await h.host.timeline.watching(p.id)).toBe(true);
    const changed = nextChange(p.id, 'history');
    git(plain, '-c', 'user.name=T', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'first');
    await changed;
  });

  it('detached HEAD, shallow clones and linked worktrees show sensibly', async () => {
    const repo = track(makeRepo({ commits: 3 }));
    const shallow = join(track(tempDir()), 'shallow');
    git(tempDir(), 'clone', '-q', '--depth', '1', `file://${repo}`, shallow);
    const s = unwrap(await client.request('timeline.page', { projectId: (await add(shallow)).id, skip: 0, limit: 10 }));
    expect(s.repo.shallow).toBe(true);
    expect(s.commits).toHaveLength(1);

    const linked = join(track(tempDir()), 'linked');
    git(repo, 'worktree', 'add', '-q', '-b', 'feature', linked);
    const w = await add(linked);
    expect(await h.host.timeline.watching(w.id)).toBe(true);
    const changed = nextChange(w.id, 'history');
    commitFile(linked, 'feature.txt', 'f\n', 'feature work');
    await changed;
    expect(
      unwrap(await client.request('timeline.page', { projectId: w.id, skip: 0, limit: 1 })).commits[0].subject,
    ).toBe('feature work');

    git(repo, 'checkout', '-q', '--detach', 'HEAD~1');
    const d = unwrap(await client.request('timeline.page', { projectId: (await add(repo)).id, skip: 0, limit: 1 }));
    expect(d.repo).toMatchObject({ detached: true, branch: null });
  });

  it('the uncommitted line counts changes and refreshes while the timeline is open', async () => {
    const repo = track(makeRepo({ commits: 2 }));
    const p = await add(repo);
    const announced = nextChange(p.id, 'worktree'); // the first poll announces the clean state
    unwrap(await client.request('timeline.open', { projectId: p.id }));
    expect(unwrap(await client.request('timeline.worktree', { projectId: p.id }))).toEqual({
      files: 0,
      untracked: 0,
      conflicted: 0,
      added: 0,
      removed: 0,
    });
    await announced;
    const changed = nextChange(p.id, 'worktree');
    writeFileSync(join(repo, 'file-1.txt'), 'a\nb\nc\n');
    writeFileSync(join(repo, 'new.txt'), 'new\n');
    await changed;
    expect(unwrap(await client.request('timeline.worktree', { projectId: p.id }))).toEqual({
      files: 1,
      untracked: 1,
      conflicted: 0,
      added: 3,
      removed: 1,
    });
  });
});

/** Programs that leave a mark in `dir` when they run (then do `body`), to tell which ones git started. */
function spyPrograms(dir: string) {
  const marks = () => readdirSync(dir).filter((f) => f.endsWith('-ran'));
  return {
    program(name: string, body = 'cat "$1" 2>/dev/null'): string {
      const path = join(dir, `${name}.sh`);
      writeFileSync(path, `#!/bin/sh\ntouch '${dir}/${name}-ran'\n${body}\nexit 0\n`, { mode: 0o755 });
      return path;
    },
    ran: () =>
      marks()
        .map((f) => f.slice(0, -'-ran'.length))
        .sort(),
    forget: () => marks().forEach((f) => rmSync(join(dir, f))),
  };
}

/** Commits the index with a (made-up) signature in it, so showing the commit asks gpg.program to check it. */
function signedCommit(repo: string, message: string): string {
  const who = 'Flotilla Test <test@flotilla.invalid> 1700000000 +0000';
  const signature = 'gpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----';
  const commit = `tree ${git(repo, 'write-tree')}\nparent ${git(repo, 'rev-parse', 'HEAD')}\nauthor ${who}\ncommitter ${who}\n${signature}\n\n${message}\n`;
  const id = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: repo, input: commit })
    .toString()
    .trim();
  git(repo, 'update-ref', 'HEAD', id);
  return id;
}
