import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { HostInfo } from '../common/types';
import { HookServer } from './agents/hook-server';
import { PresetService } from './agents/preset-service';
import { ProjectService } from './projects/project-service';
import { QueueService } from './queue/queue-service';
import { TimelineService } from './timeline/timeline-service';
import { LayoutService } from './layout/layout-service';
import { CheckService } from './checks/check-service';
import { defaultCacheDir } from './cache-dir';
import { CheckStore } from './store/check-store';
import { SettingsStore } from './store/settings-store';
import { defaultShell } from '../node/resolve-command';
import { resolveShellEnv } from './sessions/shell-env';
import { SessionManager } from './sessions/session-manager';
import { openDataFile } from './store/data-file';
import { PresetStore } from './store/preset-store';
import { ProjectStore } from './store/project-store';
import { QueueStore } from './store/queue-store';
import { SessionStore } from './store/session-store';
import { Connection, type HostChannel } from './server/connection';
import type { BrowserServeOptions, ClientKind } from './server/api';
import { startServer, type RunningServer } from './browser/server';
import { jsonChannel } from '../common/json-channel';
import { fail, ok, type Result } from '../common/result';
import { setUnexpectedErrorHandler } from '../common/lifecycle';
import { acquireHostLock } from './daemon-lock';
import { withoutToken } from '../node/token-env';
import { HostLinks } from './remote/host-links';
import { UsageService } from './usage/usage-service';

export interface HostOptions {
  dataDir: string;
  version?: string;
  log?: (message: string) => void;
  /** The environment the host runs in (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /**
   * Start sessions from the environment of `env`'s login shell (default), as a terminal would:
   * an app opened from a launcher has a bare PATH. Tests turn it off for speed.
   */
  loginShellEnv?: boolean;
  /** The wall clock (usage-limit resets); tests set it. */
  now?: () => number;
  /** How far apart an account's queues resume after a usage limit (default 5 s; tests shorten it). */
  limitStaggerMs?: number;
  /** How a client's `host.shutdown` ends this host's process (the daemon sets it). */
  requestShutdown?: () => void;
  /** The user's cache folder (checks check out commits there); default: the platform's. */
  cacheDir?: string;
  /** Checks at once across projects (default: 2 to 4 by cores). */
  checkParallel?: number;
  /** How soon a commit the checks could not write down (a full disk) is looked at again. */
  checkRetryMs?: number;
  /** The renderer build: with it, clients may ask this host to serve browsers (`browser.serve`). */
  staticDir?: string;
  /** How often screens that changed are written down (so a kill -9 keeps them); 0: only at shutdown. */
  screenSaveMs?: number;
}

export interface Host {
  readonly info: HostInfo;
  readonly sessions: SessionManager;
  readonly queues: QueueService;
  readonly timeline: TimelineService;
  connect(channel: HostChannel, kind: ClientKind): Connection;
  /** Ends every session's process, closes every client and the database. */
  shutdown(): Promise<void>;
}

/**
 * The product's core, in plain Node: the same in Electron's utility process, browser mode and
 * tests. Whoever starts it, it holds the data folder's lock until shutdown; a folder another host
 * holds is refused, naming the holder (the error is `locked`).
 */
export async function createHost(options: HostOptions): Promise<Host> {
  const version = options.version ?? '0.0.0';
  const lock = acquireHostLock(options.dataDir, version);
  if (!lock.ok) throw Object.assign(new Error(lock.message), { locked: true });
  try {
    // Browser mode's token is the token server's alone: not the login shell's, a session's or a check's.
    return await openHost({ ...options, version, env: withoutToken(options.env ?? process.env) }, lock.release);
  } catch (e) {
    lock.release();
    throw e;
  }
}

async function openHost(
  {
    dataDir,
    version,
    log = () => {},
    env,
    loginShellEnv = true,
    now = Date.now,
    limitStaggerMs,
    requestShutdown,
    checkParallel,
    checkRetryMs,
    cacheDir = defaultCacheDir(env),
    staticDir,
    screenSaveMs = 0,
  }: HostOptions & { version: string; env: NodeJS.ProcessEnv },
  releaseLock: () => void,
): Promise<Host> {
  setUnexpectedErrorHandler((e) => log(`a listener failed: ${(e as Error)?.stack ?? e}`));
  const info: HostInfo = {
    version,
    instance: randomUUID(),
    platform: process.platform,
    defaultShell: defaultShell(env),
    dataDir,
    warnings: [],
  };
  // FLOTILLA_DATA_DIR: a `flotilla` command run in a session reaches this host.
  const baseEnv = {
    ...(loginShellEnv ? await loginEnvironment(info.defaultShell, env, log) : env),
    FLOTILLA_DATA_DIR: dataDir,
  };
  const { db, warnings } = openDataFile(join(dataDir, 'flotilla.db'));
  for (const warning of warnings) log(warning);
  info.warnings.push(...warnings);
  const settings = new SettingsStore(db);
  const projects = await ProjectService.load(new ProjectStore(db), settings);
  const presets = new PresetService(new PresetStore(db), log);
  const hooks = new HookServer(log);
  const sessions = new SessionManager(new SessionStore(db), presets, hooks, baseEnv);
  const comebacks = sessions.restore((id) => projects.get(id));
  if (screenSaveMs > 0) sessions.saveScreensEvery(screenSaveMs);
  const queues = new QueueService(new QueueStore(db), sessions, now, comebacks, limitStaggerMs);
  const timeline = new TimelineService(projects);
  const hosts = new HostLinks(dataDir, baseEnv, log, info.instance);
  const layout = new LayoutService(settings, sessions, hosts);
  const checksDir = join(cacheDir, 'checks');
  const checks = new CheckService(projects, timeline, new CheckStore(db), settings, queues, sessions, {
    checksDir,
    dataDir,
    env: baseEnv,
    maxParallel: checkParallel,
    retryMs: checkRetryMs,
    log,
  });
  const usage = new UsageService(sessions, queues, settings, env.HOME, now);
  const connections = new Set<Connection>();
  const connect = (channel: HostChannel, kind: ClientKind) => {
    const connection = new Connection(channel, kind, services, log);
    connections.add(connection);
    channel.onClose(() => connections.delete(connection));
    return connection;
  };
  const serveBrowser = staticDir
    ? async ({ host: bind, port, token, tls }: BrowserServeOptions): Promise<Result<RunningServer>> => {
        try {
          return ok(
            await startServer({
              onClient: (c) => void connect(jsonChannel(c), 'browser'),
              bind,
              port,
              token,
              tls,
              staticDir,
              log,
            }),
          );
        } catch (e) {
          return fail('LISTEN_FAILED', `Could not serve browsers on ${bind}:${port}: ${(e as Error).message}`);
        }
      }
    : undefined;
  const services = {
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
  };

  return {
    info,
    sessions,
    queues,
    timeline,
    connect,
    async shutdown() {
      for (const c of connections) c.dispose();
      hosts.dispose();
      usage.dispose();
      await checks.shutdown();
      checks.dispose();
      queues.dispose();
      timeline.dispose();
      layout.dispose();
      await sessions.shutdown();
      hooks.dispose();
      presets.dispose();
      projects.dispose();
      db.close();
      releaseLock();
    },
  };
}

async function loginEnvironment(
  shell: string,
  env: NodeJS.ProcessEnv,
  log: (message: string) => void,
): Promise<NodeJS.ProcessEnv> {
  const resolved = await resolveShellEnv(shell, env);
  log(
    resolved.source === 'login-shell'
      ? `environment from ${shell} (login shell) in ${resolved.ms} ms`
      : `environment of this process: ${resolved.reason}`,
  );
  return resolved.env;
}
