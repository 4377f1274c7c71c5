import { PROTOCOL_VERSION } from '../../common/version';
import { fail, ok, type Result } from '../../common/result';
import type { z } from 'zod';
import type { HostApi, methodParams } from '../../common/protocol';
import { isLoopback } from '../browser/auth';
import type { RunningServer } from '../browser/server';
import type { HostInfo } from '../../common/types';
import type { PresetService } from '../agents/preset-service';
import type { ProjectService } from '../projects/project-service';
import type { QueueService } from '../queue/queue-service';
import type { TimelineService } from '../timeline/timeline-service';
import type { LayoutService } from '../layout/layout-service';
import type { CheckService } from '../checks/check-service';
import type { OutputSink } from '../sessions/client-stream';
import type { SessionManager } from '../sessions/session-manager';
import type { HostLinks } from '../remote/host-links';
import type { UsageService } from '../usage/usage-service';

export interface HostServices {
  info: HostInfo;
  projects: ProjectService;
  sessions: SessionManager;
  presets: PresetService;
  queues: QueueService;
  timeline: TimelineService;
  layout: LayoutService;
  checks: CheckService;
  /** The other machines' daemons this one links to over ssh. */
  hosts: HostLinks;
  usage: UsageService;
  /** Set where the host is a process of its own (the daemon): `host.shutdown` ends it. */
  requestShutdown?: () => void;
  /** Serves browsers from this host (set where the renderer build is known: the daemon). */
  serveBrowser?: (options: BrowserServeOptions) => Promise<Result<RunningServer>>;
}

export type BrowserServeOptions = z.output<(typeof methodParams)['browser.serve']>;

/**
 * How a client reached the host. 'local': the daemon's socket (only the user can open it) or this
 * process; 'browser': a socket from the token server, which may control sessions but not the host.
 */
export type ClientKind = 'local' | 'browser';

/**
 * The client a method runs for: where output goes, and what it holds until it lets go or
 * disconnects (attached sessions, open timelines).
 */
export interface ClientScope extends OutputSink {
  readonly kind: ClientKind;
  /**
   * Takes `key` for the client unless it holds it already (holding twice is holding once: a
   * repeated open or follow counts once): `take` runs and returns what lets go, which runs when
   * the client releases `key` or goes away.
   */
  hold(key: string, take: () => () => void): void;
  release(key: string): void;
  /** Output of a check run this client follows. */
  checkOutput(runId: string, data: string): void;
  /** The client is another machine's daemon: it sees this machine's own things, never its hosts'. */
  markPeer(): void;
}

const gone = () => fail('NOT_FOUND', 'That session no longer exists.');
const notFromBrowser = (what: string, instead: string) =>
  fail('FORBIDDEN', `A browser cannot ${what}: ${instead} on the machine Flotilla runs on.`);

/** Runs `fn` on the queue that holds `itemId` (or says it is gone). */
function onItem<T>(
  queues: QueueService,
  itemId: string,
  fn: (q: ReturnType<QueueService['byItem']> & { ok: true }) => Result<T>,
): Result<T> {
  const queue = queues.byItem(itemId);
  return queue.ok ? fn(queue) : queue;
}

/** The protocol's methods, bound to one client connection. */
export function createApi(
  {
    info,
    projects,
    sessions,
    presets,
    queues,
    timeline,
    layout,
    checks,
    hosts,
    usage,
    requestShutdown,
    serveBrowser,
  }: HostServices,
  client: ClientScope,
): HostApi {
  let served: RunningServer | null = null;
  return {
    'host.info': async () => ok(info),
    'host.hello': async ({ version, protocol, peer }) => {
      if (protocol !== PROTOCOL_VERSION)
        return fail(
          'VERSION_MISMATCH',
          `This Flotilla daemon is ${info.version} (protocol ${PROTOCOL_VERSION}); the client is ${version} (protocol ${protocol}). Update the older one.`,
        );
      if (peer) client.markPeer();
      return ok({ version: info.version, protocol: PROTOCOL_VERSION, instance: info.instance });
    },
    'host.shutdown': async () => {
      if (client.kind === 'browser') return notFromBrowser('stop the Flotilla host', 'run `flotilla daemon stop`');
      if (!requestShutdown)
        return fail('UNSUPPORTED', 'This Flotilla host runs inside its front end: stop that instead.');
      setImmediate(requestShutdown); // after this answer is on its way
      return ok(null);
    },
    'projects.list': async () => ok(projects.list()),
    'projects.add': ({ path }) => projects.add(path),
    'projects.remove': async ({ projectId }) => {
      if (!projects.get(projectId)) return fail('NOT_FOUND', 'That project is no longer open.');
      const project = projects.get(projectId)!;
      await sessions.closeProject(projectId);
      await checks.removeProject(project);
      return projects.remove(projectId);
    },
    'folders.suggest': async ({ partial }) => ok(await projects.suggestFolders(partial)),
    'hosts.list': async () => ok(hosts.list()),
    'hosts.add': async (host) =>
      client.kind === 'browser'
        ? notFromBrowser('add a host', 'run `flotilla host add NAME DESTINATION`')
        : hosts.add(host),
    'hosts.remove': async ({ name }) =>
      client.kind === 'browser' ? notFromBrowser('remove a host', 'run `flotilla host rm NAME`') : hosts.remove(name),
    'hosts.reconnect': async ({ name }) => hosts.reconnect(name),
    'hosts.install': async ({ name, dir }) =>
      client.kind === 'browser'
        ? notFromBrowser('install Flotilla on a host', 'run `flotilla host install NAME`')
        : hosts.install(name, dir),
    'browser.serve': async (options) => {
      if (client.kind === 'browser') return notFromBrowser('open a listener for browsers', 'run `npm run serve`');
      if (!serveBrowser) return fail('UNSUPPORTED', 'This Flotilla host does not serve browsers itself.');
      if (served) return fail('ALREADY_EXISTS', `This connection already serves ${served.url.replace(/\?.*/, '')}.`);
      if (!isLoopback(options.host) && !options.tls && !options.insecure)
        return fail('BAD_REQUEST', `Refusing to serve ${options.host} over plain HTTP without insecure.`);
      const server = await serveBrowser(options);
      if (!server.ok) return server;
      served = server.value;
      client.hold('browser', () => () => void server.value.close());
      return ok({ url: server.value.url, port: server.value.port });
    },
    'browser.ticket': async () =>
      served ? ok(served.oneTimeUrl()) : fail('NOT_FOUND', 'This connection serves no browsers.'),
    'sessions.list': async () => ok(sessions.list()),
    'sessions.start': async ({ projectId, ...options }) => {
      const project = projects.get(projectId);
      if (!project) return fail('NOT_FOUND', 'That project is no longer open.');
      return sessions.start(project, options);
    },
    'sessions.restart': ({ sessionId }) => sessions.restart(sessionId),
    'sessions.kill': async ({ sessionId }) => {
      const session = sessions.get(sessionId);
      if (!session) return gone();
      await session.kill();
      return ok(null);
    },
    'sessions.close': ({ sessionId }) => sessions.close(sessionId),
    'sessions.resize': async ({ sessionId, cols, rows }) => {
      const session = sessions.get(sessionId);
      if (!session) return gone();
      session.resize(cols, rows);
      return ok(null);
    },
    'sessions.attach': async ({ sessionId }) => {
      const session = sessions.get(sessionId);
      if (!session) return gone();
      const snapshot = await session.attach(client);
      client.hold(`attach:${sessionId}`, () => () => sessions.get(sessionId)?.detach(client));
      return ok(snapshot);
    },
    'sessions.detach': async ({ sessionId }) => {
      client.release(`attach:${sessionId}`);
      sessions.get(sessionId)?.detach(client);
      return ok(null);
    },
    'sessions.text': async ({ sessionId }) => {
      const session = sessions.get(sessionId);
      return session ? ok(await session.settledScreenText()) : gone();
    },
    'sessions.rename': async ({ sessionId, title }) => sessions.rename(sessionId, title),
    'layout.get': async () => ok(layout.get()),
    'layout.set': async ({ layout: next }) => layout.set(next),
    'queue.list': async () => ok(queues.list()),
    'queue.add': async ({ sessionIds, text }) => queues.add(sessionIds, text),
    'queue.edit': async ({ itemId, text }) => onItem(queues, itemId, (q) => q.value.edit(itemId, text)),
    'queue.remove': async ({ itemId }) => onItem(queues, itemId, (q) => q.value.remove(itemId)),
    'queue.move': async ({ itemId, toIndex }) => onItem(queues, itemId, (q) => q.value.move(itemId, toIndex)),
    'queue.sendNow': async ({ itemId }) => onItem(queues, itemId, (q) => q.value.sendNow(itemId)),
    'queue.pause': async ({ sessionId }) => {
      const q = queues.get(sessionId);
      if (q.ok) q.value.pause();
      return q.ok ? ok(null) : q;
    },
    'queue.resume': async ({ sessionId }) => {
      const q = queues.get(sessionId);
      if (q.ok) q.value.resume();
      return q.ok ? ok(null) : q;
    },
    'history.list': async ({ projectId }) => ok(queues.history(projectId)),
    'usage.get': async () => ok(usage.snapshot()),
    'usage.pauseAt': async ({ account, percent }) => usage.setPauseAt(account, percent),
    'presets.list': async () => ok(presets.list()),
    'presets.save': async ({ preset }) => presets.save(preset),
    'presets.remove': async ({ presetId }) => presets.remove(presetId),
    'timeline.page': ({ projectId, skip, limit }) => timeline.page(projectId, skip, limit),
    'timeline.commit': ({ projectId, hash }) => timeline.commit(projectId, hash),
    'timeline.worktree': ({ projectId }) => timeline.worktree(projectId),
    'timeline.revert': ({ projectId, hash }) => timeline.revert(projectId, hash),
    'timeline.init': ({ projectId }) => timeline.init(projectId),
    'timeline.open': async ({ projectId }) => {
      client.hold(`timeline:${projectId}`, () => {
        timeline.open(projectId);
        return () => timeline.close(projectId);
      });
      return ok(null);
    },
    'timeline.close': async ({ projectId }) => {
      client.release(`timeline:${projectId}`);
      return ok(null);
    },
    'checks.config': ({ projectId }) => checks.setup(projectId),
    'checks.configure': ({ projectId, config }) => checks.configure(projectId, config),
    'checks.allow': ({ projectId, fingerprint }) => checks.allow(projectId, fingerprint),
    'checks.decline': ({ projectId }) => checks.decline(projectId),
    'checks.list': async ({ projectId }) => ok(checks.list(projectId)),
    'checks.latest': async () => ok(checks.latest()),
    'checks.log': async ({ runId }) => checks.log(runId),
    'checks.follow': async ({ runId }) => {
      client.hold(`check:${runId}`, () => {
        const following = checks.follow(runId, (data) => client.checkOutput(runId, data));
        return () => following.dispose();
      });
      return ok(null);
    },
    'checks.unfollow': async ({ runId }) => {
      client.release(`check:${runId}`);
      return ok(null);
    },
    'checks.cancel': async ({ runId }) => checks.cancel(runId),
    'checks.run': ({ projectId, commit }) => checks.run(projectId, commit),
    'checks.fixTarget': async ({ runId }) => checks.fixTarget(runId),
    'checks.queueFix': async ({ runId, sessionId, text }) => checks.queueFix(runId, sessionId, text),
  };
}
