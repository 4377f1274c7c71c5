import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';

/** With BENCH_PROFILE=1 the benchmark writes CPU profiles of the host and the page per phase. */
export const PROFILE_DIR = process.env.BENCH_PROFILE ? join(__dirname, 'results', 'profiles') : undefined;

/** Node flags for a host profiled through one phase (written when it exits). */
export function hostProfileArgs(phase: string): string[] {
  if (!PROFILE_DIR) return [];
  mkdirSync(PROFILE_DIR, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=host-${phase}.cpuprofile`];
}

/**
 * Runs `work` with the page's JavaScript profiled and its main thread traced (style, layout,
 * paint: what a JavaScript profile shows only as "(program)"), over the DevTools protocol.
 */
export async function profilePage<T>(page: Page, phase: string, work: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return work();
  mkdirSync(PROFILE_DIR, { recursive: true });
  const browser = page.context().browser()!;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await browser.startTracing(page, {
    path: join(PROFILE_DIR, `page-${phase}.trace.json`),
    categories: ['devtools.timeline', 'toplevel', 'blink.user_timing'],
  });
  try {
    return await work();
  } finally {
    await browser.stopTracing();
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(join(PROFILE_DIR, `page-${phase}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  }
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function, largest first, as a markdown table (share of all samples). */
export function selfTimeTable(profile: CpuProfile, top = 15): string {
  const frameOf = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const f = frameOf.get(id)!;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? `${basename(f.url)}:${f.lineNumber + 1}` : ''}`.trim();
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  return largestFirst(self, total, top, 'self %', 'function');
}

/** A markdown table of the largest self times (microseconds), as shares of `total`. */
function largestFirst(self: Map<string, number>, total: number, top: number, share: string, what: string): string {
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `| ${share} | ms | ${what} |`,
    '| ---: | ---: | --- |',
    ...rows.map(([k, us]) => `| ${((100 * us) / total).toFixed(1)} | ${Math.round(us / 1000)} | \`${k}\` |`),
  ].join('\n');
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Self time per trace event on the page's main thread, largest first, and its tasks over 50 ms. */
export function traceTable(events: TraceEvent[], top = 12): string {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const spans = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined && main && e.pid === main.pid && e.tid === main.tid)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: Array<{ end: number; name: string }> = [];
  for (const e of spans) {
    while (stack.length && stack.at(-1)!.end <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur!);
    self.set(e.name, (self.get(e.name) ?? 0) + e.dur!);
    stack.push({ end: e.ts + e.dur!, name: e.name });
  }
  const tasks = spans.filter((e) => e.name.endsWith('RunTask'));
  const wall = spans.length ? Math.max(...spans.map((e) => e.ts + e.dur!)) - spans[0].ts : 1;
  const long = tasks.filter((t) => t.dur! > 50_000).length;
  return [
    `Main thread: ${tasks.length} tasks over ${Math.round(wall / 1000)} ms, ${long} of them over 50 ms.`,
    '',
    largestFirst(self, wall, top, 'self % of wall', 'event'),
  ].join('\n');
}

/** Writes results/profiles/summary.md: the top self-time functions and trace events of every phase. */
export function summarizeProfiles(): void {
  if (!PROFILE_DIR) return;
  const read = (f: string) => JSON.parse(readFileSync(join(PROFILE_DIR, f), 'utf8'));
  const files = readdirSync(PROFILE_DIR)
    .filter((f) => f.endsWith('.cpuprofile') || f.endsWith('.trace.json'))
    .sort();
  const text = files
    .map((f) => `## ${f}\n\n${f.endsWith('.trace.json') ? traceTable(read(f).traceEvents) : selfTimeTable(read(f))}\n`)
    .join('\n');
  writeFileSync(join(PROFILE_DIR, 'summary.md'), text);
  console.log(text);
}
