import { connectRemote } from '../daemon-client/remote-client';
import { readHosts, remoteHostProblem, writeHosts, type RemoteHost } from '../daemon-client/remote-host';
import { DEFAULT_INSTALL_DIR, installOnHost } from '../daemon-client/remote-install';
import { CliError, EXIT } from './cli-error';
import type { CliContext } from './daemon-client';
import type { Output } from './verbs';

const describe = (h: RemoteHost) =>
  `${h.name}\t${h.destination}${h.sshConfig ? ` (ssh -F ${h.sshConfig})` : ''}${h.remoteCommand ? ` runs: ${h.remoteCommand.join(' ')}` : ''}`;

/** `flotilla host add NAME DESTINATION [--ssh-config FILE] [-- REMOTE COMMAND…]`. */
export function hostAdd(
  ctx: CliContext,
  name: string,
  destination: string,
  sshConfig: string | undefined,
  command: string[],
): Output {
  const host: RemoteHost = {
    name,
    destination,
    ...(sshConfig ? { sshConfig } : {}),
    ...(command.length ? { remoteCommand: command } : {}),
  };
  const problem = remoteHostProblem(host);
  if (problem) throw new CliError(problem, EXIT.usage, 'BAD_HOST');
  const hosts = readHosts(ctx.dataDir).filter((h) => h.name !== name);
  writeHosts(ctx.dataDir, [...hosts, host]);
  return { text: `Added ${describe(host)}`, json: host };
}

export function hostList(ctx: CliContext): Output {
  const hosts = readHosts(ctx.dataDir);
  return {
    text: hosts.length ? hosts.map(describe).join('\n') : 'No hosts: `flotilla host add NAME DESTINATION` adds one.',
    json: hosts,
  };
}

export function hostRemove(ctx: CliContext, name: string): Output {
  const hosts = readHosts(ctx.dataDir);
  if (!hosts.some((h) => h.name === name))
    throw new CliError(`No host "${name}". \`flotilla host ls\` lists them.`, EXIT.failed, 'NOT_FOUND');
  writeHosts(
    ctx.dataDir,
    hosts.filter((h) => h.name !== name),
  );
  return { text: `Removed ${name}`, json: { removed: name } };
}

/**
 * `flotilla host install NAME [--dir DIR]`: copies this checkout's build to the host over its ssh,
 * builds it there, points the host's remote command at it (its other fields kept), and connects
 * once to show the version there. Progress goes to stderr with --json, else stdout.
 */
export async function hostInstall(ctx: CliContext, name: string, dir: string | undefined): Promise<Output> {
  const host = findHost(ctx, name);
  const progress = (line: string) => (ctx.json ? process.stderr : process.stdout).write(`${line}\n`);
  const installed = await installOnHost(host, process.env, { dir, onProgress: progress });
  if (!installed.ok) throw new CliError(installed.error.message, EXIT.failed, installed.error.code);
  const updated: RemoteHost = { ...host, remoteCommand: installed.value };
  writeHosts(
    ctx.dataDir,
    readHosts(ctx.dataDir).map((h) => (h.name === name ? updated : h)),
  );
  const client = await connectRemote(updated);
  if (!client.ok)
    throw new CliError(
      `Installed on ${name}, but connecting failed: ${client.error.message}`,
      EXIT.failed,
      client.error.code,
    );
  const info = await client.value.request('host.info', {});
  client.value.close();
  const there = info.ok ? info.value.version : 'unknown';
  return {
    text: `Installed Flotilla ${there} on ${name} in ${dir ?? DEFAULT_INSTALL_DIR}; it runs: ${installed.value.join(' ')}`,
    json: { host: updated, version: there },
  };
}

/** The host a `--host NAME` or a `NAME:target` names. */
export function findHost(ctx: CliContext, name: string): RemoteHost {
  const host = readHosts(ctx.dataDir).find((h) => h.name === name);
  if (!host)
    throw new CliError(
      `No host "${name}". \`flotilla host add ${name} DESTINATION\` adds it.`,
      EXIT.failed,
      'NOT_FOUND',
    );
  return host;
}

/** `devbox:api/claude`: a target on a known host, or null (a project name may hold a colon). */
export function remoteTarget(ctx: CliContext, arg: string): { host: string; target: string } | null {
  const match = /^([A-Za-z0-9][A-Za-z0-9_-]*):(.+)$/.exec(arg);
  if (!match || !readHosts(ctx.dataDir).some((h) => h.name === match[1])) return null;
  return { host: match[1], target: match[2] };
}
