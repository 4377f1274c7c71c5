import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { fail, ok, type Result } from '../../common/result';
import { expandHome } from './folder-suggestions';

/** Resolves what a person typed to a real, readable folder, or says plainly why it is not one. */
export async function checkFolder(input: string): Promise<Result<string>> {
  const expanded = expandHome(input);
  if (!isAbsolute(expanded))
    return fail('BAD_REQUEST', `Give the folder's full path (starting with / or ~): "${input}" is relative.`);
  let info;
  try {
    info = await stat(expanded);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES') return fail('NOT_READABLE', `Flotilla may not look inside ${expanded}.`);
    return fail('PATH_NOT_FOUND', `There is no folder at ${expanded}.`);
  }
  if (!info.isDirectory()) return fail('NOT_A_FOLDER', `${expanded} is a file, not a folder.`);
  try {
    await access(expanded, constants.R_OK | constants.X_OK);
  } catch {
    return fail('NOT_READABLE', `${expanded} is a folder Flotilla may not read (check its permissions).`);
  }
  return ok(await realpath(expanded));
}
