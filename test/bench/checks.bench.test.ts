import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import type { CheckRun } from '../../electron/common/checks';
import { makeRepo, removeDir, startHost, unwrap, waitFor } from '../helpers/host-harness';
import { median, percentile, round } from './harness';
import { recordFigures } from './results';

const COMMITS = Number(process.env.BENCH_CHECK_COMMITS ?? 10);
const KEYS = Number(process.env.BENCH_KEYS ?? 300);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The verification lane: commit → check started (the host's watcher, the worktree checkout, the
 * spawn), and what a running check costs typing: echo into a shell while a check burns a core
 * against none, in one run.
 */
it('checks: commit to check start, and echo while a check runs', { timeout: 600_000 }, async () => {
  const repo = makeRepo();
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo });
  writeFileSync(join(repo, 'check.sh'), 'echo checked\n');
  git('add', 'check.sh');
  git('commit', '-qm', 'a check');
  const h = await startHost(undefined, { checkParallel: 2 });
  const client = h.connect();
  const runs: CheckRun[] = [];
  client.on('check.updated', (run) => runs.push(run));
  try {
    const project = unwrap(await client.request('projects.add', { path: repo }));
    // Nothing runs until the person allows what it runs (issue 19).
    const allowCheck = async (command: string) => {
      const setup = unwrap(
        await client.request('checks.configure', {
          projectId: project.id,
          config: { command, enabled: true, timeoutS: 120, autoFix: false },
        }),
      );
      unwrap(await client.request('checks.allow', { projectId: project.id, fingerprint: setup.plan!.fingerprint }));
    };
    await allowCheck('sh check.sh');

    const startDelays: number[] = [];
    for (let i = 0; i < COMMITS; i++) {
      writeFileSync(join(repo, 'n.txt'), String(i));
      git('add', 'n.txt');
      git('commit', '-qm', `change ${i}`);
      const committedAt = Date.now();
      const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
      const run = await waitFor(
        () => runs.find((r) => r.commit === head && r.state === 'passed'),
        `check of change ${i}`,
        30_000,
      );
      startDelays.push(run.startedAt! - committedAt);
    }

    // Echo into a shell: keys one at a time, until each one's echo arrives.
    const session = unwrap(
      await client.request('sessions.start', { projectId: project.id, command: 'bash --noprofile --norc' }),
    );
    let received = '';
    let onData: (() => void) | undefined;
    unwrap(await client.attach(session.id, { screen: () => {}, data: (d) => ((received += d), onData?.()) }));
    await sleep(500);
    const echo = async () => {
      const times: number[] = [];
      for (let k = 0; k < KEYS; k++) {
        const key = k % 2 ? 'b' : 'a';
        const before = received.length;
        const t0 = performance.now();
        // Timed from the data event itself, not a poll.
        await new Promise<void>((resolve) => {
          onData = () => received.slice(before).includes(key) && resolve();
          client.input(session.id, key);
        });
        times.push(performance.now() - t0);
        client.ack(session.id, received.length);
        await sleep(10);
      }
      client.input(session.id, '\x15');
      return times;
    };
    const quiet = await echo();
    // A check that keeps a core busy for the whole measurement.
    await allowCheck(`${process.execPath} -e "const end = Date.now() + 60000; while (Date.now() < end);"`);
    git('commit', '-q', '--allow-empty', '-m', 'burn');
    await waitFor(
      () => runs.find((r) => r.state === 'running' && r.subject === 'burn'),
      'the busy check running',
      30_000,
    );
    await sleep(500);
    const busy = await echo();
    const burning = runs.findLast((r) => r.subject === 'burn')!;
    unwrap(await client.request('checks.cancel', { runId: burning.id }));

    recordFigures('checks', {
      commits: COMMITS,
      commitToStartMedianMs: Math.round(median(startDelays)),
      commitToStartMaxMs: Math.round(Math.max(...startDelays)),
      keys: KEYS,
      echoP50NoCheckMs: round(percentile(quiet, 50), 1),
      echoP99NoCheckMs: round(percentile(quiet, 99), 1),
      echoP50CheckRunningMs: round(percentile(busy, 50), 1),
      echoP99CheckRunningMs: round(percentile(busy, 99), 1),
      echoP99Ratio: round(percentile(busy, 99) / percentile(quiet, 99)),
    });
  } finally {
    await h.close();
    removeDir(h.dataDir);
    removeDir(repo);
  }
});
