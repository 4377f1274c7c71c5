import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostFrame } from '../../electron/common/protocol';
import { startHost, type Harness } from '../helpers/host-harness';

describe('protocol boundary', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHost();
  });
  afterEach(() => h.close());

  function raw() {
    const channel = h.connectRaw();
    const received: HostFrame[] = [];
    channel.onMessage((f) => received.push(f));
    return { channel, received };
  }

  it('answers malformed, unknown and invalid requests with error values and stays up', async () => {
    const { channel, received } = raw();
    channel.send({ t: 'req', id: 1, m: 'no.such.method', p: {} });
    channel.send({ t: 'req', id: 2, m: 'projects.add', p: { path: 42 } });
    channel.send({ t: 'req', id: 3, m: 'sessions.resize', p: { sessionId: 'x', cols: -1, rows: 10 } });
    channel.send({ t: 'req', id: 4, m: 'projects.list', p: { extra: true } });
    channel.send({ t: 'bogus', id: 5 });
    channel.send('not even an object');
    channel.send(null);
    channel.send({ t: 'in', s: 'no-such-session', d: 'ls\r' });
    channel.send({ t: 'ack', s: 'x', n: -5 });
    channel.send({ t: 'req', id: 6, m: 'projects.list', p: {} });
    await expect.poll(() => received.length).toBe(6);
    const byId = new Map(received.map((f) => [f.t === 'res' ? f.id : -1, f]));
    const code = (id: number) => {
      const f = byId.get(id);
      return f?.t === 'res' && !f.r.ok ? f.r.error.code : 'ok';
    };
    expect(code(1)).toBe('UNKNOWN_METHOD');
    expect(code(2)).toBe('BAD_REQUEST');
    expect(code(3)).toBe('BAD_REQUEST');
    expect(code(4)).toBe('BAD_REQUEST');
    expect(code(5)).toBe('BAD_REQUEST');
    expect(code(6)).toBe('ok');
  });

  it('resolves pending requests with DISCONNECTED when the channel closes', async () => {
    const client = h.connect();
    const pending = client.request('projects.list', {});
    client.close();
    const r = await pending;
    expect(r.ok ? 'ok' : r.error.code).toBe('DISCONNECTED');
  });
});
