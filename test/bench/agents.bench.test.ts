import { describe, expect, it } from 'vitest';
import { makeRepo, removeDir, unwrap, waitFor } from '../helpers/host-harness';
import {
  REAL_AGENT_NAMES,
  realAgentsReady,
  startRealAgent,
  turnRequests,
  useRealAgentHost,
} from '../helpers/real-agents';
import { recordFigures } from './results';

const ready = realAgentsReady();
const TURNS = Number(process.env.BENCH_TURNS ?? 4);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The queue at the speed of the real CLIs: TURNS prompts queued at once; for each turn after the
 * first, the time from the model's answer ending (the turn's end) to the next prompt's request
 * reaching the model. Ratios and medians only; nothing here passes or fails on a number.
 */
describe.skipIf(!ready.ok)('turn end → next prompt, real agents', () => {
  const env = useRealAgentHost();

  for (const agent of REAL_AGENT_NAMES) {
    it(`${agent}: ${TURNS} queued prompts`, { timeout: 180_000 }, async () => {
      const { client, stub, h } = env;
      const repo = makeRepo();
      try {
        // Experiments: BENCH_ENTER_MS, BENCH_SETTLE_MS and BENCH_QUIET_MS override the preset's Enter timing and quiet time.
        const { session, status, queue } = await startRealAgent(client, stub, agent, repo, (spec) => {
          if (process.env.BENCH_ENTER_MS)
            spec.submit = { ...spec.submit!, enterDelayMs: Number(process.env.BENCH_ENTER_MS) };
          if (process.env.BENCH_SETTLE_MS)
            spec.submit = { ...spec.submit!, enterSettleMs: Number(process.env.BENCH_SETTLE_MS) };
          if (process.env.BENCH_QUIET_MS)
            spec.detect = { ...spec.detect!, quietMs: Number(process.env.BENCH_QUIET_MS) };
        });
        const prompts = Array.from(
          { length: TURNS },
          (_, i) => `say ${agent}-turn-${i + 1}-${Date.now().toString(36)}`,
        );
        for (const text of prompts) unwrap(await client.request('queue.add', { sessionIds: [session.id], text }));
        await waitFor(
          async () =>
            (await queue()).items.filter((i) => i.state === 'sent').length === TURNS && (await status()) === 'idle',
          `${agent}: all sent and idle`,
          120_000,
        ).catch(async (e) => {
          console.log(
            `${agent}: ${JSON.stringify(await queue())}\n${h.host.sessions.get(session.id)?.screenText().join('\n')}`,
          );
          throw e;
        });
        await waitFor(
          () => turnRequests(stub, prompts, prompts.at(-1)!).some((r) => r.endedAt),
          'the last answer',
          30_000,
        );
        const gaps: number[] = [];
        for (let i = 1; i < TURNS; i++) {
          const previous = turnRequests(stub, prompts, prompts[i - 1]);
          const next = turnRequests(stub, prompts, prompts[i]);
          expect(previous.length, `${agent} turn ${i}`).toBeGreaterThan(0);
          expect(next.length, `${agent} turn ${i + 1}`).toBeGreaterThan(0);
          // The turn ends with the last answer to end (a side request with tools, such as Codex's
          // session title, may start later and end sooner); the next prompt arrives with the first request.
          const ended = Math.max(...previous.map((r) => r.endedAt ?? 0));
          gaps.push(Math.min(...next.map((r) => r.startedAt)) - ended);
        }
        console.log(`[measure] ${agent}: turn end → next prompt at the model: ${gaps.join(', ')} ms`);
        recordFigures(`agents.${agent}`, {
          medianGapMs: median(gaps),
          minGapMs: Math.min(...gaps),
          maxGapMs: Math.max(...gaps),
          turns: TURNS,
        });
        unwrap(await client.request('sessions.close', { sessionId: session.id }));
      } finally {
        removeDir(repo);
      }
    });
  }
});
