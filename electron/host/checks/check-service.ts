import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { checkConfigSchema, failingLines, fixPrompt, isFinished, type CheckConfig, type CheckConfigInput, type CheckRun } from '../../common/checks';
import { fail, ok, type Result } from '../../common/result';
import type { Project } from '../../common/types';
import { checkoutForCheck, removeCheckWorktree } from '../git/check-worktree';
import { commitId, gitText } from '../git/git';
import type { ProjectService } from '../projects/project-service';
import type { QueueService } from '../queue/queue-service';
import type { SessionManager } from '../sessions/session-manager';
import { terminalEnv } from '../sessions/session-env';
import type { CheckStore } from '../store/check-store';
import type { SettingsStore } from '../store/settings-store';
import type { TimelineService } from '../timeline/timeline-service';
import { DisposableStore, Emitter, type Disposable } from '../util/lifecycle';
import { CheckProcess } from './check-process';
import { detectCheck } from './detect-check';

const DEFAULT_TIMEOUT_S = 600;
const LIST_LIMIT = 200;
const configKey = (projectId: string) => `check:${projectId}`;
/** The last commit the lane saw on a project (its baseline when the host starts again). */
const headKey = (projectId: string) => `checkHead:${projectId}`;

export interface CheckOutput {
  runId: string;
  data: string;
}

export interface CheckServiceOptions {
  dataDir: string;
  /** The login shell's environment (as sessions get). */
  env: NodeJS.ProcessEnv;
  /** Checks at once across projects (one per project always). */
  maxParallel?: number;
}

/**
 * The verification lane: every new commit on a project's checked-out branch is checked in a
 * worktree of its own under the data folder (never the project's folder), one run per project and
 * `maxParallel` in all; a newer commit supersedes one still waiting. Results and the end of each
 * log are in sqlite, so a restart keeps them.
 */
export class CheckService implements Disposable {
  private readonly heads = new Map<string, string>();
  /** Each project's first look at HEAD: commits after it are checked, the one it saw is not. */
  private readonly baselines = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, CheckRun>();
  private readonly running = new Map<string, { run: CheckRun; process: CheckProcess | null }>();
  private readonly changed = new Emitter<CheckRun>();
  readonly onDidChange = this.changed.event;
  private readonly output = new Emitter<CheckOutput>();
  private readonly disposables = new DisposableStore();
  private readonly maxParallel: number;
  private disposed = false;

  constructor(
    private readonly projects: ProjectService,
    timeline: TimelineService,
    private readonly store: CheckStore,
    private readonly settings: SettingsStore,
    private readonly queues: QueueService,
    private readonly sessions: SessionManager,
    private readonly options: CheckServiceOptions,
  ) {
    this.maxParallel = options.maxParallel ?? Math.min(4, Math.max(2, availableParallelism()));
    for (const run of store.unfinished()) store.save({ ...run, state: 'canceled', reason: 'Flotilla stopped before this check finished.', endedAt: run.endedAt ?? Date.now() });
    this.disposables.add(timeline.onDidChange(({ projectId, kind }) => kind === 'history' && void this.headMoved(projectId)));
    this.disposables.add(projects.onDidChange((list) => this.projectsChanged(list)));
    this.projectsChanged(projects.list());
  }

  /**
   * New projects: the commit they are at is the baseline, not checked, and their check is
   * detected. A project this host has seen before starts from the last commit it saw, so a
   * commit made while Flotilla was not running is checked when it starts.
   */
  private projectsChanged(list: Project[]): void {
    for (const project of list) {
      if (!project.isGitRepo || this.baselines.has(project.id)) continue;
      const seen = this.settings.get(headKey(project.id));
      const baseline = commitId(project.path, 'HEAD').then(async (head) => {
        if (this.disposed) return;
        const current = head.ok ? head.value : null;
        if (!this.heads.has(project.id) && (typeof seen === 'string' || current)) this.seeHead(project.id, typeof seen === 'string' ? seen : current!);
        await this.config(project.id);
      });
      this.baselines.set(project.id, baseline);
      if (typeof seen === 'string') void baseline.then(() => this.headMoved(project.id));
    }
    const open = new Set(list.map((p) => p.id));
    for (const id of [...this.baselines.keys()].filter((id) => !open.has(id))) {
      this.baselines.delete(id);
      this.heads.delete(id);
      this.waiting.delete(id);
      this.running.get(id)?.process?.cancel();
    }
  }

  async config(projectId: string): Promise<CheckConfig> {
    const saved = this.settings.get(configKey(projectId)) as CheckConfig | undefined;
    if (saved) return saved;
    const project = this.projects.get(projectId);
    const detected = project ? await detectCheck(project.path) : null;
    const config: CheckConfig = { command: detected ?? '', enabled: detected !== null, timeoutS: DEFAULT_TIMEOUT_S, autoFix: false, detected };
    if (!this.disposed) this.settings.set(configKey(projectId), config); // the database closes after shutdown
    return config;
  }

  async configure(projectId: string, input: CheckConfigInput): Promise<Result<CheckConfig>> {
    if (!this.projects.get(projectId)) return fail('NOT_FOUND', 'That project is no longer open.');
    await this.baselines.get(projectId);
    const parsed = checkConfigSchema.safeParse(input);
    if (!parsed.success) return fail('BAD_REQUEST', `The check settings are invalid: ${parsed.error.issues[0].message}`);
    if (parsed.data.enabled && !parsed.data.command.trim()) return fail('BAD_REQUEST', 'Give a check command, or turn checks off.');
    const config = { ...(await this.config(projectId)), ...parsed.data };
    this.settings.set(configKey(projectId), config);
    return ok(config);
  }

  private async headMoved(projectId: string): Promise<void> {
    const project = this.projects.get(projectId);
    if (!project?.isGitRepo) return;
    await this.baselines.get(projectId);
    const head = await commitId(project.path, 'HEAD');
    if (this.disposed || !head.ok || !head.value || head.value === this.heads.get(projectId)) return;
    this.seeHead(projectId, head.value);
    const config = await this.config(projectId);
    if (!this.disposed && config.enabled && config.command.trim()) await this.enqueue(project, head.value, config.command);
  }

  private seeHead(projectId: string, head: string): void {
    this.heads.set(projectId, head);
    this.settings.set(headKey(projectId), head);
  }

  /** Checks `commit` (again), as for a new one. */
  async run(projectId: string, commit: string): Promise<Result<CheckRun>> {
    const project = this.projects.get(projectId);
    if (!project) return fail('NOT_FOUND', 'That project is no longer open.');
    const config = await this.config(projectId);
    if (!config.command.trim()) return fail('BAD_REQUEST', `${project.name} has no check command: set one in its check settings.`);
    const id = await commitId(project.path, commit);
    if (!id.ok) return id;
    if (id.value !== commit) return fail('NOT_FOUND', `There is no commit ${commit} here.`);
    return ok(await this.enqueue(project, commit, config.command));
  }

  private async enqueue(project: Project, commit: string, command: string): Promise<CheckRun> {
    const subject = await gitText(project.path, ['log', '-1', '--format=%s', commit, '--']);
    const run: CheckRun = {
      id: randomUUID(),
      projectId: project.id,
      commit,
      subject: subject.ok ? subject.value.trim() : '',
      command,
      state: 'queued',
      exitCode: null,
      reason: null,
      createdAt: Date.now(),
      startedAt: null,
      endedAt: null,
      failingLines: [],
      fixQueued: false,
    };
    if (this.disposed) return { ...run, state: 'canceled', reason: 'Flotilla is stopping.' }; // its database is closing
    const older = this.waiting.get(project.id);
    if (older) this.update({ ...older, state: 'skipped', reason: `A newer commit (${commit.slice(0, 8)}) came before this check started.`, endedAt: Date.now() });
    this.waiting.set(project.id, run);
    this.update(run);
    this.pump();
    return run;
  }

  private update(run: CheckRun, log?: string): void {
    this.store.save(run, log);
    this.changed.fire(run);
  }

  private pump(): void {
    for (const [projectId, run] of this.waiting) {
      if (this.disposed || this.running.size >= this.maxParallel) return;
      if (this.running.has(projectId)) continue;
      this.waiting.delete(projectId);
      void this.start(run);
    }
  }

  private async start(queued: CheckRun): Promise<void> {
    const project = this.projects.get(queued.projectId);
    let run: CheckRun = { ...queued, state: 'running', startedAt: Date.now() };
    const slot: { run: CheckRun; process: CheckProcess | null } = { run, process: null };
    this.running.set(queued.projectId, slot);
    this.update(run);
    const finish = (next: CheckRun, log: string) => {
      this.running.delete(queued.projectId);
      this.update(next, log);
      this.pump();
    };
    const dir = join(this.options.dataDir, 'checks', queued.projectId);
    const checkout = project ? await checkoutForCheck(project.path, dir, run.commit) : fail('NOT_FOUND', 'The project was removed.');
    if (!checkout.ok) return finish({ ...run, state: 'error', reason: checkout.error.message, endedAt: Date.now() }, '');
    const config = await this.config(run.projectId);
    const env = { ...terminalEnv(this.options.env), CI: 'true', FLOTILLA_CHECK_COMMIT: run.commit };
    const started = CheckProcess.start(run.command, dir, env, config.timeoutS * 1000);
    if (!started.ok) return finish({ ...run, state: 'error', reason: started.error.message, endedAt: Date.now() }, '');
    const process = (slot.process = started.value);
    process.onOutput((data) => this.output.fire({ runId: run.id, data }));
    const exit = await process.exited;
    const log = process.log();
    process.dispose();
    const state = exit.endedBy === 'timeout' ? 'timed-out' : exit.endedBy === 'cancel' ? 'canceled' : exit.exitCode === 0 ? 'passed' : 'failed';
    const canceled = this.disposed ? 'Flotilla stopped before this check finished.' : 'Canceled.';
    const reason = exit.endedBy === 'timeout' ? `It ran longer than ${config.timeoutS} s and was ended.` : exit.endedBy === 'cancel' ? canceled : null;
    run = { ...run, state, exitCode: exit.exitCode, reason, endedAt: Date.now(), failingLines: state === 'passed' ? [] : failingLines(log) };
    if ((state === 'failed' || state === 'timed-out') && config.autoFix) run = this.queueFix(run) ?? run;
    finish(run, log);
  }

  /** Auto-fix: the fix prompt goes to the session that led to the commit, once per commit. */
  private queueFix(run: CheckRun): CheckRun | null {
    const target = this.fixTargetOf(run);
    if (!target) return null;
    const already = this.store.list(run.projectId, LIST_LIMIT).some((r) => r.commit === run.commit && r.fixQueued);
    if (already) return null;
    const added = this.queues.add([target], fixPrompt(run, run.failingLines));
    return added.ok ? { ...run, fixQueued: true } : null;
  }

  /**
   * The session whose prompt led to the run's commit: the newest prompt sent to the project
   * before the check was queued, if its session is still open.
   */
  private fixTargetOf(run: CheckRun): string | null {
    const prompts = this.queues.history(run.projectId).filter((p) => p.sentAt <= run.createdAt && this.sessions.get(p.sessionId));
    return prompts.sort((a, b) => b.sentAt - a.sentAt)[0]?.sessionId ?? null;
  }

  fixTarget(runId: string): Result<string | null> {
    const run = this.store.get(runId);
    return run ? ok(this.fixTargetOf(run)) : fail('NOT_FOUND', 'That check is gone.');
  }

  /** A person queued a fix for this run. */
  markFixQueued(runId: string): Result<CheckRun> {
    const run = this.current(runId);
    if (!run) return fail('NOT_FOUND', 'That check is gone.');
    const next = { ...run, fixQueued: true };
    this.update(next);
    return ok(next);
  }

  private current(runId: string): CheckRun | undefined {
    for (const slot of this.running.values()) if (slot.run.id === runId) return slot.run;
    for (const run of this.waiting.values()) if (run.id === runId) return run;
    return this.store.get(runId);
  }

  cancel(runId: string): Result<null> {
    for (const [projectId, run] of this.waiting) {
      if (run.id !== runId) continue;
      this.waiting.delete(projectId);
      this.update({ ...run, state: 'canceled', reason: 'Canceled before it started.', endedAt: Date.now() });
      return ok(null);
    }
    for (const slot of this.running.values()) {
      if (slot.run.id !== runId) continue;
      slot.process?.cancel();
      return ok(null);
    }
    const run = this.store.get(runId);
    return run && isFinished(run.state) ? fail('BAD_REQUEST', 'That check has already finished.') : fail('NOT_FOUND', 'That check is gone.');
  }

  list(projectId: string): CheckRun[] {
    return this.store.list(projectId, LIST_LIMIT).map((r) => this.current(r.id) ?? r);
  }

  /** The newest run of each project that has one. */
  latest(): CheckRun[] {
    return this.projects
      .list()
      .map((p) => this.list(p.id)[0])
      .filter((r): r is CheckRun => r !== undefined);
  }

  log(runId: string): Result<string> {
    for (const slot of this.running.values()) if (slot.run.id === runId) return ok(slot.process?.log() ?? '');
    const log = this.store.log(runId);
    return log === undefined ? fail('NOT_FOUND', 'That check is gone.') : ok(log);
  }

  /** Live output of a run, for a log viewer. */
  follow(runId: string, listener: (data: string) => void): Disposable {
    return this.output.event((o) => o.runId === runId && listener(o.data));
  }

  /** The project is gone: its worktree goes too. */
  async removeProject(project: Project): Promise<void> {
    await removeCheckWorktree(project.path, join(this.options.dataDir, 'checks', project.id));
  }

  /** Ends every running check (its process group) and waits until their results are written. */
  async shutdown(): Promise<void> {
    this.disposed = true;
    this.disposables.dispose();
    await Promise.all(this.baselines.values());
    const running = [...this.running.values()].map((slot) => slot.process).filter((p): p is CheckProcess => p !== null);
    for (const p of running) p.cancel();
    await Promise.all(running.map((p) => p.exited));
    await new Promise((r) => setImmediate(r)); // their finish() runs after `exited`
  }

  dispose(): void {
    this.disposed = true;
    this.disposables.dispose();
    for (const slot of this.running.values()) slot.process?.cancel();
    this.changed.dispose();
    this.output.dispose();
  }
}
