import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  claudeTranscript,
  findCodexRollout,
  findGeminiChat,
  isClaudeTranscript,
} from '../../electron/daemon/usage/record-files';
import { removeDir, tempDir } from '../helpers/host-harness';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => removeDir(dir));

function touch(path: string, mtimeMs = Date.now()): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
  utimesSync(path, mtimeMs / 1000, mtimeMs / 1000);
  return path;
}

describe('Claude Code transcripts', () => {
  const session = 'a9e9b914-c1b9-4b41-9437-16c57ec9ccdd';

  it('is in the folder named after the cwd, every character but a letter or digit as "-"', () => {
    expect(claudeTranscript('/tmp/home-claude/.claude', '/tmp/ul-w/repo-claude', session)).toBe(
      `/tmp/home-claude/.claude/projects/-tmp-ul-w-repo-claude/${session}.jsonl`,
    );
    expect(claudeTranscript('/h/.claude', '/home/me/my_project.v2 (copy)', session)).toBe(
      `/h/.claude/projects/-home-me-my-project-v2--copy-/${session}.jsonl`,
    );
  });

  it('a cwd whose name is longer than 200 characters: the folder that starts with its first 200', () => {
    const configDir = join(dir, '.claude');
    const cwd = `/work/${'deep/'.repeat(50)}repo`;
    const cut = cwd.replace(/[^A-Za-z0-9]/g, '-').slice(0, 200);
    touch(join(configDir, 'projects', `${cut}-otherhash`, 'another-session.jsonl'));
    const transcript = touch(join(configDir, 'projects', `${cut}-1a2b3c`, `${session}.jsonl`));
    expect(claudeTranscript(configDir, cwd, session)).toBe(transcript);
  });

  it('accepts a hook’s transcript path only as a .jsonl under <configDir>/projects/', () => {
    const configDir = '/home/me/.claude';
    expect(isClaudeTranscript(configDir, `/home/me/.claude/projects/-repo/${session}.jsonl`)).toBe(true);
    expect(isClaudeTranscript(`${configDir}/`, `/home/me/.claude/projects/-repo/${session}.jsonl`)).toBe(true);
    expect(isClaudeTranscript(configDir, '/home/me/.claude/projects/../settings.jsonl')).toBe(false);
    expect(isClaudeTranscript(configDir, '/home/me/.claude/projects-x/a.jsonl')).toBe(false);
    expect(isClaudeTranscript(configDir, '/home/me/.claude/projects/-repo/a.json')).toBe(false);
    expect(isClaudeTranscript(configDir, 'projects/-repo/a.jsonl')).toBe(false);
    expect(isClaudeTranscript(configDir, '/etc/passwd.jsonl')).toBe(false);
  });
});

describe('Codex rollouts', () => {
  const thread = '01a227f9-45e6-79c3-827f-d4ce51c8cff5';
  const NOW = new Date(2026, 10, 29, 15, 43).getTime();
  const folder = (daysAgo: number) => {
    const d = new Date(NOW - daysAgo * 86_400_000);
    return join(
      dir,
      'sessions',
      String(d.getFullYear()),
      String(d.getMonth() + 1).padStart(2, '0'),
      String(d.getDate()).padStart(2, '0'),
    );
  };

  it('finds the thread’s rollout in a dated folder of the last 8 days', () => {
    touch(join(folder(0), 'rollout-2026-11-29T15-42-57-other-thread.jsonl'));
    const rollout = touch(join(folder(3), `rollout-2026-11-26T09-00-00-${thread}.jsonl`));
    expect(findCodexRollout(dir, thread, NOW)).toBe(rollout);
  });

  it('not older ones, not other threads, not without a sessions folder', () => {
    expect(findCodexRollout(dir, thread, NOW)).toBeNull();
    touch(join(folder(9), `rollout-2026-11-20T09-00-00-${thread}.jsonl`));
    touch(join(folder(0), `rollout-2026-11-29T15-42-57-x${thread}.jsonl.tmp`));
    expect(findCodexRollout(dir, thread, NOW)).toBeNull();
  });

  it('looks in the local date’s folders and the UTC date’s', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      // 16:30 on the 28th in Los Angeles: the 29th is only a UTC date, the 21st (7 days back) only a local one.
      const now = Date.UTC(2026, 10, 29, 0, 30);
      const utc = touch(join(dir, 'sessions/2026/11/29', `rollout-2026-11-29T00-29-00-${thread}.jsonl`));
      expect(findCodexRollout(dir, thread, now)).toBe(utc);
      removeDir(join(dir, 'sessions'));
      const local = touch(join(dir, 'sessions/2026/11/21', `rollout-2026-11-21T16-29-00-${thread}.jsonl`));
      expect(findCodexRollout(dir, thread, now)).toBe(local);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe('Gemini CLI chats', () => {
  const NOW = Date.now();
  const chats = (project: string) => join(dir, 'tmp', project, 'chats');

  it('in the folder projects.json names for the cwd: the newest changed since the start, not taken', () => {
    writeFileSync(join(dir, 'projects.json'), JSON.stringify({ projects: { '/tmp/repo-gemini': 'repo-gemini-1' } }));
    const older = touch(join(chats('repo-gemini-1'), 'session-2026-11-29T15-40-aaaaaaaa.jsonl'), NOW - 60_000);
    const mine = touch(join(chats('repo-gemini-1'), 'session-2026-11-29T15-45-c6e5b6d0.jsonl'), NOW - 1000);
    const theirs = touch(join(chats('repo-gemini-1'), 'session-2026-11-29T15-46-bbbbbbbb.jsonl'), NOW);
    touch(join(chats('repo-gemini-1'), 'logs.jsonl'), NOW);
    touch(join(chats('repo-gemini'), 'session-2026-11-29T15-47-cccccccc.jsonl'), NOW);
    expect(findGeminiChat(dir, '/tmp/repo-gemini', NOW - 120_000, new Set([theirs]))).toBe(mine);
    expect(findGeminiChat(dir, '/tmp/repo-gemini', NOW - 10_000, new Set([theirs, mine]))).toBeNull();
    expect(findGeminiChat(dir, '/tmp/repo-gemini', NOW - 120_000, new Set([theirs, mine]))).toBe(older);
    utimesSync(older, NOW / 1000 - 0.5, NOW / 1000 - 0.5);
    expect(findGeminiChat(dir, '/tmp/repo-gemini', NOW - 120_000, new Set([theirs]))).toBe(older);
  });

  it('allows 5 s of clock slack before the start', () => {
    const chat = touch(join(chats('repo-gemini'), 'session-2026-11-29T15-45-c6e5b6d0.jsonl'), NOW - 4000);
    expect(findGeminiChat(dir, '/tmp/repo-gemini', NOW, new Set())).toBe(chat);
    expect(findGeminiChat(dir, '/tmp/repo-gemini', NOW + 2000, new Set())).toBeNull();
  });

  it('without a registry entry, the name Gemini CLI gives a new project: the basename, slugged', () => {
    writeFileSync(join(dir, 'projects.json'), '{"projects": {"/elsewhere": "elsewhere"}}');
    const chat = touch(join(chats('my-repo-v2'), 'session-2026-11-29T15-45-c6e5b6d0.jsonl'), NOW);
    expect(findGeminiChat(dir, '/home/me/My_Repo.v2', NOW - 1000, new Set())).toBe(chat);
    writeFileSync(join(dir, 'projects.json'), 'not json');
    expect(findGeminiChat(dir, '/home/me/My_Repo.v2', NOW - 1000, new Set())).toBe(chat);
    expect(findGeminiChat(join(dir, 'absent'), '/home/me/My_Repo.v2', NOW - 1000, new Set())).toBeNull();
  });
});
