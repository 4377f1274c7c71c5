import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostClient } from '../../electron/common/host-client';
import type { ClientFrame, HostFrame } from '../../electron/common/protocol';
import { makeRepo, removeDir, startHost, unwrap, waitFor, type Harness } from '../helpers/host-harness';
import { memoryChannelPair } from '../helpers/memory-channel';

/** What a client holds is its connection's alone, and goes with it, whenever it goes. */
describe('per-connection state', () => {
  let h: Harness;
  let repo: string;
  beforeEach(async () => {
    h = await startHost();
    repo = makeRepo();
  });
  afterEach(async () => {
    await h.close();
    removeDir(h.dataDir);
    removeDir(repo);
  });

  const streams = (sessionId: string) => h.host.sessions.get(sessionId)!['streams'].size;

  it('a client that disconnects while its attach is under way leaves nothing registered', async () => {
    const client = h.connect();
    const project = unwrap(await client.request('projects.add', { path: repo }));
    const session = unwrap(
      await client.request('sessions.start', { projectId: project.id, command: 'bash --noprofile --norc' }),
    );
    for (let round = 0; round < 20; round++) {
      const raw = h.connectRaw();
      const answered: unknown[] = [];
      raw.onMessage((m) => answered.push(m));
      raw.send({ t: 'req', id: 1, m: 'sessions.attach', p: { sessionId: session.id } });
      raw.close(); // before the host has its screen ready: the reply has nowhere to go
    }
    unwrap(await client.request('sessions.list', {})); // sent after them, so answered once the host has taken every attach
    // Every attach runs to its end (the mirror's snapshot, after anything written before) and is let go.
    await waitFor(() => streams(session.id) === 0, 'every attach let go');
  });

  it('a client that goes frees its attached sessions and open timelines at once', async () => {
    const client = h.connect();
    const project = unwrap(await client.request('projects.add', { path: repo }));
    const session = unwrap(
      await client.request('sessions.start', { projectId: project.id, command: 'bash --noprofile --norc' }),
    );
    const other = h.connect();
    unwrap(await other.attach(session.id, { screen: () => {}, data: () => {} }));
    unwrap(await other.request('timeline.open', { projectId: project.id }));
    expect(streams(session.id)).toBe(1);
    other.close();
    await waitFor(() => streams(session.id) === 0, 'the stream released');
  });

  /** A client on a connection the test can look into (the host's services behind it). */
  function connectWithServices() {
    const [clientEnd, hostEnd] = memoryChannelPair<ClientFrame, HostFrame>();
    const connection = h.host.connect(hostEnd, 'local');
    return { client: new HostClient(clientEnd), services: connection['services'] };
  }

  it('a timeline opened twice by one connection is open once: one close ends its polling', async () => {
    const { client, services } = connectWithServices();
    const project = unwrap(await client.request('projects.add', { path: repo }));
    const polled = () => services.timeline['openCount'].has(project.id);
    unwrap(await client.request('timeline.open', { projectId: project.id }));
    unwrap(await client.request('timeline.open', { projectId: project.id }));
    expect(polled()).toBe(true);
    unwrap(await client.request('timeline.close', { projectId: project.id }));
    expect(polled()).toBe(false);
    client.close();
  });

  it('a check run followed twice by one connection sends each chunk once, and one unfollow ends it', async () => {
    const { client, services } = connectWithServices();
    const output = (runId: string, data: string) => services.checks['output'].fire({ runId, data });
    const chunks: string[] = [];
    client.on('check.output', ({ runId, data }) => chunks.push(`${runId}:${data}`));
    unwrap(await client.request('checks.follow', { runId: 'twice' }));
    unwrap(await client.request('checks.follow', { runId: 'twice' }));
    unwrap(await client.request('checks.follow', { runId: 'marker' }));
    // One connection is ordered: once the marker's chunk is here, every chunk before it is too.
    output('twice', 'chunk');
    output('marker', 'end');
    await waitFor(() => chunks.includes('marker:end'), 'the marker');
    unwrap(await client.request('checks.unfollow', { runId: 'twice' }));
    output('twice', 'after unfollow');
    output('marker', 'end again');
    await waitFor(() => chunks.includes('marker:end again'), 'the second marker');
    expect(chunks).toEqual(['twice:chunk', 'marker:end', 'marker:end again']);
    client.close();
  });
});
