import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUT_MAIN } from './daemon';

/**
 * What ssh runs on the "remote" in tests: this checkout's CLI with a data folder of its own (and
 * any other variables), ending in `daemon connect` as a host's remote command does.
 */
export function remoteFlotillaCommand(dataDir: string, env: Record<string, string> = {}): string[] {
  return [
    'env',
    `FLOTILLA_DATA_DIR=${dataDir}`,
    'SHELL=/bin/bash',
    ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
    process.execPath,
    join(OUT_MAIN, 'flotilla.js'),
    'daemon',
    'connect',
  ];
}

/** Pids of the ssh clients of a daemon's host links (`--mux`) that use `configFile`. */
export function linkSshClients(configFile: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return argv[0] === 'ssh' && argv.includes(configFile) && argv.some((a) => a.endsWith('--mux'));
      } catch {
        return false;
      }
    })
    .map(Number);
}
