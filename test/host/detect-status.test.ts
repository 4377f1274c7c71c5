import { describe, expect, it } from 'vitest';
import { agentPreset, type AgentPreset } from '../../electron/common/agents';
import { detectStatus } from '../../electron/daemon/agents/detect-status';
import { DEFAULT_PRESETS } from '../../electron/daemon/agents/default-presets';
import { nonLinearPattern } from '../../electron/daemon/agents/linear-patterns';
import { removeDir, startHost } from '../helpers/host-harness';

const preset = (id: string): AgentPreset => agentPreset.parse(DEFAULT_PRESETS.find((p) => p.id === id));
const rule = '─'.repeat(60);
const quiet = 5000;

// Screens and titles as recorded from the real CLIs in a pty (shared AGENTS.md).
describe('Claude Code preset', () => {
  const claude = preset('claude');
  const idleBox = ['✻ Baked for 2s', '', rule, '❯\u00a0', rule, '  ? for shortcuts'];

  it('idle: the ✳ title and the ❯ box, once quiet', () => {
    expect(detectStatus(claude, { screen: idleBox, title: '✳ Fix the bug', quietForMs: quiet })).toBe('idle');
  });
  it('not idle yet while output is fresh', () => {
    expect(detectStatus(claude, { screen: idleBox, title: '✳ Fix the bug', quietForMs: 100 })).toBeNull();
  });
  it('busy although the input box stays visible', () => {
    const busy = ['✽ Stewing… (0s · ↓ 2 tokens)', rule, '❯\u00a0', rule, '  esc to interrupt'];
    expect(detectStatus(claude, { screen: busy, title: '⠂ Fix the bug', quietForMs: quiet })).toBe('busy');
    expect(detectStatus(claude, { screen: busy, title: '✳ Fix the bug', quietForMs: quiet })).toBe('busy');
  });
  it('busy from the braille spinner title alone', () => {
    expect(detectStatus(claude, { screen: idleBox, title: '⡀ Fix the bug', quietForMs: quiet })).toBe('busy');
  });
  it('needs input: a permission dialog or the trust-this-folder dialog', () => {
    const dialog = [
      ' Do you want to make this edit?',
      ' ❯ 1. Yes',
      '   2. No, and tell Claude what to do differently (esc)',
    ];
    expect(detectStatus(claude, { screen: dialog, title: '✳ x', quietForMs: quiet })).toBe('needs-input');
    expect(
      detectStatus(claude, { screen: [' Do you trust the files in this folder?'], title: '', quietForMs: quiet }),
    ).toBe('needs-input');
  });
});

describe('Codex CLI preset', () => {
  const codex = preset('codex');
  it('idle at the › prompt', () => {
    expect(
      detectStatus(codex, {
        screen: ['Worked for 2s • 00:27', '', '› Ask Codex to do anything'],
        title: 'fix | repo',
        quietForMs: quiet,
      }),
    ).toBe('idle');
  });
  it('busy from the spinner title while reply text streams and the Working line is hidden', () => {
    expect(
      detectStatus(codex, {
        screen: ['Here is the plan…', '› Ask Codex to do anything'],
        title: '⠙ fix | repo',
        quietForMs: quiet,
      }),
    ).toBe('busy');
  });
  it('busy from the Working line', () => {
    expect(
      detectStatus(codex, {
        screen: ['• Working (1s • esc to interrupt)', '› '],
        title: 'fix | repo',
        quietForMs: quiet,
      }),
    ).toBe('busy');
  });
});

describe('Gemini CLI preset', () => {
  const gemini = preset('gemini');
  it('idle and busy by title', () => {
    const box = [' *   Type your message or @path/to/file'];
    expect(detectStatus(gemini, { screen: box, title: '◇  Ready (repo)', quietForMs: quiet })).toBe('idle');
    expect(detectStatus(gemini, { screen: box, title: '✦  Working… (repo)', quietForMs: quiet })).toBe('busy');
    expect(detectStatus(gemini, { screen: [' ⠼ Thinking... (esc to cancel, 2s)'], title: '', quietForMs: quiet })).toBe(
      'busy',
    );
  });
});

describe('shell preset', () => {
  const shell = preset('shell');
  it('idle only when quiet and the shell holds the foreground', () => {
    expect(detectStatus(shell, { screen: ['$ '], title: '', quietForMs: quiet, shellInForeground: true })).toBe('idle');
    expect(
      detectStatus(shell, { screen: ['$ sleep 10'], title: '', quietForMs: quiet, shellInForeground: false }),
    ).toBe('busy');
    expect(detectStatus(shell, { screen: ['$ '], title: '', quietForMs: 10, shellInForeground: true })).toBe('busy');
  });
});

describe('preset schema', () => {
  it('every built-in preset validates', () => {
    for (const p of DEFAULT_PRESETS) expect(agentPreset.safeParse(p).success, p.id).toBe(true);
  });
});

describe('preset patterns run in linear time', () => {
  it('a catastrophically backtracking pattern against hostile output returns at once (a backtracking engine would take hours)', () => {
    const hostile = agentPreset.parse({
      ...preset('claude'),
      id: 'hostile',
      detect: { ...preset('claude').detect, busy: ['^(a+)+$', '(x+x+)+y'] },
    });
    const screen = Array.from({ length: 50 }, () => 'a'.repeat(60) + '!');
    screen.push('x'.repeat(5000));
    expect(detectStatus(hostile, { screen, title: '', quietForMs: quiet })).not.toBe('busy');
  });

  it('every built-in preset pattern runs on the linear engine', () => {
    for (const p of DEFAULT_PRESETS) expect(nonLinearPattern(agentPreset.parse(p)), p.id).toBeNull();
  });

  it('a pattern the linear engine cannot run is refused when saved, with its field named', async () => {
    const h = await startHost();
    try {
      const client = h.connect();
      const bad = {
        ...preset('claude'),
        id: 'lookaround',
        builtIn: false,
        detect: { ...preset('claude').detect, idle: ['ok', 'x(?=❯)'] },
      };
      const r = await client.request('presets.save', { preset: bad });
      expect(r.ok ? 'saved' : r.error.message).toBe(
        'The preset is not valid: detect.idle.1 cannot run in linear time (no backreferences or lookaheads).',
      );
      const backref = await client.request('presets.save', {
        preset: { ...bad, detect: { ...bad.detect, idle: ['(a)\\1'] } },
      });
      expect(backref.ok).toBe(false);
    } finally {
      await h.close();
      removeDir(h.dataDir);
    }
  });
});
