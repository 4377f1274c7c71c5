#!/usr/bin/env node
// `flotilla` from a checkout (npx flotilla, or a symlink on PATH): runs the built CLI.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const cli = join(__dirname, '..', 'out', 'main', 'flotilla.js');
if (!existsSync(cli)) {
  console.error(`flotilla: not built yet: run npm run build in ${join(__dirname, '..')}`);
  process.exit(1);
}
require(cli);
