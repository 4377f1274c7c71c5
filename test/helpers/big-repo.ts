import { execFileSync, spawnSync } from 'node:child_process';
import { tempDir } from './host-harness';

/** A repository with `count` linear commits, written in one go by git fast-import (seconds for 100k). */
export function makeBigRepo(count: number): string {
  const dir = tempDir(`flotilla-big-${count}-`);
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  const parts: string[] = [];
  const base = 1_700_000_000;
  for (let i = 1; i <= count; i++) {
    const message = `commit ${i}\n`;
    const content = `line ${i}\n`;
    parts.push(
      `commit refs/heads/main\nmark :${i}\ncommitter Bench <bench@flotilla.invalid> ${base + i} +0000\n` +
        `data ${Buffer.byteLength(message)}\n${message}` +
        (i > 1 ? `from :${i - 1}\n` : '') +
        `M 644 inline file-${i % 100}.txt\ndata ${Buffer.byteLength(content)}\n${content}\n`,
    );
  }
  const result = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: parts.join(''), maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`fast-import failed: ${result.stderr}`);
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: dir });
  return dir;
}
