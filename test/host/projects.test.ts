import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRepo, removeDir, startHost, tempDir, unwrap, type Harness } from '../helpers/host-harness';

describe('projects', () => {
  let h: Harness;
  const dirs: string[] = [];
  const dir = (d: string) => (dirs.push(d), d);

  beforeEach(async () => {
    h = await startHost(dir(tempDir()));
  });
  afterEach(async () => {
    await h.close();
    dirs.splice(0).forEach(removeDir);
  });

  it('adds a git repository and a plain folder, and says which is which', async () => {
    const client = h.connect();
    const repo = dir(makeRepo());
    const plain = dir(tempDir('plain-'));
    const a = unwrap(await client.request('projects.add', { path: repo }));
    const b = unwrap(await client.request('projects.add', { path: plain }));
    expect(a.isGitRepo).toBe(true);
    expect(b.isGitRepo).toBe(false);
    expect(unwrap(await client.request('projects.list', {})).map((p) => p.id)).toEqual([a.id, b.id]);
  });

  it('tells other clients when projects change', async () => {
    const watcher = h.connect();
    const seen: number[] = [];
    watcher.on('projects.changed', (list) => seen.push(list.length));
    unwrap(await h.connect().request('projects.add', { path: dir(tempDir()) }));
    await expect.poll(() => seen).toEqual([1]);
  });

  it('rejects bad paths with a code and a sentence', async () => {
    const client = h.connect();
    const base = dir(tempDir());
    const file = join(base, 'notes.txt');
    writeFileSync(file, 'x');
    const cases: Array<[string, string]> = [
      [join(base, 'missing'), 'PATH_NOT_FOUND'],
      [file, 'NOT_A_FOLDER'],
      ['relative/path', 'BAD_REQUEST'],
    ];
    for (const [path, code] of cases) {
      const r = await client.request('projects.add', { path });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(code);
        expect(r.error.message.length).toBeGreaterThan(10);
      }
    }
    expect(unwrap(await client.request('projects.list', {}))).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)(
    'rejects a folder it may not read (skipped as root: root reads everything)',
    async () => {
      const locked = join(dir(tempDir()), 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o000);
      const r = await h.connect().request('projects.add', { path: locked });
      expect(r.ok ? 'ok' : r.error.code).toBe('NOT_READABLE');
      chmodSync(locked, 0o700);
    },
  );

  it('accepts paths with spaces and unicode, and refuses the same folder twice', async () => {
    const client = h.connect();
    const odd = join(dir(tempDir()), 'my projé 🚀 x');
    mkdirSync(odd);
    const p = unwrap(await client.request('projects.add', { path: odd }));
    expect(p.name).toBe('my projé 🚀 x');
    const again = await client.request('projects.add', { path: odd + '/' });
    expect(again.ok ? 'ok' : again.error.code).toBe('ALREADY_EXISTS');
  });

  it('expands ~ to the home folder', async () => {
    const p = unwrap(await h.connect().request('projects.add', { path: '~' }));
    expect(p.path).toBe(homedir());
  });

  it('removing a project ends its sessions', async () => {
    const client = h.connect();
    const p = unwrap(await client.request('projects.add', { path: dir(tempDir()) }));
    const s = unwrap(await client.request('sessions.start', { projectId: p.id, command: 'sleep 30' }));
    unwrap(await client.request('projects.remove', { projectId: p.id }));
    expect(unwrap(await client.request('sessions.list', {})).find((x) => x.id === s.id)).toBeUndefined();
    const r = await client.request('projects.remove', { projectId: p.id });
    expect(r.ok ? 'ok' : r.error.code).toBe('NOT_FOUND');
  });

  it('completes folder names as typed (~ kept, files and hidden folders left out) and offers recent folders', async () => {
    const client = h.connect();
    const root = dir(tempDir('complete-'));
    for (const d of ['alpha', 'alpine', 'Alps', 'beta', '.hidden']) mkdirSync(join(root, d));
    writeFileSync(join(root, 'alfalfa.txt'), 'a file');
    const suggest = async (partial: string) => unwrap(await client.request('folders.suggest', { partial }));
    expect(await suggest(`${root}/al`)).toEqual([`${root}/alpha`, `${root}/alpine`, `${root}/Alps`]);
    expect(await suggest(`${root}/`)).toEqual([`${root}/alpha`, `${root}/alpine`, `${root}/Alps`, `${root}/beta`]);
    expect(await suggest(`${root}/.h`)).toEqual([`${root}/.hidden`]);
    expect(await suggest(`${root}/nothing/x`)).toEqual([]);
    expect(await suggest('relative/path')).toEqual([]);
    const homeFolders = readdirSync(homedir(), { withFileTypes: true }).filter(
      (e) => e.isDirectory() && !e.name.startsWith('.'),
    );
    expect((await suggest('~/')).sort()).toEqual(homeFolders.map((e) => `~/${e.name}`).sort());

    // Nothing typed: recently added folders that still exist and are not open now.
    const a = unwrap(await client.request('projects.add', { path: join(root, 'alpha') }));
    unwrap(await client.request('projects.add', { path: join(root, 'beta') }));
    expect(await suggest('')).toEqual([]);
    unwrap(await client.request('projects.remove', { projectId: a.id }));
    expect(await suggest('')).toEqual([join(root, 'alpha')]);
    removeDir(join(root, 'alpha'));
    expect(await suggest('')).toEqual([]);
  });
});
