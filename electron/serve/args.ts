import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../host/data-dir';

export interface ServeOptions {
  port: number;
  host: string;
  dataDir: string;
  token: string;
}

export const USAGE = `Usage: npm run serve -- [--port N] [--host ADDR] [--data-dir DIR] [--token T]
  --port N        port to listen on; 0 picks a free one (default 0)
  --host ADDR     address to bind (default 127.0.0.1; anything else exposes your terminals)
  --data-dir DIR  where Flotilla keeps its database (default: the app's data folder)
  --token T       access token, 16+ characters (default: a random one)`;

export type ParsedServeArgs = { ok: true; options: ServeOptions } | { ok: false; message: string };

export function parseServeArgs(argv: string[]): ParsedServeArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        'data-dir': { type: 'string' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  if (values.help) return { ok: false, message: '' };
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, message: `--port must be 0-65535, not "${values.port}"` };
  const token = values.token ?? randomBytes(24).toString('base64url');
  if (token.length < 16 || !/^[\w-]+$/.test(token)) return { ok: false, message: '--token must be 16+ characters of A-Z a-z 0-9 _ -' };
  return { ok: true, options: { port, host: values.host, dataDir: values['data-dir'] ?? defaultDataDir(), token } };
}
