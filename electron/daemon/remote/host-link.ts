import type { Channel } from '../../common/channel';
import { HostClient } from '../../common/host-client';
import { jsonChannel } from '../../common/json-channel';
import { Emitter, type Disposable } from '../../common/lifecycle';
import type { ClientFrame, HostFrame } from '../../common/protocol';
import type { HostState, Project, SessionInfo } from '../../common/types';
import type { UsageSnapshot } from '../../common/usage';
import { byteLineSocket } from '../../daemon-client/line-socket';
import { MuxClient } from '../../daemon-client/line-mux';
import { shakeHands, sshFailure } from '../../daemon-client/remote-client';
import { DEFAULT_REMOTE_COMMAND, type RemoteHost } from '../../daemon-client/remote-host';
import { openSshLink, type SshLink } from '../../daemon-client/ssh-link';
import { fail, ok, type HostError, type Result } from '../../common/result';
import { FLOTILLA_VERSION, PROTOCOL_VERSION } from '../../common/version';

/** Seconds between attempts after a drop, doubling; a link that came up starts again at the first. */
const BACKOFF_S = [1, 2, 4, 8, 16, 30];
/** After a failure that waiting will not mend (a refused host key, another version): less often. */
const FAILED_RETRY_S = 60;
/**
 * Nobody answers a prompt on the daemon's ssh (no terminal): BatchMode makes ssh say so instead of
 * waiting unseen. Host key checking stays as the person's config has it (BatchMode only refuses
 * to ask). A dead network is noticed in 15–60 s.
 */
const LINK_OPTIONS = ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=15'];

type EventFrame = Extract<HostFrame, { t: 'evt' }>;

/** The handshake and the first lists, at most this long. */
const HANDSHAKE_MS = 30_000;

/** Failures that need the person (or the other machine) to change something first: retried less often. */
const needsAPerson = (error: HostError) =>
  error.code === 'VERSION_MISMATCH' ||
  /^(ssh refused|ssh could not log in|Flotilla is not installed|Flotilla on \S+ could not start|\S+ is this machine)/.test(
    error.message,
  );

/**
 * This daemon's link to one other machine's daemon: one ssh process carrying many connections
 * (line-mux.ts). Its own first connection shakes hands and keeps what every window needs at once
 * (the host's projects and sessions, and its events); each window gets a connection of its own
 * (`open`). A dropped link keeps that last picture, says why in ssh's words and comes back with
 * backoff; the host's agents never notice.
 */
export class HostLink implements Disposable {
  private status: HostState;
  private mux: MuxClient | null = null;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private connecting = false;
  /** This attempt's ssh process, ended whenever the link is given up. */
  private ssh: SshLink | null = null;
  private disposed = false;
  private projectList: Project[] = [];
  private readonly sessionMap = new Map<string, SessionInfo>();
  /** Whether the host's sessions were listed once: before that, any id of this host may exist. */
  private listed = false;
  private readonly stateChanged = new Emitter<HostState>();
  private readonly event = new Emitter<EventFrame>();
  private readonly sessionAdded = new Emitter<string>();
  private readonly sessionRemoved = new Emitter<string>();
  private readonly projectsChanged = new Emitter<void>();
  private usageSnapshot: UsageSnapshot = { accounts: [], sessions: [] };
  private readonly usageChanged = new Emitter<void>();
  /** The host's usage picture changed (its own ids); the last one stays while the link is down. */
  readonly onDidChangeUsage = this.usageChanged.event;
  readonly onDidChangeState = this.stateChanged.event;
  /** The host's events, its ids as it names them. */
  readonly onEvent = this.event.event;
  /** A session started there while linked (not the ones it had), by its id there. */
  readonly onDidAddSession = this.sessionAdded.event;
  readonly onDidRemoveSession = this.sessionRemoved.event;
  readonly onDidChangeProjects = this.projectsChanged.event;

  constructor(
    readonly host: RemoteHost,
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: (message: string) => void,
    /** This daemon's run: a link that reaches it is refused. */
    private readonly instance: string,
    private readonly now: () => number = Date.now,
  ) {
    this.status = {
      name: host.name,
      destination: host.destination,
      state: 'connecting',
      reason: null,
      version: null,
      retryAt: null,
    };
    void this.connect();
  }

  get state(): HostState {
    return this.status;
  }

  get usage(): UsageSnapshot {
    return this.usageSnapshot;
  }

  get projects(): readonly Project[] {
    return this.projectList;
  }

  get sessions(): Iterable<SessionInfo> {
    return this.sessionMap.values();
  }

  /** Whether `id` (as the host names it) may be a session there: unknown until first listed. */
  knowsSession(id: string): boolean {
    return !this.listed || this.sessionMap.has(id);
  }

  /** A connection of its own to the host's daemon, while linked. */
  open(): HostClient | null {
    if (this.status.state !== 'connected' || !this.mux) return null;
    const client = new HostClient(
      jsonChannel<HostFrame, ClientFrame>(this.mux.open()) as Channel<HostFrame, ClientFrame>,
    );
    // First on this connection, so the host treats all that follows as a peer's (no relaying back).
    void client.request('host.hello', { version: FLOTILLA_VERSION, protocol: PROTOCOL_VERSION, peer: true });
    return client;
  }

  /** Try now rather than at the next backoff. */
  reconnect(): void {
    if (this.connecting || this.status.state === 'connected') return;
    this.clearTimer();
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.disposed || this.connecting) return;
    this.connecting = true;
    try {
      await this.tryLink();
    } finally {
      this.connecting = false;
    }
  }

  private async tryLink(): Promise<void> {
    this.setState({ state: this.status.version ? 'reconnecting' : 'connecting', retryAt: null });
    const command = [...(this.host.remoteCommand ?? DEFAULT_REMOTE_COMMAND), '--mux'];
    const link = openSshLink({ ...this.host, remoteCommand: command }, this.env, LINK_OPTIONS);
    this.ssh = link;
    const mux = new MuxClient(byteLineSocket(link.stream, this.log));
    const control = new HostClient(jsonChannel<HostFrame, ClientFrame>(mux.open()) as Channel<HostFrame, ClientFrame>);
    control.onFrame((frame) => frame.t === 'evt' && this.heard(frame));
    const answer = await this.handshake(link, control);
    if (this.disposed || !answer.ok) {
      mux.close();
      link.close();
      await link.exited;
      if (this.ssh === link) this.ssh = null;
      if (!this.disposed && !answer.ok) this.retry(answer.error.message, needsAPerson(answer.error));
      return;
    }
    const { version, projects, sessions, usage } = answer.value;
    this.projectList = projects;
    this.usageSnapshot = usage;
    this.sessionMap.clear();
    for (const s of sessions) this.sessionMap.set(s.id, s);
    this.listed = true;
    this.attempt = 0;
    this.mux = mux;
    control.onClose(() => this.dropped(link, mux));
    if (control.isClosed) return this.dropped(link, mux);
    this.log(`linked to ${this.host.name} (Flotilla ${version})`);
    this.setState({ state: 'connected', reason: null, version, retryAt: null });
    this.projectsChanged.fire();
    this.usageChanged.fire();
  }

  /** The version handshake, then the host's projects and sessions; bounded, so no link waits unseen. */
  private async handshake(
    link: SshLink,
    control: HostClient,
  ): Promise<Result<{ version: string; projects: Project[]; sessions: SessionInfo[]; usage: UsageSnapshot }>> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Result<never>>((resolve) => {
      timer = setTimeout(
        () =>
          resolve(
            fail(
              'UNREACHABLE',
              `${this.host.name} did not answer within ${HANDSHAKE_MS / 1000} s: is its remote command \`flotilla daemon connect\`?`,
            ),
          ),
        HANDSHAKE_MS,
      );
    });
    const asked = (async () => {
      const hello = await shakeHands(this.host, link, control, this.env, { instance: this.instance });
      if (!hello.ok) return hello;
      const [projects, sessions, usage] = await Promise.all([
        control.request('projects.list', {}),
        control.request('sessions.list', {}),
        control.request('usage.get', {}),
      ]);
      const failed = [projects, sessions].find((r) => !r.ok);
      if (failed && !failed.ok) {
        if (failed.error.code !== 'DISCONNECTED') return failed;
        return fail('UNREACHABLE', sshFailure(this.host, link.stderr(), await link.exited));
      }
      return ok({
        version: hello.value,
        projects: projects.ok ? projects.value : [],
        sessions: sessions.ok ? sessions.value : [],
        usage: usage.ok ? usage.value : { accounts: [], sessions: [] },
      });
    })();
    try {
      return await Promise.race([asked, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The link went: the window says so at once; ssh's own words follow once it has ended. */
  private dropped(link: SshLink, mux: MuxClient): void {
    if (this.mux !== mux) return;
    this.mux = null;
    mux.close();
    link.close();
    this.setState({ state: 'reconnecting', reason: 'the link dropped' });
    void link.exited.then((code) => {
      if (this.ssh === link) this.ssh = null;
      const said = link.stderr();
      this.log(`link to ${this.host.name} dropped: ${said || `ssh exited with ${code}`}`);
      this.retry(said ? `the link dropped: ${said.split('\n').at(-1)}` : 'the link dropped', false);
    });
  }

  private heard(frame: EventFrame): void {
    if (frame.e === 'usage.changed') {
      this.usageSnapshot = frame.p;
      this.usageChanged.fire();
      return;
    }
    if (frame.e === 'projects.changed') {
      this.projectList = frame.p;
      this.projectsChanged.fire();
      return;
    }
    if (frame.e === 'session.updated') {
      const isNew = this.listed && !this.sessionMap.has(frame.p.id);
      this.sessionMap.set(frame.p.id, frame.p);
      if (isNew) this.sessionAdded.fire(frame.p.id);
    } else if (frame.e === 'session.removed') {
      this.sessionMap.delete(frame.p.sessionId);
      this.sessionRemoved.fire(frame.p.sessionId);
    }
    this.event.fire(frame);
  }

  private retry(reason: string, failed: boolean): void {
    if (this.disposed) return;
    this.clearTimer();
    const seconds = failed ? FAILED_RETRY_S : BACKOFF_S[Math.min(this.attempt, BACKOFF_S.length - 1)];
    this.attempt++;
    const retryAt = this.now() + seconds * 1000;
    this.setState({ state: failed ? 'failed' : this.status.version ? 'reconnecting' : 'connecting', reason, retryAt });
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, seconds * 1000);
  }

  private setState(change: Partial<HostState>): void {
    this.status = { ...this.status, ...change };
    this.stateChanged.fire(this.status);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clearTimer();
    this.mux?.close();
    this.mux = null;
    this.ssh?.close();
    for (const e of [
      this.stateChanged,
      this.event,
      this.sessionAdded,
      this.sessionRemoved,
      this.projectsChanged,
      this.usageChanged,
    ])
      e.dispose();
  }
}
