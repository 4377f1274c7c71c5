// ESLint (`npm run lint`, and a step of `npm test`): typescript-eslint's recommended rules, the import boundaries
// between the programs, and a parse of every .ts/.tsx through the tsconfigs, so a file that no tsconfig includes
// (a folder left out of type-checking) fails the lint. Formatting is Prettier's (eslint-config-prettier, last).
import js from '@eslint/js';
import eslintConfigPrettier from 'eslint-config-prettier/flat';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * A boundary: files under `target` may import from electron/ only the folders (or files) in `allowed`.
 * The message is what a violation prints, so it names the rule in words.
 */
const only = (target, allowed, message) => ({
  target,
  from: 'electron',
  except: allowed.map((p) => `./${p}`),
  message,
});

const boundaries = [
  only('renderer', ['common'], 'renderer/ imports only electron/common: it runs in a window or a browser tab.'),
  only(
    'electron/common',
    ['common'],
    'electron/common imports nothing else of the repo: it runs anywhere, the renderer included.',
  ),
  only('electron/node', ['common', 'node'], 'electron/node (Node-only helpers) imports only electron/common.'),
  only(
    'electron/daemon-client',
    ['common', 'node', 'daemon-client'],
    'electron/daemon-client imports only electron/common and electron/node.',
  ),
  // The daemon shares daemon-client's paths and line socket.
  only(
    'electron/daemon',
    ['common', 'node', 'daemon-client', 'daemon'],
    'electron/daemon imports only electron/common, electron/node and electron/daemon-client.',
  ),
  // Front ends reach the daemon only through electron/daemon-client.
  only(
    'electron/cli',
    ['common', 'node', 'daemon-client', 'cli'],
    'front ends (here electron/cli) reach the daemon only through electron/daemon-client.',
  ),
  only(
    'electron/bridge',
    ['common', 'node', 'daemon-client', 'bridge'],
    'front ends (here electron/bridge) reach the daemon only through electron/daemon-client.',
  ),
  // `npm start` falls back to serve's app (serve-app.ts) where Electron cannot run.
  only(
    'electron/launch',
    ['common', 'node', 'serve/serve-app.ts', 'launch'],
    'electron/launch imports only electron/common, electron/node and serve/serve-app.ts; never the daemon.',
  ),
  // Electron main talks to the daemon only through the bridge process it forks; the preload is sandboxed.
  only(
    'electron/main',
    ['common', 'node', 'main'],
    'electron/main imports only electron/common and electron/node: the bridge process talks to the daemon.',
  ),
  only('electron/preload', ['common', 'preload'], 'electron/preload (sandboxed) imports only electron/common.'),
  // serve's --no-daemon mode runs the daemon's host in-process (daemon/host.ts), and its stand-in page for the
  // browser is the daemon's token server (daemon/browser/**): the one front end allowed into electron/daemon.
  only(
    'electron/serve',
    ['common', 'node', 'daemon-client', 'serve', 'daemon/host.ts', 'daemon/browser'],
    'electron/serve reaches the daemon through electron/daemon-client, except daemon/host.ts and daemon/browser/**.',
  ),
  {
    target: ['electron', 'renderer'],
    from: ['test', 'scripts'],
    message: 'program code never imports test/ or scripts/.',
  },
  { target: 'electron', from: 'renderer', message: 'nothing under electron/ imports renderer/.' },
  // test/ may import anything.
];

export default defineConfig(
  globalIgnores(['out/', 'dist/', 'test-results/', 'playwright-report/', 'test/bench/results/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
    languageOptions: {
      // Typed parsing: a .ts file that no tsconfig includes fails here ("was not found by the project service").
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' }, // CommonJS on purpose (bin/flotilla.cjs).
  },
  {
    rules: {
      // The code parses terminal output: escape and control bytes in a regex are the point.
      'no-control-regex': 'off',
      // V8's linear-time engine ('l', daemon/agents/linear-patterns.ts) runs users' patterns.
      'no-invalid-regexp': ['error', { allowConstructorFlags: ['l'] }],
      // A variable a closure may read before its one assignment (daemon/main.ts's stop) stays a `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // `_name` marks a deliberately unused binding (dropping a key with a rest pattern), as tsc's noUnused* do.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['test/**'],
    rules: {
      // Tests reach into reports, internals and wire frames that have no type worth writing.
      '@typescript-eslint/no-explicit-any': 'off',
      // Playwright's fixtures take `async ({}, use) =>`: the empty pattern is its API.
      'no-empty-pattern': 'off',
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['electron/**', 'test/**', 'scripts/**', '*.config.*'],
    languageOptions: { globals: globals.node },
  },
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json'] }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: boundaries }],
    },
  },
  {
    // Bundled for the browser (common is in the renderer's bundle): no Node built-ins, no Electron.
    files: ['electron/common/**', 'renderer/**'],
    rules: {
      'import-x/no-nodejs-modules': 'error',
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'electron/common and renderer/ run in a browser too: no Electron.' }] },
      ],
    },
  },
  eslintConfigPrettier,
);
