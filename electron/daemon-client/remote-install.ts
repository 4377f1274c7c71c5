import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fail, ok, type Result } from '../common/result';
import { sshFailure } from './remote-client';
import type { RemoteHost } from './remote-host';
import { shellQuote, sshCommand } from './ssh-link';

/** Where `flotilla host install` puts Flotilla on a host: relative to the home ssh runs commands in. */
export const DEFAULT_INSTALL_DIR = '.flotilla';

export interface InstallOptions {
  /** The folder there (default .flotilla: in the remote home); `~/x` is taken as x in that home. */
  dir?: string;
  /** Each line of what the install is doing (npm's own output while it builds). */
  onProgress?: (line: string) => void;
  /** This checkout (holding out/main and package.json); found from this file's folder when not given. */
  appRoot?: string;
}

/** Why a folder cannot be the install folder, or null. */
export function installDirProblem(dir: string): string | null {
  if (!dir.trim()) return 'Give a folder to install into.';
  if (dir.length > 1024) return 'That folder name is too long.';
  if (/[\x00-\x1f\x7f]/.test(dir)) return 'A folder name has no control characters.';
  if (dir.startsWith('-')) return `"${dir}" starts with "-": mkdir and tar would take it as an option.`;
  return null;
}

/**
 * The leading `env NAME=value …` words of the host's remote command: kept in front of everything
 * the install runs there and of the remote command it leaves, so a host that needs its own PATH or
 * data folder (FLOTILLA_DATA_DIR) keeps them. Only assignments count; the command after them goes.
 */
export function envPrefix(remoteCommand: readonly string[] | undefined): string[] {
  if (!remoteCommand || remoteCommand[0] !== 'env') return [];
  const assignments: string[] = [];
  for (const word of remoteCommand.slice(1)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) break;
    assignments.push(word);
  }
  return assignments.length ? ['env', ...assignments] : [];
}

/** The remote command once installed: the host's env words, then `DIR/bin/flotilla daemon connect`. */
export function installedCommand(host: RemoteHost, dir: string): string[] {
  return [...envPrefix(host.remoteCommand), `${dir.replace(/\/+$/, '') || '/'}/bin/flotilla`, 'daemon', 'connect'];
}

/** The probe: one fixed script. Each program found is a `found NAME` line; node's version follows. */
const PROBE_SCRIPT = [
  'for c in node npm make g++ c++ python3 apt-get dnf yum apk pacman zypper brew; do',
  'command -v "$c" >/dev/null 2>&1 && echo "found $c";',
  'done;',
  'command -v node >/dev/null 2>&1 && echo "node-version $(node --version 2>&1)";',
  'echo probe-done',
].join(' ');

export interface Probe {
  found: Set<string>;
  /** `node --version` there (v22.13.0), or null. */
  nodeVersion: string | null;
  /** The probe ran to its end (else ssh or the shell failed before). */
  complete: boolean;
}

export function parseProbe(stdout: string): Probe {
  const found = new Set<string>();
  let nodeVersion: string | null = null;
  let complete = false;
  for (const line of stdout.split('\n').map((l) => l.trim())) {
    if (line.startsWith('found ')) found.add(line.slice(6));
    else if (line.startsWith('node-version ')) nodeVersion = line.slice(13);
    else if (line === 'probe-done') complete = true;
  }
  return { found, nodeVersion, complete };
}

type Need = 'node' | 'npm' | 'make' | 'cxx' | 'python3';
const NEED_NAMES: Record<Need, string> = {
  node: 'node',
  npm: 'npm',
  make: 'make',
  cxx: 'a C++ compiler (g++ or c++)',
  python3: 'python3',
};
/** How each package manager names what the build needs, and how it installs. */
const MANAGERS: { tool: string; install: string; packages: Record<Need, string> }[] = [
  {
    tool: 'apt-get',
    install: 'sudo apt install',
    packages: { node: 'nodejs', npm: 'npm', make: 'make', cxx: 'g++', python3: 'python3' },
  },
  {
    tool: 'dnf',
    install: 'sudo dnf install',
    packages: { node: 'nodejs', npm: 'npm', make: 'make', cxx: 'gcc-c++', python3: 'python3' },
  },
  {
    tool: 'yum',
    install: 'sudo yum install',
    packages: { node: 'nodejs', npm: 'npm', make: 'make', cxx: 'gcc-c++', python3: 'python3' },
  },
  {
    tool: 'apk',
    install: 'sudo apk add',
    packages: { node: 'nodejs', npm: 'npm', make: 'make', cxx: 'g++', python3: 'python3' },
  },
  {
    tool: 'pacman',
    install: 'sudo pacman -S',
    packages: { node: 'nodejs', npm: 'npm', make: 'make', cxx: 'gcc', python3: 'python' },
  },
  {
    tool: 'zypper',
    install: 'sudo zypper install',
    packages: { node: 'nodejs', npm: 'npm', make: 'make', cxx: 'gcc-c++', python3: 'python3' },
  },
  {
    tool: 'brew',
    install: 'brew install',
    packages: { node: 'node', npm: 'node', make: 'make', cxx: '', python3: 'python3' },
  },
];

const list = (items: string[]) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** The programs the build needs that the probe did not find, named with what installs them; or null. */
export function probeProblem(hostName: string, probe: Probe): string | null {
  const has = (c: string) => probe.found.has(c);
  const missing = (['node', 'npm', 'make', 'cxx', 'python3'] as Need[]).filter((n) =>
    n === 'cxx' ? !has('g++') && !has('c++') : !has(n),
  );
  const major = Number(/^v?(\d+)\./.exec(probe.nodeVersion ?? '')?.[1] ?? NaN);
  const oldNode = has('node') && major < 20 ? probe.nodeVersion : null;
  if (!missing.length && !oldNode) return null;
  const manager = MANAGERS.find((m) => has(m.tool));
  const what = manager ?? MANAGERS[0];
  const packages = [
    ...new Set((oldNode ? ['node', ...missing] : missing).map((n) => what.packages[n as Need]).filter((p) => p.length)),
  ];
  const command = `${what.install} ${packages.join(' ')}`;
  const hint =
    (manager ? `\`${command}\`` : `on Debian or Ubuntu: \`${command}\``) +
    (manager?.tool === 'brew' && missing.includes('cxx') ? ', and `xcode-select --install` for the compiler' : '');
  const parts = [
    ...(missing.length
      ? [`${list(missing.map((n) => NEED_NAMES[n]))} ${missing.length > 1 ? 'are' : 'is'} missing on ${hostName}`]
      : []),
    ...(oldNode ? [`node there is ${oldNode} (Flotilla needs 20 or later)`] : []),
  ];
  return `Flotilla cannot be built on ${hostName}: ${parts.join('; ')}. Install ${missing.length + (oldNode ? 1 : 0) > 1 ? 'them' : 'it'} there (${hint}), then try again. Flotilla builds node-pty there with node, npm, make, a C++ compiler and python3.`;
}

/** The folder holding out/main/flotilla.js and package.json, from this file's folder up (out/main/chunks, or the source). */
export function findAppRoot(from: string = __dirname): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'out', 'main', 'flotilla.js')) && existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

interface PackageJson {
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  allowScripts?: Record<string, boolean>;
}

/**
 * The package.json the host builds from: this one's runtime dependencies, and the Node the project
 * pins (the `node` package: the daemon needs Node 22.13 for node:sqlite, and daemonRuntime runs it
 * from node_modules/node when the host's own node is older). The installed version when known.
 */
export function remotePackageJson(appRoot: string): object {
  const ours = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as PackageJson;
  let nodeVersion = ours.devDependencies?.node;
  try {
    nodeVersion =
      (JSON.parse(readFileSync(join(appRoot, 'node_modules', 'node', 'package.json'), 'utf8')) as PackageJson)
        .version ?? nodeVersion;
  } catch {
    // no installed node package: the range in devDependencies
  }
  return {
    name: 'flotilla-host',
    version: ours.version ?? '0.0.0',
    private: true,
    description: 'Flotilla as `flotilla host install` put it here: run bin/flotilla.',
    dependencies: { ...ours.dependencies, ...(nodeVersion ? { node: nodeVersion } : {}) },
    ...(ours.allowScripts ? { allowScripts: ours.allowScripts } : {}),
  };
}

/** bin/flotilla there: runs this folder's CLI with the node on PATH, wherever the folder is (or a link to it). */
export const WRAPPER = `#!/bin/sh
# flotilla, as \`flotilla host install\` put it here: this folder's build, run by the node on PATH.
self=$(readlink -f "$0" 2>/dev/null) || self=$0
here=$(cd "$(dirname "$self")/.." && pwd -P) || exit 1
exec node "$here/out/main/flotilla.js" "$@"
`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one fixed script there through the host's ssh: argv, `--` before the destination, and the
 * remote command (the host's env words, then /bin/sh -c SCRIPT) as one quoted string.
 */
function runThere(
  host: RemoteHost,
  env: NodeJS.ProcessEnv,
  script: string,
  { stdin, onLine }: { stdin?: NodeJS.ReadableStream; onLine?: (line: string) => void } = {},
): Promise<Run> {
  const { file, args } = sshCommand(
    { ...host, remoteCommand: [...envPrefix(host.remoteCommand), '/bin/sh', '-c', script] },
    env,
  );
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      stdout = (stdout + d).slice(-65536);
      if (!onLine) return;
      pending += d;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLine(line);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr = (stderr + d).slice(-8192)));
    child.stdin.on('error', () => {}); // ssh gone: its exit says why
    if (stdin) stdin.pipe(child.stdin);
    else child.stdin.end();
    child.once('error', (e) => resolve({ code: null, stdout, stderr: `${stderr}${file}: ${e.message}` }));
    child.once('close', (code) => {
      if (onLine && pending.trim()) onLine(pending);
      resolve({ code, stdout, stderr: stderr.trim() });
    });
  });
}

/** The tar of this checkout's build and the generated files, as a stream (and how tar ended). */
function packBuild(
  appRoot: string,
  staging: string,
): { stream: NodeJS.ReadableStream; done: Promise<Run>; stop(): void } {
  const tar = spawn('tar', ['-cf', '-', '-C', appRoot, 'out/main', '-C', staging, 'package.json', 'bin/flotilla'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  tar.stderr.setEncoding('utf8');
  tar.stderr.on('data', (d: string) => (stderr += d));
  const done = new Promise<Run>((resolve) => {
    tar.once('error', (e) => resolve({ code: null, stdout: '', stderr: `tar: ${e.message}` }));
    tar.once('close', (code) => resolve({ code, stdout: '', stderr: stderr.trim() }));
  });
  // The other side gone (ssh ended), tar would wait on a full pipe for ever.
  const stop = () => {
    tar.stdout.destroy();
    tar.kill();
  };
  return { stream: tar.stdout, done, stop };
}

const lastLines = (text: string, n = 20) => text.trim().split(/\r?\n/).slice(-n).join('\n');

/**
 * Installs this checkout's built Flotilla on a host over the same ssh the link uses: checks that
 * node, npm, make, a C++ compiler and python3 are there (naming what is missing and how to get
 * it), copies out/main with a package.json and bin/flotilla into DIR, and runs npm install there
 * (node-pty compiles). Returns the remote command to use from now on.
 */
export async function installOnHost(
  host: RemoteHost,
  env: NodeJS.ProcessEnv = process.env,
  { dir = DEFAULT_INSTALL_DIR, onProgress = () => {}, appRoot = findAppRoot() ?? undefined }: InstallOptions = {},
): Promise<Result<string[]>> {
  if (dir.startsWith('~/')) dir = dir.slice(2) || DEFAULT_INSTALL_DIR;
  const problem = installDirProblem(dir);
  if (problem) return fail('BAD_REQUEST', problem);
  if (!appRoot || !existsSync(join(appRoot, 'out', 'main', 'flotilla.js')))
    return fail(
      'UNSUPPORTED',
      'No built Flotilla here to copy (out/main): install from a checkout after `npm run build`.',
    );
  const quoted = shellQuote([dir]);

  onProgress(`Checking what ${host.name} has…`);
  const probed = await runThere(host, env, PROBE_SCRIPT);
  const probe = parseProbe(probed.stdout);
  if (!probe.complete) return fail('UNREACHABLE', sshFailure(host, probed.stderr, probed.code));
  const missing = probeProblem(host.name, probe);
  if (missing) return fail('COMMAND_NOT_FOUND', missing);
  onProgress(`${host.name} has node ${probe.nodeVersion}, npm, make, a C++ compiler and python3.`);

  onProgress(`Copying Flotilla to ${host.name}:${dir}…`);
  const staging = mkdtempSync(join(tmpdir(), 'flotilla-install-'));
  try {
    writeFileSync(join(staging, 'package.json'), `${JSON.stringify(remotePackageJson(appRoot), null, 2)}\n`);
    mkdirSync(join(staging, 'bin'));
    writeFileSync(join(staging, 'bin', 'flotilla'), WRAPPER);
    chmodSync(join(staging, 'bin', 'flotilla'), 0o755);
    const pack = packBuild(appRoot, staging);
    const [copied, packed] = await Promise.all([
      runThere(host, env, `mkdir -p ${quoted} && tar -C ${quoted} -xf -`, { stdin: pack.stream }).then((r) => {
        if (r.code !== 0) pack.stop();
        return r;
      }),
      pack.done,
    ]);
    if (copied.code !== 0)
      return fail('WRITE_FAILED', `Could not copy Flotilla to ${host.name}:${dir}: ${copied.stderr || copied.code}`);
    if (packed.code !== 0) return fail('WRITE_FAILED', `Could not pack the build here: ${packed.stderr}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }

  onProgress(`Building on ${host.name} (npm install: node-pty compiles there)…`);
  const built = await runThere(
    host,
    env,
    `cd ${quoted} && npm install --omit=dev --no-audit --no-fund --prefer-offline 2>&1`,
    { onLine: onProgress },
  );
  if (built.code !== 0)
    return fail(
      'SPAWN_FAILED',
      `npm install failed on ${host.name} in ${dir} (exit ${built.code ?? 'by a signal'}):\n${lastLines(`${built.stdout}\n${built.stderr}`)}`,
    );
  const command = installedCommand(host, dir);
  onProgress(`Installed: ${host.name} runs ${command.join(' ')}`);
  return ok(command);
}
