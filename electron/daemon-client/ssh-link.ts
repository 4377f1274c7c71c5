import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import { DEFAULT_REMOTE_COMMAND, type RemoteHost } from './remote-host';

/** POSIX shell quoting: ssh hands the remote shell one string, so each word is quoted as one. */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * The ssh command line for a host: the person's ssh and config decide keys, ports, jumps and
 * host keys; `-T` (no terminal: the protocol's bytes pass untouched), keep-alives so a dead link
 * is noticed, and `--` before the destination, which is never an option. Nothing else is set:
 * StrictHostKeyChecking stays whatever the person's config says.
 */
export function sshCommand(
  host: RemoteHost,
  env: NodeJS.ProcessEnv = process.env,
  extra: readonly string[] = [],
): { file: string; args: string[] } {
  const file = host.ssh ?? env.FLOTILLA_SSH ?? 'ssh';
  const config = host.sshConfig ?? env.FLOTILLA_SSH_CONFIG;
  const options = ['-T', '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=3', ...extra];
  return {
    file,
    args: [
      ...options,
      ...(config ? ['-F', config] : []),
      '--',
      host.destination,
      shellQuote(host.remoteCommand ?? DEFAULT_REMOTE_COMMAND),
    ],
  };
}

export interface SshLink {
  /** The remote daemon's protocol lines, both ways. */
  stream: Duplex;
  /** What ssh (or the remote command) said on stderr so far: the reason when it fails. */
  stderr(): string;
  /** Resolves with ssh's exit code (null: a signal ended it, named in stderr()) once it has ended. */
  exited: Promise<number | null>;
  /** Ends ssh (and so the link). */
  close(): void;
}

/** Starts ssh to the host's daemon; the stream carries the protocol once the remote side is up. */
export function openSshLink(
  host: RemoteHost,
  env: NodeJS.ProcessEnv = process.env,
  extra: readonly string[] = [],
): SshLink {
  const { file, args } = sshCommand(host, env, extra);
  const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (stderr = (stderr + d).slice(-8192)));
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (e) => {
      stderr += `${file}: ${e.message}`;
      resolve(null);
    });
    // 'close', not 'exit': by then stderr is read to its end (the reason is in its last lines).
    child.once('close', (code, signal) => {
      if (signal) stderr += `\nssh ended by ${signal}`;
      resolve(code);
    });
  });
  const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
  const close = () => void child.kill('SIGTERM');
  stream.on('close', close);
  return { stream, stderr: () => stderr.trim(), exited, close };
}
