import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { CheckPlan } from '../../common/checks';
import { parseCommandLine } from '../../common/command-line';
import { fileAtCommit } from '../git/file-at-commit';

/** What a person reads of a long file before allowing it; the fingerprint covers all of it. */
const SHOWN_LINES = 60;

interface Part {
  source: string;
  /** What is shown. */
  text: string;
  /** What the fingerprint covers (the whole file the part comes from). */
  covers: string;
  /** A command line (a script body, a recipe): the files it names are read too. */
  commands?: boolean;
}

function shown(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  return lines.length <= SHOWN_LINES
    ? lines.join('\n')
    : `${lines.slice(0, SHOWN_LINES).join('\n')}\n… ${lines.length - SHOWN_LINES} more lines`;
}

const PACKAGE_MANAGERS = new Set(['npm', 'pnpm', 'yarn']);
const MAKES = new Set(['make', 'gmake']);

/** The script a package manager runs for these arguments (`npm test`, `npm run lint`), if any. */
function scriptName(args: string[]): string | null {
  const [verb, name] = args;
  if (verb === 'test' || verb === 't' || verb === 'tst') return 'test';
  if ((verb === 'run' || verb === 'run-script') && name && !name.startsWith('-')) return name;
  return null;
}

/** npm runs `preX`, `X`, `postX`: each body is part of what the check runs. */
function scriptParts(pkg: string, name: string): Part[] {
  let scripts: Record<string, unknown> = {};
  try {
    scripts = (JSON.parse(pkg) as { scripts?: Record<string, unknown> }).scripts ?? {};
  } catch {
    return [{ source: 'package.json', text: 'package.json does not parse', covers: pkg }];
  }
  return [`pre${name}`, name, `post${name}`]
    .filter((key) => typeof scripts[key] === 'string')
    .map((key) => ({
      source: `package.json script "${key}"`,
      text: scripts[key] as string,
      covers: `${key}=${scripts[key] as string}`,
      commands: true,
    }));
}

/** A make target's rule and recipe, as the Makefile writes them. */
function recipe(makefile: string, target: string): string {
  const lines = makefile.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`).test(l));
  if (start === -1) return `(no "${target}" target)`;
  const end = lines.findIndex((l, i) => i > start && l.trim() !== '' && !l.startsWith('\t'));
  return lines
    .slice(start, end === -1 ? undefined : end)
    .join('\n')
    .trimEnd();
}

async function makeParts(repo: string, commit: string, args: string[]): Promise<Part[]> {
  const fileFlag = args.findIndex((a) => a === '-f' || a === '--file');
  const candidates =
    fileFlag !== -1 && args[fileFlag + 1] ? [args[fileFlag + 1]] : ['GNUmakefile', 'makefile', 'Makefile'];
  for (const name of candidates) {
    const makefile = await fileAtCommit(repo, commit, name);
    if (makefile === null) continue;
    const targets = args.filter(
      (a, i) => !a.startsWith('-') && !a.includes('=') && args[i - 1] !== '-f' && args[i - 1] !== '--file',
    );
    const parts: Part[] = [
      {
        source: name,
        text: (targets.length ? targets : ['test']).map((t) => recipe(makefile, t)).join('\n\n'),
        covers: makefile,
        commands: true,
      },
    ];
    // An included makefile can hold the recipe's real work: it is covered too.
    for (const match of makefile.matchAll(/^-?include\s+(.+)$/gm)) {
      for (const included of match[1].trim().split(/\s+/)) {
        const text = await fileAtCommit(repo, commit, included);
        if (text !== null) parts.push({ source: included, text: shown(text), covers: text });
      }
    }
    return parts;
  }
  return [];
}

/** Files of the commit that these words name (`sh check.sh`, `./run-tests`): their text is what runs. */
async function namedFiles(repo: string, commit: string, words: string[], known: Set<string>): Promise<Part[]> {
  const parts: Part[] = [];
  for (const word of words) {
    const path = word.replace(/^(\.\/)+/, '');
    if (!path || path.startsWith('-') || path.startsWith('/') || known.has(path)) continue;
    known.add(path);
    const text = await fileAtCommit(repo, commit, path);
    if (text !== null) parts.push({ source: path, text: shown(text), covers: text });
  }
  return parts;
}

/** The words of a script body or recipe line that could be file names. */
const wordsOf = (text: string) => text.split(/[\s;&|()<>"'`=]+/);

/**
 * What `command` runs at `commit` of `repo`, read from git's objects (nothing of the commit is
 * checked out or run to find it): a package manager's script bodies, make's recipe (the whole
 * makefile counts), and every file of the commit the command names.
 */
export async function checkPlan(repo: string, commit: string, command: string): Promise<CheckPlan> {
  const parsed = parseCommandLine(command);
  const argv = parsed.ok ? parsed.argv : [];
  const program = argv.length ? basename(argv[0]) : '';
  const parts: Part[] = [];
  const script = PACKAGE_MANAGERS.has(program) ? scriptName(argv.slice(1)) : null;
  if (script) {
    const pkg = await fileAtCommit(repo, commit, 'package.json');
    if (pkg !== null) parts.push(...scriptParts(pkg, script));
  }
  if (MAKES.has(program)) parts.push(...(await makeParts(repo, commit, argv.slice(1))));
  // The files the command, its scripts and its recipe name: `sh check.sh`, `node scripts/test.js`.
  const known = new Set(parts.map((p) => p.source));
  const words = [
    ...argv.slice(argv[0]?.includes('/') ? 0 : 1),
    ...parts.filter((p) => p.commands).flatMap((p) => wordsOf(p.text)),
  ];
  parts.push(...(await namedFiles(repo, commit, words, known)));
  const hash = createHash('sha256').update(JSON.stringify([command, parts.map((p) => [p.source, p.covers])]));
  return {
    command,
    commit,
    parts: parts.map(({ source, text }) => ({ source, text })),
    fingerprint: hash.digest('hex'),
  };
}
