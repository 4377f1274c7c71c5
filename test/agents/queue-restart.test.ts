import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon } from '../../electron/daemon-client/daemon-starter';
import { DAEMON_ENTRY, daemonClient, daemonPid, stopDaemon, waitForExit } from '../helpers/daemon';
import { makeRepo, removeDir, tempDir, unwrap, waitFor } from '../helpers/host-harness';
import {
  holds,
  REAL_AGENT_NAMES,
  realAgentsReady,
  startRealAgent,
  startStub,
  turnRequests,
  type Stub,
} from '../helpers/real-agents';

const ready = realAgentsReady();

/**
 * An overnight queue through a `kill -9` of the daemon (the built one, as the app runs it) with
 * the real CLIs: the stub's recorded model requests prove what went, how often, and in order.
 */
describe.skipIf(!ready.ok)(
  `a queue through a kill -9 of the daemon, with the real agent CLIs${ready.ok ? '' : ` (${ready.reason})`}`,
  () => {
    let stub: Stub;
    const dirs: string[] = [];
    beforeAll(async () => void (stub = await startStub()));
    afterAll(async () => {
      await stub?.stop();
      dirs.forEach(removeDir);
    });

    for (const agent of REAL_AGENT_NAMES) {
      it(
        `${agent}: killed while prompt 2 of 4 is at the model, the daemon comes back and the model gets the continue prompt, then 3 and 4, each once`,
        { timeout: 240_000 },
        async () => {
          const dataDir = tempDir(`flotilla-queue-restart-${agent}-`);
          const repo = makeRepo();
          dirs.push(dataDir, repo);
          const tag = Date.now().toString(36);
          // Prompt 2 keeps the model busy for ten minutes: the kill comes while it is at the model.
          const prompts = [
            `say one-${agent}-${tag}`,
            `wait 600 two-${agent}-${tag}`,
            `say three-${agent}-${tag}`,
            `say four-${agent}-${tag}`,
          ];
          const goOn = `say continued-${agent}-${tag}`;
          const all = [...prompts, goOn];
          const turns = (prompt: string) => turnRequests(stub, all, prompt);
          const daemon = () => startDaemon({ dataDir, daemonEntry: DAEMON_ENTRY });
          await daemon();
          try {
            let client = await daemonClient(dataDir);
            let home = '';
            const { session } = await startRealAgent(client, stub, agent, repo, (spec) => {
              home = spec.env!.AGENT_HOME;
              spec.resume = { ...spec.resume!, continueText: goOn };
            });
            for (const text of prompts) unwrap(await client.request('queue.add', { sessionIds: [session.id], text }));
            await waitFor(() => turns(prompts[1]).length > 0, `${agent}: prompt 2 at the model`, 90_000);
            // The agent writes the prompt into its conversation as it sends it; a kill before that
            // would leave nothing for the continue prompt to pick up.
            await waitFor(() => holds(home, prompts[1]), `${agent}: prompt 2 in its saved conversation`, 20_000);
            client.close();
            const pid = daemonPid(dataDir)!;
            const killedAt = Date.now();
            process.kill(pid, 'SIGKILL');
            await waitForExit(pid);
            await waitForExit(session.pid!); // the agent ends with the daemon's terminals

            await daemon();
            client = await daemonClient(dataDir);
            await waitFor(
              () => turns(prompts[3]).some((r) => r.endedAt),
              `${agent}: prompt 4 answered after the restart`,
              120_000,
            ).catch(async (e) => {
              console.log(
                JSON.stringify(unwrap(await client.request('queue.list', {}))),
                unwrap(await client.request('sessions.text', { sessionId: session.id })).join('\n'),
              );
              throw e;
            });
            client.close();
            // (An agent may make more than one request a turn, e.g. Codex: what counts is the conversation.)
            const first = (prompt: string) => Math.min(...turns(prompt).map((r) => r.startedAt));
            expect(
              turns(prompts[1]).every((r) => r.startedAt < killedAt),
              `${agent}: prompt 2 never sent again`,
            ).toBe(true);
            const after = [goOn, prompts[2], prompts[3]].map(first);
            expect(after[0], `${agent}: the continue prompt after the restart`).toBeGreaterThan(killedAt);
            expect(after, `${agent}: then prompts 3 and 4, in order`).toEqual([...after].sort((a, b) => a - b));
            // The resumed conversation holds prompt 2 before the continue prompt, and the last request
            // holds every prompt once: nothing went twice.
            expect(
              turns(goOn)[0].body.split(prompts[1]).length - 1,
              `${agent}: prompt 2 in the resumed conversation`,
            ).toBe(1);
            const last = turns(prompts[3]).at(-1)!.body;
            for (const prompt of [prompts[0], prompts[1], goOn, prompts[2], prompts[3]])
              expect(last.split(prompt).length - 1, `${agent}: "${prompt}" in the conversation`).toBe(1);
          } finally {
            await stopDaemon(dataDir);
          }
        },
      );
    }
  },
);
