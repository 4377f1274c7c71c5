/**
 * `flotilla`: the command line of the daemon that holds the sessions (tmux's CLI to its server).
 * Every verb is one protocol client on the daemon's socket. See USAGE and docs/cli.md.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../node/data-dir';
import { attach } from './attach';
import { check } from './check-verb';
import { CliError, EXIT } from './cli-error';
import { openClient, type Cli, type CliContext } from './daemon-client';
import { daemonConnect } from './daemon-connect';
import { daemonInstall, daemonUninstall } from './daemon-install';
import { daemonStart, daemonStatus, daemonStop } from './daemon-verbs';
import { findHost, hostAdd, hostInstall, hostList, hostRemove, remoteTarget } from './host-verbs';
import { log, ls, open, queue, start, status, type Output } from './verbs';
import { usage as usageVerb } from './usage-verb';

const USAGE = `Usage: flotilla [--data-dir DIR] [--host NAME] [--json] VERB …
  ls                                     projects (newest check), sessions, status, queue length, tokens and cost
  usage                                  each account's 5-hour and weekly windows and burn rate; each session's tokens and cost
  open PATH                              add a folder as a project
  start PROJECT [--agent ID] [-- CMD …]  start a session (PROJECT: name, id or folder)
  queue TARGET [PROMPT|-]                queue a prompt (none or -: read it from stdin)
  status TARGET [--wait idle|needs-input] [--timeout S]
  log TARGET                             the session's screen as text
  check PROJECT [--allow]                what the project's check runs; --allow lets it check new commits
  attach TARGET                          this terminal joins the session; Ctrl-] detaches
  daemon start|stop|status|connect       the background process that holds the sessions (connect: stdio to it, as ssh runs it)
  daemon install [--dry-run] | daemon uninstall
                                         run it as a systemd user unit (Linux) or launchd agent (macOS): at boot, after a crash
  host add NAME DESTINATION [--ssh-config FILE] [-- REMOTE COMMAND …] | host ls | host rm NAME
                                         machines whose daemon is reached over your ssh (--host NAME, NAME:TARGET)
  host install NAME [--dir DIR]          copy this Flotilla to the host over ssh and build it there (default DIR .flotilla)
TARGET: a session id (or its first 6+ characters), title, project/title, or a project with one session;
NAME:TARGET is one on host NAME.
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
      allow: { type: 'boolean', default: false },
      host: { type: 'string' },
      'ssh-config': { type: 'string' },
      dir: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      mux: { type: 'boolean', default: false },
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
  const ctx: CliContext = {
    dataDir: values['data-dir'] ?? process.env.FLOTILLA_DATA_DIR ?? defaultDataDir(),
    daemonEntry: join(__dirname, 'daemon.js'),
    json: values.json,
  };
  if (verb === 'host') {
    const [sub, name, destination] = args;
    if (sub === 'add' && name && destination)
      await out(values.json, hostAdd(ctx, name, destination, values['ssh-config'], command));
    else if (sub === 'ls') await out(values.json, hostList(ctx));
    else if (sub === 'rm' && name) await out(values.json, hostRemove(ctx, name));
    else if (sub === 'install' && name) await out(values.json, await hostInstall(ctx, name, values.dir));
    else throw usage('flotilla host takes add NAME DESTINATION, ls, rm NAME, or install NAME [--dir DIR].');
    return EXIT.ok;
  }
  // `devbox:api/claude` names a session on host devbox; --host names the host for any verb.
  const remote = args[0] ? remoteTarget(ctx, args[0]) : null;
  if (remote) args[0] = remote.target;
  const hostName = values.host ?? remote?.host;
  if (hostName) ctx.host = findHost(ctx, hostName);
  let timeoutS: number | undefined;
  if (values.timeout !== undefined) {
    timeoutS = Number(values.timeout);
    if (!(timeoutS >= 0)) throw usage(`--timeout takes seconds, not "${values.timeout}".`);
  }
  // Each verb: what it needs, whether it may start a daemon (only verbs that make something do).
  const clientVerbs: Record<string, { needs?: string; starts: boolean; run: (cli: Cli) => Promise<Output> }> = {
    ls: { starts: false, run: ls },
    usage: { starts: false, run: usageVerb },
    open: { needs: 'a folder', starts: true, run: (cli) => open(cli, args[0]) },
    start: { needs: 'a project', starts: true, run: (cli) => start(cli, args[0], values.agent, command) },
    queue: {
      needs: 'a target',
      starts: false,
      run: (cli) => queue(cli, args[0], args.slice(1).join(' ') || undefined),
    },
    status: { needs: 'a target', starts: false, run: (cli) => status(cli, args[0], values.wait, timeoutS) },
    log: { needs: 'a target', starts: false, run: (cli) => log(cli, args[0]) },
    check: { needs: 'a project', starts: false, run: (cli) => check(cli, args[0], values.allow) },
  };
  let result: Output;
  if (verb === 'attach') {
    if (!args.length) throw usage('flotilla attach needs a target.');
    if (values.json) throw usage('flotilla attach has no --json.');
    return withClient(ctx, false, (cli) => attach(cli, args[0]));
  } else if (verb === 'daemon') {
    if (args[0] === 'connect') return daemonConnect(ctx, values.mux);
    const dryRun = { dryRun: values['dry-run'] };
    const sub = {
      start: daemonStart,
      stop: (c: CliContext) => daemonStop(c, timeoutS),
      status: daemonStatus,
      install: (c: CliContext) => daemonInstall(c, dryRun),
      uninstall: (c: CliContext) => daemonUninstall(c, dryRun),
    }[args[0] as 'start' | 'stop' | 'status' | 'install' | 'uninstall'];
    if (!sub) throw usage('flotilla daemon takes start, stop, status, connect, install or uninstall.');
    if (ctx.host)
      throw usage('flotilla daemon acts on this machine: run it on the host itself (ssh HOST flotilla daemon …).');
    result = await sub(ctx);
  } else {
    const spec = clientVerbs[verb];
    if (!spec) throw usage(`flotilla has no verb "${verb}".`);
    if (spec.needs && !args.length) throw usage(`flotilla ${verb} needs ${spec.needs}.`);
    result = await withClient(ctx, spec.starts, spec.run);
  }
  await out(values.json, result);
  return EXIT.ok;
}

function out(json: boolean, { text, json: value }: Output): Promise<unknown> {
  return new Promise((resolve) => process.stdout.write(`${json ? JSON.stringify(value, null, 2) : text}\n`, resolve));
}

const json = process.argv.includes('--json');
run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    const error = e instanceof CliError ? e : new CliError(`internal error: ${e.stack ?? e.message}`);
    const [stream, text] = json
      ? [process.stdout, JSON.stringify({ error: { code: error.code, message: error.message } }, null, 2)]
      : [process.stderr, `flotilla: ${error.message}`];
    stream.write(`${text}\n`, () => process.exit(error.exitCode));
  },
);
