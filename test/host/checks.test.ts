import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckRun, CheckState } from '../../electron/common/checks';
import type { HostClient } from '../../electron/common/host-client';
import { detectCheck } from '../../electron/daemon/checks/detect-check';
import { isAlive } from '../helpers/daemon';
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

/** A check that passes while status.txt says "pass", and says what failed otherwise. */
const CHECK = `#!/bin/sh
echo "checking $(git rev-parse --short HEAD)"
sleep "\${CHECK_SLEEP:-0}"
if grep -q pass status.txt; then echo "\\033[32mall good\\033[0m"; else echo "FAIL: status is $(cat status.txt)"; exit 3; fi
`;

describe('the verification lane', () => {
  let h: Harness;
  let client: HostClient;
  let repo: string;
  let projectId: string;
  const runs: CheckRun[] = [];

  const runFor = (commit: string, state?: CheckState) =>
    runs.filter((r) => r.commit === commit).findLast((r) => !state || r.state === state);
  const waitState = (commit: string, state: CheckState, ms = 20_000) =>
    waitFor(
      () => runFor(commit, state),
      `${commit.slice(0, 8)} ${state} (runs: ${JSON.stringify(runs.map((r) => [r.commit.slice(0, 8), r.state, r.reason]))})`,
      ms,
    );

  /** Settings as the person saves them, then allowed as the window shows them. */
  async function allowCheck(config: { command: string; enabled: boolean; timeoutS: number; autoFix: boolean }) {
    const setup = unwrap(await client.request('checks.configure', { projectId, config }));
    return unwrap(await client.request('checks.allow', { projectId, fingerprint: setup.plan!.fingerprint }));
  }

  async function open(dataDir = tempDir()) {
    h = await startHost(dataDir, { checkParallel: 2 });
    client = h.connect();
    client.on('check.updated', (run) => runs.push(run));
  }

  beforeEach(async () => {
    runs.length = 0;
    repo = makeRepo();
    writeFileSync(join(repo, 'check.sh'), CHECK);
    git(repo, 'add', 'check.sh');
    commitFile(repo, 'status.txt', 'pass\n', 'a check that passes');
    await open();
    projectId = unwrap(await client.request('projects.add', { path: repo })).id;
    await allowCheck({ command: 'sh check.sh', enabled: true, timeoutS: 60, autoFix: false });
  });
  afterEach(async () => {
    await h.close();
    removeDir(h.dataDir);
    removeDir(h.cacheDir);
    removeDir(repo);
  });

  it('a passing commit turns green; one that breaks the check turns red, with the failing line in its log', async () => {
    const good = commitFile(repo, 'feature.txt', 'one\n', 'add a feature');
    const passed = await waitState(good, 'passed');
    expect(passed).toMatchObject({ subject: 'add a feature', command: 'sh check.sh', exitCode: 0, failingLines: [] });
    const log = unwrap(await client.request('checks.log', { runId: passed.id }));
    expect(log).toContain('\x1b[32mall good'); // colours, as in a terminal
    expect(log).toContain(`checking ${good.slice(0, 7)}`);

    const bad = commitFile(repo, 'status.txt', 'broken\n', 'break it');
    const failed = await waitState(bad, 'failed');
    expect(failed.exitCode).toBe(3);
    expect(failed.failingLines).toContain('FAIL: status is broken');
    expect(unwrap(await client.request('checks.log', { runId: failed.id }))).toContain('FAIL: status is broken');
    expect(unwrap(await client.request('checks.latest', {}))).toEqual([
      expect.objectContaining({ id: failed.id, state: 'failed' }),
    ]);
    expect(unwrap(await client.request('checks.list', { projectId })).map((r) => r.state)).toEqual([
      'failed',
      'passed',
    ]);
  });

  it("never touches the project's working tree, index, stashes or an uncommitted edit, and runs none of its hooks", async () => {
    const hooks = join(repo, '.git', 'hooks');
    mkdirSync(hooks, { recursive: true });
    writeFileSync(
      join(hooks, 'post-checkout'),
      `#!/bin/sh\ntouch ${join(repo, '..', 'hook-ran')}-$$\necho hook > "${join(repo, 'HOOK_RAN')}"\n`,
    );
    chmodSync(join(hooks, 'post-checkout'), 0o755);
    writeFileSync(join(repo, 'status.txt'), 'pass\n# an edit not yet committed\n');
    writeFileSync(join(repo, 'scratch.txt'), 'stash me\n');
    git(repo, 'add', 'scratch.txt');
    git(repo, 'stash', 'push', '-q', '--', 'scratch.txt');
    writeFileSync(join(repo, 'untracked.txt'), 'not in git\n');
    const slow = 'env CHECK_SLEEP=1 sh check.sh';
    await allowCheck({ command: slow, enabled: true, timeoutS: 60, autoFix: false });
    writeFileSync(join(repo, 'feature.txt'), 'two\n');
    git(repo, 'add', 'feature.txt');
    git(repo, 'commit', '-q', '-m', 'commit only feature.txt');
    const head = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'add', 'untracked.txt');
    git(repo, 'reset', '-q', 'untracked.txt'); // the index as an agent leaves it, then compared byte for byte
    const files = ['status.txt', 'untracked.txt', 'feature.txt', '.git/index'];
    const snapshot = () => Object.fromEntries(files.map((f) => [f, readFileSync(join(repo, f)).toString('base64')]));
    const before = {
      files: snapshot(),
      status: git(repo, 'status', '--porcelain'),
      stashes: git(repo, 'stash', 'list'),
      head,
    };

    await waitState(head, 'running');
    expect({
      files: snapshot(),
      status: git(repo, 'status', '--porcelain'),
      stashes: git(repo, 'stash', 'list'),
      head: git(repo, 'rev-parse', 'HEAD'),
    }).toEqual(before);
    const run = await waitState(head, 'passed');
    expect({
      files: snapshot(),
      status: git(repo, 'status', '--porcelain'),
      stashes: git(repo, 'stash', 'list'),
      head: git(repo, 'rev-parse', 'HEAD'),
    }).toEqual(before);
    expect(readFileSync(join(repo, 'status.txt'), 'utf8')).toBe('pass\n# an edit not yet committed\n');
    // It ran the commit (which has no uncommitted edit), in a worktree under the cache folder.
    expect(unwrap(await client.request('checks.log', { runId: run.id }))).toContain('all good');
    expect(git(repo, 'worktree', 'list')).toContain(join(h.cacheDir, 'checks', projectId));
    expect(() => readFileSync(join(repo, 'HOOK_RAN'))).toThrow();
  });

  it('a newer commit supersedes one still waiting; the running one finishes', async () => {
    await allowCheck({ command: 'env CHECK_SLEEP=1.5 sh check.sh', enabled: true, timeoutS: 60, autoFix: false });
    const first = commitFile(repo, 'a.txt', 'a\n', 'first');
    await waitState(first, 'running');
    const second = commitFile(repo, 'b.txt', 'b\n', 'second');
    await waitState(second, 'queued');
    const third = commitFile(repo, 'c.txt', 'c\n', 'third');
    const skipped = await waitState(second, 'skipped');
    expect(skipped.reason).toContain(third.slice(0, 8));
    await waitState(first, 'passed');
    await waitState(third, 'passed');
    expect(runs.some((r) => r.commit === second && r.state === 'running')).toBe(false);
  });

  it("a time-out ends the check's whole process group, grandchildren included; a cancel too", async () => {
    const pids = tempDir('flotilla-check-pids-');
    const spawnGrandchild = (name: string) => `sh -c 'sleep 300 & echo $! > ${join(pids, name)}; echo started; wait'`;
    await allowCheck({ command: spawnGrandchild('timeout'), enabled: true, timeoutS: 1, autoFix: false });
    const slow = commitFile(repo, 'a.txt', 'a\n', 'hangs');
    const timedOut = await waitState(slow, 'timed-out');
    expect(timedOut.reason).toContain('longer than 1 s');
    const grandchild = Number(readFileSync(join(pids, 'timeout'), 'utf8'));
    await waitFor(() => !isAlive(grandchild), 'the grandchild ended', 5000);

    await allowCheck({ command: spawnGrandchild('cancel'), enabled: true, timeoutS: 600, autoFix: false });
    const again = commitFile(repo, 'b.txt', 'b\n', 'hangs too');
    const running = await waitState(again, 'running');
    await waitFor(() => {
      try {
        return readFileSync(join(pids, 'cancel'), 'utf8').trim();
      } catch {
        return false;
      }
    }, 'the grandchild started');
    unwrap(await client.request('checks.cancel', { runId: running.id }));
    await waitState(again, 'canceled');
    const second = Number(readFileSync(join(pids, 'cancel'), 'utf8'));
    await waitFor(() => !isAlive(second), 'the canceled grandchild ended', 5000);
    removeDir(pids);
  });

  it('a commit made while Flotilla was not running is checked when it starts', async () => {
    const dataDir = h.dataDir;
    await h.close();
    const offline = commitFile(repo, 'status.txt', 'broken while away\n', 'made while Flotilla was down');
    await open(dataDir);
    const failed = await waitState(offline, 'failed');
    expect(failed.subject).toBe('made while Flotilla was down');
  });

  it('results and logs survive a restart of the host', async () => {
    const bad = commitFile(repo, 'status.txt', 'nope\n', 'fails');
    const failed = await waitState(bad, 'failed');
    const dataDir = h.dataDir;
    await h.close();
    await open(dataDir);
    const [again] = unwrap(await client.request('checks.list', { projectId }));
    expect(again).toMatchObject({
      id: failed.id,
      state: 'failed',
      commit: bad,
      failingLines: ['FAIL: status is nope'],
    });
    expect(unwrap(await client.request('checks.log', { runId: failed.id }))).toContain('FAIL: status is nope');
  });

  it('with auto-fix on, a failed commit queues a fix prompt (once) in the session whose prompt led to it', async () => {
    await allowCheck({ command: 'sh check.sh', enabled: true, timeoutS: 60, autoFix: true });
    const session = unwrap(await client.request('sessions.start', { projectId, command: 'bash --noprofile --norc' }));
    // The "agent" is a shell here: the prompt it gets is the commit that breaks the check.
    unwrap(
      await client.request('queue.add', {
        sessionIds: [session.id],
        text: "echo broken > status.txt && git commit -qam 'break the check'",
      }),
    );
    const broken = await waitFor(
      () => runs.find((r) => r.subject === 'break the check' && r.state === 'failed'),
      'the failed check',
      20_000,
    );
    expect(broken.fixQueued).toBe(true);
    const queue = unwrap(await client.request('queue.list', {})).find((q) => q.sessionId === session.id)!;
    const fix = queue.items.find((i) => i.text.startsWith('The check `sh check.sh` failed (exit 3)'))!;
    expect(fix.text).toContain('FAIL: status is broken');
    expect(unwrap(await client.request('checks.fixTarget', { runId: broken.id }))).toBe(session.id);
  });

  it('"Queue a fix" queues the prompt and marks the run in one request; a gone session does neither', async () => {
    const bad = commitFile(repo, 'status.txt', 'broken\n', 'break it');
    const failed = await waitState(bad, 'failed');
    const session = unwrap(await client.request('sessions.start', { projectId, command: 'bash --noprofile --norc' }));
    const gone = await client.request('checks.queueFix', {
      runId: failed.id,
      sessionId: crypto.randomUUID(),
      text: 'echo fixing',
    });
    expect(gone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(unwrap(await client.request('checks.list', { projectId }))[0]).toMatchObject({
      id: failed.id,
      fixQueued: false,
    });

    const marked = unwrap(
      await client.request('checks.queueFix', { runId: failed.id, sessionId: session.id, text: 'echo fixing' }),
    );
    expect(marked).toMatchObject({ id: failed.id, state: 'failed', fixQueued: true });
    expect(unwrap(await client.request('checks.list', { projectId }))[0]).toMatchObject({
      id: failed.id,
      fixQueued: true,
    });
    await waitFor(() => runs.some((r) => r.id === failed.id && r.fixQueued), 'the marked run sent to clients');
    const queue = unwrap(await client.request('queue.list', {})).find((q) => q.sessionId === session.id)!;
    expect(queue.items.map((i) => i.text)).toContain('echo fixing');
  });
});

describe('check detection', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach(removeDir));
  const folder = (files: Record<string, string>) => {
    const dir = tempDir('flotilla-detect-');
    dirs.push(dir);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return dir;
  };

  it('finds the test command a project names', async () => {
    expect(await detectCheck(folder({ 'package.json': JSON.stringify({ scripts: { test: 'vitest run' } }) }))).toBe(
      'npm test',
    );
    expect(
      await detectCheck(
        folder({ 'package.json': JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }) }),
      ),
    ).toBeNull();
    expect(await detectCheck(folder({ 'Cargo.toml': '[package]\nname = "x"\n' }))).toBe('cargo test');
    expect(await detectCheck(folder({ 'go.mod': 'module x\n' }))).toBe('go test ./...');
    expect(await detectCheck(folder({ 'pyproject.toml': '[tool.pytest.ini_options]\naddopts = "-q"\n' }))).toBe(
      'pytest',
    );
    expect(await detectCheck(folder({ 'pytest.ini': '[pytest]\n' }))).toBe('pytest');
    expect(await detectCheck(folder({ 'pyproject.toml': '[tool.black]\n' }))).toBeNull();
    expect(await detectCheck(folder({ Makefile: 'build:\n\tcc x.c\n\ntest: build\n\t./x\n' }))).toBe('make test');
    expect(await detectCheck(folder({ 'README.md': 'hello' }))).toBeNull();
  });

  it('a project added with a test script gets it proposed, not on; one without has none, off', async () => {
    const h = await startHost();
    try {
      const client = h.connect();
      const node = makeRepo();
      commitFile(
        node,
        'package.json',
        JSON.stringify({ scripts: { pretest: 'tsc', test: 'node --test' } }),
        'a test script',
      );
      const plain = makeRepo();
      dirs.push(node, plain);
      const a = unwrap(await client.request('projects.add', { path: node }));
      const b = unwrap(await client.request('projects.add', { path: plain }));
      const proposed = unwrap(await client.request('checks.config', { projectId: a.id }));
      expect(proposed.config).toEqual({
        command: 'npm test',
        enabled: false,
        timeoutS: 600,
        autoFix: false,
        env: [],
        detected: 'npm test',
        allowed: null,
        declined: null,
      });
      expect(proposed.trust).toBe('proposed');
      expect(proposed.plan?.parts).toEqual([
        { source: 'package.json script "pretest"', text: 'tsc' },
        { source: 'package.json script "test"', text: 'node --test' },
      ]);
      expect(unwrap(await client.request('checks.config', { projectId: b.id }))).toMatchObject({
        trust: 'off',
        config: { command: '', enabled: false, detected: null },
      });
      const refused = await client.request('checks.configure', {
        projectId: b.id,
        config: { command: ' ', enabled: true, timeoutS: 60, autoFix: false },
      });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST', message: 'Give a check command, or turn checks off.' },
      });
    } finally {
      await h.close();
      removeDir(h.dataDir);
    }
  });
});
