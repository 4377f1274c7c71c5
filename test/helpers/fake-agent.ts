import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostClient } from '../../electron/common/host-client';
import type { AgentPreset, AgentPresetInput } from '../../electron/common/agents';
import { DEFAULT_PRESETS } from '../../electron/daemon/agents/default-presets';
import { tempDir, unwrap } from './host-harness';

export const FAKE_AGENT = join(__dirname, '../fixtures/fake-agent.mjs');

export interface AgentLogEntry {
  t: number;
  event: 'ready' | 'received' | 'busy' | 'idle' | 'permission' | 'permission-answer' | 'exit' | 'no-conversation';
  text?: string;
  busy?: boolean;
  /** On 'ready': the arguments it was started with (hook settings left out). */
  argv?: string[];
}

export interface FakeAgentOptions {
  id?: string;
  /** Run Claude-style hooks passed with --settings (as the real claude preset does). */
  hooks?: boolean;
  name?: string;
  minMs?: number;
  maxMs?: number;
  seed?: number;
  /** Started to resume a conversation, it finds none and exits 1 (as Claude Code does). */
  forgets?: boolean;
  /** Claude Code's config folder (CLAUDE_CONFIG_DIR): its account, and where it writes its transcript. */
  claudeHome?: string;
}

/** A preset that runs the stand-in agent with Claude Code's signatures, logging to a file. */
export function fakeAgentPresetSpec(options: FakeAgentOptions = {}): {
  preset: AgentPresetInput;
  log: () => AgentLogEntry[];
} {
  const logFile = join(tempDir('flotilla-agent-log-'), 'agent.jsonl');
  const claude = DEFAULT_PRESETS.find((p) => p.id === 'claude')!;
  const preset: AgentPresetInput = {
    ...claude,
    id: options.id ?? 'fake-claude',
    name: options.name ?? 'Fake Claude',
    command: `${process.execPath} ${FAKE_AGENT}`,
    hooks: options.hooks ? 'claude' : 'none',
    env: {
      FAKE_AGENT_LOG: logFile,
      FAKE_AGENT_MIN_MS: String(options.minMs ?? 200),
      FAKE_AGENT_MAX_MS: String(options.maxMs ?? 3000),
      FAKE_AGENT_SEED: String(options.seed ?? 42),
      ...(options.forgets ? { FAKE_AGENT_FORGETS: '1' } : {}),
      ...(options.claudeHome ? { CLAUDE_CONFIG_DIR: options.claudeHome } : {}),
    },
  };
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as AgentLogEntry);
    } catch {
      return [];
    }
  };
  return { preset, log };
}

export async function fakeAgentPreset(
  client: HostClient,
  options: FakeAgentOptions = {},
): Promise<{ preset: AgentPreset; log: () => AgentLogEntry[] }> {
  const spec = fakeAgentPresetSpec(options);
  return { preset: unwrap(await client.request('presets.save', { preset: spec.preset })), log: spec.log };
}
