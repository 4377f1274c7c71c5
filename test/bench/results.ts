import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(__dirname, 'results');
const FILE = join(DIR, 'latest.json');

/** Merges one group of figures into results/latest.json and prints them as a table. */
export function recordFigures(group: string, figures: Record<string, number>): void {
  mkdirSync(DIR, { recursive: true });
  const all = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>) : {};
  all[group] = figures;
  all.measuredAt = new Date().toISOString();
  writeFileSync(FILE, JSON.stringify(all, null, 2) + '\n');
  const table = Object.entries(all)
    .filter(([, v]) => typeof v === 'object')
    .flatMap(([g, v]) => Object.entries(v as Record<string, number>).map(([k, x]) => `| ${g}.${k} | ${x} |`));
  writeFileSync(join(DIR, 'latest.md'), ['| figure | value |', '| --- | --- |', ...table, ''].join('\n'));
  const rows = Object.entries(figures).map(([k, v]) => `| ${group}.${k} | ${v} |`);
  console.log(['| figure | value |', '| --- | --- |', ...rows].join('\n'));
}
