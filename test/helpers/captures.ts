import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A screen recorded from a real CLI (test/fixtures/captures, verbatim): after the heading line
 * that starts with `heading` ("=== 4.", "--- Enter"), the rows from the first that starts with
 * `first` (the prompt the frame opens with) up to the next heading.
 */
export function capturedScreen(file: string, heading: string, first: string): string[] {
  const lines = readFileSync(join(__dirname, '../fixtures/captures', file), 'utf8').split('\n');
  const at = lines.findIndex((l) => l.startsWith(heading));
  const start = lines.findIndex((l, i) => i > at && l.startsWith(first));
  if (at < 0 || start < 0) throw new Error(`no "${heading}" … "${first}" in ${file}`);
  const end = lines.findIndex((l, i) => i > start && /^(===|---) /.test(l));
  return lines.slice(start, end < 0 ? undefined : end);
}
