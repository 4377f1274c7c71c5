import type { Result } from '../../common/result';
import { runGit } from './git';

export const initRepo = (cwd: string): Promise<Result<string>> => runGit(cwd, ['init']);
