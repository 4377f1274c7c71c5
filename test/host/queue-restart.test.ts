import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostClient } from '../../electron/common/host-client';
import type { SessionQueueState } from '../../electron/common/types';
import { fakeAgentPreset, type AgentLogEntry, type FakeAgentOptions } from '../helpers/fake-agent';
import { removeDir, startHost, tempDir, unwrap, waitFor, type Harness } from '../helpers/host-harness';

/** The second prompt's turn never ends by itself: the host's end cuts it short. */
const PROMPTS = ['one', 'two [hang]', 'three', 'four'];

const received = (log: () => AgentLogEntry[]) =>
  log()
    .filter((e) => e.event === 'received')
    .map((e) => e.text);
const queueOf = async (client: HostClient, sessionId: string) =>
  unwrap(await client.request('queue.list', {})).find((q) => q.sessionId === sessionId) as SessionQueueState;

/**
 * An overnight queue whose host ends in the middle of prompt 2 of 4 (its agent processes end with
 * it), then a new host on the same data folder: the stand-in agent resumes with `--continue`.
 */
describe('a queue the host ended mid-turn, after the next host starts (stand-in agent)', () => {
  let h: Harness | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await h?.close();
    h = undefined;
    dirs.splice(0).forEach(removeDir);
  });

  /** Queues the prompts, ends the host during the second's turn, `meanwhile` on its data, starts the next. */
  async function cutShort(options: FakeAgentOptions = {}, meanwhile: (db: DatabaseSync) => void = () => {}) {
    const dataDir = tempDir();
    const repo = tempDir();
    dirs.push(dataDir, repo);
    h = await startHost(dataDir);
    let client = h.connect();
    const agent = await fakeAgentPreset(client, { minMs: 100, maxMs: 200, ...options });
    const project = unwrap(await client.request('projects.add', { path: repo }));
    const session = unwrap(
      await client.request('sessions.start', { projectId: project.id, presetId: agent.preset.id }),
    );
    for (const text of PROMPTS) unwrap(await client.request('queue.add', { sessionIds: [session.id], text }));
    await waitFor(
      async () =>
        received(agent.log).includes(PROMPTS[1]) &&
        (await queueOf(client, session.id)).items.some((i) => i.text === PROMPTS[1] && i.state === 'sent'),
      'the second prompt at the agent',
    );
    await h.close();
    const db = new DatabaseSync(join(dataDir, 'flotilla.db'));
    meanwhile(db);
    db.close();
    h = await startHost(dataDir);
    client = h.connect();
    const host = h.host;
    const done = () =>
      waitFor(
        async () =>
          received(agent.log).includes(PROMPTS[3]) &&
          (await queueOf(client, session.id)).items.every((i) => i.state === 'sent' || i.state === 'failed'),
        'the last prompt at the agent',
        20_000,
      );
    return { agent, session, client, host, done };
  }

  it('resumed: the continue prompt picks up the turn, then the rest go; each prompt once, in order', async () => {
    const { agent, session, client, done } = await cutShort();
    await done();
    expect(
      agent
        .log()
        .filter((e) => e.event === 'ready')
        .map((e) => e.argv),
    ).toEqual([[], ['--continue']]);
    expect(received(agent.log)).toEqual(['one', 'two [hang]', 'continue', 'three', 'four']);
    const queue = await queueOf(client, session.id);
    expect(queue.paused).toBe(false);
    expect(queue.items.find((i) => i.text === PROMPTS[1])).toMatchObject({
      state: 'sent',
      error: expect.stringMatching(/resumed its conversation/),
    });
  });

  it('caught mid-send: the prompt is marked, not resent; the continue prompt goes, then the rest', async () => {
    // What a kill between "sending" and "sent" leaves behind.
    const { agent, session, client, done } = await cutShort({}, (db) => {
      db.prepare("UPDATE queue_items SET state = 'sending' WHERE text = ?").run(PROMPTS[1]);
      db.prepare('UPDATE queue_state SET turn_item = NULL').run();
    });
    await done();
    expect(received(agent.log)).toEqual(['one', 'two [hang]', 'continue', 'three', 'four']);
    expect((await queueOf(client, session.id)).items.find((i) => i.text === PROMPTS[1])).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/may or may not have arrived.*continue prompt picks it up/),
    });
  });

  it('could not resume: started afresh, the queue holds saying so; resumed by a person, the rest go', async () => {
    const { agent, session, client, host, done } = await cutShort({ forgets: true });
    const held = await waitFor(async () => {
      const queue = await queueOf(client, session.id);
      return queue.paused && queue;
    }, 'the queue held');
    expect(held.pauseReason).toBe(
      'Flotilla restarted and the agent could not resume its conversation (--continue exited with code 1), so it was started afresh without it. Check it, then resume the queue.',
    );
    await waitFor(() => host.sessions.get(session.id)!.snapshotInfo().status === 'idle', 'the fresh agent idle');
    expect(
      agent
        .log()
        .filter((e) => e.event === 'ready' || e.event === 'no-conversation')
        .map((e) => e.event),
    ).toEqual(['ready', 'no-conversation', 'ready']);
    expect(received(agent.log)).toEqual(['one', 'two [hang]']);
    expect((await queueOf(client, session.id)).items.filter((i) => i.state === 'queued').map((i) => i.text)).toEqual([
      'three',
      'four',
    ]);

    unwrap(await client.request('queue.resume', { sessionId: session.id }));
    await done();
    expect(received(agent.log)).toEqual(['one', 'two [hang]', 'three', 'four']);
  });
});
