import { join } from 'node:path';
import type { HostInfo } from '../common/types';
import { ProjectService } from './projects/project-service';
import { defaultShell } from './sessions/resolve-command';
import { SessionManager } from './sessions/session-manager';
import { openDatabase } from './store/database';
import { ProjectStore } from './store/project-store';
import { SessionStore } from './store/session-store';
import { Connection, type HostChannel } from './server/connection';

export interface HostOptions {
  dataDir: string;
  version?: string;
  log?: (message: string) => void;
}

export interface Host {
  readonly info: HostInfo;
  readonly sessions: SessionManager;
  connect(channel: HostChannel): Connection;
  /** Ends every session's process, closes every client and the database. */
  shutdown(): Promise<void>;
}

/** The product's core, in plain Node: the same in Electron's utility process, browser mode and tests. */
export async function createHost({ dataDir, version = '0.0.0', log = () => {} }: HostOptions): Promise<Host> {
  const db = openDatabase(join(dataDir, 'flotilla.db'));
  const projects = await ProjectService.load(new ProjectStore(db));
  const sessions = new SessionManager(new SessionStore(db));
  sessions.restore((id) => projects.get(id));
  const info: HostInfo = { version, platform: process.platform, defaultShell: defaultShell(), dataDir };
  const connections = new Set<Connection>();

  return {
    info,
    sessions,
    connect(channel) {
      const connection = new Connection(channel, { info, projects, sessions }, log);
      connections.add(connection);
      channel.onClose(() => connections.delete(connection));
      return connection;
    },
    async shutdown() {
      for (const c of connections) c.dispose();
      await sessions.shutdown();
      projects.dispose();
      db.close();
    },
  };
}
