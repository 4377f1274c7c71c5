/** `npm run serve`: the host and the renderer in any browser, on loopback with a token. */
import { join } from 'node:path';
import { createHost } from '../host/host';
import { isLoopback } from './auth';
import { parseServeArgs, USAGE } from './args';
import { startServer } from './server';

async function main(): Promise<void> {
  const parsed = parseServeArgs(process.argv.slice(2));
  if (!parsed.ok) {
    if (parsed.message) console.error(`flotilla serve: ${parsed.message}`);
    console.error(USAGE);
    process.exit(parsed.message ? 2 : 0);
  }
  const { port, host: bind, dataDir, token } = parsed.options;
  if (!isLoopback(bind)) console.error(`Warning: listening on ${bind}: anyone who can reach it and has the token controls your terminals.`);
  const host = await createHost({ dataDir, version: process.env.npm_package_version, log: (m) => console.error(`[host] ${m}`) });
  const server = await startServer({ host, bind, port, token, staticDir: join(__dirname, '../renderer') });
  console.log(`Flotilla at ${server.url}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`Stopping (${signal}): ending every session…`);
    await server.close();
    await host.shutdown();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
}

main().catch((e) => {
  console.error(`flotilla serve: ${(e as Error).message}`);
  process.exit(1);
});
