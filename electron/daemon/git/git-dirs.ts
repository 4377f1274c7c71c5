import { ok, type Result } from '../../common/result';
import { gitText } from './git';

/** Where a work tree's git data lives: its own dir (HEAD, index) and the shared one (refs). */
export async function gitDirs(cwd: string): Promise<Result<{ gitDir: string; commonDir: string }>> {
  const out = await gitText(cwd, ['rev-parse', '--path-format=absolute', '--git-dir', '--git-common-dir']);
  if (!out.ok) return out;
  const [gitDir, commonDir] = out.value.trim().split('\n');
  return ok({ gitDir, commonDir });
}
