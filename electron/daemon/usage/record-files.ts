/**
 * Where each agent CLI keeps the record of one conversation. Cheap on purpose: a few named folders
 * are listed, never a tree walked.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve, sep } from 'node:path';

const CLAUDE_FOLDER_MAX = 200;

/** `<configDir>/projects/<cwd with every character but a letter or digit as '-'>/<sessionId>.jsonl`. */
export function claudeTranscript(configDir: string, cwd: string, sessionId: string): string {
  const projects = join(configDir, 'projects');
  const folder = resolve(cwd).replace(/[^A-Za-z0-9]/g, '-');
  const file = `${sessionId}.jsonl`;
  if (folder.length <= CLAUDE_FOLDER_MAX) return join(projects, folder, file);
  // A longer name is cut to 200 characters and given a hash of its own: find it by the cut.
  const cut = `${folder.slice(0, CLAUDE_FOLDER_MAX)}-`;
  const named = entries(projects).find((name) => name.startsWith(cut) && exists(join(projects, name, file)));
  return join(projects, named ?? folder, file);
}

/** A transcript path a hook payload gave: accepted only as a .jsonl file under `<configDir>/projects/`. */
export function isClaudeTranscript(configDir: string, path: string): boolean {
  return (
    isAbsolute(path) && path.endsWith('.jsonl') && resolve(path).startsWith(join(resolve(configDir), 'projects') + sep)
  );
}

const DAY_MS = 24 * 3600_000;
const CODEX_DAYS = 8;

/**
 * Codex's `sessions/YYYY/MM/DD/rollout-<time>-<threadId>.jsonl` of the last 8 days, newest first.
 * The folders are named by local date; the UTC date is looked at too.
 */
export function findCodexRollout(codexHome: string, threadId: string, now: number): string | null {
  const suffix = `-${threadId}.jsonl`;
  const folders = new Set<string>();
  for (let day = 0; day < CODEX_DAYS; day++) {
    const date = new Date(now - day * DAY_MS);
    folders.add(dateFolder(date.getFullYear(), date.getMonth(), date.getDate()));
    folders.add(dateFolder(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  }
  for (const folder of folders) {
    const dir = join(codexHome, 'sessions', folder);
    const name = entries(dir).find((n) => n.startsWith('rollout-') && n.endsWith(suffix));
    if (name) return join(dir, name);
  }
  return null;
}

const dateFolder = (year: number, month: number, day: number) =>
  join(String(year), String(month + 1).padStart(2, '0'), String(day).padStart(2, '0'));

const GEMINI_CLOCK_SLACK_MS = 5000;

/**
 * The newest `<geminiDir>/tmp/<project>/chats/session-*.jsonl` changed since `since` (less 5 s of
 * slack) that no other session has `taken`. `<project>` is the short name Gemini CLI registered
 * for the cwd in `projects.json` (`{"projects": {"/abs/cwd": "name"}}`), else the one it would
 * give a new project: the cwd's basename, lowercase, runs of other characters than [a-z0-9] as one '-'.
 */
export function findGeminiChat(
  geminiDir: string,
  cwd: string,
  since: number,
  taken: ReadonlySet<string>,
): string | null {
  const chats = join(geminiDir, 'tmp', geminiProject(geminiDir, resolve(cwd)), 'chats');
  let newest: { path: string; mtime: number } | null = null;
  for (const name of entries(chats)) {
    if (!name.startsWith('session-') || !name.endsWith('.jsonl')) continue;
    const path = join(chats, name);
    const mtime = mtimeOf(path);
    if (mtime === null || mtime < since - GEMINI_CLOCK_SLACK_MS || taken.has(path)) continue;
    if (!newest || mtime > newest.mtime) newest = { path, mtime };
  }
  return newest?.path ?? null;
}

function geminiProject(geminiDir: string, cwd: string): string {
  try {
    const registry = JSON.parse(readFileSync(join(geminiDir, 'projects.json'), 'utf8')) as {
      projects?: Record<string, unknown>;
    };
    const name = registry.projects?.[cwd];
    if (typeof name === 'string' && name && basename(name) === name && name !== '..') return name;
  } catch {
    // No registry yet, or an unreadable one: Gemini CLI starts afresh too.
  }
  return (
    basename(cwd)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'project'
  );
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function mtimeOf(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

const exists = (path: string) => mtimeOf(path) !== null;
