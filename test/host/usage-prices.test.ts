import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentPreset } from '../../electron/common/agents';
import { addTokens, NO_TOKENS, type TokenCounts } from '../../electron/common/usage';
import { DEFAULT_PRESETS } from '../../electron/daemon/agents/default-presets';
import { costOf, priceFor } from '../../electron/daemon/usage/prices';
import { recordParser } from '../../electron/daemon/usage/usage-records';

const prices = (id: string) => agentPreset.parse(DEFAULT_PRESETS.find((p) => p.id === id)).prices;
const tokens = (input: number, output: number, cacheRead = 0, cacheWrite = 0): TokenCounts => ({
  input,
  output,
  cacheRead,
  cacheWrite,
});

describe('prices', () => {
  it('the longest key that starts the model name wins, ignoring case', () => {
    const claude = prices('claude');
    expect(priceFor(claude, 'claude-sonnet-4-5')).toBe(claude['claude-sonnet-4']);
    // Opus 4.5 and later at one price; Opus 4 (by its dated id) and 4.1 at theirs.
    expect(priceFor(claude, 'Claude-Opus-4-5-20251101')).toBe(claude['claude-opus-4']);
    expect(priceFor(claude, 'claude-opus-4-6')).toBe(claude['claude-opus-4']);
    expect(priceFor(claude, 'claude-opus-4-1-20250805')).toBe(claude['claude-opus-4-1']);
    expect(priceFor(claude, 'claude-opus-4-20250514')).toBe(claude['claude-opus-4-2025']);
    expect(claude['claude-opus-4-1'].input).toBe(3 * claude['claude-opus-4'].input);
    const codex = prices('codex');
    expect(priceFor(codex, 'gpt-5-mini-2025')).toBe(codex['gpt-5-mini']);
    expect(priceFor(claude, 'sonnet-4')).toBeNull();
  });

  it('Claude Code’s own /cost figures come out of the default prices ($0.1194 + $0.0005 = $0.1199)', () => {
    const claude = prices('claude');
    const sonnet = costOf(claude, new Map([['claude-sonnet-4-5', tokens(4, 11, 0, 31_792)]]));
    expect(sonnet.costUsd?.toFixed(4)).toBe('0.1194');
    const both = costOf(
      claude,
      new Map([
        ['claude-sonnet-4-5', tokens(4, 11, 0, 31_792)],
        ['claude-haiku-4-5', tokens(424, 6)],
      ]),
    );
    expect(both).toEqual({ costUsd: expect.closeTo(0.119851, 6), unpriced: [] });
    expect(both.costUsd?.toFixed(4)).toBe('0.1199');
  });

  it('the transcript of that session, read and priced, costs what Claude Code said', () => {
    const parse = recordParser('claude');
    const byModel = new Map<string, TokenCounts>();
    const transcript = readFileSync(join(__dirname, '../fixtures/usage/claude-transcript.jsonl'), 'utf8');
    for (const record of transcript.split('\n').flatMap((line) => parse(line))) {
      if (record.kind === 'tokens')
        byModel.set(record.model, addTokens(byModel.get(record.model) ?? NO_TOKENS, record.tokens));
    }
    expect(costOf(prices('claude'), byModel).costUsd?.toFixed(4)).toBe('0.1194');
  });

  it('a cache price missing from the table is the input price', () => {
    const table = { m: { input: 2, output: 10 } };
    expect(costOf(table, new Map([['m', tokens(0, 0, 1_000_000, 500_000)]])).costUsd).toBe(3);
    expect(costOf(prices('codex'), new Map([['gpt-5', tokens(1_000_000, 0, 1_000_000)]])).costUsd).toBe(1.375);
  });

  it('unpriced models are named and left out; null only when nothing with tokens is priced', () => {
    const claude = prices('claude');
    expect(
      costOf(
        claude,
        new Map([
          ['claude-haiku-4-5', tokens(1_000_000, 0)],
          ['mystery-1', tokens(5, 5)],
        ]),
      ),
    ).toEqual({ costUsd: 1, unpriced: ['mystery-1'] });
    expect(costOf(claude, new Map([['mystery-1', tokens(5, 5)]]))).toEqual({ costUsd: null, unpriced: ['mystery-1'] });
    expect(costOf(claude, new Map([['mystery-1', NO_TOKENS]]))).toEqual({ costUsd: 0, unpriced: [] });
    expect(costOf(claude, new Map())).toEqual({ costUsd: 0, unpriced: [] });
    expect(costOf({}, new Map([['any', addTokens(NO_TOKENS, tokens(0, 1))]]))).toEqual({
      costUsd: null,
      unpriced: ['any'],
    });
  });
});
