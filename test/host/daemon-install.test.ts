import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchdPlist, systemdWord, type ServiceSpec } from '../../electron/cli/daemon-install';
import { isAlive, runCli, waitForExit } from '../helpers/daemon';
import { removeDir, tempDir, waitFor } from '../helpers/host-harness';

const root = tempDir('flotilla install ');
afterAll(() => removeDir(root));

/** A PATH holding node (the CLI's) and the given stand-ins: no real systemctl is ever asked. */
function binDir(name: string, tools: Record<string, string> = {}): string {
  const dir = join(root, name);
  mkdirSync(dir);
  symlinkSync(process.execPath, join(dir, 'node'));
  for (const [tool, script] of Object.entries(tools)) {
    writeFileSync(join(dir, tool), `#!/bin/sh\n${script}\n`);
    chmodSync(join(dir, tool), 0o755);
  }
  return dir;
}

/** systemctl and loginctl that write their argv to `log` and succeed (loginctl says Linger=LINGER). */
function recordingBin(name: string, log: string, linger: 'yes' | 'no'): string {
  return binDir(name, {
    systemctl: `echo "systemctl $*" >> '${log}'`,
    loginctl: `echo "loginctl $*" >> '${log}'; echo Linger=${linger}`,
  });
}

/**
 * One line split as systemd does: quotes, C escapes, then %% (specifiers) and, in a command line,
 * $$ (variables); no other % or $ may appear.
 */
function systemdSplit(line: string, commandLine = true): string[] {
  const words: string[] = [];
  let i = 0;
  const unescape = (c: string) => ({ n: '\n', t: '\t', '\\': '\\', '"': '"', "'": "'", ';': ';' })[c] ?? `\\${c}`;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    let word = '';
    if (line[i] === '"') {
      for (i++; line[i] !== '"'; i++) {
        if (i >= line.length) throw new Error(`unterminated quote in ${line}`);
        word += line[i] === '\\' ? unescape(line[++i]) : line[i];
      }
      i++;
    } else for (; i < line.length && line[i] !== ' '; i++) word += line[i] === '\\' ? unescape(line[++i]) : line[i];
    expect(word.replaceAll('%%', '')).not.toContain('%');
    if (commandLine) expect(word.replaceAll('$$', '')).not.toContain('$');
    word = word.replaceAll('%%', '%');
    words.push(commandLine ? word.replaceAll('$$', '$') : word);
  }
  return words;
}

function unitValues(unit: string, key: string): string[] {
  return unit
    .split('\n')
    .filter((l) => l.startsWith(`${key}=`))
    .map((l) => l.slice(key.length + 1));
}

/** The daemon exactly as the unit runs it: ExecStart's argv, Environment= on top of what a user manager gives. */
function startAsUnit(unit: string): ChildProcess {
  const [execStart] = unitValues(unit, 'ExecStart');
  const [command, ...args] = systemdSplit(execStart);
  const env: NodeJS.ProcessEnv = {
    HOME: process.env.HOME,
    USER: userInfo().username,
    LOGNAME: userInfo().username,
    SHELL: '/bin/bash',
    PATH: '/usr/local/bin:/usr/bin:/bin',
  };
  for (const line of unitValues(unit, 'Environment')) {
    const [assignment] = systemdSplit(line, false);
    const eq = assignment.indexOf('=');
    env[assignment.slice(0, eq)] = assignment.slice(eq + 1);
  }
  const [cwd] = unitValues(unit, 'WorkingDirectory');
  return spawn(command, args, { env, cwd: cwd.replaceAll('%%', '%'), stdio: 'ignore', detached: true });
}

function hasTool(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('flotilla daemon install (systemd user unit)', () => {
  // Blanks, % and $ in the data folder: every systemd quoting rule is exercised.
  const dataDir = join(root, 'data dir 50% $HOME');
  const config = join(root, 'config');
  const unitDir = join(config, 'systemd', 'user');
  const env = (path: string) => ({ PATH: path, XDG_CONFIG_HOME: config, FLOTILLA_DATA_DIR: dataDir });

  it('--dry-run prints the unit and the commands and writes nothing', async () => {
    const run = await runCli(['daemon', 'install', '--dry-run', '--json'], env(binDir('bin-dry')));
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ dryRun: true, installed: false, manager: 'systemd', started: false });
    expect(out.name).toMatch(/^flotilla-[0-9a-f]{8}\.service$/);
    expect(out.path).toBe(join(unitDir, out.name));
    expect(out.file).toContain('Restart=on-failure');
    expect(out.commands.map((c: { argv: string[] }) => c.argv)).toEqual([
      ['systemctl', '--user', 'daemon-reload'],
      ['systemctl', '--user', 'enable', '--now', out.name],
    ]);
    const text = await runCli(['daemon', 'install', '--dry-run'], env(binDir('bin-dry-text')));
    expect(text.stdout).toContain(`Would write ${out.path}`);
    expect(text.stdout).toContain('ExecStart=');
    expect(text.stdout).toContain('Would run: systemctl --user enable --now');
    expect(existsSync(config)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('the default data folder gets flotilla.service', async () => {
    const cfg = join(root, 'default-config');
    const run = await runCli(['daemon', 'install', '--dry-run', '--json'], {
      PATH: binDir('bin-default'),
      XDG_CONFIG_HOME: cfg,
      FLOTILLA_DATA_DIR: join(cfg, 'Flotilla'), // the default folder for this XDG_CONFIG_HOME
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      name: 'flotilla.service',
      path: join(cfg, 'systemd/user/flotilla.service'),
    });
    expect(existsSync(cfg)).toBe(false);
  });

  it('without systemctl writes the unit and says what to run; the daemon runs as ExecStart says; uninstall removes it', async () => {
    const run = await runCli(['daemon', 'install'], env(binDir('bin-none')));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [name] = readdirSync(unitDir);
    expect(name).toMatch(/^flotilla-[0-9a-f]{8}\.service$/);
    const unitPath = join(unitDir, name);
    const unit = readFileSync(unitPath, 'utf8');
    expect(run.stdout).toContain(`Wrote ${unitPath}`);
    expect(run.stdout).toContain('Failed: systemctl --user daemon-reload (systemctl was not found)');
    expect(run.stdout).toContain(
      `start it with: systemctl --user daemon-reload && systemctl --user enable --now ${name}`,
    );
    expect(run.stdout).toContain(
      `Without lingering, systemd stops your user services when you log out: run \`loginctl enable-linger ${userInfo().username}\``,
    );
    expect(unitValues(unit, 'Restart')).toEqual(['on-failure']);
    expect(unitValues(unit, 'RestartSec')).toEqual(['2']);
    expect(unitValues(unit, 'WantedBy')).toEqual(['default.target']);
    const argv = systemdSplit(unitValues(unit, 'ExecStart')[0]);
    expect(argv.slice(1)).toEqual([join(__dirname, '../../out/main/daemon.js'), '--data-dir', dataDir]);
    expect(argv[0]).toBe(process.execPath);
    expect(existsSync(dataDir)).toBe(true); // its working folder

    if (hasTool('systemd-analyze')) {
      // --user needs a runtime folder to build its manager; a private temporary one does.
      const runtime = join(root, 'runtime');
      mkdirSync(runtime, { mode: 0o700 });
      const verify = execFileSync('systemd-analyze', ['--user', 'verify', unitPath], {
        env: { ...process.env, XDG_RUNTIME_DIR: runtime },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(verify).toBe('');
    } else console.log('systemd-analyze is not installed: the unit is not verified by systemd');

    const daemon = startAsUnit(unit);
    try {
      const status = await waitFor(
        async () => {
          const r = await runCli(['daemon', 'status', '--json'], { FLOTILLA_DATA_DIR: dataDir });
          return r.code === 0 && (JSON.parse(r.stdout) as { pid: number });
        },
        'the daemon started as the unit says',
        20_000,
      );
      expect(status.pid).toBe(daemon.pid);
      const ls = await runCli(['ls'], { FLOTILLA_DATA_DIR: dataDir });
      expect(ls.code).toBe(0);

      // Installing again beside a daemon that systemd did not start: enabled for boot, not started.
      const log = join(root, 'again.log');
      const again = await runCli(['daemon', 'install', '--json'], env(recordingBin('bin-again', log, 'yes')));
      expect(again.code).toBe(0);
      const out = JSON.parse(again.stdout);
      expect(out).toMatchObject({ started: false, runningPid: daemon.pid, linger: true });
      expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
        'systemctl --user daemon-reload',
        `systemctl --user enable ${name}`,
        `loginctl show-user ${userInfo().username} -p Linger`,
      ]);
      expect(out.notes.join('\n')).toContain(`A daemon is already running (pid ${daemon.pid}) outside systemd`);
      expect(out.notes.join('\n')).not.toContain('Without lingering');

      const stop = await runCli(['daemon', 'stop'], { FLOTILLA_DATA_DIR: dataDir });
      expect(stop.code).toBe(0);
      // A clean stop exits 0: Restart=on-failure leaves it stopped.
      const code = await new Promise<number | null>((r) =>
        daemon.exitCode !== null ? r(daemon.exitCode) : daemon.once('exit', (c) => r(c)),
      );
      expect(code).toBe(0);
    } finally {
      if (daemon.pid && isAlive(daemon.pid)) {
        daemon.kill('SIGTERM');
        await waitForExit(daemon.pid);
      }
    }

    // `enable` had linked it into default.target.wants; with no systemctl, uninstall removes that link itself.
    const wants = join(unitDir, 'default.target.wants');
    mkdirSync(wants);
    symlinkSync(unitPath, join(wants, name));
    const un = await runCli(['daemon', 'uninstall'], env(binDir('bin-none-un')));
    expect(un.code).toBe(0);
    expect(un.stdout).toContain(`Removed ${unitPath} and ${join(wants, name)}`);
    expect(un.stdout).toContain(`systemctl --user stop ${name}`);
    expect(existsSync(unitPath)).toBe(false);
    expect(readdirSync(wants)).toEqual([]);

    const none = await runCli(['daemon', 'uninstall', '--json'], env(binDir('bin-none-again')));
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout).error.code).toBe('NOT_INSTALLED');
  }, 60_000);

  it('with systemctl: daemon-reload and enable --now as argv; uninstall: disable --now, remove, daemon-reload', async () => {
    const log = join(root, 'systemctl.log');
    const path = recordingBin('bin-systemctl', log, 'no');
    const run = await runCli(['daemon', 'install', '--json'], env(path));
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ installed: true, started: true, linger: false, runningPid: null });
    expect(out.notes.join('\n')).toContain('Without lingering, systemd stops your user services when you log out');
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'systemctl --user daemon-reload',
      `systemctl --user enable --now ${out.name}`,
      `loginctl show-user ${userInfo().username} -p Linger`,
    ]);
    expect(existsSync(out.path)).toBe(true);

    writeFileSync(log, '');
    const dry = await runCli(['daemon', 'uninstall', '--dry-run'], env(path));
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`Would remove ${out.path}`);
    expect(existsSync(out.path)).toBe(true);
    expect(readFileSync(log, 'utf8')).toBe('');

    const un = await runCli(['daemon', 'uninstall', '--json'], env(path));
    expect(un.code).toBe(0);
    expect(JSON.parse(un.stdout)).toMatchObject({ uninstalled: true, removed: [out.path] });
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      `systemctl --user disable --now ${out.name}`,
      'systemctl --user daemon-reload',
    ]);
    expect(existsSync(out.path)).toBe(false);
    const text = await runCli(['daemon', 'uninstall'], env(path));
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('flotilla daemon install was not run for');
  });
});

describe('the unit and plist builders', () => {
  it('quotes command words as systemd splits them', () => {
    expect(systemdWord('/usr/bin/node')).toBe('/usr/bin/node');
    expect(systemdWord('/a b/c')).toBe('"/a b/c"');
    expect(systemdWord('50%')).toBe('50%%');
    expect(systemdWord('$HOME')).toBe('$$HOME');
    expect(systemdWord('say "hi" \\o/')).toBe('"say \\"hi\\" \\\\o/"');
    expect(systemdWord('')).toBe('""');
    expect(systemdWord(';')).toBe('\\;');
    for (const w of ['/a b/c', '50% $x', 'say "hi" \\o/', "it's", ''])
      expect(systemdSplit(systemdWord(w))).toEqual([w]);
  });

  it('launchdPlist: RunAtLoad, KeepAlive on failure, argv, environment and the log, XML-escaped', () => {
    const spec: ServiceSpec = {
      dataDir: '/Users/me/Library/Application Support/Flotilla & <co>',
      suffix: '-0123abcd',
      argv: [
        '/Applications/Flotilla.app/Contents/MacOS/Flotilla',
        '/x/app.asar/out/main/daemon.js',
        '--data-dir',
        '/d',
      ],
      env: { ELECTRON_RUN_AS_NODE: '1', FLOTILLA_DATA_DIR: '/Users/me/Library/Application Support/Flotilla & <co>' },
      log: '/Users/me/Library/Application Support/Flotilla & <co>/daemon.log',
    };
    const plist = launchdPlist(spec);
    expect(plist).toContain('<key>Label</key><string>dev.flotilla.daemon.0123abcd</string>');
    expect(plist).toContain('<key>RunAtLoad</key><true/>');
    expect(plist).toContain('<dict><key>SuccessfulExit</key><false/></dict>');
    expect(plist).toContain(
      '<array>\n    <string>/Applications/Flotilla.app/Contents/MacOS/Flotilla</string>\n    <string>/x/app.asar/out/main/daemon.js</string>\n    <string>--data-dir</string>\n    <string>/d</string>\n  </array>',
    );
    expect(plist).toContain('<key>ELECTRON_RUN_AS_NODE</key><string>1</string>');
    expect(plist).toContain(
      '<key>StandardErrorPath</key><string>/Users/me/Library/Application Support/Flotilla &amp; &lt;co&gt;/daemon.log</string>',
    );
    expect(plist).not.toMatch(/& |<co>/);
    expect(launchdPlist({ ...spec, suffix: '' })).toContain('<string>dev.flotilla.daemon</string>');
    // Well-formed enough for any XML reader: every tag closes in order.
    const stack: string[] = [];
    for (const [, close, tag, self] of plist.matchAll(/<(\/?)(\w+)[^>]*?(\/?)>/g)) {
      if (self) continue;
      if (close) expect(stack.pop()).toBe(tag);
      else stack.push(tag);
    }
    expect(stack).toEqual([]);
  });
});
