import { describe, expect, it } from 'vitest';
import type { CommitSummary } from '../../electron/common/timeline';
import type { PromptRecord } from '../../electron/common/types';
import { mergeTimeline } from '../../renderer/src/timeline/timeline-entries';
import { relativeTime } from '../../renderer/src/timeline/relative-time';

const commit = (hash: string, seconds: number): CommitSummary => ({
  hash,
  parents: [],
  authorName: 'A',
  authorEmail: 'a@x',
  time: seconds * 1000,
  subject: hash,
  refs: [],
  filesChanged: 1,
  added: 1,
  removed: 0,
});
const prompt = (id: string, ms: number, sessionId = 's1'): PromptRecord => ({
  id,
  sessionId,
  sessionTitle: 'claude',
  projectId: 'p',
  text: id,
  sentAt: ms,
});
const order = (entries: ReturnType<typeof mergeTimeline>) =>
  entries.map((e) => (e.kind === 'commit' ? e.commit.hash : e.prompt.id));

describe('timeline entries', () => {
  it('interleaves prompts with commits, newest first', () => {
    const entries = mergeTimeline(
      [commit('c3', 300), commit('c2', 200), commit('c1', 100)],
      [prompt('p-a', 150_000), prompt('p-b', 250_000)],
      false,
      null,
    );
    expect(order(entries)).toEqual(['c3', 'p-b', 'c2', 'p-a', 'c1']);
  });

  it('within the same second a prompt sits below the commit it led to (git keeps whole seconds)', () => {
    expect(order(mergeTimeline([commit('c', 100)], [prompt('p', 100_700)], false, null))).toEqual(['c', 'p']);
  });

  it('holds back prompts older than the loaded page while more commits exist', () => {
    const entries = mergeTimeline([commit('c2', 200)], [prompt('old', 50_000), prompt('new', 250_000)], true, null);
    expect(order(entries)).toEqual(['new', 'c2']);
  });

  it('filters prompts by session', () => {
    const entries = mergeTimeline([], [prompt('a', 1000, 's1'), prompt('b', 2000, 's2')], false, 's2');
    expect(order(entries)).toEqual(['b']);
  });

  it('keeps git order among commits whose times tie or go backwards', () => {
    expect(order(mergeTimeline([commit('x', 100), commit('y', 100), commit('z', 120)], [], false, null))).toEqual([
      'x',
      'y',
      'z',
    ]);
  });

  it('says times as a person would', () => {
    const now = Date.UTC(2026, 0, 10, 12);
    expect(relativeTime(now - 10_000, now)).toBe('just now');
    expect(relativeTime(now - 5 * 60_000, now)).toMatch(/5 minutes ago/);
  });
});
