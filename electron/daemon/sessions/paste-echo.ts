/**
 * Whether a paste has reached an agent's input box, read off the screen: its tail (white space
 * ignored, since the box wraps) shows one more time than before the paste, or a collapsed-paste
 * placeholder does ("[Pasted text #1 +30 lines]", "[Pasted Content 1500 chars]",
 * "[Pasted Text: 31 lines]"). Counting against the screen before the paste keeps the same text
 * in the history from counting.
 */
export class PasteEcho {
  private readonly tail: string;
  private readonly before: number;

  constructor(text: string, screen: string[]) {
    this.tail = squeeze(text).slice(-16);
    this.before = this.count(screen);
  }

  shown(screen: string[]): boolean {
    return this.count(screen) > this.before;
  }

  private count(screen: string[]): number {
    const flat = squeeze(screen.join(''));
    return occurrences(flat, this.tail) + occurrences(flat, '[Pasted');
  }
}

const squeeze = (s: string) => s.replace(/\s+/g, '');

function occurrences(haystack: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}
