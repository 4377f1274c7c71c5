import type { AgentPreset } from '../../common/agents';
import type { HookReport } from './hook-server';

/** An id becomes an argument: letters, digits, dashes and underscores only, never an option. */
const SAFE_ID = /^[A-Za-z0-9][\w-]{0,127}$/;

export interface ReportedConversation {
  id: string;
  /** Codex reports threads: its conversation's, and side tasks' of their own. */
  kind: 'session' | 'thread';
}

/** The conversation id an agent's hook reported: Claude Code's `session_id`, Codex's `thread-id`. */
export function agentSessionIdFrom({ payload }: HookReport): ReportedConversation | null {
  if (!payload || typeof payload !== 'object') return null;
  const { session_id: claude, 'thread-id': codex } = payload as Record<string, unknown>;
  if (typeof claude === 'string' && SAFE_ID.test(claude)) return { id: claude, kind: 'session' };
  if (typeof codex === 'string' && SAFE_ID.test(codex)) return { id: codex, kind: 'thread' };
  return null;
}

/**
 * Whether a reported id is the conversation's. Codex notifies for side tasks too (the session's
 * title, with a thread of its own, made after the conversation's), sometimes first: within one
 * process the conversation is its earliest thread (Codex's ids are time-ordered UUIDv7s).
 * Between processes the newest report wins (a resumed agent may have started another).
 */
export function isConversation(reported: ReportedConversation, earlierInProcess: string | null): boolean {
  return reported.kind === 'session' || earlierInProcess === null || reported.id < earlierInProcess;
}

/** The arguments that resume the agent's conversation, or null when its preset has no rule. */
export function resumeArgs(preset: AgentPreset, agentSessionId: string | null | undefined): string[] | null {
  const { withId, latest } = preset.resume;
  if (agentSessionId && SAFE_ID.test(agentSessionId) && withId.length)
    return withId.map((a) => a.replaceAll('{id}', agentSessionId));
  return latest.length ? [...latest] : null;
}
