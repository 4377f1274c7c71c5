import type { AgentPreset } from '../../common/agents';
import type { HookReport } from './hook-server';

/** An id becomes an argument: letters, digits, dashes and underscores only, never an option. */
const SAFE_ID = /^[A-Za-z0-9][\w-]{0,127}$/;

/** The conversation id an agent's hook reported: Claude Code's `session_id`, Codex's `thread-id`. */
export function agentSessionIdFrom({ payload }: HookReport): string | null {
  if (!payload || typeof payload !== 'object') return null;
  const { session_id: claude, 'thread-id': codex } = payload as Record<string, unknown>;
  const id = typeof claude === 'string' ? claude : typeof codex === 'string' ? codex : null;
  return id && SAFE_ID.test(id) ? id : null;
}

/** The arguments that resume the agent's conversation, or null when its preset has no rule. */
export function resumeArgs(preset: AgentPreset, agentSessionId: string | null | undefined): string[] | null {
  const { withId, latest } = preset.resume;
  if (agentSessionId && SAFE_ID.test(agentSessionId) && withId.length) return withId.map((a) => a.replaceAll('{id}', agentSessionId));
  return latest.length ? [...latest] : null;
}
