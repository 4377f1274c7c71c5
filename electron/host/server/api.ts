import { fail, ok } from '../../common/result';
import type { HostApi } from '../../common/protocol';
import type { HostInfo } from '../../common/types';
import type { ProjectService } from '../projects/project-service';
import type { OutputSink } from '../sessions/session';
import type { SessionManager } from '../sessions/session-manager';

export interface HostServices {
  info: HostInfo;
  projects: ProjectService;
  sessions: SessionManager;
}

const gone = () => fail('NOT_FOUND', 'That session no longer exists.');

/** The protocol's methods, bound to one client connection (attach/detach need to know who asks). */
export function createApi({ info, projects, sessions }: HostServices, client: OutputSink): HostApi {
  return {
    'host.info': async () => ok(info),
    'projects.list': async () => ok(projects.list()),
    'projects.add': ({ path }) => projects.add(path),
    'projects.remove': async ({ projectId }) => {
      if (!projects.get(projectId)) return fail('NOT_FOUND', 'That project is no longer open.');
      await sessions.closeProject(projectId);
      return projects.remove(projectId);
    },
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
      return session ? ok(await session.attach(client)) : gone();
    },
    'sessions.detach': async ({ sessionId }) => {
      sessions.get(sessionId)?.detach(client);
      return ok(null);
    },
  };
}
