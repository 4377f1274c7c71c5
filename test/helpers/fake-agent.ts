import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostClient } from '../../electron/common/host-client';
import type { AgentPreset } from '../../electron/common/agents';
import { DEFAULT_PRESETS } from '../../electron/host/agents/default-presets';
import { tempDir, unwrap } from './host-harness';

export const FAKE_AGENT = join(__dirname, '../fixtures/fake-agent.mjs');

export interface AgentLogEntry {
  t: number;
  event: 'ready' | 'received' | 'busy' | 'idle' | 'permission' | 'permission-answer' | 'exit';
  text?: string;
  busy?: boolean;
}

/** Saves a preset that runs the stand-in agent with Claude Code's signatures, logging to a file. */
export async function fakeAgentPreset(
  client: HostClient,
  options: { id?: string; minMs?: number; maxMs?: number; seed?: number } = {},
): Promise<{ preset: AgentPreset; logFile: string; log: () => AgentLogEntry[] }> {
  const logFile = join(tempDir('flotilla-agent-log-'), 'agent.jsonl');
  const claude = DEFAULT_PRESETS.find((p) => p.id === 'claude')!;
  const preset = unwrap(
    await client.request('presets.save', {
      preset: {
        ...claude,
        id: options.id ?? 'fake-claude',
        name: 'Fake Claude',
        command: `${process.execPath} ${FAKE_AGENT}`,
        hooks: 'none',
        env: {
          FAKE_AGENT_LOG: logFile,
          FAKE_AGENT_MIN_MS: String(options.minMs ?? 200),
          FAKE_AGENT_MAX_MS: String(options.maxMs ?? 3000),
          FAKE_AGENT_SEED: String(options.seed ?? 42),
        },
      },
    }),
  );
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as AgentLogEntry);
    } catch {
      return [];
    }
  };
  return { preset, logFile, log };
}
