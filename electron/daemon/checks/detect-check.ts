import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const read = (dir: string, file: string) => readFile(join(dir, file), 'utf8').catch(() => null);

/** npm's placeholder for "no tests": not a check. */
const NPM_PLACEHOLDER = /no test specified/;

/**
 * The project's own test command, from the files that name one: a `test` script in
 * package.json, Cargo.toml, go.mod, a pytest configuration, a Makefile `test` target.
 */
export async function detectCheck(dir: string): Promise<string | null> {
  const pkg = await read(dir, 'package.json');
  if (pkg) {
    try {
      const test = (JSON.parse(pkg) as { scripts?: Record<string, unknown> }).scripts?.test;
      if (typeof test === 'string' && test.trim() && !NPM_PLACEHOLDER.test(test)) return 'npm test';
    } catch {
      // A package.json that does not parse names no check.
    }
  }
  if (await read(dir, 'Cargo.toml')) return 'cargo test';
  if (await read(dir, 'go.mod')) return 'go test ./...';
  const pytest =
    (await read(dir, 'pytest.ini')) !== null ||
    /^\[tool\.pytest/m.test((await read(dir, 'pyproject.toml')) ?? '') ||
    /^\[(tool:)?pytest\]/m.test((await read(dir, 'setup.cfg')) ?? '') ||
    /^\[pytest\]/m.test((await read(dir, 'tox.ini')) ?? '');
  if (pytest) return 'pytest';
  if (/^test\s*:/m.test((await read(dir, 'Makefile')) ?? (await read(dir, 'makefile')) ?? '')) return 'make test';
  return null;
}
