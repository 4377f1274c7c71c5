import { fail, ok, type Result } from '../../common/result';
import type { CommitDetail, CommitFile } from '../../common/timeline';
import { commitId, gitText } from './git';

/** Patches past this many characters are cut; the file list still names every file. */
export const MAX_PATCH_CHARS = 1_500_000;

/** Neither textconv drivers nor external diff programs from the repository's config ever run. */
const PLAIN_DIFF = ['--no-color', '--no-textconv', '--no-ext-diff', '--diff-merges=first-parent'];

/** A commit's message, files with +/− (binary named), and its patch (against the first parent for merges). */
export async function showCommit(cwd: string, hash: string): Promise<Result<CommitDetail>> {
  const id = await commitId(cwd, hash);
  if (!id.ok) return id;
  if (!id.value) return fail('NOT_FOUND', `There is no commit ${hash} here.`);
  const head = await gitText(cwd, [
    'show',
    ...PLAIN_DIFF,
    '--numstat',
    '--format=%H%x1f%P%x1f%an%x1f%at%x1f%s%x1f%b%x1e',
    id.value,
    '--',
  ]);
  if (!head.ok) return head;
  const [meta, stats = ''] = head.value.split('\x1e');
  const [full, parents, authorName, time, subject, body] = meta.split('\x1f');
  const files: CommitFile[] = stats
    .split('\n')
    .map((line) => /^(\d+|-)\t(\d+|-)\t(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => !!m)
    .map(([, a, r, path]) => ({
      path,
      added: a === '-' ? null : Number(a),
      removed: r === '-' ? null : Number(r),
      binary: a === '-',
    }));
  const patch = await gitText(cwd, ['show', ...PLAIN_DIFF, '-M', '--format=', '--patch', id.value, '--']);
  if (!patch.ok) return patch;
  const truncated = patch.value.length > MAX_PATCH_CHARS;
  return ok({
    hash: full,
    subject,
    body: body.trim(),
    authorName,
    time: Number(time) * 1000,
    isMerge: parents.split(' ').filter(Boolean).length > 1,
    files,
    patch: truncated
      ? patch.value.slice(0, patch.value.lastIndexOf('\ndiff --git', MAX_PATCH_CHARS) + 1 || MAX_PATCH_CHARS)
      : patch.value,
    truncated,
  });
}
