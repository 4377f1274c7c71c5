import { afterEach, describe, expect, it } from 'vitest';
import { agentPreset } from '../../electron/common/agents';
import type { HostClient } from '../../electron/common/host-client';
import { DEFAULT_PRESETS } from '../../electron/daemon/agents/default-presets';
import { findUsageLimit, nextWallTime, parseReset } from '../../electron/daemon/agents/usage-limit';
import { fakeAgentPresetSpec } from '../helpers/fake-agent';
import { removeDir, startHost, tempDir, unwrap, waitFor, type Harness } from '../helpers/host-harness';

// 2026-11-24 10:00 UTC: 02:00 in Los Angeles (PST, UTC−8), 10:00 in London (GMT).
const NOW = Date.UTC(2026, 10, 24, 10, 0);

describe('reading when a usage limit lifts', () => {
  it('Claude Code: "resets 12:50am (America/Los_Angeles)", "resets 3am (Europe/London)", "resets 5am"', () => {
    expect(
      new Date(parseReset("You've hit your session limit · resets 12:50am (America/Los_Angeles)", NOW)!).toISOString(),
    ).toBe('2026-11-25T08:50:00.000Z');
    expect(new Date(parseReset("You've hit your weekly limit · resets 3am (Europe/London)", NOW)!).toISOString()).toBe(
      '2026-11-25T03:00:00.000Z',
    );
    expect(new Date(parseReset('5-hour limit reached ∙ resets 11pm (Europe/London)', NOW)!).toISOString()).toBe(
      '2026-11-24T23:00:00.000Z',
    );
    const local = parseReset('5-hour limit reached ∙ resets 5am', NOW)!;
    expect(local).toBeGreaterThan(NOW - 60_000);
    expect(local - NOW).toBeLessThanOrEqual(24 * 3600_000);
  });

  it('Codex: "try again in 2 hours 3 minutes", "try again at 8:20 PM"; summer time is the zone’s own', () => {
    expect(parseReset("You've hit your usage limit. Upgrade to Pro or try again in 2 hours 3 minutes.", NOW)).toBe(
      NOW + (2 * 60 + 3) * 60_000,
    );
    expect(parseReset('try again in 4 days 1 hour', NOW)).toBe(NOW + (4 * 24 + 1) * 3600_000);
    expect(parseReset('or try again at 8:20 PM.', NOW)! - NOW).toBeLessThanOrEqual(24 * 3600_000);
    const july = Date.UTC(2026, 6, 1, 10, 0); // PDT, UTC−7
    expect(new Date(nextWallTime(12, 50, 'America/Los_Angeles', july)).toISOString()).toBe('2026-07-01T19:50:00.000Z');
    expect(parseReset('You have hit your limit', NOW)).toBeNull();
  });

  it('finds the limit line on a screen by the built-in presets’ patterns', () => {
    const claude = agentPreset.parse(DEFAULT_PRESETS.find((p) => p.id === 'claude'));
    const screen = [
      '❯ refactor',
      "  ⎿  You've hit your session limit · resets 12:50am (America/Los_Angeles)",
      '────',
      '❯\u00a0',
    ];
    expect(findUsageLimit(claude, screen, NOW)).toEqual({
      line: "⎿  You've hit your session limit · resets 12:50am (America/Los_Angeles)",
      resetsAt: Date.UTC(2026, 10, 25, 8, 50),
    });
    expect(findUsageLimit(claude, ['nothing here'], NOW)).toBeNull();
    const codex = agentPreset.parse(DEFAULT_PRESETS.find((p) => p.id === 'codex'));
    expect(
      findUsageLimit(codex, ["■ You've hit your usage limit. Upgrade to Pro", 'or try again in 5 minutes.'], NOW)
        ?.resetsAt,
    ).toBe(NOW + 5 * 60_000);
  });
});

describe('a usage limit holds the queue, then the continue prompt goes (stand-in agent, moved clock)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    if (h) removeDir(h.dataDir);
  });

  it(
    'limited until the reset: nothing is sent; at the reset plus the margin "continue" goes, then the queue',
    { timeout: 30_000 },
    async () => {
      // The clock reads 1.5 s before 3:00 in London, and runs on from there.
      const reset = Date.UTC(2026, 10, 25, 3, 0);
      const started = Date.now();
      const now = () => reset - 1500 + (Date.now() - started);
      h = await startHost(tempDir(), { now });
      const client: HostClient = h.connect();
      const project = unwrap(await client.request('projects.add', { path: tempDir('flotilla-limit-') }));
      const spec = fakeAgentPresetSpec({ minMs: 200, maxMs: 300 });
      spec.preset.limits = { patterns: ["You've hit your \\w+ limit"], continueText: 'continue please', marginMs: 300 };
      const preset = unwrap(await client.request('presets.save', { preset: spec.preset }));
      const session = unwrap(await client.request('sessions.start', { projectId: project.id, presetId: preset.id }));
      const queue = async () => unwrap(await client.request('queue.list', {})).find((q) => q.sessionId === session.id)!;
      await waitFor(async () => unwrap(await client.request('sessions.list', {}))[0].status === 'idle', 'idle');
      unwrap(
        await client.request('queue.add', {
          sessionIds: [session.id],
          text: 'big refactor [limit: resets 3am (Europe/London)]',
        }),
      );
      unwrap(await client.request('queue.add', { sessionIds: [session.id], text: 'next task' }));
      const held = await waitFor(async () => (await queue()).limit, 'the limit seen');
      expect(held).toEqual({ line: "⎿  You've hit your session limit · resets 3am (Europe/London)", until: reset });
      expect((await queue()).items.find((i) => i.text === 'next task')?.state).toBe('queued');
      await waitFor(
        () =>
          spec
            .log()
            .filter((e) => e.event === 'received')
            .map((e) => e.text)
            .includes('next task'),
        'the queue going on',
        15_000,
      );
      const received = spec
        .log()
        .filter((e) => e.event === 'received')
        .map((e) => e.text);
      expect(received).toEqual(['big refactor [limit: resets 3am (Europe/London)]', 'continue please', 'next task']);
      const continued = spec.log().find((e) => e.event === 'received' && e.text === 'continue please')!;
      expect(now() - (Date.now() - continued.t)).toBeGreaterThanOrEqual(reset + 300); // not before the reset and the margin
      expect((await queue()).limit).toBeNull();
    },
  );
});
