import { it } from 'vitest';
import { makeBigRepo } from '../helpers/big-repo';
import { commitFile, makeRepo, removeDir, startHost, unwrap } from '../helpers/host-harness';
import { recordFigures } from './results';

const PAGE = 50;
const RUNS = 7;

/** First timeline page on a 100,000-commit repository against a 100-commit one, in one run. */
it('timeline: first page, 100k commits vs 100', { timeout: 600_000 }, async () => {
  const h = await startHost();
  const client = h.connect();
  const t0 = Date.now();
  const big = makeBigRepo(100_000);
  const generateMs = Date.now() - t0;
  const small = makeBigRepo(100);
  const median = async (path: string) => {
    const project = unwrap(await client.request('projects.add', { path }));
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const page = unwrap(await client.request('timeline.page', { projectId: project.id, skip: 0, limit: PAGE }));
      times.push(performance.now() - start);
      if (page.commits.length !== PAGE) throw new Error('short page');
    }
    return times.sort((a, b) => a - b)[RUNS >> 1];
  };
  const smallMs = await median(small);
  const bigMs = await median(big);
  recordFigures('timeline', {
    firstPageMs100: Math.round(smallMs),
    firstPageMs100k: Math.round(bigMs),
    firstPageRatio100kTo100: Number((bigMs / smallMs).toFixed(2)),
    generate100kMs: generateMs,
  });
  await h.close();
  removeDir(big);
  removeDir(small);
});

/** From a commit to the watcher's `timeline.changed`, over 20 commits (git's own commit time included). */
it('timeline: commit to live event', async () => {
  const h = await startHost();
  const client = h.connect();
  const repo = makeRepo();
  const project = unwrap(await client.request('projects.add', { path: repo }));
  if (!(await h.host.timeline.watching(project.id))) throw new Error('not watched');
  const delays: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const seen = new Promise<number>((resolve) => {
      const off = client.on(
        'timeline.changed',
        (e) => e.projectId === project.id && e.kind === 'history' && (off(), resolve(performance.now())),
      );
    });
    commitFile(repo, 'live.txt', `v${i}\n`, `live ${i}`);
    delays.push((await seen) - t0);
    await new Promise((r) => setTimeout(r, 60)); // the commit's last file events settle, so they never time the next one
  }
  delays.sort((a, b) => a - b);
  recordFigures('timelineLive', {
    commitToEventMedianMs: Math.round(delays[10]),
    commitToEventP95Ms: Math.round(delays[18]),
  });
  await h.close();
  removeDir(h.dataDir);
  removeDir(repo);
});
