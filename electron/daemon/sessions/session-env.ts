import { TOKEN_ENV } from '../../node/token-env';

/** Variables that must not leak into the user's programs: browser mode's token, and what Electron or a parent tool sets. */
const DROPPED = [
  TOKEN_ENV,
  'FLOTILLA_DAEMON_REPORT_FD',
  // Set per session where Flotilla gives Claude Code its status line; never inherited.
  'FLOTILLA_STATUS_LINE',
  'ELECTRON_RUN_AS_NODE',
  'ELECTRON_NO_ATTACH_CONSOLE',
  'NODE_OPTIONS',
  'NODE_CHANNEL_FD',
  'VITEST',
  'VITEST_POOL_ID',
  'VITEST_WORKER_ID',
];

/** What a program Flotilla runs in a terminal of its own starts with (sessions, checks). */
export function terminalEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const key of DROPPED) delete env[key];
  env.TERM = 'xterm-256color';
  env.COLORTERM = 'truecolor';
  env.TERM_PROGRAM = 'Flotilla';
  return env;
}

export function sessionEnv(sessionId: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...terminalEnv(base), FLOTILLA_SESSION_ID: sessionId };
}
