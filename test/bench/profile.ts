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

/** Runs `work` with the page's JavaScript profiled over the DevTools protocol. */
export async function profilePage<T>(page: Page, phase: string, work: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return work();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(PROFILE_DIR, { recursive: true });
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
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  return ['| self % | ms | function |', '| ---: | ---: | --- |', ...rows.map(([k, us]) => `| ${((100 * us) / total).toFixed(1)} | ${Math.round(us / 1000)} | \`${k}\` |`)].join('\n');
}

/** Writes results/profiles/summary.md: the top self-time functions of every profile written. */
export function summarizeProfiles(): void {
  if (!PROFILE_DIR) return;
  const files = readdirSync(PROFILE_DIR).filter((f) => f.endsWith('.cpuprofile')).sort();
  const text = files.map((f) => `## ${f}\n\n${selfTimeTable(JSON.parse(readFileSync(join(PROFILE_DIR, f), 'utf8')))}\n`).join('\n');
  writeFileSync(join(PROFILE_DIR, 'summary.md'), text);
  console.log(text);
}
