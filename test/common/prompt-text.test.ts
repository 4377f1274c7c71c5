import { describe, expect, it } from 'vitest';
import { controlSymbol, promptText, removedControls, showControls } from '../../electron/common/prompt-text';

describe('promptText', () => {
  it('cannot end a paste early: a marker nested in a marker leaves no ESC behind', () => {
    expect(promptText('a\x1b[20\x1b[201~1~b')).toBe('a[20[201~1~b');
    expect(promptText('\x1b\x1b[201~[201~\r')).toBe('[201~[201~\n');
  });

  it('keeps text, tabs, newlines and non-ASCII; line ends become \\n', () => {
    expect(promptText('fix\tit\r\nnow\rplease\n€ ✳ 日本 é')).toBe('fix\tit\nnow\nplease\n€ ✳ 日本 é');
  });

  it('removes every C0 control but tab and newline, DEL and every C1 control', () => {
    const all = Array.from({ length: 0xa1 }, (_, i) => String.fromCharCode(i)).join('');
    const kept = [...promptText(all)].map((c) => c.charCodeAt(0));
    expect(kept).toEqual([0x09, 0x0a, 0x0a /* CR */, ...Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i), 0xa0]);
  });

  it('says which characters it removes, and shows them visibly', () => {
    const text = 'ok\x1b[201~\r\n\x07\x9b2J\x7f';
    expect(removedControls(text)).toEqual(['\x1b', '\x07', '\x9b', '\x7f']);
    expect(removedControls('plain\r\ntext\t')).toEqual([]);
    expect(showControls(text)).toBe('ok␛[201~\n␇⟨U+009B⟩2J␡');
    expect(controlSymbol('\x00')).toBe('␀');
  });
});
