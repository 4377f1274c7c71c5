import type { AgentPresetInput } from '../../common/agents';

/**
 * Built-in presets, from what the real CLIs show in a pty (shared AGENTS.md: Claude Code 2.1,
 * Codex CLI 0.169, Gemini CLI 0.61). Titles are the most stable signal; screens are the fallback.
 */
export const DEFAULT_PRESETS: AgentPresetInput[] = [
  {
    id: 'shell',
    name: 'Shell',
    command: '',
    kind: 'shell',
    detect: { quietMs: 300 },
    submit: { enterDelayMs: 30, confirm: 'output', reactMs: 3000 },
  },
  {
    id: 'claude',
    name: 'Claude Code',
    command: 'claude',
    detect: {
      busyTitle: '^[\\u2800-\\u28FF]',
      idleTitle: '^✳',
      busy: ['esc to interrupt'],
      idle: ['^❯\\u00a0'],
      needsInput: [
        'No, and tell Claude what to do differently',
        'Do you trust the files in this folder\\?',
        'Do you want to proceed\\?',
      ],
      quietMs: 500,
    },
    // Enter right after the paste shows in the box (measured with the real CLI: 30 ms is enough).
    submit: { enterDelayMs: 300, enterSettleMs: 0, confirm: 'busy', reactMs: 10_000 },
    // "You've hit your session limit · resets 12:50am (America/Los_Angeles)", "5-hour limit reached ∙ resets 5am"
    // At the first limit (claude.ai login) it also opens /rate-limit-options: "❯ 1. Stop and wait
    // for limit to reset" / "2. Upgrade your plan". Esc ("Esc to cancel") runs the same handler as
    // "Stop and wait" (Claude Code 2.1.197's source), and stays right where an experiment lists
    // the paid options first and Enter would pick one of them.
    limits: {
      patterns: ["You['’]ve hit your \\w+ limit", 'limit reached\\s*[∙·•]\\s*resets'],
      dialogs: [{ pattern: 'Stop and wait for limit to reset', wait: '\u001b' }],
    },
    // Checked with Claude Code 2.1 (test/agents): the id comes with every hook's payload.
    resume: { withId: ['--resume', '{id}'], latest: ['--continue'] },
    // Anthropic's list prices (USD per million tokens; a cache write is the 5-minute one).
    prices: {
      // Opus 4.5 and later; Opus 4 (its dated id) and 4.1 cost three times as much.
      'claude-opus-4': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
      'claude-opus-4-1': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
      'claude-opus-4-2025': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
      'claude-sonnet-4': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
      'claude-3-7-sonnet': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
      'claude-haiku-4-5': { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
      'claude-3-5-haiku': { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
    },
    hooks: 'claude',
  },
  {
    id: 'codex',
    name: 'Codex CLI',
    command: 'codex',
    detect: {
      busyTitle: '^[\\u2800-\\u28FF]',
      busy: ['esc to interrupt\\)'],
      idle: ['^› '],
      needsInput: ['Allow command\\?', 'Approve', 'Press Enter to confirm'],
      quietMs: 700,
    },
    submit: { enterDelayMs: 400, enterSettleMs: 0, confirm: 'busy', reactMs: 10_000 },
    // "You’ve hit your usage limit. … try again in 2 hours 3 minutes." / "… or try again at 8:20 PM."
    // (a typographic apostrophe in Codex 0.169)
    limits: { patterns: ["You['’]ve hit your usage limit"] },
    // Codex 0.169: `resume` is a subcommand; notify's payload carries the thread id.
    resume: { withId: ['resume', '{id}'], latest: ['resume', '--last'] },
    // OpenAI's list prices for the GPT-5 family; newer models priced as their family until edited.
    prices: {
      'gpt-5': { input: 1.25, output: 10, cacheRead: 0.125 },
      'gpt-5-mini': { input: 0.25, output: 2, cacheRead: 0.025 },
      'gpt-5-nano': { input: 0.05, output: 0.4, cacheRead: 0.005 },
      'gpt-4.1': { input: 2, output: 8, cacheRead: 0.5 },
    },
    hooks: 'codex',
  },
  {
    id: 'gemini',
    name: 'Gemini CLI',
    command: 'gemini',
    detect: {
      busyTitle: '^✦',
      idleTitle: '^◇',
      busy: ['esc to cancel'],
      idle: ['Type your message or @path/to/file'],
      // A usage-limit dialog Flotilla does not answer (its first option switches the model or spends credits).
      needsInput: [
        'Allow execution',
        'Apply this change\\?',
        'Waiting for user confirmation',
        'Usage limit reached for ',
      ],
      quietMs: 600,
    },
    // Gemini takes an Enter within ~30 ms of a paste as a newline; 40 ms after the text shows
    // worked with the real CLI, 80 leaves room for a busy machine.
    submit: { enterDelayMs: 400, enterSettleMs: 80, confirm: 'busy', reactMs: 10_000 },
    // Quota messages that say when to try again ("… try again in 1 hour 5 minutes").
    // At a per-day quota it opens "Usage limit reached for all Pro models." / "● 1. Keep trying" /
    // "2. Stop", with a reset time ("Access resets at 3:57 PM UTC.") only when the service gave a
    // long one: held until then, else for `retryMs`, then Enter on the preselected "Keep trying".
    // Its other variants (Gemini CLI 0.61's ProQuotaDialog, OverageMenuDialog) preselect "Switch to
    // <model>" or "Use AI Credits": those are needs-input, never answered by Enter.
    limits: {
      patterns: ['[Qq]uota (?:exceeded|exhausted)', 'usage limit'],
      dialogs: [{ pattern: 'Usage limit reached for ', retry: '\r', choice: '● 1\\. Keep trying' }],
      retryMs: 300_000,
    },
    // No hooks here, so no id: the project folder's latest conversation.
    resume: { latest: ['--resume', 'latest'] },
    // Google's list prices (prompts up to 200k tokens); newer models priced as their family until edited.
    prices: {
      'gemini-3': { input: 2, output: 12, cacheRead: 0.2 },
      'gemini-2.5-pro': { input: 1.25, output: 10, cacheRead: 0.125 },
      'gemini-2.5-flash': { input: 0.3, output: 2.5, cacheRead: 0.03 },
      'gemini-2.5-flash-lite': { input: 0.1, output: 0.4, cacheRead: 0.01 },
      'gemini-3.5-flash': { input: 0.3, output: 2.5, cacheRead: 0.03 },
      'gemini-3.5-flash-lite': { input: 0.1, output: 0.4, cacheRead: 0.01 },
    },
  },
  {
    id: 'aider',
    name: 'aider',
    command: 'aider',
    detect: {
      idle: ['^\\S*> ?$'],
      needsInput: ['\\(Y\\)es/\\(N\\)o'],
      quietMs: 1500,
    },
    submit: { enterDelayMs: 100, confirm: 'output', reactMs: 10_000 },
  },
];
