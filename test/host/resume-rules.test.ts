import { describe, expect, it } from 'vitest';
import { agentPreset, type AgentPreset } from '../../electron/common/agents';
import { DEFAULT_PRESETS } from '../../electron/daemon/agents/default-presets';
import { agentSessionIdFrom, isConversation, resumeArgs } from '../../electron/daemon/agents/resume';

const codex = (thread: string, input: string) => ({
  event: 'codex-notify',
  payload: { type: 'agent-turn-complete', 'thread-id': thread, 'input-messages': [input] },
});
const preset = (resume: Pick<AgentPreset['resume'], 'withId' | 'latest'>) => ({ resume }) as AgentPreset;

describe('resume rules', () => {
  it("takes Claude's session_id and Codex's thread-id, never anything that could pass for an option", () => {
    expect(
      agentSessionIdFrom({ event: 'Stop', payload: { session_id: '13ab9577-aaa5-4486-8ae5-f52730d6f8d2' } }),
    ).toEqual({ id: '13ab9577-aaa5-4486-8ae5-f52730d6f8d2', kind: 'session' });
    expect(agentSessionIdFrom(codex('01a20c23-a676-7181-814a-81d0bfdf83ef', 'say hi'))).toEqual({
      id: '01a20c23-a676-7181-814a-81d0bfdf83ef',
      kind: 'thread',
    });
    expect(agentSessionIdFrom({ event: 'Stop', payload: { session_id: '--dangerously-skip-permissions' } })).toBeNull();
    expect(agentSessionIdFrom({ event: 'Stop', payload: 'text' })).toBeNull();
  });

  it("keeps Codex's conversation thread, whichever notify comes first: its title task's thread is made later", () => {
    // As recorded from Codex 0.169: the title task's notify arrived before the turn's own.
    const main = agentSessionIdFrom(codex('01a20c23-a676-7181-814a-81d0bfdf83ef', 'say before'))!;
    const title = agentSessionIdFrom(
      codex('01a20c23-aa26-7f30-8009-bf33752be3a9', 'Generate a concise, single-line task title'),
    )!;
    expect(isConversation(title, null)).toBe(true);
    expect(isConversation(main, title.id)).toBe(true);
    expect(isConversation(title, main.id)).toBe(false);
    // Claude's id is its session's, whatever came before.
    expect(isConversation({ id: 'b', kind: 'session' }, 'a')).toBe(true);
  });

  it('resumes by id when there is one, else the latest conversation, else not at all', () => {
    const rule = preset({ withId: ['--resume', '{id}'], latest: ['--continue'] });
    expect(resumeArgs(rule, 'abc-123')).toEqual(['--resume', 'abc-123']);
    expect(resumeArgs(rule, null)).toEqual(['--continue']);
    expect(resumeArgs(rule, '-x')).toEqual(['--continue']);
    expect(resumeArgs(preset({ withId: [], latest: ['--resume', 'latest'] }), 'abc')).toEqual(['--resume', 'latest']);
    expect(resumeArgs(preset({ withId: [], latest: [] }), 'abc')).toBeNull();
  });

  it('a preset saved before the continue prompt and the hold were settings still validates, with their defaults', () => {
    const saved = {
      ...DEFAULT_PRESETS.find((p) => p.id === 'claude'),
      resume: { withId: ['--resume', '{id}'], latest: ['--continue'] },
    };
    expect(agentPreset.parse(saved).resume).toEqual({
      withId: ['--resume', '{id}'],
      latest: ['--continue'],
      continueText: 'continue',
      hold: false,
    });
    expect(agentPreset.parse({ ...saved, resume: undefined }).resume).toEqual({
      withId: [],
      latest: [],
      continueText: 'continue',
      hold: false,
    });
  });
});
