import type { Channel } from '../common/channel';
import { HostClient } from '../common/host-client';
import { jsonChannel } from '../common/json-channel';
import type { ClientFrame, HostFrame } from '../common/protocol';
import { fail, ok, type Result } from '../common/result';
import { FLOTILLA_VERSION, PROTOCOL_VERSION } from '../common/version';
import { lineSocket } from './line-socket';
import { DEFAULT_REMOTE_COMMAND, type RemoteHost } from './remote-host';
import { openSshLink, type SshLink } from './ssh-link';
import { presentedFingerprints } from './host-key';

/** ssh's own words, turned into what the person can do about them. */
export function sshFailure(host: RemoteHost, stderr: string, code: number | null): string {
  const said = stderr || `ssh exited with ${code ?? 'an error'}`;
  // The program the remote command runs (past `env NAME=value …`): missing, the shell names it.
  const program = (host.remoteCommand ?? DEFAULT_REMOTE_COMMAND).find((w) => w !== 'env' && !/^\w+=/.test(w));
  const missing = stderr
    .split('\n')
    .some((line) => !!program && line.includes(program) && /not found|No such file or directory/.test(line));
  if (code === 127 || missing) {
    return `Flotilla is not installed on ${host.name}, or not on the PATH of a non-interactive shell there (${said}). Install it from here: \`flotilla host install ${host.name}\` (or the window's "Install on this host"; it needs node, npm, make, a C++ compiler and python3 there), or on ${host.name} install Flotilla and put \`flotilla\` on that PATH (see docs/remote-hosts.md), or set this host's remote command.`;
  }
  if (
    /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed|host key .* not known|No .* host key is known/i.test(
      stderr,
    )
  ) {
    return `ssh refused ${host.name}'s host key (unknown or changed): ${said}. Flotilla never accepts a host key by itself: check the fingerprint, then connect once with \`ssh ${host.destination}\` in a terminal.`;
  }
  if (/Permission denied|passphrase/i.test(stderr)) {
    return `ssh could not log in to ${host.name}: ${said}. Load your key into the agent (\`ssh-add\`), or log in once with \`ssh ${host.destination}\` in a terminal.`;
  }
  return `Could not reach ${host.name}: ${said}`;
}

const olderDaemon = (host: RemoteHost) =>
  `${host.name} runs an older Flotilla (it has no version handshake or no --mux; this is Flotilla ${FLOTILLA_VERSION}): update Flotilla there.`;

/** A host key ssh refused without naming it (an unknown one): the keys the host presents, to compare. */
async function withFingerprints(host: RemoteHost, reason: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (!reason.startsWith(`ssh refused ${host.name}'s host key`) || /SHA256:/.test(reason)) return reason;
  const prints = await presentedFingerprints(host, env);
  return prints.length
    ? `${reason} ${host.name} presents ${prints.join(', ')}: compare with what \`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub\` prints there.`
    : reason;
}

/**
 * The version handshake on a client of a host's daemon: the version there, or why not (both
 * versions named, ssh's words, or why the daemon there could not start).
 */
export async function shakeHands(
  host: RemoteHost,
  link: SshLink,
  client: HostClient,
  env: NodeJS.ProcessEnv,
  /** This machine's daemon, linking (the host then sends it only its own things); its run's instance. */
  peer?: { instance: string },
): Promise<Result<string>> {
  const hello = await client.request('host.hello', {
    version: FLOTILLA_VERSION,
    protocol: PROTOCOL_VERSION,
    peer: !!peer,
  });
  if (hello.ok && peer && hello.value.instance === peer.instance)
    return fail('BAD_REQUEST', `${host.name} is this machine's own Flotilla daemon: a host is another machine.`);
  if (hello.ok) return ok(hello.value.version);
  if (client.failure)
    return fail('UNREACHABLE', `Flotilla on ${host.name} could not start its daemon: ${client.failure}`);
  if (hello.error.code === 'DISCONNECTED') {
    const code = await link.exited;
    if (/Unknown option '--mux'/.test(link.stderr())) return fail('VERSION_MISMATCH', olderDaemon(host));
    return fail('UNREACHABLE', await withFingerprints(host, sshFailure(host, link.stderr(), code), env));
  }
  if (hello.error.code === 'UNKNOWN_METHOD') return fail('VERSION_MISMATCH', olderDaemon(host));
  return hello;
}

/**
 * A protocol client of a host's daemon, over ssh, after the version handshake: the same protocol,
 * or the reason. Closing the client ends the ssh process.
 */
export async function connectRemote(
  host: RemoteHost,
  env: NodeJS.ProcessEnv = process.env,
  log: (message: string) => void = () => {},
): Promise<Result<HostClient>> {
  const link = openSshLink(host, env);
  const client = new HostClient(
    jsonChannel<HostFrame, ClientFrame>(lineSocket(link.stream, log)) as Channel<HostFrame, ClientFrame>,
  );
  const hello = await shakeHands(host, link, client, env);
  if (hello.ok) return ok(client);
  client.close();
  return hello;
}
