import { posix } from 'node:path';
import type { AgentPreset } from '../../common/agents';
import { parseCommandLine } from '../../common/command-line';

/** The agent CLIs whose quota Flotilla knows: one per vendor login. */
export type AgentFamily = 'claude' | 'codex' | 'gemini';
const FAMILIES: AgentFamily[] = ['claude', 'codex', 'gemini'];

type PresetPart = Pick<AgentPreset, 'id' | 'command' | 'kind' | 'hooks'>;

/**
 * The folder each CLI keeps its login in: Claude Code `$CLAUDE_CONFIG_DIR` else `~/.claude`;
 * Codex `$CODEX_HOME` else `~/.codex`; Gemini CLI `.gemini` in `$GEMINI_CLI_HOME` else in the home.
 */
export function loginFolder(family: AgentFamily, env: NodeJS.ProcessEnv): string | null {
  const home = env.HOME || null;
  const under = (base: string | null | undefined, dir: string) => (base ? posix.join(base, dir) : null);
  switch (family) {
    case 'claude':
      return env.CLAUDE_CONFIG_DIR || under(home, '.claude');
    case 'codex':
      return env.CODEX_HOME || under(home, '.codex');
    case 'gemini':
      return under(env.GEMINI_CLI_HOME || home, '.gemini');
  }
}

/** "codex", "codex.exe", "gemini-cli", "claude-code": the family a program's name starts with. */
const familyOfProgram = (name: string): AgentFamily | null =>
  FAMILIES.find((f) => name === f || name.startsWith(`${f}-`) || name.startsWith(`${f}.`)) ?? null;

/**
 * Which CLI a preset runs: the family a word of its id names ("claude", "work-claude"), else its
 * program's ("/opt/bin/codex", "gemini-cli"), else its hooks'. Null for a shell or an agent
 * Flotilla knows no quota of.
 */
export function agentFamily(preset: PresetPart): AgentFamily | null {
  if (preset.kind === 'shell') return null;
  const named = preset.id.split('-').find((word): word is AgentFamily => FAMILIES.includes(word as AgentFamily));
  if (named) return named;
  const parsed = parseCommandLine(preset.command);
  const program = parsed.ok && parsed.argv.length ? posix.basename(parsed.argv[0].replace(/\\/g, '/')) : '';
  return familyOfProgram(program.toLowerCase()) ?? (preset.hooks === 'none' ? null : preset.hooks);
}

/** An account's CLI and login folder. */
export interface Account {
  family: AgentFamily;
  folder: string;
}

/** The CLI and the folder its login lives in, as the session's environment places them; null: none. */
export function accountFolder(preset: PresetPart, env: NodeJS.ProcessEnv): Account | null {
  const family = agentFamily(preset);
  const folder = family && loginFolder(family, env);
  if (!family || !folder) return null;
  const normal = posix.normalize(folder);
  return { family, folder: normal.length > 1 ? normal.replace(/\/$/, '') : normal };
}

/**
 * What a usage quota counts: `claude@/home/ann/.claude`, the CLI and the folder its login lives
 * in. Two sessions with the same key spend one quota, so a limit seen in one holds both. Null: no
 * account (a shell, an agent of unknown kind, no home). No colon before the folder: a remote
 * host's account is `devbox:claude@…` (remote-ids.ts).
 */
export function accountOf(preset: PresetPart, env: NodeJS.ProcessEnv): string | null {
  const account = accountFolder(preset, env);
  return account && accountKey(account);
}

export const accountKey = ({ family, folder }: Account): string => `${family}@${folder}`;

/** An account key's CLI and folder; null for anything else. */
export function parseAccountKey(key: string): Account | null {
  const at = key.indexOf('@');
  const family = key.slice(0, at) as AgentFamily;
  const folder = key.slice(at + 1);
  return at > 0 && FAMILIES.includes(family) && folder.startsWith('/') ? { family, folder } : null;
}
