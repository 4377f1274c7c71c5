import { ok, type Result } from '../../common/result';
import type { CommitSummary } from '../../common/timeline';
import { gitText } from './git';

const FORMAT = ['%H', '%P', '%an', '%ae', '%at', '%D', '%s'].join('%x1f');

/** One page of history from HEAD, newest first, with per-commit file and line counts. */
export async function logPage(
  cwd: string,
  skip: number,
  limit: number,
): Promise<Result<{ commits: CommitSummary[]; hasMore: boolean }>> {
  const out = await gitText(cwd, [
    'log',
    `--format=%x1e${FORMAT}`,
    '--numstat',
    '--no-color',
    '--no-textconv',
    '--no-ext-diff',
    `--skip=${skip}`,
    '-n',
    String(limit + 1),
    'HEAD',
    '--',
  ]);
  if (!out.ok) return out;
  const commits = out.value
    .split('\x1e')
    .filter((r) => r.trim())
    .map(parseRecord);
  return ok({ commits: commits.slice(0, limit), hasMore: commits.length > limit });
}

function parseRecord(record: string): CommitSummary {
  const [header, ...stats] = record.split('\n');
  const [hash, parents, authorName, authorEmail, time, refs, subject] = header.split('\x1f');
  let filesChanged = 0;
  let added = 0;
  let removed = 0;
  for (const line of stats) {
    const m = /^(\d+|-)\t(\d+|-)\t/.exec(line);
    if (!m) continue;
    filesChanged++;
    added += m[1] === '-' ? 0 : Number(m[1]);
    removed += m[2] === '-' ? 0 : Number(m[2]);
  }
  return {
    hash,
    parents: parents ? parents.split(' ') : [],
    authorName,
    authorEmail,
    time: Number(time) * 1000,
    subject,
    refs: refs ? refs.split(', ') : [],
    filesChanged,
    added,
    removed,
  };
}
