import { describe, expect, it } from 'vitest';
import { agentPreset } from '../../electron/common/agents';
import { DEFAULT_PRESETS } from '../../electron/daemon/agents/default-presets';
import { detectStatus } from '../../electron/daemon/agents/detect-status';
import { findLimitDialog } from '../../electron/daemon/agents/limit-dialogs';
import { StatusTracker } from '../../electron/daemon/agents/status-tracker';
import { findUsageLimit, nextWallTime } from '../../electron/daemon/agents/usage-limit';
import { capturedScreen } from '../helpers/captures';

const preset = (id: string) => agentPreset.parse(DEFAULT_PRESETS.find((p) => p.id === id));
// The recordings' clock: 2026-11-29 15:40 UTC; each reset shown is the end of the stub's `limit`.
const NOW = Date.UTC(2026, 10, 29, 15, 40, 21);
const status = (id: string, screen: string[]) =>
  detectStatus(preset(id), { screen, title: '', quietForMs: 10_000, shellInForeground: undefined });

describe('usage limits as the real CLIs show them (recorded screens)', () => {
  it('Claude Code (claude.ai login): the limit line, and /rate-limit-options answered by Esc (= "1. Stop and wait"), not needs-input', () => {
    const claude = preset('claude');
    const screen = capturedScreen('limit-claude.txt', '=== 4.', '❯ limit 60');
    expect(screen).toContain('  ❯ 1. Stop and wait for limit to reset');
    expect(findUsageLimit(claude, screen, NOW)).toEqual({
      line: "⎿ \u00a0You've hit your session limit · resets 3:41pm (UTC)", // as recorded: a space, then a no-break space
      resetsAt: Date.UTC(2026, 10, 29, 15, 41),
    });
    expect(findLimitDialog(claude, screen, NOW)).toEqual({
      line: '❯ 1. Stop and wait for limit to reset',
      wait: '\u001b', // Esc: "Esc to cancel" is "Stop and wait" in Claude Code's source
      retry: undefined,
      resetsAt: null,
    });
    expect(status('claude', screen)).toBe('idle');
    // Answered: the line stays, the dialog is gone.
    const after = capturedScreen('limit-claude.txt', '--- Enter', '❯ limit 60');
    expect(findLimitDialog(claude, after, NOW)).toBeNull();
    expect(findUsageLimit(claude, after, NOW)?.resetsAt).toBe(Date.UTC(2026, 10, 29, 15, 41));
    // The weekly limit is one too; a per-minute rate limit ("not your usage limit") is not.
    const week = capturedScreen('limit-claude.txt', '=== 7.', '❯ limit 20 week');
    expect(findUsageLimit(claude, week, NOW)?.line).toBe("⎿ \u00a0You've hit your weekly limit · resets 3:41pm (UTC)");
    const minute = capturedScreen('limit-claude.txt', '=== 8.', '❯ limit 10 minute');
    expect(findUsageLimit(claude, minute, NOW)).toBeNull();
    expect(findLimitDialog(claude, minute, NOW)).toBeNull();
  });

  it('Gemini CLI: "Usage limit reached for all Pro models." is a limit without a reset time, answered "Keep trying" (Enter) later, not needs-input', () => {
    const gemini = preset('gemini');
    expect(gemini.limits.retryMs).toBe(300_000);
    for (const heading of ['=== 1.', '=== 5.']) {
      const screen = capturedScreen('limit-gemini.txt', heading, ' > ');
      expect(findLimitDialog(gemini, screen, NOW)).toEqual({
        line: 'Usage limit reached for all Pro models.',
        wait: undefined,
        retry: '\r',
        resetsAt: null,
      });
      expect(status('gemini', screen)).toBe('idle');
      expect(findUsageLimit(gemini, screen, NOW)).toBeNull();
    }
    // With a long RetryInfo the dialog says when: "Access resets at 3:57 PM UTC."
    const timed = capturedScreen('limit-gemini.txt', '=== 6b.', ' > limit 400 minute');
    expect(findLimitDialog(gemini, timed, NOW)?.resetsAt).toBe(Date.UTC(2026, 10, 29, 15, 57));
    // After "Keep trying" succeeded, and after "Stop": no dialog.
    expect(findLimitDialog(gemini, capturedScreen('limit-gemini.txt', '=== 3.', ' > limit 60'), NOW)).toBeNull();
    expect(findLimitDialog(gemini, capturedScreen('limit-gemini.txt', '=== 4.', ' > limit 25'), NOW)).toBeNull();
  });

  it('Gemini CLI’s variants whose first option switches the model or spends credits are the person’s: needs input, no key pressed', () => {
    const gemini = preset('gemini');
    const recorded = capturedScreen('limit-gemini.txt', '=== 1.', ' > ');
    // Gemini CLI 0.61's ProQuotaDialog at a terminal quota, and its OverageMenuDialog (from its source).
    const variant = (first: string) => recorded.map((row) => row.replace('● 1. Keep trying', `● 1. ${first}`));
    for (const screen of [
      variant('Switch to gemini-2.5-flash'),
      variant('Use AI Credits - Continue this request (Overage)'),
      // The person moved the selection: their choice to make.
      recorded.map((row) => row.replace('● 1. Keep trying', '  1. Keep trying').replace('  2. Stop', '● 2. Stop')),
    ]) {
      expect(screen.join('\n')).not.toContain('● 1. Keep trying');
      expect(findLimitDialog(gemini, screen, NOW)).toBeNull();
      expect(status('gemini', screen)).toBe('needs-input');
    }
  });

  it('Codex: "You’ve hit your usage limit … try again at 3:44 PM." (wrapped, typographic apostrophe); a 429 retry failure is not one', () => {
    const codex = preset('codex');
    const screen = capturedScreen('limit-codex.txt', '=== 1.', '› limit 60');
    expect(findUsageLimit(codex, screen, NOW)).toEqual({
      line: expect.stringMatching(/^■ You’ve hit your usage limit\. Upgrade to Pro/),
      resetsAt: nextWallTime(15, 44, undefined, NOW), // Codex shows local time
    });
    expect(findLimitDialog(codex, screen, NOW)).toBeNull();
    const week = capturedScreen('limit-codex.txt', '=== 4.', '› limit 15 week');
    expect(findUsageLimit(codex, week, NOW)?.resetsAt).toBe(nextWallTime(15, 49, undefined, NOW));
    expect(findUsageLimit(codex, capturedScreen('limit-codex.txt', '=== 5.', '› limit 10 minute'), NOW)).toBeNull();
  });

  it('a preset’s limit dialogs and retry interval are checked when saved', () => {
    const base = DEFAULT_PRESETS.find((p) => p.id === 'gemini')!;
    const bad = agentPreset.safeParse({ ...base, limits: { ...base.limits, retryMs: 10 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual(['limits', 'retryMs']);
    const noPattern = agentPreset.safeParse({ ...base, limits: { dialogs: [{ retry: '\r' }] } });
    expect(noPattern.error?.issues[0].path).toEqual(['limits', 'dialogs', 0, 'pattern']);
    expect(preset('aider').limits).toMatchObject({ dialogs: [], retryMs: 300_000 });
  });

  it('a hook that reports "needs input" while a limit dialog shows: idle', () => {
    const screen = capturedScreen('limit-claude.txt', '=== 4.', '❯ limit 60');
    const tracker = new StatusTracker(preset('claude'), {
      screen: () => screen,
      title: () => '✳ Claude',
      pid: () => undefined,
    });
    const changes: string[] = [];
    tracker.onDidChange(({ status }) => changes.push(status));
    tracker.hookReported('needs-input', 'Claude needs your permission');
    tracker.dispose();
    expect(changes).toEqual(['idle']);
  });
});
