import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { fail, ok, type Result } from '../../common/result';
import type { Project } from '../../common/types';
import { repoInfo } from '../git/repo-info';
import type { ProjectStore } from '../store/project-store';
import type { SettingsStore } from '../store/settings-store';
import { Emitter } from '../../common/lifecycle';
import { checkFolder } from './check-folder';
import { completeFolder, existingFolders } from './folder-suggestions';

const isGitRepo = async (path: string) => (await repoInfo(path)).isRepo;
const RECENT_KEY = 'recentFolders';
const MAX_RECENT = 12;

export class ProjectService {
  private readonly projects = new Map<string, Project>();
  private readonly changed = new Emitter<Project[]>();
  readonly onDidChange = this.changed.event;

  private constructor(
    private readonly store: ProjectStore,
    private readonly settings: SettingsStore,
  ) {}

  static async load(store: ProjectStore, settings: SettingsStore): Promise<ProjectService> {
    const service = new ProjectService(store, settings);
    const rows = store.list();
    const git = await Promise.all(rows.map((r) => isGitRepo(r.path)));
    rows.forEach((r, i) => service.projects.set(r.id, { ...r, isGitRepo: git[i] }));
    return service;
  }

  list(): Project[] {
    return [...this.projects.values()];
  }

  get(id: string): Project | undefined {
    return this.projects.get(id);
  }

  async add(input: string): Promise<Result<Project>> {
    const folder = await checkFolder(input);
    if (!folder.ok) return folder;
    const path = folder.value;
    const existing = this.list().find((p) => p.path === path);
    if (existing) return fail('ALREADY_EXISTS', `${path} is already open as the project "${existing.name}".`);
    const project: Project = {
      id: randomUUID(),
      name: basename(path) || path,
      path,
      isGitRepo: await isGitRepo(path),
      addedAt: Date.now(),
    };
    // Re-check after the awaits: two adds of one folder may race.
    if (this.list().some((p) => p.path === path))
      return fail('ALREADY_EXISTS', `${path} is already open as a project.`);
    this.store.insert(project);
    this.projects.set(project.id, project);
    this.settings.set(RECENT_KEY, [path, ...this.recent().filter((p) => p !== path)].slice(0, MAX_RECENT));
    this.changed.fire(this.list());
    return ok(project);
  }

  private recent(): string[] {
    const saved = this.settings.get(RECENT_KEY);
    return Array.isArray(saved) ? saved.filter((p): p is string => typeof p === 'string') : [];
  }

  /**
   * Folders for the path field: completions of what was typed, or with nothing typed the
   * recently added folders that exist and are not open now.
   */
  async suggestFolders(partial: string): Promise<string[]> {
    if (partial.trim()) return completeFolder(partial);
    const open = new Set(this.list().map((p) => p.path));
    return existingFolders(this.recent().filter((p) => !open.has(p)));
  }

  /** Re-reads whether a project is a git repository (after `git init`, say). */
  async refresh(id: string): Promise<void> {
    const project = this.projects.get(id);
    if (!project) return;
    const isRepo = await isGitRepo(project.path);
    if (isRepo === project.isGitRepo) return;
    this.projects.set(id, { ...project, isGitRepo: isRepo });
    this.changed.fire(this.list());
  }

  remove(id: string): Result<null> {
    if (!this.projects.delete(id)) return fail('NOT_FOUND', 'That project is no longer open.');
    this.store.delete(id);
    this.changed.fire(this.list());
    return ok(null);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
