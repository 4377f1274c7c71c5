import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentFamily } from '../../electron/daemon/agents/account';
import { recordParser, windowsFromStatusLine, type UsageRecord } from '../../electron/daemon/usage/usage-records';

const FIXTURES = join(__dirname, '../fixtures/usage');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const fixtureLines = (name: string) => fixture(name).split('\n').filter(Boolean);

/** Every line through one parser, as a reader of the file would. */
function parseAll(family: AgentFamily, lines: string[]): UsageRecord[] {
  const parse = recordParser(family);
  return lines.flatMap((line) => parse(line));
}

const at = (iso: string) => Date.parse(iso);

describe('Claude Code transcript', () => {
  it('counts a response once though a line per content block repeats it, and reads both limits', () => {
    expect(parseAll('claude', fixtureLines('claude-transcript.jsonl'))).toEqual([
      {
        kind: 'tokens',
        model: 'claude-sonnet-4-5',
        tokens: { input: 4, output: 11, cacheRead: 0, cacheWrite: 31792 },
        at: at('2026-11-29T15:37:07.464Z'),
      },
      {
        kind: 'limit',
        text: expect.stringMatching(/^API Error: Request rejected \(429\) · This request would exceed the rate limit/),
        at: at('2026-11-29T15:38:14.815Z'),
      },
      {
        kind: 'limit',
        text: "You've hit your session limit · resets 3:41pm (UTC)",
        at: at('2026-11-29T15:40:21.485Z'),
      },
    ]);
  });

  it('a repeat with larger counts adds only what grew; another request of the same message counts again', () => {
    const [reply] = fixtureLines('claude-transcript.jsonl');
    const line = (output: number, requestId = 'req_stubmx205p697') => {
      const entry = JSON.parse(reply);
      entry.requestId = requestId;
      entry.message.usage.output_tokens = output;
      return JSON.stringify(entry);
    };
    const tokens = parseAll('claude', [line(11), line(30), line(30), line(11, 'req_other')]).map(
      (r) => r.kind === 'tokens' && r.tokens,
    );
    expect(tokens).toEqual([
      { input: 4, output: 11, cacheRead: 0, cacheWrite: 31792 },
      { input: 0, output: 19, cacheRead: 0, cacheWrite: 0 },
      { input: 4, output: 11, cacheRead: 0, cacheWrite: 31792 },
    ]);
  });

  it('skips other lines, the synthetic model, and anything malformed without throwing', () => {
    const [reply] = fixtureLines('claude-transcript.jsonl');
    const synthetic = JSON.parse(reply);
    synthetic.message.model = '<synthetic>';
    const lines = [
      '{"type":"user","message":{"role":"user","content":"say hello"}}',
      JSON.stringify(synthetic),
      reply.slice(0, 120),
      '{"type":"assistant","message":null}',
      '{"type":"assistant","message":{"model":"claude-sonnet-4-5","usage":"none"}}',
      '[1,2]',
      '',
    ];
    expect(parseAll('claude', lines)).toEqual([]);
  });
});

describe('Codex rollout', () => {
  it('reads the running totals with the turn’s model, both windows, and the usage limit', () => {
    expect(parseAll('codex', fixtureLines('codex-rollout.jsonl'))).toEqual([
      {
        kind: 'totals',
        model: 'gpt-5.5',
        tokens: { input: 9933, output: 5, cacheRead: 0, cacheWrite: 0 },
        at: at('2026-11-29T15:43:02.333Z'),
      },
      {
        kind: 'windows',
        fiveHour: { usedPercent: 12, resetsAt: 1795978975_000 },
        weekly: { usedPercent: 30, resetsAt: 1796319775_000 },
        at: at('2026-11-29T15:43:02.333Z'),
      },
      expect.objectContaining({ kind: 'totals' }),
      {
        kind: 'windows',
        fiveHour: { usedPercent: 100, resetsAt: 1795967084_000 },
        weekly: { usedPercent: 40, resetsAt: 1796319775_000 },
        at: at('2026-11-29T15:43:43.548Z'),
      },
      {
        kind: 'limit',
        text: expect.stringMatching(/^You’ve hit your usage limit\. .* try again at 3:44 PM\.$/),
        at: at('2026-11-29T15:43:43.552Z'),
      },
    ]);
  });

  it('input excludes the cached and cache-written tokens; output keeps its reasoning tokens', () => {
    const [, tokenCount] = fixtureLines('codex-rollout.jsonl');
    const entry = JSON.parse(tokenCount);
    entry.payload.info.total_token_usage = {
      input_tokens: 20_000,
      cached_input_tokens: 12_288,
      cache_write_input_tokens: 1000,
      output_tokens: 900,
      reasoning_output_tokens: 700,
      total_tokens: 20_900,
    };
    delete entry.payload.rate_limits;
    expect(parseAll('codex', [JSON.stringify(entry)])).toEqual([
      {
        kind: 'totals',
        model: 'unknown',
        tokens: { input: 6712, output: 900, cacheRead: 12_288, cacheWrite: 1000 },
        at: at('2026-11-29T15:43:02.333Z'),
      },
    ]);
  });

  it('tells the windows apart by their length, and ignores other ends of a turn and bad lines', () => {
    const [, tokenCount, , taskComplete] = fixtureLines('codex-rollout.jsonl');
    const weeklyOnly = JSON.parse(tokenCount);
    weeklyOnly.payload.info = null;
    weeklyOnly.payload.rate_limits = { primary: { used_percent: 7, window_minutes: 10080, resets_at: null } };
    const plainEnd = JSON.parse(taskComplete);
    delete plainEnd.payload.error;
    expect(
      parseAll('codex', [JSON.stringify(weeklyOnly), JSON.stringify(plainEnd), '{"type":"token_count', '{}']),
    ).toEqual([
      {
        kind: 'windows',
        fiveHour: null,
        weekly: { usedPercent: 7, resetsAt: null },
        at: at('2026-11-29T15:43:02.333Z'),
      },
    ]);
  });
});

describe('Gemini CLI chat', () => {
  it('counts each message id once, input without the cached tokens; reads the quota error', () => {
    expect(parseAll('gemini', fixtureLines('gemini-chat.jsonl'))).toEqual([
      {
        kind: 'tokens',
        model: 'gemini-3.1-pro-preview',
        tokens: { input: 12709, output: 5, cacheRead: 0, cacheWrite: 0 },
        at: at('2026-11-29T15:45:35.754Z'),
      },
      {
        kind: 'tokens',
        model: 'gemini-3.1-pro-preview',
        tokens: { input: 26, output: 33, cacheRead: 12709, cacheWrite: 0 },
        at: at('2026-11-29T15:46:55.441Z'),
      },
      {
        kind: 'limit',
        text: expect.stringMatching(/^\[API Error: You have exhausted your daily quota on this model\.\]\n/),
        at: at('2026-11-29T15:47:06.921Z'),
      },
    ]);
  });

  it('thoughts count as output; other errors and $set lines are not usage', () => {
    const lines = fixtureLines('gemini-chat.jsonl');
    const answer = JSON.parse(lines[2]);
    answer.id = 'another';
    answer.tokens.thoughts = 40;
    const otherError = JSON.parse(lines[6]);
    otherError.content = '[API Error: fetch failed]';
    const records = parseAll('gemini', [
      JSON.stringify(answer),
      JSON.stringify(otherError),
      '{"$set":{"messages":[{"type":"gemini","tokens":{"input":1},"model":"m"}]}}',
    ]);
    expect(records).toEqual([
      expect.objectContaining({ tokens: { input: 12709, output: 45, cacheRead: 0, cacheWrite: 0 } }),
    ]);
  });
});

describe('Claude Code status line', () => {
  const payload = JSON.parse(fixture('claude-statusline.json'));

  it('gives both windows, resets in ms, at the time it was read', () => {
    expect(windowsFromStatusLine(payload, 1234)).toEqual({
      kind: 'windows',
      fiveHour: { usedPercent: 85, resetsAt: 1795978769_000 },
      weekly: { usedPercent: 40, resetsAt: 1796319569_000 },
      at: 1234,
    });
  });

  it('is null without rate_limits (an API key login), without a percentage in them, or for what is not an object', () => {
    const { rate_limits: _, ...apiKey } = payload;
    expect(windowsFromStatusLine(apiKey, 1234)).toBeNull();
    expect(windowsFromStatusLine({ rate_limits: { five_hour: { resets_at: 1795978769 } } }, 1234)).toBeNull();
    expect(windowsFromStatusLine('nonsense', 1234)).toBeNull();
    expect(windowsFromStatusLine(null, 1234)).toBeNull();
  });
});
