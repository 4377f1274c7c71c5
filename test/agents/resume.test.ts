import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRepo, removeDir, startHost, tempDir, unwrap, waitFor, type Harness } from '../helpers/host-harness';
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
 * Resume with the real CLIs: a host ends (as a daemon does at a reboot or a kill), the next one
 * starts each agent with its preset's resume rule, and the model's next request must carry the
 * conversation from before. The stub's recorded requests are the proof.
 */
describe.skipIf(!ready.ok)(`resume with the real agent CLIs${ready.ok ? '' : ` (${ready.reason})`}`, () => {
  let stub: Stub;
  const dirs: string[] = [];
  beforeAll(async () => void (stub = await startStub()));
  afterAll(async () => {
    await stub?.stop();
    dirs.forEach(removeDir);
  });

  for (const agent of REAL_AGENT_NAMES) {
    it(
      `${agent}: after the host ends, the agent comes back in the same conversation`,
      { timeout: 180_000 },
      async () => {
        const dataDir = tempDir(`flotilla-resume-${agent}-`);
        const repo = makeRepo();
        dirs.push(dataDir, repo);
        const tag = Date.now().toString(36);
        const prompts = [`say before-${agent}-${tag}`, `say after-${agent}-${tag}`];
        let h: Harness | undefined = await startHost(dataDir);
        try {
          let client = h.connect();
          let home = '';
          const { session, statusIs } = await startRealAgent(
            client,
            stub,
            agent,
            repo,
            (spec) => void (home = spec.env!.AGENT_HOME),
          );
          unwrap(await client.request('queue.add', { sessionIds: [session.id], text: prompts[0] }));
          await waitFor(
            () => turnRequests(stub, prompts, prompts[0]).some((r) => r.endedAt),
            `${agent}: the first answer`,
            60_000,
          );
          await statusIs('idle', 'idle after the first turn');
          const storedId = () => {
            const db = new DatabaseSync(join(dataDir, 'flotilla.db'), { readOnly: true });
            try {
              return (
                db.prepare('SELECT agent_session_id AS id FROM sessions WHERE id = ?').get(session.id) as {
                  id: string | null;
                }
              ).id;
            } finally {
              db.close();
            }
          };
          // Claude's hooks and Codex's notify report the conversation's id; Gemini has no hooks here.
          if (agent !== 'gemini') await waitFor(storedId, `${agent}: the conversation id reported`, 20_000);
          // The agent writes its conversation down by itself, a little after the turn: stop only
          // once it has (a host killed sooner loses that turn in the agent's own history).
          await waitFor(
            () => holds(home, prompts[0], agent === 'gemini' ? undefined : (storedId() ?? undefined)),
            `${agent}: the conversation saved in its home`,
            20_000,
          );
          await h.close();
          h = undefined;
          // What the next host resumes (Codex also reports its title task's thread: not that one).
          const conversation = storedId();

          const next = (h = await startHost(dataDir));
          client = next.connect();
          const restored = () => next.host.sessions.get(session.id)!.snapshotInfo();
          await waitFor(() => restored().status === 'idle', `${agent}: idle after resuming`, 60_000);
          const expected = {
            claude: ['--resume', conversation],
            codex: ['resume', conversation],
            gemini: ['--resume', 'latest'],
          }[agent];
          const launched = restored().launched!.join(' ');
          expect(launched).toContain(expected.join(' '));
          console.log(`[resume] ${agent}: ${expected.join(' ')}`);

          unwrap(await client.request('queue.add', { sessionIds: [session.id], text: prompts[1] }));
          await waitFor(
            () => turnRequests(stub, prompts, prompts[1]).length > 0,
            `${agent}: the second turn's request`,
            60_000,
          ).catch(async (e) => {
            console.log(
              next.host.sessions.get(session.id)!.screenText().join('\n'),
              JSON.stringify(unwrap(await client.request('queue.list', {}))),
              JSON.stringify(restored()),
            );
            throw e;
          });
          // The model saw the turn from before the restart: the conversation went on.
          expect(turnRequests(stub, prompts, prompts[1])[0].body).toContain(prompts[0]);
        } finally {
          await h?.close();
        }
      },
    );
  }
});
