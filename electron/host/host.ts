import { join } from 'node:path';
import type { HostInfo } from '../common/types';
import { HookServer } from './agents/hook-server';
import { PresetService } from './agents/preset-service';
import { ProjectService } from './projects/project-service';
import { QueueService } from './queue/queue-service';
import { TimelineService } from './timeline/timeline-service';
import { LayoutService } from './layout/layout-service';
import { CheckService } from './checks/check-service';
import { CheckStore } from './store/check-store';
import { SettingsStore } from './store/settings-store';
import { defaultShell } from './sessions/resolve-command';
import { resolveShellEnv } from './sessions/shell-env';
import { SessionManager } from './sessions/session-manager';
import { openDatabase } from './store/database';
import { PresetStore } from './store/preset-store';
import { ProjectStore } from './store/project-store';
import { QueueStore } from './store/queue-store';
import { SessionStore } from './store/session-store';
import { Connection, type HostChannel } from './server/connection';
import type { BrowserServeOptions } from './server/api';
import { startServer, type RunningServer } from './browser/server';
import { jsonChannel } from '../common/json-channel';
import { fail, ok, type Result } from '../common/result';
import { setUnexpectedErrorHandler } from './util/lifecycle';

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
  /** How a client's `host.shutdown` ends this host's process (the daemon sets it). */
  requestShutdown?: () => void;
  /** Checks at once across projects (default: 2 to 4 by cores). */
  checkParallel?: number;
  /** The renderer build: with it, clients may ask this host to serve browsers (`browser.serve`). */
  staticDir?: string;
  /** How often screens that changed are written down (so a kill -9 keeps them); 0: only at shutdown. */
  screenSaveMs?: number;
}

export interface Host {
  readonly info: HostInfo;
  readonly sessions: SessionManager;
  readonly queues: QueueService;
  connect(channel: HostChannel): Connection;
  /** Ends every session's process, closes every client and the database. */
  shutdown(): Promise<void>;
}

/** The product's core, in plain Node: the same in Electron's utility process, browser mode and tests. */
export async function createHost({ dataDir, version = '0.0.0', log = () => {}, env = process.env, loginShellEnv = true, now = Date.now, requestShutdown, checkParallel, staticDir, screenSaveMs = 0 }: HostOptions): Promise<Host> {
  setUnexpectedErrorHandler((e) => log(`a listener failed: ${(e as Error)?.stack ?? e}`));
  const info: HostInfo = { version, platform: process.platform, defaultShell: defaultShell(env), dataDir };
  // FLOTILLA_DATA_DIR: a `flotilla` command run in a session reaches this host.
  const baseEnv = { ...(loginShellEnv ? await loginEnvironment(info.defaultShell, env, log) : env), FLOTILLA_DATA_DIR: dataDir };
  const db = openDatabase(join(dataDir, 'flotilla.db'));
  const settings = new SettingsStore(db);
  const projects = await ProjectService.load(new ProjectStore(db), settings);
  const presets = new PresetService(new PresetStore(db), log);
  const hooks = new HookServer(log);
  const sessions = new SessionManager(new SessionStore(db), presets, hooks, baseEnv);
  sessions.restore((id) => projects.get(id));
  if (screenSaveMs > 0) sessions.saveScreensEvery(screenSaveMs);
  const queues = new QueueService(new QueueStore(db), sessions, presets, now);
  const timeline = new TimelineService(projects);
  const layout = new LayoutService(settings, sessions);
  const checks = new CheckService(projects, timeline, new CheckStore(db), settings, queues, sessions, { dataDir, env: baseEnv, maxParallel: checkParallel });
  const connections = new Set<Connection>();
  const connect = (channel: HostChannel) => {
    const connection = new Connection(channel, services, log);
    connections.add(connection);
    channel.onClose(() => connections.delete(connection));
    return connection;
  };
  const serveBrowser = staticDir
    ? async ({ host: bind, port, token, tls }: BrowserServeOptions): Promise<Result<RunningServer>> => {
        try {
          return ok(await startServer({ onClient: (c) => void connect(jsonChannel(c)), bind, port, token, tls, staticDir, log }));
        } catch (e) {
          return fail('LISTEN_FAILED', `Could not serve browsers on ${bind}:${port}: ${(e as Error).message}`);
        }
      }
    : undefined;
  const services = { info, projects, sessions, presets, queues, timeline, layout, checks, requestShutdown, serveBrowser };

  return {
    info,
    sessions,
    queues,
    connect,
    async shutdown() {
      for (const c of connections) c.dispose();
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
    },
  };
}

async function loginEnvironment(shell: string, env: NodeJS.ProcessEnv, log: (message: string) => void): Promise<NodeJS.ProcessEnv> {
  const resolved = await resolveShellEnv(shell, env);
  log(resolved.source === 'login-shell' ? `environment from ${shell} (login shell) in ${resolved.ms} ms` : `environment of this process: ${resolved.reason}`);
  return resolved.env;
}
