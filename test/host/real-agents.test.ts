import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostClient } from '../../electron/common/host-client';
import type { AgentStatus } from '../../electron/common/types';
import { makeRepo, removeDir, startHost, unwrap, waitFor, type Harness } from '../helpers/host-harness';
import { REAL_AGENT_NAMES, realAgentPreset, realAgentsReady, startStub, turnRequests, type Stub } from '../helpers/real-agents';

const ready = realAgentsReady();
if (!ready.ok) console.log(`[real agents] skipped: ${ready.reason}`);

/**
 * The queue against the real Claude Code, Codex CLI and Gemini CLI (../shared/real-agents,
 * against the local stub model): what the model received is the proof.
 */
describe.skipIf(!ready.ok)('the queue with the real agent CLIs', () => {
  let h: Harness;
  let client: HostClient;
  let stub: Stub;
  const repos: string[] = [];
  beforeAll(async () => {
    stub = await startStub();
    h = await startHost();
    client = h.connect();
  });
  afterAll(async () => {
    await h?.close();
    await stub?.stop();
    repos.forEach(removeDir);
  });

  async function start(agent: (typeof REAL_AGENT_NAMES)[number], env: Record<string, string> = {}) {
    const repo = makeRepo();
    repos.push(repo);
    const preset = unwrap(await client.request('presets.save', { preset: { ...realAgentPreset(agent, repo, stub.url, env), id: `real-${agent}-${repos.length}` } }));
    const project = unwrap(await client.request('projects.add', { path: repo }));
    const session = unwrap(await client.request('sessions.start', { projectId: project.id, presetId: preset.id, cols: 160, rows: 45 }));
    const status = async () => unwrap(await client.request('sessions.list', {})).find((s) => s.id === session.id)!.status;
    const statusIs = (want: AgentStatus, what: string, ms = 60_000) => waitFor(async () => (await status()) === want, `${agent}: ${what}`, ms);
    const items = async () => unwrap(await client.request('queue.list', {})).find((q) => q.sessionId === session.id)!.items;
    await statusIs('idle', 'idle at start');
    return { repo, session, status, statusIs, items };
  }

  for (const agent of REAL_AGENT_NAMES) {
    it(`${agent}: three prompts entered at once reach the model once each, in order, each after the previous turn`, { timeout: 120_000 }, async () => {
      const { session, statusIs, items } = await start(agent);
      const tag = Date.now().toString(36);
      const prompts = [1, 2, 3].map((n) => `say ${agent}-${n}-${tag}`);
      await Promise.all(prompts.map((text) => client.request('queue.add', { sessionIds: [session.id], text })));
      await waitFor(async () => (await items()).filter((i) => i.state === 'sent').length === 3, `${agent}: all three sent`, 90_000);
      await statusIs('idle', 'idle after the last turn');
      await waitFor(() => turnRequests(stub, prompts, prompts[2]).some((r) => r.endedAt), `${agent}: the last answer`);
      for (let i = 0; i < 3; i++) {
        const turn = turnRequests(stub, prompts, prompts[i]);
        expect(turn.length, `${agent}: a model request for prompt ${i + 1}`).toBeGreaterThan(0);
        if (i > 0) {
          const previousEnd = Math.max(...turnRequests(stub, prompts, prompts[i - 1]).map((r) => r.endedAt ?? Infinity));
          expect(Math.min(...turn.map((r) => r.startedAt)), `${agent}: prompt ${i + 1} only after turn ${i} ended`).toBeGreaterThanOrEqual(previousEnd);
        }
      }
      // The conversation the model saw last holds each prompt exactly once.
      const last = turnRequests(stub, prompts, prompts[2]).at(-1)!.body;
      for (const p of prompts) expect(last.split(p).length - 1, `${agent}: "${p}" in the conversation`).toBe(1);
      expect((await items()).every((i) => i.state === 'sent')).toBe(true);
    });
  }

  it('claude: a permission dialog is needs-input and holds the queue until it is answered', { timeout: 120_000 }, async () => {
    const { repo, session, status, statusIs, items } = await start('claude', { CLAUDE_ALLOW: 'Read' });
    const tag = Date.now().toString(36);
    unwrap(await client.request('queue.add', { sessionIds: [session.id], text: `commit ${tag}` }));
    unwrap(await client.request('queue.add', { sessionIds: [session.id], text: `say after-${tag}` }));
    await statusIs('needs-input', 'permission dialog shown');
    const screen = () => h.host.sessions.get(session.id)!.screenText().join('\n');
    expect(screen()).toMatch(/Do you want to proceed\?/);
    // The dialog waits for a person: however long, the next prompt stays queued and nothing is typed into it.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await status()).toBe('needs-input');
    expect((await items()).find((i) => i.text === `say after-${tag}`)?.state).toBe('queued');
    client.input(session.id, '\r'); // "1. Yes" is selected
    await waitFor(async () => (await items()).find((i) => i.text === `say after-${tag}`)?.state === 'sent', 'the held prompt sent after the answer', 60_000);
    await statusIs('idle', 'idle at the end');
    expect(execFileSync('git', ['log', '--format=%s', '-1'], { cwd: repo }).toString().trim()).toBe(tag);
  });
});
