import { readHosts, remoteHostProblem, writeHosts, type RemoteHost } from '../daemon-client/remote-host';
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
