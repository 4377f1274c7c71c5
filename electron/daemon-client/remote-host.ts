import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOST_NAME } from '../common/remote-ids';
import { makePrivateDir } from '../node/private-dir';

/** A machine whose Flotilla daemon this one reaches over the person's own OpenSSH. */
export interface RemoteHost {
  /** What the person calls it: `devbox` in `flotilla --host devbox` and `devbox:api/claude`. */
  name: string;
  /** As `ssh` takes it: an alias from ~/.ssh/config, `user@host`, `ssh://user@host:port`. */
  destination: string;
  /** The ssh program (default: FLOTILLA_SSH, else `ssh` on PATH). */
  ssh?: string;
  /** An ssh config file (default: FLOTILLA_SSH_CONFIG, else ssh's own). */
  sshConfig?: string;
  /** What runs there to reach its daemon (default: `flotilla daemon connect` on its PATH). */
  remoteCommand?: string[];
}

export const DEFAULT_REMOTE_COMMAND = ['flotilla', 'daemon', 'connect'];

/** Why a host cannot be added as given, or null. A destination is never an option (`-oProxyCommand=…`). */
export function remoteHostProblem(host: RemoteHost): string | null {
  if (!HOST_NAME.test(host.name)) return `"${host.name}" is not a host name: letters, digits, - and _, up to 40.`;
  if (host.name === 'local') return '"local" is this machine.';
  const d = host.destination;
  if (!d.trim()) return 'Give a destination: an alias from your ssh config, or user@host.';
  if (d.startsWith('-')) return `"${d}" starts with "-": ssh would take it as an option.`;
  if (/[\x00-\x20\x7f]/.test(d)) return 'A destination has no spaces or control characters.';
  if (host.remoteCommand && !host.remoteCommand.length) return 'The remote command is empty.';
  return null;
}

const hostsFile = (dataDir: string) => join(dataDir, 'hosts.json');

const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

function isRemoteHost(h: unknown): h is RemoteHost {
  if (!h || typeof h !== 'object') return false;
  const { name, destination, ssh, sshConfig, remoteCommand } = h as Record<string, unknown>;
  return (
    typeof name === 'string' &&
    typeof destination === 'string' &&
    optionalString(ssh) &&
    optionalString(sshConfig) &&
    (remoteCommand === undefined || (Array.isArray(remoteCommand) && remoteCommand.every((w) => typeof w === 'string')))
  );
}

/** The hosts this data folder knows (hosts.json, 0600): none is an empty list. */
export function readHosts(dataDir: string): RemoteHost[] {
  try {
    const parsed = JSON.parse(readFileSync(hostsFile(dataDir), 'utf8')) as { hosts?: unknown };
    // An entry edited by hand into the wrong shape is left out; the others stay.
    return Array.isArray(parsed.hosts)
      ? parsed.hosts.filter(isRemoteHost).filter((h) => remoteHostProblem(h) === null)
      : [];
  } catch {
    return [];
  }
}

/** Written whole to a temporary file, then renamed: a crash leaves the old list or the new one. */
export function writeHosts(dataDir: string, hosts: RemoteHost[]): void {
  makePrivateDir(dataDir);
  const file = hostsFile(dataDir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify({ hosts }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(`${file}.tmp`, 0o600);
  renameSync(`${file}.tmp`, file);
}
