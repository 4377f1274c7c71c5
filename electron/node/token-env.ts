/**
 * Browser mode's access token, when `serve` is given it in the environment. Nothing Flotilla
 * starts inherits it: not the daemon, not a session (where `echo $FLOTILLA_TOKEN` would print it),
 * not a check.
 */
export const TOKEN_ENV = 'FLOTILLA_TOKEN';

export function withoutToken(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const rest = { ...env };
  delete rest[TOKEN_ENV];
  return rest;
}
