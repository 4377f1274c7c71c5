import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../node/data-dir';
import { isLoopback } from '../daemon/browser/auth';

export interface ServeOptions {
  port: number;
  host: string;
  dataDir: string;
  token: string;
  /** PEM certificate and key: serve HTTPS (and a Secure cookie). */
  tls?: { cert: string; key: string };
  /** `--no-daemon`: the host runs inside serve, and its sessions end with it. */
  inProcess?: boolean;
  /** `--insecure`: a non-loopback address over plain HTTP was asked for knowingly. */
  insecure?: boolean;
}

export const USAGE = `Usage: npm run serve -- [--port N] [--host ADDR] [--data-dir DIR] [--token-file FILE]
  --port N           port to listen on; 0 picks a free one (default 0)
  --host ADDR        address to bind (default 127.0.0.1); any other needs --tls-cert and --tls-key, or --insecure
  --data-dir DIR     where Flotilla keeps its database (default: the app's data folder)
  --token-file FILE  read the access token from FILE (mode 0600); or set FLOTILLA_TOKEN (default: a random one)
  --tls-cert FILE    serve HTTPS with this PEM certificate (with --tls-key)
  --tls-key FILE     the certificate's PEM private key
  --no-daemon        run the sessions inside serve (they end when it stops) instead of in the daemon
  --insecure         allow a non-loopback address over plain HTTP (anyone on the network who sees the token controls your terminals)
A token is 22+ characters of A-Z a-z 0-9 _ - (128 bits or more). --token T still works but shows
the token to every local user in ps; prefer FLOTILLA_TOKEN or --token-file.`;

export type ParsedServeArgs = { ok: true; options: ServeOptions; warnings: string[] } | { ok: false; message: string };

/** 22 base64url characters carry 132 bits. */
const TOKEN_RULE = /^[\w-]{22,512}$/;

function readPrivateFile(file: string, what: string): string | { error: string } {
  try {
    const mode = statSync(file).mode & 0o777;
    if (process.platform !== 'win32' && mode & 0o077)
      return { error: `${what} ${file} can be read by other users (mode ${mode.toString(8)}): chmod 600 it` };
    return readFileSync(file, 'utf8').trim();
  } catch (e) {
    return { error: `cannot read ${what} ${file}: ${(e as Error).message}` };
  }
}

export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedServeArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        'data-dir': { type: 'string' },
        token: { type: 'string' },
        'token-file': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        insecure: { type: 'boolean', default: false },
        'no-daemon': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  if (values.help) return { ok: false, message: '' };
  const warnings: string[] = [];
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return { ok: false, message: `--port must be 0-65535, not "${values.port}"` };

  let token: string;
  if (values['token-file']) {
    const read = readPrivateFile(values['token-file'], 'the token file');
    if (typeof read !== 'string') return { ok: false, message: read.error };
    token = read;
  } else if (values.token) {
    token = values.token;
    warnings.push('--token is visible to every local user (ps); use FLOTILLA_TOKEN or --token-file instead.');
  } else {
    token = env.FLOTILLA_TOKEN || randomBytes(24).toString('base64url');
  }
  if (!TOKEN_RULE.test(token))
    return { ok: false, message: 'the token must be 22+ characters of A-Z a-z 0-9 _ - (128 bits or more)' };

  if (!!values['tls-cert'] !== !!values['tls-key'])
    return { ok: false, message: '--tls-cert and --tls-key go together' };
  let tls: ServeOptions['tls'];
  if (values['tls-cert'] && values['tls-key']) {
    const key = readPrivateFile(values['tls-key'], 'the TLS key');
    if (typeof key !== 'string') return { ok: false, message: key.error };
    try {
      tls = { cert: readFileSync(values['tls-cert'], 'utf8'), key };
    } catch (e) {
      return { ok: false, message: `cannot read the TLS certificate: ${(e as Error).message}` };
    }
  }
  if (!isLoopback(values.host) && !tls) {
    if (!values.insecure) {
      return {
        ok: false,
        message: `refusing to serve ${values.host} over plain HTTP: give --tls-cert and --tls-key, or --insecure; to reach Flotilla from another machine safely, use ssh -L instead`,
      };
    }
    warnings.push(
      `listening on ${values.host} over plain HTTP (--insecure): anyone who can see your traffic can take the token and control your terminals.`,
    );
  }
  return {
    ok: true,
    options: {
      port,
      host: values.host,
      dataDir: values['data-dir'] ?? process.env.FLOTILLA_DATA_DIR ?? defaultDataDir(),
      token,
      tls,
      inProcess: values['no-daemon'],
      insecure: values.insecure,
    },
    warnings,
  };
}
