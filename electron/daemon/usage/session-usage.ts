import { readFileSync, statSync } from 'node:fs';
import type { AgentPreset } from '../../common/agents';
import { addTokens, NO_TOKENS, type SessionUsage, type TokenCounts } from '../../common/usage';
import type { Account } from '../agents/account';
import { costOf } from './prices';
import { claudeTranscript, findCodexRollout, findGeminiChat, isClaudeTranscript } from './record-files';
import { TailReader } from './tail-reader';
import { recordParser, windowsFromStatusLine, type UsageRecord } from './usage-records';

export type WindowsRecord = Extract<UsageRecord, { kind: 'windows' }>;
export type LimitRecord = Extract<UsageRecord, { kind: 'limit' }>;

/** A record file is read in slices this big: a long transcript's first read never sits in memory whole. */
const SLICE_BYTES = 1 << 20;
/** What one poll reads of a file at most: a 100 MB transcript is caught up in about 13 polls, never one long stall. */
const POLL_BUDGET_BYTES = 8 << 20;
/** How often a record file not found yet is looked for (a readdir or two). */
const SEARCH_EVERY_MS = 5000;

interface RecordFile {
  reader: TailReader;
  parse: (line: string) => UsageRecord[];
  /** Codex's running total in this file, to add only what each new total adds. */
  lastTotal: TokenCounts;
}

/** What a poll found beyond token counts: quota windows and limits, for the account. */
export interface PollResult {
  changed: boolean;
  windows: WindowsRecord[];
  limits: LimitRecord[];
}

const minus = (a: TokenCounts, b: TokenCounts): TokenCounts => ({
  input: Math.max(0, a.input - b.input),
  output: Math.max(0, a.output - b.output),
  cacheRead: Math.max(0, a.cacheRead - b.cacheRead),
  cacheWrite: Math.max(0, a.cacheWrite - b.cacheWrite),
});

/**
 * One session's agent usage: the record files of its conversations (a transcript, rollout or
 * chat file each), read only where they grew, and Claude Code's status line file.
 */
export class SessionUsageReader {
  private readonly files = new Map<string, RecordFile>();
  private readonly byModel = new Map<string, TokenCounts>();
  private model: string | null = null;
  private updatedAt: number | null = null;
  private statusLineAt = 0;
  private searchedAt = 0;
  private conversation: string | null = null;

  constructor(
    readonly sessionId: string,
    readonly account: Account,
    readonly accountKey: string,
    private readonly cwd: string,
    private readonly startedAt: number,
    /** Where Flotilla's status line command writes (Claude Code), when it set one. */
    private readonly statusLinePath: string | null,
  ) {}

  /** The record files it reads: a Gemini chat file found is this session's, no other's. */
  get paths(): Iterable<string> {
    return this.files.keys();
  }

  /** The agent's hook named its conversation (and, for Claude Code, the transcript's path). */
  hint(conversation: string | null, payload: unknown): void {
    if (conversation) this.conversation = conversation;
    const path = (payload as { transcript_path?: unknown } | null)?.transcript_path;
    if (this.account.family === 'claude' && typeof path === 'string' && isClaudeTranscript(this.account.folder, path))
      this.open(path);
  }

  private open(path: string): void {
    if (this.files.has(path)) return;
    this.files.set(path, {
      reader: new TailReader(path, { maxBytesPerRead: SLICE_BYTES }),
      parse: recordParser(this.account.family),
      lastTotal: NO_TOKENS,
    });
  }

  /** Finds record files not known yet; cheap enough for every poll, and rate-limited where it lists folders. */
  private locate(now: number, taken: Set<string>): void {
    const { family, folder } = this.account;
    if (family === 'claude') {
      if (this.conversation) this.open(claudeTranscript(folder, this.cwd, this.conversation));
      return;
    }
    if (now - this.searchedAt < SEARCH_EVERY_MS) return;
    if (
      family === 'codex' &&
      this.conversation &&
      ![...this.files.keys()].some((p) => p.includes(this.conversation!))
    ) {
      this.searchedAt = now;
      const found = findCodexRollout(folder, this.conversation, now);
      if (found) this.open(found);
    } else if (family === 'gemini' && this.files.size === 0) {
      this.searchedAt = now;
      const found = findGeminiChat(folder, this.cwd, this.startedAt, taken);
      if (found) {
        taken.add(found); // another session searching in the same poll must not take it too
        this.open(found);
      }
    }
  }

  poll(now: number, taken: Set<string>): PollResult {
    this.locate(now, taken);
    const result: PollResult = { changed: false, windows: [], limits: [] };
    for (const file of this.files.values()) {
      // Slice after slice, up to a budget a poll (a long transcript's first read takes a few polls).
      const start = file.reader.bytesRead;
      let before: number;
      do {
        before = file.reader.bytesRead;
        for (const line of file.reader.read())
          for (const record of file.parse(line)) this.take(record, file, result, now);
      } while (
        !file.reader.atEnd &&
        file.reader.bytesRead > before &&
        file.reader.bytesRead - start < POLL_BUDGET_BYTES
      );
    }
    const windows = this.readStatusLine(now);
    if (windows) result.windows.push(windows);
    return result;
  }

  private take(record: UsageRecord, file: RecordFile, result: PollResult, now: number): void {
    switch (record.kind) {
      case 'tokens':
        return this.add(record.model, record.tokens, result, record.at ?? now);
      case 'totals': {
        // A total below the last one started over (a process counting afresh): all of it is new.
        const restarted = (Object.keys(record.tokens) as (keyof TokenCounts)[]).some(
          (k) => record.tokens[k] < file.lastTotal[k],
        );
        const added = restarted ? record.tokens : minus(record.tokens, file.lastTotal);
        file.lastTotal = record.tokens;
        return this.add(record.model, added, result, record.at ?? now);
      }
      case 'windows':
        result.windows.push(record);
        return;
      case 'limit':
        result.limits.push(record);
        return;
    }
  }

  private add(model: string, tokens: TokenCounts, result: PollResult, at: number): void {
    this.byModel.set(model, addTokens(this.byModel.get(model) ?? NO_TOKENS, tokens));
    this.model = model;
    this.updatedAt = at;
    result.changed = true;
  }

  /** Claude Code's status line JSON, when it wrote a new one (it carries the quota windows). */
  private readStatusLine(now: number): WindowsRecord | null {
    if (!this.statusLinePath) return null;
    try {
      const { mtimeMs } = statSync(this.statusLinePath);
      if (mtimeMs === this.statusLineAt) return null;
      const record = windowsFromStatusLine(JSON.parse(readFileSync(this.statusLinePath, 'utf8')), now);
      this.statusLineAt = mtimeMs;
      return record?.kind === 'windows' ? record : null;
    } catch {
      return null; // not written yet, or caught half-written: read again at the next poll
    }
  }

  snapshot(prices: AgentPreset['prices']): SessionUsage {
    const tokens = [...this.byModel.values()].reduce(addTokens, NO_TOKENS);
    const { costUsd, unpriced } = costOf(prices, this.byModel);
    return {
      sessionId: this.sessionId,
      account: this.accountKey,
      model: this.model,
      tokens,
      costUsd,
      unpriced,
      source: [...this.files.keys()].at(-1) ?? null,
      updatedAt: this.updatedAt,
    };
  }
}
