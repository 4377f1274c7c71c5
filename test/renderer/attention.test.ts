import { describe, expect, it, vi } from 'vitest';
import type { AgentPreset } from '../../electron/common/agents';
import type { SessionInfo, SessionQueueState, SessionStatus } from '../../electron/common/types';
import { sessionsNeedingYou } from '../../renderer/src/needs-you';
import { projectsByAttention } from '../../renderer/src/components/project-attention';
import { createAppStore } from '../../renderer/src/store/app-store';
import { isPersonInput, sendInput } from '../../renderer/src/terminal/input-guard';
import { sessionInfo } from './fake-host';

const session = (id: string, presetId: string, patch: Partial<SessionInfo> = {}): SessionInfo =>
  sessionInfo(id, { projectId: 'p', argv: [presetId], presetId, status: 'starting', startedAt: 1, ...patch });

const presets = [
  { id: 'shell', kind: 'shell' },
  { id: 'claude', kind: 'agent' },
] as AgentPreset[];

/** A store with `ids` started (each shown in turn, as starting one does), the last one focused. */
function started(presetId: string, ids: string[]) {
  const store = createAppStore();
  store.getState().setProjects([{ id: 'p', name: 'p', path: '/p', isGitRepo: true, addedAt: 0 }] as never);
  store.getState().setPresets(presets);
  for (const id of ids) {
    store.getState().upsertSession(session(id, presetId));
    store.getState().focusSession(id);
  }
  return store;
}

/** What the host says as a session comes up and settles; its tile prints its start-up screen meanwhile. */
function settle(store: ReturnType<typeof createAppStore>, id: string, statuses: SessionStatus[]) {
  for (const status of statuses) {
    store.getState().upsertSession({ ...store.getState().sessions[id], status });
    store.getState().markUnseen(id); // the prompt or banner, and a redraw after a resize
  }
}

const client = () => ({ input: vi.fn() });

describe('attention: a fresh session waits for nobody', () => {
  it('three fresh shells and three fresh agents, their start-up screens printed unfocused: nothing waiting', () => {
    const shells = started('shell', ['s1', 's2', 's3']);
    for (const id of ['s1', 's2', 's3']) settle(shells, id, ['running', 'busy', 'idle', 'busy', 'idle']);
    expect(shells.getState().unseen).toEqual({});
    expect(sessionsNeedingYou(shells.getState())).toEqual([]);

    const agents = started('claude', ['a1', 'a2', 'a3']);
    for (const id of ['a1', 'a2', 'a3']) settle(agents, id, ['running', 'busy', 'idle']);
    expect(sessionsNeedingYou(agents.getState())).toEqual([]);
    expect(projectsByAttention(agents.getState())).toEqual(['p']);
  });

  it('a command typed into a shell, then output while another tile has the focus: exactly one waiting', () => {
    const store = started('shell', ['s1', 's2', 's3']);
    for (const id of ['s1', 's2', 's3']) settle(store, id, ['running', 'busy', 'idle']);
    store.getState().focusSession('s1');
    sendInput(store, client(), 's1', 'make test\r');
    store.getState().focusSession('s2');
    settle(store, 's1', ['busy', 'idle']);
    expect(sessionsNeedingYou(store.getState())).toEqual(['s1']);
    // Looking at it clears it.
    store.getState().focusSession('s1');
    expect(sessionsNeedingYou(store.getState())).toEqual([]);
  });

  it('an agent that finishes a turn begun elsewhere (idle → busy → idle) counts; a shell’s redraw does not', () => {
    const store = started('claude', ['a1', 'a2']);
    settle(store, 'a1', ['running', 'idle']);
    settle(store, 'a2', ['running', 'idle']);
    settle(store, 'a1', ['busy', 'idle']);
    expect(sessionsNeedingYou(store.getState())).toEqual(['a1']);

    const shells = started('shell', ['s1', 's2']);
    settle(shells, 's1', ['running', 'busy', 'idle', 'busy', 'idle']);
    expect(sessionsNeedingYou(shells.getState())).toEqual([]);
  });

  it('a prompt sent from the queue engages the session', () => {
    const store = started('claude', ['a1', 'a2']);
    settle(store, 'a1', ['running', 'idle']);
    const queue = (state: 'queued' | 'sending') =>
      ({
        sessionId: 'a1',
        paused: false,
        items: [{ id: 'q', sessionId: 'a1', text: 'go', state, createdAt: 1, sentAt: null }],
      }) as unknown as SessionQueueState;
    store.getState().setQueue(queue('queued'));
    expect(store.getState().engaged).toEqual({});
    store.getState().setQueue(queue('sending'));
    expect(store.getState().engaged).toEqual({ a1: true });
    settle(store, 'a1', ['busy', 'idle']);
    expect(sessionsNeedingYou(store.getState())).toEqual(['a1']);
  });

  it('a restart starts over: its new start-up screen waits for nobody', () => {
    const store = started('shell', ['s1', 's2']);
    store.getState().engageSession('s1');
    settle(store, 's1', ['running', 'idle']);
    expect(sessionsNeedingYou(store.getState())).toEqual(['s1']);
    store.getState().upsertSession(session('s1', 'shell', { startedAt: 2 }));
    settle(store, 's1', ['running', 'busy', 'idle']);
    expect(sessionsNeedingYou(store.getState())).toEqual([]);
  });
});

describe('what counts as the person’s input', () => {
  it('keys and pastes do; the terminal answering a program (reports, focus, mouse motion) does not', () => {
    for (const keys of ['l', 'ls\r', '\x1b[A', '\x03', '\x1b[200~pasted\x1b[201~', '\x1b', '\x1b[15~'])
      expect(isPersonInput(keys), JSON.stringify(keys)).toBe(true);
    for (const report of [
      '',
      '\x1b[?1;2c',
      '\x1b[>0;276;0c',
      '\x1b[12;40R',
      '\x1b[0n',
      '\x1b[I',
      '\x1b[O',
      '\x1b[?2004;1$y',
      '\x1b[<35;10;5M',
      '\x1b]11;rgb:1414/1616/1a1a\x1b\\',
      '\x1b]10;rgb:d8d8/dede/e9e9\x07',
      '\x1bP>|xterm.js(6.0.0)\x1b\\',
      '\x1b[?1;2c\x1b[12;40R',
    ])
      expect(isPersonInput(report), JSON.stringify(report)).toBe(false);
  });

  it('a report sent to a fresh session does not engage it; a key does', () => {
    const store = started('claude', ['a1', 'a2']);
    const c = client();
    sendInput(store, c, 'a1', '\x1b[?1;2c');
    expect(store.getState().engaged).toEqual({});
    sendInput(store, c, 'a1', 'y');
    expect(store.getState().engaged).toEqual({ a1: true });
    expect(c.input).toHaveBeenCalledTimes(2); // both go to the session all the same
  });
});
