/**
 * `flotilla daemon install|uninstall`: the daemon as a service of the user's own service manager,
 * so an always-on host keeps it with nobody logged in and gets it back after a crash (today a
 * crashed daemon comes back only when a window or CLI connects).
 *
 * Linux: a systemd user unit, `$XDG_CONFIG_HOME/systemd/user/flotilla.service` for the default
 * data folder, `flotilla-<8 hex of sha256(data folder)>.service` for any other (two folders, two
 * units). macOS: a launchd agent, `~/Library/LaunchAgents/dev.flotilla.daemon[.<hash>].plist`.
 * Either runs the daemon in the foreground exactly as `daemon-starter.ts` would (the same program,
 * entry and `--data-dir`), restarted when it fails; `daemon stop` (exit 0) stays stopped.
 * Commands run as argv (execFile), never through a shell.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { readDaemonInfo } from '../daemon-client/daemon-info';
import { connectDaemon, daemonRuntime } from '../daemon-client/daemon-starter';
import { defaultDataDir } from '../node/data-dir';
import { makePrivateDir } from '../node/private-dir';
import { CliError, EXIT } from './cli-error';
import { cliDaemonPaths, type CliContext } from './daemon-client';
import type { Output } from './verbs';

/** What the service runs: the same for systemd and launchd. */
export interface ServiceSpec {
  /** The data folder, absolute. */
  dataDir: string;
  /** '' for the default data folder, else `-<hash>` (unit and label names). */
  suffix: string;
  /** The program and its arguments: [node or Electron, daemon.js, --data-dir, DIR]. */
  argv: string[];
  /** What the daemon needs beyond the service manager's own (FLOTILLA_DATA_DIR; ELECTRON_RUN_AS_NODE in the app). */
  env: Record<string, string>;
  /** The daemon's log (launchd writes its output there; systemd keeps it in the journal). */
  log: string;
}

export function serviceSpec(ctx: CliContext): ServiceSpec {
  const dataDir = resolve(ctx.dataDir);
  if (/[\0-\x1f\x7f]/.test(dataDir)) throw new CliError('The data folder path has a control character (a newline?).');
  let runtime;
  try {
    runtime = daemonRuntime(ctx.daemonEntry, {});
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  const isDefault = dataDir === resolve(defaultDataDir());
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 8);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(runtime.env)) if (value !== undefined) env[key] = value;
  env.FLOTILLA_DATA_DIR = dataDir;
  return {
    dataDir,
    suffix: isDefault ? '' : `-${hash}`,
    argv: [runtime.command, ctx.daemonEntry, '--data-dir', dataDir],
    env,
    log: cliDaemonPaths(dataDir).log,
  };
}

// ---- systemd ------------------------------------------------------------------------------

/** `%` starts a specifier in almost every unit setting. */
const noSpecifiers = (s: string) => s.replaceAll('%', '%%');

/**
 * One word of a command line as systemd splits it (systemd.service, "Command lines"): `%` and `$`
 * doubled (specifiers, variables); a word with blanks, quotes or backslashes double-quoted with C
 * escapes; a lone `;` escaped (it would separate commands).
 */
export function systemdWord(word: string): string {
  const s = noSpecifiers(word).replaceAll('$', '$$$$');
  if (s === ';') return '\\;';
  if (s !== '' && !/[\s"'\\]/.test(s)) return s;
  return `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** An Environment= line's value: one quoted "KEY=value" (no `$` expansion there, but specifiers). */
function systemdEnv(key: string, value: string): string {
  return `"${noSpecifiers(`${key}=${value}`).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

export const systemdUnitName = (spec: ServiceSpec) => `flotilla${spec.suffix}.service`;

export function systemdUnit(spec: ServiceSpec): string {
  return [
    '# Written by `flotilla daemon install`; `flotilla daemon uninstall` removes it.',
    '[Unit]',
    `Description=Flotilla daemon (data: ${noSpecifiers(spec.dataDir)})`,
    '',
    '[Service]',
    `ExecStart=${spec.argv.map(systemdWord).join(' ')}`,
    ...Object.entries(spec.env).map(([k, v]) => `Environment=${systemdEnv(k, v)}`),
    `WorkingDirectory=${noSpecifiers(spec.dataDir)}`,
    // A crash (or a kill) comes back; `flotilla daemon stop` exits 0 and stays stopped.
    'Restart=on-failure',
    'RestartSec=2',
    // Stopping signals the daemon alone, which ends its sessions as `daemon stop` does.
    'KillMode=mixed',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}

// ---- launchd ------------------------------------------------------------------------------

export const launchdLabel = (spec: ServiceSpec) => `dev.flotilla.daemon${spec.suffix.replace('-', '.')}`;

const xml = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** The launchd agent: at login (RunAtLoad) and again whenever it exits unsuccessfully. */
export function launchdPlist(spec: ServiceSpec): string {
  const str = (s: string) => `<string>${xml(s)}</string>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<!-- Written by `flotilla daemon install`; `flotilla daemon uninstall` removes it. -->',
    '<plist version="1.0">',
    '<dict>',
    `  <key>Label</key>${str(launchdLabel(spec))}`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...spec.argv.map((a) => `    ${str(a)}`),
    '  </array>',
    '  <key>EnvironmentVariables</key>',
    '  <dict>',
    ...Object.entries(spec.env).map(([k, v]) => `    <key>${xml(k)}</key>${str(v)}`),
    '  </dict>',
    `  <key>WorkingDirectory</key>${str(spec.dataDir)}`,
    '  <key>RunAtLoad</key><true/>',
    '  <key>KeepAlive</key>',
    '  <dict><key>SuccessfulExit</key><false/></dict>',
    `  <key>StandardOutPath</key>${str(spec.log)}`,
    `  <key>StandardErrorPath</key>${str(spec.log)}`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

// ---- running the service manager ------------------------------------------------------------

interface Step {
  argv: string[];
  ran: boolean;
  ok: boolean;
  /** systemctl's (or launchctl's) own first line when it failed. */
  error?: string;
  stdout?: string;
}

function run(argv: string[]): Promise<Step> {
  return new Promise((done) => {
    execFile(argv[0], argv.slice(1), { timeout: 20_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return done({ argv, ran: true, ok: true, stdout });
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? `${argv[0]} was not found`
          : (stderr.trim().split('\n')[0] ?? '') || err.message.split('\n')[0];
      done({ argv, ran: true, ok: false, error: why, stdout });
    });
  });
}

const notRun = (argv: string[]): Step => ({ argv, ran: false, ok: false });

/** The command as a person would type it (for messages; what runs is the argv). */
function shown(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(' ');
}

/** The running daemon's pid, or null when none answers on the socket. */
async function runningDaemon(dataDir: string): Promise<number | null> {
  const paths = cliDaemonPaths(dataDir);
  const socket = await connectDaemon(paths.socket);
  if (!socket) return null;
  socket.destroy();
  return readDaemonInfo(paths)?.pid ?? 0;
}

/** Whether the process runs in the unit's cgroup (systemd started it). */
function inUnit(pid: number, unit: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cgroup`, 'utf8').includes(`/${unit}`);
  } catch {
    return false;
  }
}

function readIfExists(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

interface Plan {
  spec: ServiceSpec;
  kind: 'systemd' | 'launchd';
  name: string;
  path: string;
  file: string;
}

function plan(ctx: CliContext): Plan {
  const spec = serviceSpec(ctx);
  if (process.platform === 'linux') {
    const name = systemdUnitName(spec);
    return { spec, kind: 'systemd', name, path: join(systemdUserDir(), name), file: systemdUnit(spec) };
  }
  if (process.platform === 'darwin') {
    const name = launchdLabel(spec);
    return {
      spec,
      kind: 'launchd',
      name,
      path: join(homedir(), 'Library', 'LaunchAgents', `${name}.plist`),
      file: launchdPlist(spec),
    };
  }
  throw new CliError('flotilla daemon install knows systemd (Linux) and launchd (macOS), not this system.');
}

function systemdUserDir(): string {
  const config = process.env.XDG_CONFIG_HOME;
  return join(config && isAbsolute(config) ? config : join(homedir(), '.config'), 'systemd', 'user');
}

const systemctl = (...args: string[]) => ['systemctl', '--user', ...args];
const guiDomain = () => `gui/${process.getuid?.() ?? 0}`;

// ---- install --------------------------------------------------------------------------------

export async function daemonInstall(ctx: CliContext, { dryRun }: { dryRun: boolean }): Promise<Output> {
  const p = plan(ctx);
  const { dataDir } = p.spec;
  const before = readIfExists(p.path);
  const running = await runningDaemon(dataDir);
  const notes: string[] = [];
  let steps: Step[];
  let started = false;
  let linger: boolean | null = null;

  if (p.kind === 'systemd') {
    const underUnit = running !== null && inUnit(running, p.name);
    const elsewhere = running !== null && !underUnit;
    // A daemon running on its own keeps the data folder's lock: the unit is enabled (for the
    // next boot) but not started, so it does not fail against the lock until systemd gives up.
    const enable = elsewhere ? systemctl('enable', p.name) : systemctl('enable', '--now', p.name);
    const commands = [systemctl('daemon-reload'), enable];
    if (dryRun) steps = commands.map(notRun);
    else {
      write(p, dataDir);
      steps = [await run(commands[0])];
      if (steps[0].ok) steps.push(await run(commands[1]));
      else steps.push(notRun(commands[1]));
      started = !elsewhere && steps.every((s) => s.ok);
      const user = userInfo().username;
      const lingerStep = await run(['loginctl', 'show-user', user, '-p', 'Linger']);
      linger = lingerStep.ok ? /^Linger=yes$/m.test(lingerStep.stdout ?? '') : null;
      if (!steps.every((s) => s.ok)) {
        notes.push(
          `Could not reach your user systemd; the unit is written. Once it runs, start it with: ${commands.map(shown).join(' && ')}`,
        );
      }
      if (linger !== true)
        notes.push(
          `Without lingering, systemd stops your user services when you log out: run \`loginctl enable-linger ${user}\` (once; may ask for your password).`,
        );
    }
    if (elsewhere)
      notes.push(
        `A daemon is already running (pid ${running || '?'}) outside systemd: it keeps running, with its sessions. The unit is enabled for the next boot; to move the daemon under systemd now (its sessions end): flotilla daemon stop && ${shown(systemctl('start', p.name))}`,
      );
    else if (underUnit && before !== null && before !== p.file && !dryRun)
      notes.push(
        `The daemon (pid ${running}) keeps the settings it started with; \`${shown(systemctl('restart', p.name))}\` applies the new ones (its sessions end).`,
      );
    notes.push(
      `systemd starts it at boot and again 2 s after a crash; its output is in the journal: ${shown(['journalctl', '--user', '-u', p.name])}`,
    );
  } else {
    const target = `${guiDomain()}/${p.name}`;
    const loaded = dryRun ? false : (await run(['launchctl', 'print', target])).ok;
    const bootstrap = ['launchctl', 'bootstrap', guiDomain(), p.path];
    const commands = running !== null ? [] : loaded ? [['launchctl', 'bootout', target], bootstrap] : [bootstrap];
    if (dryRun) steps = commands.map(notRun);
    else {
      write(p, dataDir);
      steps = [];
      for (const argv of commands) {
        const step = await run(argv);
        steps.push(step);
        if (!step.ok && argv !== commands[0]) break;
      }
      started = commands.length > 0 && steps.at(-1)!.ok;
      if (commands.length && !started)
        notes.push(
          `launchctl failed (${steps.at(-1)!.error}); the agent is written. Load it with: ${shown(bootstrap)}`,
        );
    }
    if (running !== null && !loaded)
      notes.push(
        `A daemon is already running (pid ${running || '?'}) outside launchd: it keeps running, with its sessions. The agent loads at your next login; to move the daemon under launchd now (its sessions end): flotilla daemon stop && ${shown(bootstrap)}`,
      );
    else if (running !== null)
      notes.push(
        `The agent is loaded and the daemon (pid ${running || '?'}) keeps running; to apply a changed plist (its sessions end): ${shown(['launchctl', 'bootout', target])} && ${shown(bootstrap)}`,
      );
    notes.push(
      `launchd starts it at login (a LaunchAgent: for a Mac nobody logs into, turn on automatic login) and again after a crash; its output goes to ${p.spec.log}.`,
    );
  }

  const verb = dryRun ? 'Would write' : before === null ? 'Wrote' : before === p.file ? 'Kept' : 'Rewrote';
  const text = [
    `${verb} ${p.path} (the daemon for ${dataDir})${dryRun ? ':' : '.'}`,
    ...(dryRun ? ['', p.file] : []),
    ...steps.map((s) =>
      !s.ran
        ? `${dryRun ? 'Would run' : 'Did not run'}: ${shown(s.argv)}`
        : `${s.ok ? 'Ran' : 'Failed'}: ${shown(s.argv)}${s.ok ? '' : ` (${s.error})`}`,
    ),
    ...(started ? [`The daemon runs under ${p.kind} as ${p.name}.`] : []),
    ...notes,
  ].join('\n');
  return {
    text,
    json: {
      installed: !dryRun,
      dryRun,
      manager: p.kind,
      name: p.name,
      path: p.path,
      file: p.file,
      commands: steps.map(({ argv, ran, ok, error }) => ({ argv, ran, ok, ...(error ? { error } : {}) })),
      started,
      runningPid: running,
      linger,
      notes,
    },
  };
}

function write(p: Plan, dataDir: string): void {
  makePrivateDir(dataDir); // the service's working folder
  mkdirSync(join(p.path, '..'), { recursive: true });
  writeFileSync(p.path, p.file, { mode: 0o644 });
}

// ---- uninstall ------------------------------------------------------------------------------

export async function daemonUninstall(ctx: CliContext, { dryRun }: { dryRun: boolean }): Promise<Output> {
  const p = plan(ctx);
  const { dataDir } = p.spec;
  if (!existsSync(p.path))
    throw new CliError(
      `flotilla daemon install was not run for ${dataDir}: there is no ${p.path}.`,
      EXIT.failed,
      'NOT_INSTALLED',
    );
  const notes: string[] = [];
  const removed: string[] = [p.path];
  const running = await runningDaemon(dataDir);
  let steps: Step[];
  if (p.kind === 'systemd') {
    const disable = systemctl('disable', '--now', p.name);
    const reload = systemctl('daemon-reload');
    // `enable` links the unit into default.target.wants; without systemctl that link is ours to remove.
    const wants = join(systemdUserDir(), 'default.target.wants', p.name);
    if (dryRun) steps = [notRun(disable), notRun(reload)];
    else {
      steps = [await run(disable)];
      if (!steps[0].ok && isOurLink(wants, p.path)) {
        rmSync(wants);
        removed.push(wants);
      }
      rmSync(p.path, { force: true });
      steps.push(await run(reload));
      if (!steps[0].ok)
        notes.push(
          `Could not reach your user systemd. If it runs the daemon, stop that with: ${shown(systemctl('stop', p.name))} && ${shown(reload)}`,
        );
    }
  } else {
    const bootout = ['launchctl', 'bootout', `${guiDomain()}/${p.name}`];
    if (dryRun) steps = [notRun(bootout)];
    else {
      steps = [await run(bootout)]; // fails harmlessly when the agent was not loaded
      rmSync(p.path, { force: true });
    }
  }
  // systemctl disable --now and launchctl bootout return once the service's process is gone.
  const stopped = !dryRun && steps[0].ok && running !== null && (await runningDaemon(dataDir)) === null;
  if (running !== null && !stopped && !dryRun)
    notes.push(
      `The daemon (pid ${running || '?'}) keeps running, with its sessions; \`flotilla daemon stop\` ends it.`,
    );
  const text = [
    `${dryRun ? 'Would remove' : 'Removed'} ${removed.join(' and ')} (the daemon for ${dataDir}).`,
    ...steps.map((s) =>
      !s.ran
        ? `Would run: ${shown(s.argv)}`
        : `${s.ok ? 'Ran' : 'Failed'}: ${shown(s.argv)}${s.ok ? '' : ` (${s.error})`}`,
    ),
    ...(stopped ? [`Stopped the daemon ${p.kind} ran (pid ${running}); its sessions ended.`] : []),
    ...notes,
  ].join('\n');
  return {
    text,
    json: {
      uninstalled: !dryRun,
      dryRun,
      manager: p.kind,
      name: p.name,
      removed: dryRun ? [] : removed,
      commands: steps.map(({ argv, ran, ok, error }) => ({ argv, ran, ok, ...(error ? { error } : {}) })),
      notes,
    },
  };
}

function isOurLink(link: string, target: string): boolean {
  try {
    return lstatSync(link).isSymbolicLink() && resolve(join(link, '..'), readlinkSync(link)) === target;
  } catch {
    return false;
  }
}
