import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostClient } from '../../electron/common/host-client';
import type { Project, SessionInfo, SessionQueueState } from '../../electron/common/types';
import { fakeAgentPreset } from '../helpers/fake-agent';
import { removeDir, startHost, tempDir, unwrap, waitFor, type Harness } from '../helpers/host-harness';

describe('prompt queue against the stand-in agent', () => {
  let h: Harness;
  let client: HostClient;
  let project: Project;
  const dirs: string[] = [];

  beforeEach(async () => {
    h = await startHost();
    client = h.connect();
    const dir = tempDir('flotilla-queue-');
    dirs.push(dir, h.dataDir);
    project = unwrap(await client.request('projects.add', { path: dir }));
  });
  afterEach(async () => {
    await h.close();
    dirs.splice(0).forEach(removeDir);
  });

  const session = async (id: string) =>
    unwrap(await client.request('sessions.list', {})).find((s) => s.id === id) as SessionInfo;
  const queue = async (id: string) =>
    unwrap(await client.request('queue.list', {})).find((q) => q.sessionId === id) as SessionQueueState;
  const statusIs = (id: string, status: string) =>
    waitFor(async () => (await session(id)).status === status, `status ${status}`);
  async function startAgent(options: Parameters<typeof fakeAgentPreset>[1] = {}) {
    const agent = await fakeAgentPreset(client, options);
    const info = unwrap(
      await client.request('sessions.start', { projectId: project.id, presetId: agent.preset.id, cols: 100, rows: 30 }),
    );
    await waitFor(() => h.host.sessions.get(info.id)?.snapshotInfo().status === 'idle', 'agent idle', 15_000);
    return { ...agent, id: info.id };
  }

  it('reads busy and idle off the screen and title', async () => {
    const agent = await startAgent({ minMs: 600, maxMs: 700 });
    const statuses: string[] = [];
    client.on('session.updated', (s) => s.id === agent.id && statuses.push(s.status));
    unwrap(await client.request('queue.add', { sessionIds: [agent.id], text: 'hello' }));
    await waitFor(() => statuses.includes('busy') && statuses.at(-1) === 'idle', 'busy then idle', 10_000);
  });

  it('delivers 30 prompts exactly once, in order, never while busy', { timeout: 180_000 }, async () => {
    const agent = await startAgent({ minMs: 100, maxMs: 1200, seed: 7 });
    const texts = Array.from({ length: 30 }, (_, i) =>
      i % 5 === 4 ? `prompt ${i}\nsecond line of ${i}` : `prompt ${i}`,
    );
    for (const text of texts) unwrap(await client.request('queue.add', { sessionIds: [agent.id], text }));
    await waitFor(() => agent.log().filter((e) => e.event === 'received').length === 30, '30 deliveries', 150_000);
    await waitFor(async () => (await queue(agent.id)).items.every((i) => i.state === 'sent'), 'all sent');
    // The agent reads its input while busy too: whatever was typed is in its log once its last turn ends.
    await waitFor(() => agent.log().at(-1)?.event === 'idle', 'the last turn over');
    const log = agent.log();
    const received = log.filter((e) => e.event === 'received');
    expect(received.map((e) => e.text)).toEqual(texts);
    const falseDispatches = received.filter((e) => e.busy).length;
    expect(falseDispatches).toBe(0);
    // Dispatch delay: from the agent going idle to the next prompt arriving.
    const delays: number[] = [];
    log.forEach((e, i) => {
      if (e.event !== 'received' || i === 0) return;
      const idle = log
        .slice(0, i)
        .reverse()
        .find((x) => x.event === 'idle' || x.event === 'ready');
      if (idle) delays.push(e.t - idle.t);
    });
    delays.sort((a, b) => a - b);
    const median = delays[Math.floor(delays.length / 2)];
    console.log(
      `[measure] dispatch delay after idle over ${delays.length}: median ${median} ms, max ${delays.at(-1)} ms; false dispatches: ${falseDispatches}`,
    );
    const history = unwrap(await client.request('history.list', { projectId: project.id }));
    expect(history.map((r) => r.text).reverse()).toEqual(texts);
  });

  it('pauses and resumes', async () => {
    const agent = await startAgent({ minMs: 100, maxMs: 200 });
    unwrap(await client.request('queue.pause', { sessionId: agent.id }));
    for (const text of ['a', 'b', 'c']) unwrap(await client.request('queue.add', { sessionIds: [agent.id], text }));
    // Into an idle agent, a dispatch would have marked the first one sending as it was added.
    expect((await queue(agent.id)).items.map((i) => i.state)).toEqual(['queued', 'queued', 'queued']);
    expect(agent.log().filter((e) => e.event === 'received')).toEqual([]);
    expect((await queue(agent.id)).paused).toBe(true);
    unwrap(await client.request('queue.resume', { sessionId: agent.id }));
    await waitFor(() => agent.log().filter((e) => e.event === 'received').length === 3, 'three after resume', 20_000);
    expect(
      agent
        .log()
        .filter((e) => e.event === 'received')
        .map((e) => e.text),
    ).toEqual(['a', 'b', 'c']);
  });

  it('reorders and edits mid-flight, and send-now jumps a paused queue', async () => {
    const agent = await startAgent({ minMs: 1500, maxMs: 1600 });
    const items = [];
    for (const text of ['first', 'second', 'third', 'fourth'])
      items.push(unwrap(await client.request('queue.add', { sessionIds: [agent.id], text }))[0]);
    await waitFor(() => agent.log().some((e) => e.event === 'received' && e.text === 'first'), 'first sent');
    unwrap(await client.request('queue.move', { itemId: items[3].id, toIndex: 0 }));
    unwrap(await client.request('queue.edit', { itemId: items[2].id, text: 'third (edited)' }));
    const sent = await client.request('queue.edit', { itemId: items[0].id, text: 'too late' });
    expect(sent.ok ? 'ok' : sent.error.code).toBe('BAD_REQUEST');
    unwrap(await client.request('queue.pause', { sessionId: agent.id }));
    unwrap(await client.request('queue.sendNow', { itemId: items[2].id }));
    await waitFor(() => agent.log().filter((e) => e.event === 'received').length === 2, 'send-now item', 15_000);
    // Its turn over and seen by the host: the moment a queue that was not paused would send the next one.
    await waitFor(() => agent.log().filter((e) => e.event === 'idle').length === 2, 'the send-now turn over', 15_000);
    await statusIs(agent.id, 'idle');
    expect((await queue(agent.id)).items.filter((i) => i.state === 'queued').map((i) => i.text)).toEqual([
      'fourth',
      'second',
    ]);
    expect(
      agent
        .log()
        .filter((e) => e.event === 'received')
        .map((e) => e.text),
    ).toEqual(['first', 'third (edited)']);
    unwrap(await client.request('queue.resume', { sessionId: agent.id }));
    await waitFor(() => agent.log().filter((e) => e.event === 'received').length === 4, 'rest', 20_000);
    expect(
      agent
        .log()
        .filter((e) => e.event === 'received')
        .map((e) => e.text),
    ).toEqual(['first', 'third (edited)', 'fourth', 'second']);
  });

  it('never types into a permission dialog: needs-input holds the queue until answered', async () => {
    const agent = await startAgent({ minMs: 200, maxMs: 300 });
    unwrap(await client.request('queue.add', { sessionIds: [agent.id], text: '[permission] delete the build folder' }));
    unwrap(await client.request('queue.add', { sessionIds: [agent.id], text: 'next one' }));
    await statusIs(agent.id, 'needs-input');
    expect((await queue(agent.id)).items.find((i) => i.text === 'next one')?.state).toBe('queued');
    client.input(agent.id, '1');
    await waitFor(
      () => agent.log().some((e) => e.event === 'received' && e.text === 'next one'),
      'next after answer',
      15_000,
    );
    // Nothing was typed into the dialog: the next prompt arrived whole, once, after the answer.
    expect(
      agent
        .log()
        .filter((e) => e.event === 'received')
        .map((e) => e.text),
    ).toEqual(['[permission] delete the build folder', 'next one']);
  });

  it('pauses with the reason when the agent exits, keeping what is queued', async () => {
    const agent = await startAgent({ minMs: 100, maxMs: 200 });
    unwrap(await client.request('queue.add', { sessionIds: [agent.id], text: '/exit' }));
    unwrap(await client.request('queue.add', { sessionIds: [agent.id], text: 'after exit' }));
    await statusIs(agent.id, 'exited');
    await waitFor(async () => (await queue(agent.id)).paused, 'paused');
    const q = await queue(agent.id);
    expect(q.pauseReason).toMatch(/agent is not running: it exited with code 0/);
    expect(q.items.find((i) => i.text === 'after exit')?.state).toBe('queued');
  });

  it('closing an agent in the middle of a turn ends it and forgets it (its queue never writes for a closed session)', async () => {
    const agent = await startAgent({ minMs: 5000, maxMs: 6000 });
    unwrap(await client.request('queue.add', { sessionIds: [agent.id], text: 'a long turn' }));
    unwrap(await client.request('queue.add', { sessionIds: [agent.id], text: 'never sent' }));
    await statusIs(agent.id, 'busy');
    unwrap(await client.request('sessions.close', { sessionId: agent.id }));
    expect(unwrap(await client.request('sessions.list', {})).map((s) => s.id)).not.toContain(agent.id);
    expect(unwrap(await client.request('queue.list', {})).map((q) => q.sessionId)).not.toContain(agent.id);
  });

  it('a prompt queued to an exited session pauses its queue with the reason; after a restart and resume it is sent', async () => {
    const agent = await startAgent({ minMs: 100, maxMs: 200 });
    unwrap(await client.request('queue.add', { sessionIds: [agent.id], text: '/exit' }));
    await statusIs(agent.id, 'exited');
    unwrap(await client.request('queue.resume', { sessionId: agent.id }));
    expect((await queue(agent.id)).paused).toBe(false);
    unwrap(await client.request('queue.add', { sessionIds: [agent.id], text: 'to a stopped agent' }));
    const q = await queue(agent.id);
    expect(q).toMatchObject({
      paused: true,
      pauseReason: expect.stringMatching(/^The agent is not running: it exited with code 0\. Restart it/),
    });
    unwrap(await client.request('sessions.restart', { sessionId: agent.id }));
    unwrap(await client.request('queue.resume', { sessionId: agent.id }));
    await waitFor(
      async () => (await queue(agent.id)).items.find((i) => i.text === 'to a stopped agent')?.state === 'sent',
      'sent after the restart',
      15_000,
    );
  });

  it('marks the item and pauses when the agent never reacts, instead of resending', async () => {
    const dumb = unwrap(
      await client.request('presets.save', {
        preset: {
          id: 'silent',
          name: 'Silent',
          command: 'cat',
          detect: { quietMs: 100, idle: ['.'] },
          submit: { enterDelayMs: 20, confirm: 'busy', reactMs: 800 },
        },
      }),
    );
    const info = unwrap(await client.request('sessions.start', { projectId: project.id, presetId: dumb.id }));
    client.input(info.id, 'x'); // cat is silent until something is typed
    await statusIs(info.id, 'idle');
    unwrap(await client.request('queue.add', { sessionIds: [info.id], text: 'hello?' }));
    unwrap(await client.request('queue.add', { sessionIds: [info.id], text: 'still there?' }));
    await waitFor(async () => (await queue(info.id)).paused, 'paused after no reaction', 10_000);
    const q = await queue(info.id);
    expect(q.items.find((i) => i.text === 'hello?')).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/no sign of working/),
    });
    expect(q.items.find((i) => i.text === 'still there?')?.state).toBe('queued');
  });

  it('feeds a plain shell one command at a time, waiting for each to finish', async () => {
    const info = unwrap(
      await client.request('sessions.start', { projectId: project.id, command: 'bash --noprofile --norc' }),
    );
    let out = '';
    unwrap(
      await client.attach(info.id, { screen: () => {}, data: (d) => ((out += d), client.ack(info.id, d.length)) }),
    );
    await statusIs(info.id, 'idle');
    for (const text of ['echo one-$((1))', 'sleep 1; echo two-$((2))', 'echo three-$((3))']) {
      unwrap(await client.request('queue.add', { sessionIds: [info.id], text }));
    }
    await waitFor(() => out.includes('three-3'), 'three commands', 15_000);
    // "three" was typed only after "two" printed: the shell was busy during sleep.
    expect(out.indexOf('two-2')).toBeLessThan(out.indexOf('echo three'));
  });

  it('broadcasts one prompt to several sessions', async () => {
    const a = await startAgent({ id: 'fake-a', minMs: 100, maxMs: 200 });
    const b = await startAgent({ id: 'fake-b', minMs: 100, maxMs: 200 });
    const items = unwrap(await client.request('queue.add', { sessionIds: [a.id, b.id], text: 'run the tests' }));
    expect(items).toHaveLength(2);
    for (const agent of [a, b]) {
      await waitFor(
        () => agent.log().some((e) => e.event === 'received' && e.text === 'run the tests'),
        'broadcast delivered',
        10_000,
      );
    }
  });

  it('rejects empty prompts and unknown sessions with error values', async () => {
    const empty = await client.request('queue.add', { sessionIds: ['nope'], text: '   ' });
    expect(empty.ok ? 'ok' : empty.error.code).toBe('BAD_REQUEST');
    const missing = await client.request('queue.add', { sessionIds: ['nope'], text: 'hi' });
    expect(missing.ok ? 'ok' : missing.error.code).toBe('NOT_FOUND');
    const badPreset = await client.request('presets.save', {
      preset: {
        id: 'x',
        name: 'X',
        command: 'x',
        detect: { quietMs: 100, busy: ['(unclosed'] },
        submit: { enterDelayMs: 0, confirm: 'busy', reactMs: 1000 },
      },
    });
    expect(badPreset.ok ? 'ok' : badPreset.error.message).toMatch(/detect\.busy\.0 is not a valid regular expression/);
  });
});
