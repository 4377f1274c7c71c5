import { watch, type FSWatcher } from 'node:fs';
import { Emitter, type Disposable } from '../../common/lifecycle';
import type { HostFrame } from '../../common/protocol';
import { remoteId, splitRemoteId } from '../../common/remote-ids';
import { fail, ok, type Result } from '../../common/result';
import type { HostState, Project, SessionInfo } from '../../common/types';
import type { UsageSnapshot } from '../../common/usage';
import { readHosts, remoteHostProblem, writeHosts, type RemoteHost } from '../../daemon-client/remote-host';
import { installOnHost } from '../../daemon-client/remote-install';
import { HostLink } from './host-link';
import { withHostIds } from './relay-ids';

type EventFrame = Extract<HostFrame, { t: 'evt' }>;

const sameHost = (a: RemoteHost, b: RemoteHost) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The other machines this daemon links to: one HostLink per host in hosts.json, made and ended as
 * that file changes (here, or by `flotilla host add|rm`). What every window sees of them comes
 * from here, ids already carrying the host's name.
 */
export class HostLinks implements Disposable {
  private readonly links = new Map<string, { link: HostLink; subscriptions: Disposable[] }>();
  private readonly changed = new Emitter<HostState[]>();
  private readonly event = new Emitter<{ host: string; frame: EventFrame }>();
  private readonly sessionAdded = new Emitter<string>();
  private readonly sessionRemoved = new Emitter<string>();
  private readonly projectsChanged = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  /** A host's event, for this machine's clients to relay (ids as the host names them). */
  readonly onEvent = this.event.event;
  /** A session started on a host while linked (its id here). */
  readonly onDidAddSession = this.sessionAdded.event;
  readonly onDidRemoveSession = this.sessionRemoved.event;
  /** Some host's projects changed, or a host came or went. */
  readonly onDidChangeProjects = this.projectsChanged.event;
  private readonly usageChanged = new Emitter<void>();
  /** Some host's usage changed, or a host came or went. */
  readonly onDidChangeUsage = this.usageChanged.event;
  private readonly watcher: FSWatcher | null;
  private syncTimer: NodeJS.Timeout | null = null;
  private readonly installing = new Set<string>();
  private disposed = false;

  constructor(
    private readonly dataDir: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: (message: string) => void,
    /** This daemon's run (links refuse to reach it). */
    private readonly instance: string,
  ) {
    this.sync();
    this.watcher = this.watchHostsFile();
  }

  list(): HostState[] {
    return [...this.links.values()].map(({ link }) => link.state);
  }

  link(name: string): HostLink | undefined {
    return this.links.get(name)?.link;
  }

  add(host: RemoteHost): Result<HostState> {
    const problem = remoteHostProblem(host);
    if (problem) return fail('BAD_REQUEST', problem);
    writeHosts(this.dataDir, [...readHosts(this.dataDir).filter((h) => h.name !== host.name), host]);
    this.sync();
    return ok(this.links.get(host.name)!.link.state);
  }

  remove(name: string): Result<null> {
    const hosts = readHosts(this.dataDir);
    if (!hosts.some((h) => h.name === name)) return fail('NOT_FOUND', `No host "${name}".`);
    writeHosts(
      this.dataDir,
      hosts.filter((h) => h.name !== name),
    );
    this.sync();
    return ok(null);
  }

  reconnect(name: string): Result<null> {
    const link = this.link(name);
    if (!link) return fail('NOT_FOUND', `No host "${name}".`);
    link.reconnect();
    return ok(null);
  }

  /**
   * Installs this machine's built Flotilla on the host (over its own ssh) and points its remote
   * command there: hosts.json changes, so the link starts anew. Resolves when the install is done.
   */
  async install(name: string, dir?: string): Promise<Result<HostState>> {
    const host = readHosts(this.dataDir).find((h) => h.name === name);
    if (!host) return fail('NOT_FOUND', `No host "${name}".`);
    if (this.installing.has(name)) return fail('ALREADY_EXISTS', `Flotilla is being installed on ${name} already.`);
    this.installing.add(name);
    try {
      const installed = await installOnHost(host, this.env, {
        dir,
        onProgress: (line) => this.log(`install on ${name}: ${line}`),
      });
      if (!installed.ok) return installed;
      if (this.disposed) return fail('UNREACHABLE', 'Flotilla stopped while installing.');
      const hosts = readHosts(this.dataDir);
      if (!hosts.some((h) => h.name === name)) return fail('NOT_FOUND', `${name} was removed while installing.`);
      writeHosts(
        this.dataDir,
        hosts.map((h) => (h.name === name ? { ...h, remoteCommand: installed.value } : h)),
      );
      this.sync();
      const link = this.link(name);
      return link ? ok(link.state) : fail('NOT_FOUND', `No host "${name}".`);
    } finally {
      this.installing.delete(name);
    }
  }

  /** Every host's accounts and sessions' usage, as this machine's clients name them. */
  usage(): UsageSnapshot {
    const each = [...this.links.values()].map(({ link }) => withHostIds(link.host.name, link.usage));
    return { accounts: each.flatMap((u) => u.accounts), sessions: each.flatMap((u) => u.sessions) };
  }

  /** Every host's projects, as this machine's clients name them. */
  projects(): Project[] {
    return [...this.links.values()].flatMap(({ link }) => withHostIds(link.host.name, [...link.projects]));
  }

  sessions(): SessionInfo[] {
    return [...this.links.values()].flatMap(({ link }) => withHostIds(link.host.name, [...link.sessions]));
  }

  /** Whether a tile may keep `id` (a session on a host): yes until that host said otherwise. */
  knowsSession(id: string): boolean {
    const { host, id: there } = splitRemoteId(id);
    return host !== null && (this.link(host)?.knowsSession(there) ?? false);
  }

  /** Makes the links match hosts.json: new hosts linked, removed ones ended, changed ones linked anew. */
  private sync(): void {
    const wanted = new Map(readHosts(this.dataDir).map((h) => [h.name, h]));
    let changed = false;
    for (const [name, { link }] of this.links) {
      const host = wanted.get(name);
      if (host && sameHost(host, link.host)) continue;
      // A host changed (installed, another config) is linked anew: its tiles stay until it has listed.
      this.end(name, !host);
      changed = true;
    }
    for (const [name, host] of wanted) {
      if (this.links.has(name)) continue;
      this.start(host);
      changed = true;
    }
    if (changed) {
      this.changed.fire(this.list());
      this.projectsChanged.fire();
      this.usageChanged.fire();
    }
  }

  private start(host: RemoteHost): void {
    const link = new HostLink(host, this.env, this.log, this.instance);
    const name = host.name;
    const subscriptions = [
      link.onDidChangeState(() => this.changed.fire(this.list())),
      link.onEvent((frame) => this.event.fire({ host: name, frame })),
      link.onDidAddSession((id) => this.sessionAdded.fire(remoteId(name, id))),
      link.onDidRemoveSession((id) => this.sessionRemoved.fire(remoteId(name, id))),
      link.onDidChangeProjects(() => this.projectsChanged.fire()),
      link.onDidChangeUsage(() => this.usageChanged.fire()),
    ];
    this.links.set(name, { link, subscriptions });
  }

  /** A link ended; for a host removed, its sessions leave every window (they go on running there). */
  private end(name: string, removed: boolean): void {
    const entry = this.links.get(name);
    if (!entry) return;
    this.links.delete(name);
    entry.subscriptions.forEach((s) => s.dispose());
    for (const session of removed ? entry.link.sessions : []) {
      const sessionId = remoteId(name, session.id);
      this.sessionRemoved.fire(sessionId);
      this.event.fire({ host: name, frame: { t: 'evt', e: 'session.removed', p: { sessionId: session.id } } });
    }
    entry.link.dispose();
  }

  private watchHostsFile(): FSWatcher | null {
    try {
      return watch(this.dataDir, (_event, file) => {
        if (file !== 'hosts.json') return;
        if (this.syncTimer) clearTimeout(this.syncTimer);
        this.syncTimer = setTimeout(() => {
          this.syncTimer = null;
          this.sync();
        }, 50);
      });
    } catch (e) {
      this.log(`not watching hosts.json: ${(e as Error).message}`);
      return null;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.watcher?.close();
    if (this.syncTimer) clearTimeout(this.syncTimer);
    for (const name of [...this.links.keys()]) {
      const entry = this.links.get(name)!;
      entry.subscriptions.forEach((s) => s.dispose());
      entry.link.dispose();
    }
    this.links.clear();
    for (const e of [
      this.changed,
      this.event,
      this.sessionAdded,
      this.sessionRemoved,
      this.projectsChanged,
      this.usageChanged,
    ])
      e.dispose();
  }
}
