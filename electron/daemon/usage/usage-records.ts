import type { QuotaWindow, TokenCounts } from '../../common/usage';
import type { AgentFamily } from '../agents/account';

/** What one line of an agent's own record tells about its usage. */
export type UsageRecord =
  /** Tokens of one model response: add them up. */
  | { kind: 'tokens'; model: string; tokens: TokenCounts; at: number | null }
  /** The whole conversation's tokens so far (Codex): replaces what was counted before. */
  | { kind: 'totals'; model: string; tokens: TokenCounts; at: number | null }
  | { kind: 'windows'; fiveHour: QuotaWindow | null; weekly: QuotaWindow | null; at: number }
  /** The agent hit a limit; when it lifts is at most in the text. */
  | { kind: 'limit'; text: string; at: number | null };

export type LineParser = (line: string) => UsageRecord[];

/** A parser for one record file of `family`'s CLI; it keeps state, so one per file. */
export function recordParser(family: AgentFamily): LineParser {
  switch (family) {
    case 'claude':
      return claudeParser();
    case 'codex':
      return codexParser();
    case 'gemini':
      return geminiParser();
  }
}

/** Claude Code's statusLine JSON: its `rate_limits` (claude.ai logins only); null without them. */
export function windowsFromStatusLine(payload: unknown, now: number): UsageRecord | null {
  const limits = object(object(payload)?.rate_limits);
  if (!limits) return null;
  const window = (value: unknown): QuotaWindow | null => {
    const w = object(value);
    return w && typeof w.used_percentage === 'number'
      ? { usedPercent: w.used_percentage, resetsAt: epochSeconds(w.resets_at) }
      : null;
  };
  const fiveHour = window(limits.five_hour);
  const weekly = window(limits.seven_day);
  return fiveHour || weekly ? { kind: 'windows', fiveHour, weekly, at: now } : null;
}

/**
 * Claude Code writes one line per content block of a response, each with the response's usage:
 * a response (message id and request id) counts once, with its largest counts.
 */
function claudeParser(): LineParser {
  const counted = new CountedResponses();
  return (line) => {
    if (!line.includes('"assistant"')) return [];
    const entry = parse(line);
    if (entry?.type !== 'assistant') return [];
    const message = object(entry.message);
    const at = isoTime(entry.timestamp);
    if (entry.error === 'rate_limit') return [{ kind: 'limit', text: firstText(message?.content) ?? 'rate_limit', at }];
    const usage = object(message?.usage);
    const model = text(message?.model);
    if (!usage || !model || model === '<synthetic>') return [];
    const id = text(message?.id);
    const tokens = counted.growth(id && `${id}/${text(entry.requestId) ?? ''}`, {
      input: count(usage.input_tokens),
      output: count(usage.output_tokens),
      cacheRead: count(usage.cache_read_input_tokens),
      cacheWrite: count(usage.cache_creation_input_tokens),
    });
    return tokens ? [{ kind: 'tokens', model, tokens, at }] : [];
  };
}

/**
 * Codex's rollout: `token_count` events carry the thread's running totals and the quota headers of
 * the last response; the model is the latest `turn_context`'s.
 */
function codexParser(): LineParser {
  let model = 'unknown';
  return (line) => {
    if (!line.includes('token_count') && !line.includes('task_complete') && !line.includes('turn_context')) return [];
    const entry = parse(line);
    const payload = object(entry?.payload);
    if (!entry || !payload) return [];
    const at = isoTime(entry.timestamp);
    if (entry.type === 'turn_context') {
      model = text(payload.model) ?? model;
      return [];
    }
    if (entry.type !== 'event_msg') return [];
    if (payload.type === 'task_complete') {
      const error = object(payload.error);
      return error?.codex_error_info === 'usage_limit_exceeded'
        ? [{ kind: 'limit', text: text(error.message) ?? 'usage_limit_exceeded', at }]
        : [];
    }
    if (payload.type !== 'token_count') return [];
    const records: UsageRecord[] = [];
    const total = object(object(payload.info)?.total_token_usage);
    if (total) records.push({ kind: 'totals', model, tokens: codexTokens(total), at });
    const windows = codexWindows(object(payload.rate_limits));
    if (windows && at !== null) records.push({ kind: 'windows', ...windows, at });
    return records;
  };
}

/**
 * Codex counts like the OpenAI API: `input_tokens` includes the cached and cache-written ones, and
 * `output_tokens` already includes `reasoning_output_tokens` (`total_tokens` = input + output).
 */
function codexTokens(usage: Json): TokenCounts {
  const cacheRead = count(usage.cached_input_tokens);
  const cacheWrite = count(usage.cache_write_input_tokens);
  return {
    input: Math.max(0, count(usage.input_tokens) - cacheRead - cacheWrite),
    output: count(usage.output_tokens),
    cacheRead,
    cacheWrite,
  };
}

const FIVE_HOURS = 300;
const ONE_WEEK = 10_080;

/** Codex's primary and secondary windows, told apart by their length (the primary is usually 5 h). */
function codexWindows(limits: Json | null): { fiveHour: QuotaWindow | null; weekly: QuotaWindow | null } | null {
  if (!limits) return null;
  const windows = { fiveHour: null as QuotaWindow | null, weekly: null as QuotaWindow | null };
  for (const [slot, fallback] of [
    ['primary', FIVE_HOURS],
    ['secondary', ONE_WEEK],
  ] as const) {
    const w = object(limits[slot]);
    if (!w || typeof w.used_percent !== 'number') continue;
    const minutes = typeof w.window_minutes === 'number' ? w.window_minutes : fallback;
    const window = { usedPercent: w.used_percent, resetsAt: epochSeconds(w.resets_at) };
    if (minutes === FIVE_HOURS) windows.fiveHour = window;
    else if (minutes === ONE_WEEK) windows.weekly = window;
  }
  return windows.fiveHour || windows.weekly ? windows : null;
}

/**
 * Gemini CLI appends a message again whenever it changes (its tokens arrive, a tool call is
 * added), under the same id: each id counts once. `tokens.input` includes the cached tokens; the
 * thoughts are output billed as such.
 */
function geminiParser(): LineParser {
  const counted = new CountedResponses();
  return (line) => {
    if (!line.includes('"gemini"') && !line.includes('"error"')) return [];
    const entry = parse(line);
    if (!entry) return [];
    const at = isoTime(entry.timestamp);
    if (entry.type === 'error') {
      const content = text(entry.content);
      return content && /quota|limit/i.test(content) ? [{ kind: 'limit', text: content, at }] : [];
    }
    const usage = object(entry.tokens);
    const model = text(entry.model);
    if (entry.type !== 'gemini' || !usage || !model) return [];
    const cacheRead = count(usage.cached);
    const tokens = counted.growth(text(entry.id), {
      input: Math.max(0, count(usage.input) - cacheRead),
      output: count(usage.output) + count(usage.thoughts),
      cacheRead,
      cacheWrite: 0,
    });
    return tokens ? [{ kind: 'tokens', model, tokens, at }] : [];
  };
}

const REMEMBERED_RESPONSES = 1000;

/**
 * The counts already taken per response id, for the recent ones (repeats come close together):
 * a repeat adds only what grew.
 */
class CountedResponses {
  private readonly seen = new Map<string, TokenCounts>();

  /** What `tokens` add to the response's count so far; null when nothing. Without an id, all of it. */
  growth(id: string | null, tokens: TokenCounts): TokenCounts | null {
    if (id === null) return tokens;
    const before = this.seen.get(id);
    if (!before) {
      this.seen.set(id, tokens);
      if (this.seen.size > REMEMBERED_RESPONSES) this.seen.delete(this.seen.keys().next().value as string);
      return tokens;
    }
    const added = {
      input: Math.max(0, tokens.input - before.input),
      output: Math.max(0, tokens.output - before.output),
      cacheRead: Math.max(0, tokens.cacheRead - before.cacheRead),
      cacheWrite: Math.max(0, tokens.cacheWrite - before.cacheWrite),
    };
    if (!added.input && !added.output && !added.cacheRead && !added.cacheWrite) return null;
    this.seen.set(id, {
      input: before.input + added.input,
      output: before.output + added.output,
      cacheRead: before.cacheRead + added.cacheRead,
      cacheWrite: before.cacheWrite + added.cacheWrite,
    });
    return added;
  }
}

type Json = Record<string, unknown>;

function parse(line: string): Json | null {
  try {
    return object(JSON.parse(line));
  } catch {
    return null;
  }
}

const object = (value: unknown): Json | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const count = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;

function isoTime(value: unknown): number | null {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

const epochSeconds = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value * 1000 : null;

function firstText(content: unknown): string | null {
  if (typeof content === 'string') return text(content);
  if (!Array.isArray(content)) return null;
  for (const block of content) {
    const found = text(object(block)?.text);
    if (found) return found;
  }
  return null;
}
