import { afterAll, describe, expect, it } from 'vitest';
import type { AgentPresetInput } from '../../electron/common/agents';
import type { SessionStatus } from '../../electron/common/types';
import { RESUME_STAGGER_MS } from '../../electron/daemon/queue/account-limits';
import { makeRepo, removeDir, tempDir, unwrap, waitFor } from '../helpers/host-harness';
import { realAgentsReady, startRealAgent, turnRequests, useRealAgentHost } from '../helpers/real-agents';

const ready = realAgentsReady();

/**
 * Two Claude Code sessions on one home (a fake claude.ai login, so Claude reads the stub's quota
 * headers): the stub's `limit` in one holds the other's queue; Claude's own /rate-limit-options
 * dialog, opened at the first limit, is answered ("Stop and wait") and is never "needs input";
 * after the reset both resume, staggered, and each held prompt reaches the model once. Gemini
 * CLI's own dialog is held for the preset's retry interval and answered "Keep trying".
 */
describe.skipIf(!ready.ok)(`a usage limit with the real CLIs${ready.ok ? '' : ` (${ready.reason})`}`, () => {
  const env = useRealAgentHost();
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));

  it(
    'a limit in one of two Claude sessions on one home holds both; its dialog is answered; both resume staggered',
    { timeout: 240_000 },
    async () => {
      const { client, stub } = env;
      const home = tempDir('flotilla-claude-home-');
      const [repoA, repoB] = [makeRepo(), makeRepo()];
      dirs.push(home, repoA, repoB);
      const tag = Date.now().toString(36);
      const continueText = `say continued-${tag}`;
      const onHome = (spec: AgentPresetInput) => {
        spec.env = { ...spec.env, AGENT_HOME: home, HOME: home, CLAUDE_AUTH: 'oauth' };
        // The reset Claude shows is to the minute: the default minute's margin covers the rest.
        spec.limits = { ...spec.limits, continueText };
      };
      const a = await startRealAgent(client, stub, 'claude', repoA, onHome);
      const b = await startRealAgent(client, stub, 'claude', repoB, onHome);
      const sessions = [a, b];
      const seen = new Set<SessionStatus>();
      const watch = setInterval(() => {
        for (const s of sessions)
          void s.status().then(
            (st) => seen.add(st),
            () => {},
          );
      }, 150);
      try {
        const limitPrompt = 'limit 20';
        const laterA = `say later-a-${tag}`;
        const held = `say held-${tag}`;
        const prompts = [limitPrompt, laterA, held, continueText];

        unwrap(await client.request('queue.add', { sessionIds: [a.session.id], text: limitPrompt }));
        unwrap(await client.request('queue.add', { sessionIds: [a.session.id], text: laterA }));
        const limit = (await waitFor(async () => (await a.queue()).limit, 'claude: the limit seen', 60_000))!;
        expect(limit.line).toMatch(/You've hit your session limit · resets \d{1,2}(:\d\d)?[ap]m \(UTC\)/);
        unwrap(await client.request('queue.add', { sessionIds: [b.session.id], text: held }));
        await waitFor(async () => (await b.queue()).limit, 'claude: the other session held', 5000);
        expect((await b.queue()).limit).toEqual(limit);

        // The dialog is answered: gone from the screen, and the session idle, not asking.
        const screen = async () =>
          unwrap(await client.request('sessions.text', { sessionId: a.session.id })).join('\n');
        await waitFor(
          async () => !(await screen()).includes('Stop and wait for limit to reset'),
          'the dialog answered',
          10_000,
        );
        await a.statusIs('idle', 'the limited session idle');
        expect(turnRequests(stub, prompts, held)).toEqual([]);

        // After the reset (and the margin): A first ("continue", then its queue), B a stagger later.
        await waitFor(
          () => turnRequests(stub, prompts, held).length > 0,
          'the held prompt sent after the reset',
          150_000,
        );
        await waitFor(() => turnRequests(stub, prompts, laterA).length > 0, 'A’s queue going on', 60_000);
        await a.statusIs('idle', 'A done');
        await b.statusIs('idle', 'B done');
        const first = (p: string) => turnRequests(stub, prompts, p)[0].startedAt;
        expect(turnRequests(stub, prompts, continueText)).toHaveLength(1);
        expect(turnRequests(stub, prompts, laterA)).toHaveLength(1);
        expect(turnRequests(stub, prompts, held)).toHaveLength(1);
        expect(first(held) - first(continueText)).toBeGreaterThanOrEqual(RESUME_STAGGER_MS - 500);
        expect(seen.has('needs-input')).toBe(false);
      } finally {
        clearInterval(watch);
      }
    },
  );

  it(
    'Gemini CLI’s "Usage limit reached" dialog: held (no reset time: the preset’s retry interval), "Keep trying" until it goes through, never needs-input',
    { timeout: 180_000 },
    async () => {
      const { client, stub } = env;
      const repo = makeRepo();
      dirs.push(repo);
      const retryMs = 8000;
      const g = await startRealAgent(client, stub, 'gemini', repo, (spec) => {
        spec.limits = { ...spec.limits, retryMs };
      });
      const seen = new Set<SessionStatus>();
      const watch = setInterval(
        () =>
          void g.status().then(
            (st) => seen.add(st),
            () => {},
          ),
        150,
      );
      try {
        const tag = Date.now().toString(36);
        const limitPrompt = 'limit 20';
        const next = `say next-${tag}`;
        const prompts = [limitPrompt, next];
        unwrap(await client.request('queue.add', { sessionIds: [g.session.id], text: limitPrompt }));
        unwrap(await client.request('queue.add', { sessionIds: [g.session.id], text: next }));
        const limit = (await waitFor(
          async () => (await g.queue()).limit,
          'gemini: the dialog seen as a limit',
          60_000,
        ))!;
        expect(limit.line).toBe('Usage limit reached for all Pro models.');
        expect(limit.until - Date.now()).toBeLessThanOrEqual(retryMs);
        expect(turnRequests(stub, prompts, next)).toEqual([]);
        // "Keep trying" after the interval, again while still limited, until the stub's limit is over.
        const screen = async () =>
          unwrap(await client.request('sessions.text', { sessionId: g.session.id })).join('\n');
        await waitFor(
          async () => (await screen()).includes('limit over'),
          'gemini: the retried prompt answered',
          90_000,
        );
        await waitFor(() => turnRequests(stub, prompts, next).length > 0, 'gemini: the queue going on', 30_000);
        await g.statusIs('idle', 'gemini done');
        expect(turnRequests(stub, prompts, next)).toHaveLength(1);
        // The first try, and each "Keep trying" (at least one while still limited, one after).
        expect(turnRequests(stub, prompts, limitPrompt).length).toBeGreaterThanOrEqual(3);
        expect((await g.queue()).limit).toBeNull();
        expect(seen.has('needs-input')).toBe(false);
      } finally {
        clearInterval(watch);
      }
    },
  );
});
