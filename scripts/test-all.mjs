// `npm test`: type-check, build, then every suite; ends with one line of totals.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = 'test-results';
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const skipReasons = [];

function run(label, command, args) {
  console.log(`\n━━ ${label}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(command, args, { stdio: 'inherit', shell: false });
  console.log(`━━ ${label}: exit ${r.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const bin = (name) => `node_modules/.bin/${name}`;

// Not test suites, but a broken type-check, lint or build fails the run (counted as one failure).
// The lint (eslint.config.mjs) also fails on a .ts file that no tsconfig includes; then Prettier's check.
for (const [label, cmd, args] of [
  ['type-check', bin('tsc'), ['-b']],
  ['lint', bin('eslint'), ['.']],
  ['format-check', bin('prettier'), ['--check', '.']],
  ['build', bin('electron-vite'), ['build', '--logLevel', 'warn']],
]) {
  if (!run(label, cmd, args)) {
    console.log(`\n0 passed, 1 failed`);
    process.exit(1);
  }
}

/** Runs vitest projects and adds their counts to the totals; false when the run failed. */
function vitestSuite(label, projects) {
  const report = `${results}/${label}.json`;
  const ok = run(label, bin('vitest'), [
    'run',
    ...projects.flatMap((p) => ['--project', p]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${report}`,
  ]);
  const json = readJson(report);
  if (json) {
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    totals.skipped += json.numPendingTests + json.numTodoTests;
    for (const file of json.testResults ?? [])
      for (const t of file.assertionResults ?? [])
        if (t.status === 'skipped' || t.status === 'pending') skipReasons.push(`vitest: ${t.fullName ?? t.title}`);
  } else if (!ok) totals.failed++;
  return ok;
}

// vitest: host (real ptys, git, sqlite) and unit (stores, layout, common); then the real agent CLIs alone.
const vitestOk = vitestSuite('vitest', ['host', 'unit']);
const agentsOk = vitestSuite('agents', ['agents']);

// Playwright: browser mode in Chromium, Electron where a binary exists.
const e2eOk = run('playwright', bin('playwright'), ['test']);
const e2e = readJson(`${results}/e2e.json`);
if (e2e?.stats) {
  totals.passed += e2e.stats.expected + e2e.stats.flaky;
  totals.failed += e2e.stats.unexpected;
  totals.skipped += e2e.stats.skipped;
  const walk = (suite) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        if (t.status === 'skipped') {
          const why = t.annotations?.find((a) => a.type === 'skip')?.description ?? 'no reason given';
          skipReasons.push(`playwright [${t.projectName}] ${spec.title}: ${why}`);
        }
    (suite.suites ?? []).forEach(walk);
  };
  (e2e.suites ?? []).forEach(walk);
} else if (!e2eOk) totals.failed++;

if (skipReasons.length) {
  console.log('\nSkipped, with reasons:');
  for (const r of skipReasons) console.log(`  - ${r}`);
}
if (!existsSync(`${results}/e2e.json`)) console.log('(no Playwright report was written)');
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || !vitestOk || !agentsOk || !e2eOk ? 1 : 0);
