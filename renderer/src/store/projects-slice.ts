import type { StateCreator } from 'zustand/vanilla';
import type { Project } from '../../../electron/common/types';
import { requestInPlace, type Reply } from '../host-client/request';
import type { AppState } from './app-store';

export interface ProjectsSlice {
  projects: Project[];
  setProjects(projects: Project[]): void;
  /** A folder on this machine, or on `host` (a remote host's name). */
  addProject(path: string, host?: string): Reply<'projects.add'>;
  removeProject(projectId: string): Reply<'projects.remove'>;
  /** Folders that complete what was typed (recent ones while empty), here or on `host`. */
  suggestFolders(partial: string, host?: string): Reply<'folders.suggest'>;
}

export const createProjectsSlice: StateCreator<AppState, [], [], ProjectsSlice> = (set, get) => ({
  projects: [],
  setProjects: (projects) => set({ projects }),
  addProject: (path, host) => requestInPlace(get, 'projects.add', host ? { path, host } : { path }),
  removeProject: (projectId) => requestInPlace(get, 'projects.remove', { projectId }),
  suggestFolders: (partial, host) => requestInPlace(get, 'folders.suggest', host ? { partial, host } : { partial }),
});
