import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRepo, removeDir, startHost, unwrap, waitFor, type Harness } from '../helpers/host-harness';

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
    const session = unwrap(await client.request('sessions.start', { projectId: project.id, command: 'bash --noprofile --norc' }));
    for (let round = 0; round < 20; round++) {
      const raw = h.connectRaw();
      const answered: unknown[] = [];
      raw.onMessage((m) => answered.push(m));
      raw.send({ t: 'req', id: 1, m: 'sessions.attach', p: { sessionId: session.id } });
      raw.close(); // before the host has its screen ready: the reply has nowhere to go
    }
    // Every attach runs to its end (the mirror's snapshot, after anything written before) and is let go.
    await new Promise((r) => setTimeout(r, 200));
    await h.host.sessions.get(session.id)!.snapshotScreen();
    expect(streams(session.id)).toBe(0);
  });

  it('a client that goes frees its attached sessions and open timelines at once', async () => {
    const client = h.connect();
    const project = unwrap(await client.request('projects.add', { path: repo }));
    const session = unwrap(await client.request('sessions.start', { projectId: project.id, command: 'bash --noprofile --norc' }));
    const other = h.connect();
    unwrap(await other.attach(session.id, { screen: () => {}, data: () => {} }));
    unwrap(await other.request('timeline.open', { projectId: project.id }));
    expect(streams(session.id)).toBe(1);
    other.close();
    await waitFor(() => streams(session.id) === 0, 'the stream released');
  });
});
