import { execFileSync } from 'node:child_process';
import { appendFileSync, closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { TailReader } from '../../electron/daemon/usage/tail-reader';
import { recordParser } from '../../electron/daemon/usage/usage-records';
import { removeDir, tempDir } from '../helpers/host-harness';
import { median, round } from './harness';
import { recordFigures } from './results';

const FILE_MB = Number(process.env.BENCH_TRANSCRIPT_MB ?? 100);
const APPENDS = Number(process.env.BENCH_APPENDS ?? 100);
const SLICE_BYTES = 2 ** 20;
const MB = 2 ** 20;

const filler = (seed: number, bytes: number) =>
  `line ${seed}: const value = compute(input, ${seed}); // some file content the agent read\n`
    .repeat(Math.ceil(bytes / 80))
    .slice(0, bytes);

/**
 * One turn of a Claude Code transcript, about 10 KB (one append): the prompt, the answer's text and tool call
 * (two lines of one response, with the same id and usage), the tool's result.
 */
function turn(i: number): string {
  const common = { sessionId: 'a9e9b914-c1b9-4b41-9437-16c57ec9ccdd', cwd: '/tmp/repo-claude', version: '2.1.197' };
  const timestamp = new Date(Date.UTC(2026, 10, 29) + i * 1000).toISOString();
  const message = (content: unknown) => ({
    model: 'claude-sonnet-4-5',
    id: `msg_${i}`,
    type: 'message',
    role: 'assistant',
    content,
    stop_reason: 'tool_use',
    usage: { input_tokens: 4, cache_creation_input_tokens: 300, cache_read_input_tokens: 31_792, output_tokens: 120 },
  });
  return [
    {
      ...common,
      type: 'user',
      uuid: `u${i}`,
      timestamp,
      message: { role: 'user', content: `step ${i}: fix the test` },
    },
    {
      ...common,
      type: 'assistant',
      uuid: `a${i}`,
      timestamp,
      requestId: `req_${i}`,
      message: message([{ type: 'text', text: filler(i, 2000) }]),
    },
    {
      ...common,
      type: 'assistant',
      uuid: `b${i}`,
      timestamp,
      requestId: `req_${i}`,
      message: message([
        { type: 'tool_use', id: `tool_${i}`, name: 'Read', input: { file_path: `/tmp/repo/f${i}.ts` } },
      ]),
    },
    {
      ...common,
      type: 'user',
      uuid: `r${i}`,
      timestamp,
      message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `tool_${i}`, content: filler(i, 6500) }] },
    },
  ]
    .map((line) => JSON.stringify(line) + '\n')
    .join('');
}

/** Turns written (one write each, so writing leaves no large strings behind) until the file holds `mb` MiB; how many. */
function writeTranscript(file: string, mb: number): number {
  const fd = openSync(file, 'w');
  let turns = 0;
  try {
    for (let bytes = 0; bytes < mb * MB;) bytes += writeSync(fd, turn(turns++));
  } finally {
    closeSync(fd);
  }
  return turns;
}

/**
 * The most memory a reader and parser keep while taking the whole file in slices, garbage
 * collected after each: measured in a process of their own, so nothing else of this one counts.
 */
function peakKept(file: string): { rss: number; heap: number } {
  const script = `
    import { TailReader } from ${JSON.stringify(join(__dirname, '../../electron/daemon/usage/tail-reader.ts'))};
    import { recordParser } from ${JSON.stringify(join(__dirname, '../../electron/daemon/usage/usage-records.ts'))};
    const reader = new TailReader(${JSON.stringify(file)}, { maxBytesPerRead: ${SLICE_BYTES} });
    const parse = recordParser('claude');
    gc();
    const before = process.memoryUsage();
    const peak = { rss: 0, heap: 0 };
    do {
      for (const line of reader.read()) parse(line);
      gc();
      const now = process.memoryUsage();
      peak.rss = Math.max(peak.rss, now.rss - before.rss);
      peak.heap = Math.max(peak.heap, now.heapUsed - before.heapUsed);
    } while (!reader.atEnd);
    console.log(JSON.stringify(peak));`;
  const flags = ['--expose-gc', '--experimental-transform-types', '--no-warnings', '--input-type=module'];
  return JSON.parse(execFileSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' }));
}

/**
 * Reading the agent's own record as it grows: the first read of a 100 MB Claude transcript (in
 * 1 MiB slices, parsed), then 10 KB appended at a time. A read costs what was appended, not what
 * the file holds, and memory stays flat (measured apart, for this file and one a quarter its size).
 */
it(
  `usage: tail of a ${FILE_MB} MB Claude transcript, first read and ${APPENDS} appends of a 10 KB turn`,
  { timeout: 600_000 },
  () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'transcript.jsonl');
      const turns = writeTranscript(file, FILE_MB);
      const fileBytes = statSync(file).size;
      const reader = new TailReader(file, { maxBytesPerRead: SLICE_BYTES });
      const parse = recordParser('claude');
      let responses = 0;
      const take = () => {
        for (const line of reader.read()) responses += parse(line).filter((r) => r.kind === 'tokens').length;
      };

      const quarterFile = join(dir, 'quarter.jsonl');
      writeTranscript(quarterFile, FILE_MB / 4);
      const keptQuarter = peakKept(quarterFile);
      const kept = peakKept(file);
      const t0 = performance.now();
      do take();
      while (!reader.atEnd);
      const fullMs = performance.now() - t0;
      expect(reader.bytesRead).toBe(fileBytes);
      expect(responses).toBe(turns);

      const appendMs: number[] = [];
      const appendBytes: number[] = [];
      for (let i = 0; i < APPENDS; i++) {
        const batch = turn(turns + i);
        appendFileSync(file, batch);
        const readBefore = reader.bytesRead;
        const start = performance.now();
        take();
        appendMs.push(performance.now() - start);
        appendBytes.push(reader.bytesRead - readBefore);
        expect(reader.bytesRead - readBefore).toBe(Buffer.byteLength(batch));
      }
      expect(responses).toBe(turns + APPENDS);

      const rereadStart = performance.now();
      readFileSync(file, 'utf8').split('\n');
      const rereadMs = performance.now() - rereadStart;

      const perAppend = median(appendMs);
      recordFigures('usageTail', {
        fileMb: round(fileBytes / MB, 0),
        fullReadMs: Math.round(fullMs),
        fullReadMbPerS: round(fileBytes / MB / (fullMs / 1000), 0),
        peakRssDeltaMb: round(kept.rss / MB, 1),
        peakKeptHeapDeltaMb: round(kept.heap / MB, 1),
        peakRssDeltaMbQuarterFile: round(keptQuarter.rss / MB, 1),
        peakKeptHeapDeltaMbQuarterFile: round(keptQuarter.heap / MB, 1),
        bytesReadPerAppend: median(appendBytes),
        perAppendMedianMs: round(perAppend, 3),
        perAppendP90Ms: round([...appendMs].sort((a, b) => a - b)[Math.floor(APPENDS * 0.9)], 3),
        appendToFullTimeRatio: round(perAppend / fullMs, 6),
        appendToFullBytesRatio: round(median(appendBytes) / fileBytes, 6),
        perByteCostAppendToFull: round(perAppend / median(appendBytes) / (fullMs / fileBytes), 1),
        wholeFileRereadMs: Math.round(rereadMs),
      });
    } finally {
      removeDir(dir);
    }
  },
);
