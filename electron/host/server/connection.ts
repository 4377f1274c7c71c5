import type { Channel } from '../../common/channel';
import { clientFrame, isMethod, methodParams, type HostApi, type HostFrame, type Method } from '../../common/protocol';
import { fail, type Result } from '../../common/result';
import { DisposableStore, type Disposable } from '../util/lifecycle';
import { createApi, type HostServices } from './api';
import type { OutputSink } from '../sessions/session';

export type HostChannel = Channel<unknown, HostFrame>;

/**
 * One client (a window, a browser tab, a test) on one channel. Validates every frame that
 * enters, routes requests to the API, forwards host events, and carries session output.
 */
export class Connection implements Disposable, OutputSink {
  private readonly disposables = new DisposableStore();
  private readonly api: HostApi;
  private readonly attached = new Set<string>();
  /** Projects whose timeline this client has open (a client may open one several times). */
  private readonly openTimelines: string[] = [];
  private closed = false;

  constructor(
    private readonly channel: HostChannel,
    private readonly services: HostServices,
    private readonly log: (message: string) => void = () => {},
  ) {
    this.api = createApi(services, this);
    const { projects, sessions, queues, presets, timeline, layout } = services;
    this.disposables.add(projects.onDidChange((p) => this.send({ t: 'evt', e: 'projects.changed', p })));
    this.disposables.add(sessions.onDidChange((p) => this.send({ t: 'evt', e: 'session.updated', p })));
    this.disposables.add(sessions.onDidRemove((sessionId) => {
      this.attached.delete(sessionId);
      this.send({ t: 'evt', e: 'session.removed', p: { sessionId } });
    }));
    this.disposables.add(sessions.onBell((sessionId) => this.send({ t: 'evt', e: 'session.bell', p: { sessionId } })));
    this.disposables.add(queues.onDidChange((p) => this.send({ t: 'evt', e: 'queue.changed', p })));
    this.disposables.add(presets.onDidChange((p) => this.send({ t: 'evt', e: 'presets.changed', p })));
    this.disposables.add(timeline.onDidChange((p) => this.send({ t: 'evt', e: 'timeline.changed', p })));
    this.disposables.add(layout.onDidChange((p) => this.send({ t: 'evt', e: 'layout.changed', p })));
    channel.onMessage((message) => void this.receive(message));
    channel.onClose(() => this.dispose());
  }

  output(sessionId: string, data: string): void {
    this.send({ t: 'out', s: sessionId, d: data });
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
      const result = await handler(parsed.data);
      this.track(method, params as { sessionId?: string }, result);
      return result;
    } catch (e) {
      this.log(`${method} failed: ${(e as Error).stack ?? e}`);
      return fail('INTERNAL', `Flotilla hit an internal error in ${method}: ${(e as Error).message}`);
    }
  }

  /** Remembers what this client watches (sessions, timelines), to release it when the client goes. */
  private track(method: Method, params: { sessionId?: string; projectId?: string }, result: Result<unknown>): void {
    if (!result.ok) return;
    if (method === 'sessions.attach') this.attached.add(params.sessionId!);
    if (method === 'sessions.detach') this.attached.delete(params.sessionId!);
    if (method === 'timeline.open') this.openTimelines.push(params.projectId!);
    if (method === 'timeline.close') {
      const at = this.openTimelines.indexOf(params.projectId!);
      if (at >= 0) this.openTimelines.splice(at, 1);
    }
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
    for (const id of this.attached) this.services.sessions.get(id)?.detach(this);
    this.attached.clear();
    for (const projectId of this.openTimelines.splice(0)) this.services.timeline.close(projectId);
    this.disposables.dispose();
    this.channel.close();
  }
}
