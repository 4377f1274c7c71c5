import type { Channel } from '../../common/channel';
import { clientFrame, isMethod, methodParams, type HostApi, type HostFrame } from '../../common/protocol';
import { fail, type Result } from '../../common/result';
import type { AttachSnapshot } from '../../common/types';
import { FrameBudget } from '../sessions/client-stream';
import { DisposableStore, type Disposable } from '../../common/lifecycle';
import { createApi, type ClientKind, type ClientScope, type HostServices } from './api';
import { RemoteRoutes, withHostUsage } from '../remote/remote-routes';
import { relayedFrame } from '../remote/relay-ids';

export type HostChannel = Channel<unknown, HostFrame>;

/**
 * One client (a window, a browser tab, a test) on one channel. Validates every frame that
 * enters, routes requests to the API, forwards host events, and carries session output.
 */
export class Connection implements Disposable, ClientScope {
  private readonly disposables = new DisposableStore();
  private readonly api: HostApi;
  /** This client's connections to other machines' daemons. */
  private readonly remote: RemoteRoutes;
  /** What this client holds (attached sessions, open timelines), each key once, released when it goes. */
  private readonly holds = new Map<string, () => void>();
  /** This client's share of screen frames for its sessions that are behind. */
  readonly frames = new FrameBudget();
  private closed = false;
  /** Another daemon's host link: no host's things relayed to it, none routed (two daemons linked both ways would loop). */
  private peer = false;

  constructor(
    private readonly channel: HostChannel,
    readonly kind: ClientKind,
    private readonly services: HostServices,
    private readonly log: (message: string) => void = () => {},
  ) {
    this.api = createApi(services, this);
    const { projects, sessions, queues, presets, timeline, layout, checks, hosts, usage } = services;
    this.remote = this.disposables.add(new RemoteRoutes(hosts, (frame) => this.send(frame)));
    // One list of projects across machines, whichever machine's changed; a peer gets this machine's own.
    const allProjects = () =>
      this.send({
        t: 'evt',
        e: 'projects.changed',
        p: this.peer ? projects.list() : [...projects.list(), ...hosts.projects()],
      });
    this.disposables.add(projects.onDidChange(allProjects));
    this.disposables.add(hosts.onDidChangeProjects(allProjects));
    this.disposables.add(hosts.onDidChange((p) => this.send({ t: 'evt', e: 'hosts.changed', p })));
    this.disposables.add(
      hosts.onEvent(({ host, frame }) => {
        const relayed = relayedFrame(host, frame);
        if (relayed) this.send(relayed);
      }),
    );
    this.disposables.add(sessions.onDidChange((p) => this.send({ t: 'evt', e: 'session.updated', p })));
    this.disposables.add(
      sessions.onDidRemove((sessionId) => {
        this.holds.delete(`attach:${sessionId}`);
        this.send({ t: 'evt', e: 'session.removed', p: { sessionId } });
      }),
    );
    this.disposables.add(sessions.onBell((sessionId) => this.send({ t: 'evt', e: 'session.bell', p: { sessionId } })));
    this.disposables.add(queues.onDidChange((p) => this.send({ t: 'evt', e: 'queue.changed', p })));
    this.disposables.add(presets.onDidChange((p) => this.send({ t: 'evt', e: 'presets.changed', p })));
    this.disposables.add(timeline.onDidChange((p) => this.send({ t: 'evt', e: 'timeline.changed', p })));
    this.disposables.add(layout.onDidChange((p) => this.send({ t: 'evt', e: 'layout.changed', p })));
    this.disposables.add(checks.onDidChange((p) => this.send({ t: 'evt', e: 'check.updated', p })));
    this.disposables.add(checks.onDidChangeSetup((p) => this.send({ t: 'evt', e: 'check.setup', p })));
    // One usage picture across machines, whichever machine's changed.
    const allUsage = (local = usage.snapshot()) =>
      this.send({ t: 'evt', e: 'usage.changed', p: this.peer ? local : withHostUsage(local, hosts) });
    this.disposables.add(usage.onDidChange((local) => allUsage(local)));
    this.disposables.add(hosts.onDidChangeUsage(() => !this.peer && allUsage()));
    this.disposables.add(usage.onDidPause((p) => this.send({ t: 'evt', e: 'usage.paused', p })));
    channel.onMessage((message) => void this.receive(message));
    channel.onClose(() => this.dispose());
  }

  output(sessionId: string, data: string): void {
    this.send({ t: 'out', s: sessionId, d: data });
  }

  checkOutput(runId: string, data: string): void {
    this.send({ t: 'evt', e: 'check.output', p: { runId, data } });
  }

  sync(sessionId: string, snapshot: AttachSnapshot): void {
    this.send({ t: 'sync', s: sessionId, d: snapshot });
  }

  private async receive(message: unknown): Promise<void> {
    const frame = clientFrame.safeParse(message);
    if (!frame.success) {
      const id = (message as { id?: unknown } | null)?.id;
      if (typeof id === 'number') this.send({ t: 'res', id, r: fail('BAD_REQUEST', 'The message was malformed.') });
      this.log(`dropped a malformed frame: ${frame.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    const f = frame.data;
    if (f.t !== 'req' && !this.peer && this.remote.input(f)) return;
    if (f.t === 'in') {
      this.services.sessions.get(f.s)?.write(f.d);
    } else if (f.t === 'ack') {
      this.services.sessions.get(f.s)?.ack(this, f.n);
    } else {
      this.send({ t: 'res', id: f.id, r: await this.call(f.m, f.p) });
    }
  }

  private async call(method: string, params: unknown): Promise<Result<unknown>> {
    if (!isMethod(method)) return fail('UNKNOWN_METHOD', `The host has no method "${method}".`);
    const parsed = methodParams[method].safeParse(params ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail('BAD_REQUEST', `Invalid ${method} request: ${issue.path.join('.') || 'params'} ${issue.message}.`);
    }
    try {
      const handler = this.api[method] as (p: unknown) => Promise<Result<unknown>>;
      if (this.peer) return await handler(parsed.data);
      return await this.remote.call(method, parsed.data as Record<string, unknown>, handler);
    } catch (e) {
      this.log(`${method} failed: ${(e as Error).stack ?? e}`);
      return fail('INTERNAL', `Flotilla hit an internal error in ${method}: ${(e as Error).message}`);
    }
  }

  markPeer(): void {
    this.peer = true;
  }

  hold(key: string, take: () => () => void): void {
    if (this.holds.has(key)) return;
    const release = take();
    // A client that went while a method ran for it (an attach waiting for its screen) holds nothing.
    if (this.closed) return release();
    this.holds.set(key, release);
  }

  release(key: string): void {
    const release = this.holds.get(key);
    this.holds.delete(key);
    release?.();
  }

  private send(frame: HostFrame): void {
    if (this.closed) return;
    try {
      this.channel.send(frame);
    } catch (e) {
      this.log(`send failed, closing the connection: ${(e as Error).message}`);
      this.dispose();
    }
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const release of this.holds.values()) release();
    this.holds.clear();
    this.disposables.dispose();
    this.channel.close();
  }
}
