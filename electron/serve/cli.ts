/** `npm run serve`: the host and the renderer in any browser, on loopback with a token. */
import { join } from 'node:path';
import { parseServeArgs, USAGE } from './args';
import { serveApp, stopOnSignals } from './serve-app';

async function main(): Promise<void> {
  const parsed = parseServeArgs(process.argv.slice(2));
  if (!parsed.ok) {
    if (parsed.message) console.error(`flotilla serve: ${parsed.message}`);
    console.error(USAGE);
    process.exit(parsed.message ? 2 : 0);
  }
  for (const warning of parsed.warnings) console.error(`Warning: ${warning}`);
  const app = await serveApp(parsed.options, join(__dirname, '../renderer'), join(__dirname, 'daemon.js'));
  console.log(`Flotilla at ${app.url}`);
  stopOnSignals(app);
}

main().catch((e) => {
  console.error(`flotilla serve: ${(e as Error).message}`);
  process.exit(1);
});
