import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRepo, removeDir, unwrap, waitFor } from '../helpers/host-harness';
import {
  REAL_AGENT_NAMES,
  realAgentsReady,
  startRealAgent,
  turnRequests,
  useRealAgentHost,
} from '../helpers/real-agents';

const ready = realAgentsReady();

/**
 * The queue against the real Claude Code, Codex CLI and Gemini CLI (../shared/real-agents,
 * against the local stub model): what the model received is the proof.
 */
describe.skipIf(!ready.ok)(`the queue with the real agent CLIs${ready.ok ? '' : ` (${ready.reason})`}`, () => {
  const env = useRealAgentHost();
  const repos: string[] = [];
  afterAll(() => repos.forEach(removeDir));
  const repo = () => (repos.push(makeRepo()), repos.at(-1)!);

  for (const agent of REAL_AGENT_NAMES) {
    it(
      `${agent}: three prompts entered at once reach the model once each, in order, each after the previous turn`,
      { timeout: 120_000 },
      async () => {
        const { client, stub } = env;
        const { session, statusIs, queue } = await startRealAgent(client, stub, agent, repo());
        const items = async () => (await queue()).items;
        const tag = Date.now().toString(36);
        const prompts = [1, 2, 3].map((n) => `say ${agent}-${n}-${tag}`);
        await Promise.all(prompts.map((text) => client.request('queue.add', { sessionIds: [session.id], text })));
        await waitFor(
          async () => (await items()).filter((i) => i.state === 'sent').length === 3,
          `${agent}: all three sent`,
          90_000,
        );
        await statusIs('idle', 'idle after the last turn');
        await waitFor(
          () => turnRequests(stub, prompts, prompts[2]).some((r) => r.endedAt),
          `${agent}: the last answer`,
        );
        for (let i = 0; i < 3; i++) {
          const turn = turnRequests(stub, prompts, prompts[i]);
          expect(turn.length, `${agent}: a model request for prompt ${i + 1}`).toBeGreaterThan(0);
          if (i > 0) {
            const previousEnd = Math.max(
              ...turnRequests(stub, prompts, prompts[i - 1]).map((r) => r.endedAt ?? Infinity),
            );
            expect(
              Math.min(...turn.map((r) => r.startedAt)),
              `${agent}: prompt ${i + 1} only after turn ${i} ended`,
            ).toBeGreaterThanOrEqual(previousEnd);
          }
        }
        // The conversation the model saw last holds each prompt exactly once.
        const last = turnRequests(stub, prompts, prompts[2]).at(-1)!.body;
        for (const p of prompts) expect(last.split(p).length - 1, `${agent}: "${p}" in the conversation`).toBe(1);
        expect((await items()).every((i) => i.state === 'sent')).toBe(true);
      },
    );
  }

  it(
    'claude: a permission dialog is needs-input and holds the queue until it is answered',
    { timeout: 120_000 },
    async () => {
      const { client, h, stub } = env;
      const dir = repo();
      const { session, status, statusIs, queue } = await startRealAgent(
        client,
        stub,
        'claude',
        dir,
        (spec) => void (spec.env = { ...spec.env, CLAUDE_ALLOW: 'Read' }),
      );
      const items = async () => (await queue()).items;
      const tag = Date.now().toString(36);
      unwrap(await client.request('queue.add', { sessionIds: [session.id], text: `commit ${tag}` }));
      unwrap(await client.request('queue.add', { sessionIds: [session.id], text: `say after-${tag}` }));
      await statusIs('needs-input', 'permission dialog shown');
      const screen = () => h.host.sessions.get(session.id)!.screenText().join('\n');
      expect(screen()).toMatch(/Do you want to proceed\?/);
      // The dialog waits for a person: the next prompt stays queued and nothing is typed into it.
      expect(await status()).toBe('needs-input');
      expect((await items()).find((i) => i.text === `say after-${tag}`)?.state).toBe('queued');
      client.input(session.id, '\r'); // "1. Yes" is selected
      await waitFor(
        async () => (await items()).find((i) => i.text === `say after-${tag}`)?.state === 'sent',
        'the held prompt sent after the answer',
        60_000,
      );
      await statusIs('idle', 'idle at the end');
      expect(execFileSync('git', ['log', '--format=%s', '-1'], { cwd: dir }).toString().trim()).toBe(tag);
    },
  );
});
