import { describe, expect, it } from 'vitest';
import { PasteEcho } from '../../electron/daemon/sessions/paste-echo';

describe('seeing a paste arrive in an input box', () => {
  it('the tail of the text, wrapped over rows, counts once it shows one more time than before', () => {
    const text = 'refactor the parser so that every token carries its source span';
    const before = [
      '❯ refactor the parser so that every token carries its source span',
      '● done',
      '────',
      '❯\u00a0',
      '────',
    ];
    const echo = new PasteEcho(text, before);
    expect(echo.shown(before)).toBe(false); // the same prompt in the history is not the paste
    const after = [
      ...before.slice(0, 3),
      '❯\u00a0refactor the parser so that every token carries its',
      '  source span',
      '────',
    ];
    expect(echo.shown(after)).toBe(true);
  });

  it('a long paste collapsed to a placeholder counts', () => {
    const text = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
    const echo = new PasteEcho(text, ['› Ask Codex to do anything']);
    expect(echo.shown(['› [Pasted Content 1500 chars]'])).toBe(true);
    expect(new PasteEcho(text, [' *   Type your message']).shown([' > [Pasted Text: 31 lines]'])).toBe(true);
  });
});
