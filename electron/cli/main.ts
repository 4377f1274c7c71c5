/**
 * `flotilla`: the command line of the daemon that holds the sessions (tmux's CLI to its server).
 * Every verb is one protocol client on the daemon's socket. See USAGE and the README's table.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../host/data-dir';
import { attach } from './attach';
import { CliError, EXIT } from './cli-error';
import { openClient, type Cli, type CliContext } from './daemon-client';
import { daemonStart, daemonStatus, daemonStop } from './daemon-verbs';
import { log, ls, open, queue, start, status, type Output } from './verbs';

const USAGE = `Usage: flotilla [--data-dir DIR] [--json] VERB …
  ls                                     projects, sessions, status and queue length
  open PATH                              add a folder as a project
  start PROJECT [--agent ID] [-- CMD …]  start a session (PROJECT: name, id or folder)
  queue TARGET [PROMPT|-]                queue a prompt (none or -: read it from stdin)
  status TARGET [--wait idle|needs-input] [--timeout S]
  log TARGET                             the session's screen as text
  attach TARGET                          this terminal joins the session; Ctrl-] detaches
  daemon start|stop|status               the background process that holds the sessions
TARGET: a session id (or its first 6+ characters), title, project/title, or a project with one session.
--data-dir (or FLOTILLA_DATA_DIR) picks the daemon; default ${defaultDataDir()}.
Exit codes: 0 ok, 1 failed, 2 usage, 3 no daemon running, 4 timed out.`;

const usage = (message: string) => new CliError(`${message}\n${USAGE}`, EXIT.usage, 'USAGE');

function parse(argv: string[]) {
  const dashes = argv.indexOf('--');
  const { values, positionals } = parseArgs({
    args: dashes === -1 ? argv : argv.slice(0, dashes),
    options: {
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      agent: { type: 'string' },
      wait: { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  return { values, positionals, command: dashes === -1 ? [] : argv.slice(dashes + 1) };
}

async function withClient<T>(ctx: CliContext, startDaemon: boolean, fn: (cli: Cli) => Promise<T>): Promise<T> {
  const cli = await openClient(ctx, { start: startDaemon });
  try {
    return await fn(cli);
  } finally {
    cli.close();
  }
}

async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (e) {
    throw usage((e as Error).message);
  }
  const { values, positionals, command } = parsed;
  const [verb, ...args] = positionals;
  if (values.help || !verb) {
    console.log(USAGE);
    return verb || values.help ? EXIT.ok : EXIT.usage;
  }
  const ctx: CliContext = { dataDir: values['data-dir'] ?? process.env.FLOTILLA_DATA_DIR ?? defaultDataDir(), daemonEntry: join(__dirname, 'daemon.js'), json: values.json };
  const need = (n: number, what: string) => {
    if (args.length < n) throw usage(`flotilla ${verb} needs ${what}.`);
  };
  let timeoutS: number | undefined;
  if (values.timeout !== undefined) {
    timeoutS = Number(values.timeout);
    if (!(timeoutS >= 0)) throw usage(`--timeout takes seconds, not "${values.timeout}".`);
  }
  let out: Output;
  switch (verb) {
    case 'ls':
      out = await withClient(ctx, false, ls);
      break;
    case 'open':
      need(1, 'a folder');
      out = await withClient(ctx, true, (cli) => open(cli, args[0]));
      break;
    case 'start':
      need(1, 'a project');
      out = await withClient(ctx, true, (cli) => start(cli, args[0], values.agent, command));
      break;
    case 'queue':
      need(1, 'a target');
      out = await withClient(ctx, false, (cli) => queue(cli, args[0], args.slice(1).join(' ') || undefined));
      break;
    case 'status':
      need(1, 'a target');
      out = await withClient(ctx, false, (cli) => status(cli, args[0], values.wait, timeoutS));
      break;
    case 'log':
      need(1, 'a target');
      out = await withClient(ctx, false, (cli) => log(cli, args[0]));
      break;
    case 'attach':
      need(1, 'a target');
      if (values.json) throw usage('flotilla attach has no --json.');
      return withClient(ctx, false, (cli) => attach(cli, args[0]));
    case 'daemon': {
      const sub = { start: daemonStart, stop: (c: CliContext) => daemonStop(c, timeoutS), status: daemonStatus }[args[0] as 'start' | 'stop' | 'status'];
      if (!sub) throw usage('flotilla daemon takes start, stop or status.');
      out = await sub(ctx);
      break;
    }
    default:
      throw usage(`flotilla has no verb "${verb}".`);
  }
  await new Promise((resolve) => process.stdout.write(`${values.json ? JSON.stringify(out.json, null, 2) : out.text}\n`, resolve));
  return EXIT.ok;
}

const json = process.argv.includes('--json');
run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    const error = e instanceof CliError ? e : new CliError(`internal error: ${e.stack ?? e.message}`);
    const [stream, text] = json ? [process.stdout, JSON.stringify({ error: { code: error.code, message: error.message } }, null, 2)] : [process.stderr, `flotilla: ${error.message}`];
    stream.write(`${text}\n`, () => process.exit(error.exitCode));
  },
);

