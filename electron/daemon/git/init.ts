import type { Result } from '../../common/result';
import { gitText } from './git';

export const initRepo = (cwd: string): Promise<Result<string>> => gitText(cwd, ['init']);
