/**
 * Splits a command line into argv the way a POSIX shell would for plain words and quotes,
 * without expansion of any kind: the host execs argv directly and never builds shell strings.
 */
export type ParsedCommand = { ok: true; argv: string[] } | { ok: false; reason: string };

export function parseCommandLine(line: string): ParsedCommand {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) word += line[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 < line.length) word += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) return { ok: false, reason: `The command has an unclosed ${quote} quote.` };
  if (inWord) argv.push(word);
  return { ok: true, argv };
}

/** The inverse of parseCommandLine: argv as one line that parses back to the same words. */
export function formatCommandLine(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
