import type { StateCreator } from 'zustand/vanilla';
import type { Project } from '../../../electron/common/types';
import { requestInPlace, type Reply } from '../host-client/request';
import type { AppState } from './app-store';

export interface ProjectsSlice {
  projects: Project[];
  setProjects(projects: Project[]): void;
  addProject(path: string): Reply<'projects.add'>;
  removeProject(projectId: string): Reply<'projects.remove'>;
  /** Folders that complete what was typed (recent ones while empty). */
  suggestFolders(partial: string): Reply<'folders.suggest'>;
}

export const createProjectsSlice: StateCreator<AppState, [], [], ProjectsSlice> = (set, get) => ({
  projects: [],
  setProjects: (projects) => set({ projects }),
  addProject: (path) => requestInPlace(get, 'projects.add', { path }),
  removeProject: (projectId) => requestInPlace(get, 'projects.remove', { projectId }),
  suggestFolders: (partial) => requestInPlace(get, 'folders.suggest', { partial }),
});
