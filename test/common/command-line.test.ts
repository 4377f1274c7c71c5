import { describe, expect, it } from 'vitest';
import { formatCommandLine, parseCommandLine } from '../../electron/common/command-line';

describe('parseCommandLine', () => {
  it.each([
    ['claude', ['claude']],
    ['  codex   --model  o4  ', ['codex', '--model', 'o4']],
    [`aider --message "fix the bug" 'it''s'`, ['aider', '--message', 'fix the bug', 'its']],
    [`echo "a \\"quoted\\" word" back\\ slash`, ['echo', 'a "quoted" word', 'back slash']],
    [`printf ''`, ['printf', '']],
    ['echo $HOME; rm -rf / && `x`', ['echo', '$HOME;', 'rm', '-rf', '/', '&&', '`x`']],
  ])('%s', (line, argv) => {
    expect(parseCommandLine(line)).toEqual({ ok: true, argv });
  });

  it('reports unclosed quotes', () => {
    expect(parseCommandLine(`echo "oops`)).toEqual({ ok: false, reason: 'The command has an unclosed " quote.' });
  });

  it('formats argv back into a line that parses to the same argv', () => {
    const argv = ['git', 'commit', '-m', 'it\'s a "fix"', '--author=Me <me@x>'];
    expect(parseCommandLine(formatCommandLine(argv))).toEqual({ ok: true, argv });
  });
});
