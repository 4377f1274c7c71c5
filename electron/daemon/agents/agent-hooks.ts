import type { AgentPreset } from '../../common/agents';
import type { AgentStatus } from '../../common/types';
import type { HookReport } from './hook-server';

/** How a hook runs the reporter: the host's own Node (Electron's, as Node) with the event name. */
function reporterCommand(reporterPath: string, event: string): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `ELECTRON_RUN_AS_NODE=1 ${quote(process.execPath)} ${quote(reporterPath)} ${event}`;
}

/**
 * Claude Code's status line command: it writes the JSON Claude pipes to it (cost, and with a
 * claude.ai login the quota windows) to the session's file, which the usage reader picks up. A
 * `cat`, not the Node reporter: Claude runs it after every update of the conversation.
 */
export const STATUS_LINE_COMMAND = 'cat > "$FLOTILLA_STATUS_LINE"';

/**
 * Extra arguments that make the agent report its state through hooks, for this session only
 * (the person's global config is never touched): Claude Code's --settings, Codex's -c notify.
 * `statusLine`: also Claude Code's status line (only where the person has none of their own).
 */
export function hookArgs(preset: AgentPreset, reporterPath: string, statusLine = false): string[] {
  if (preset.hooks === 'claude') {
    const hook = (event: string) => [
      { matcher: '', hooks: [{ type: 'command', command: reporterCommand(reporterPath, event) }] },
    ];
    const hooks = Object.fromEntries(
      ['UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Notification', 'Stop'].map((e) => [e, hook(e)]),
    );
    const settings = statusLine ? { hooks, statusLine: { type: 'command', command: STATUS_LINE_COMMAND } } : { hooks };
    return ['--settings', JSON.stringify(settings)];
  }
  if (preset.hooks === 'codex') {
    // Codex runs notify without a shell: /usr/bin/env sets what the reporter needs under Electron.
    const argv = ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', process.execPath, reporterPath, 'codex-notify'];
    return ['-c', `notify=${JSON.stringify(argv)}`];
  }
  return [];
}

/** The state a hook report means; null when it says nothing about the main agent's state. */
export function statusFromHook({ event, payload }: HookReport): AgentStatus | null {
  switch (event) {
    case 'UserPromptSubmit':
    case 'PreToolUse':
    case 'PostToolUse':
      return 'busy';
    case 'Stop':
      return 'idle';
    case 'Notification': {
      const message = String((payload as { message?: unknown } | null)?.message ?? '');
      if (/permission|approve|confirm/i.test(message)) return 'needs-input';
      return /waiting for your input/i.test(message) ? 'idle' : null;
    }
    case 'codex-notify':
      return (payload as { type?: unknown } | null)?.type === 'agent-turn-complete' ? 'idle' : null;
    default:
      return null; // SubagentStop and others: not the main agent's state
  }
}
