import { execFile } from 'node:child_process';
import type { RemoteHost } from './remote-host';
import { sshCommand } from './ssh-link';

function run(file: string, args: string[], input?: string): Promise<string | null> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { timeout: 10_000 }, (error, stdout) => resolve(error ? null : stdout));
    if (input !== undefined) child.stdin?.end(input);
  });
}

/**
 * The fingerprints of the keys a host presents, for a person to compare before trusting it: ssh
 * names none when a key is merely unknown. `ssh -G` resolves the destination as the person's
 * config does (alias, port); `ssh-keyscan` asks the host for its keys and `ssh-keygen -l` prints
 * their fingerprints. Nothing is written: trusting the key stays the person's act, in a terminal.
 * Hosts reached through a jump or a proxy command are not scanned (none: the message says so).
 */
export async function presentedFingerprints(host: RemoteHost, env: NodeJS.ProcessEnv): Promise<string[]> {
  const { file, args } = sshCommand(host, env);
  const config = args.includes('-F') ? ['-F', args[args.indexOf('-F') + 1]] : [];
  const resolved = await run(file, ['-G', ...config, '--', host.destination]);
  if (!resolved) return [];
  const option = (name: string) => new RegExp(`^${name} (.+)$`, 'm').exec(resolved)?.[1];
  if (option('proxycommand') || option('proxyjump')) return [];
  const hostname = option('hostname');
  const port = option('port') ?? '22';
  if (!hostname || hostname.startsWith('-')) return [];
  const keys = await run('ssh-keyscan', ['-T', '5', '-p', port, '--', hostname]);
  if (!keys?.trim()) return [];
  const listed = await run('ssh-keygen', ['-l', '-f', '-'], keys);
  // "256 SHA256:… [127.0.0.1]:2222 (ED25519)" → "ED25519 SHA256:…"
  return (listed ?? '')
    .split('\n')
    .map((line) => /^\d+ (\S+) .*\((\w+)\)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[2]} ${m[1]}`);
}
