/** What every check gets from the login environment; anything more the person lists by name. */
const BASE = ['PATH', 'HOME', 'LANG'];

/**
 * A check runs a commit's code, which an agent may have written: it gets a minimal environment
 * (no cloud credentials or tokens the login shell holds, never a FLOTILLA_ variable), plus the
 * variables the person named in the check's settings.
 */
export function checkEnv(login: NodeJS.ProcessEnv, named: readonly string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of [...BASE, ...named]) {
    if (name.startsWith('FLOTILLA_')) continue;
    if (login[name] !== undefined) env[name] = login[name];
  }
  return { ...env, TERM: 'xterm-256color', CI: 'true' };
}
