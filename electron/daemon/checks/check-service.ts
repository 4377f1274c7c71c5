import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import {
  checkConfigOf,
  checkConfigSchema,
  failingLines,
  fixPrompt,
  isFinished,
  type CheckConfig,
  type CheckConfigInput,
  type CheckPlan,
  type CheckRun,
  type CheckSetup,
  type CheckTrust,
} from '../../common/checks';
import { fail, ok, type Result } from '../../common/result';
import type { Project } from '../../common/types';
import { branchTip, currentBranch, isAncestor, lastMove } from '../git/branch';
import { checkoutForCheck, removeCheckWorktree } from '../git/check-worktree';
import { commitId, gitText } from '../git/git';
import type { ProjectService } from '../projects/project-service';
import type { QueueService } from '../queue/queue-service';
import type { SessionManager } from '../sessions/session-manager';
import type { CheckStore } from '../store/check-store';
import type { SettingsStore } from '../store/settings-store';
import type { TimelineService } from '../timeline/timeline-service';
import { DisposableStore, Emitter, type Disposable } from '../../common/lifecycle';
import { makePrivateDir } from '../../node/private-dir';
import { checkEnv } from './check-env';
import { checkPlan } from './check-plan';
import { CheckProcess } from './check-process';
import { detectCheck } from './detect-check';

const LIST_LIMIT = 200;
const configKey = (projectId: string) => `check:${projectId}`;
/** The last commit the lane saw on a project (its baseline when the host starts again). */
const headKey = (projectId: string) => `checkHead:${projectId}`;

export interface CheckOutput {
  runId: string;
  data: string;
}

export interface CheckServiceOptions {
  /** Where checks check out commits: the user's cache folder, never the data folder. */
  checksDir: string;
  /** The data folder, where checkouts of an older Flotilla may remain (they are removed). */
  dataDir: string;
  /** The login shell's environment: a check gets PATH, HOME, LANG and what its settings name. */
  env: NodeJS.ProcessEnv;
  /** Checks at once across projects (one per project always). */
  maxParallel?: number;
  /** After a failed write of a new commit (a full disk), it is looked at again this much later. */
  retryMs?: number;
  log?: (message: string) => void;
}

function trustOf(config: CheckConfig, plan: CheckPlan | null): CheckTrust {
  if (!config.command.trim()) return 'off';
  if (config.allowed && config.enabled) return plan?.fingerprint === config.allowed.fingerprint ? 'allowed' : 'changed';
  if (!config.enabled && (config.allowed || config.declined === (plan?.fingerprint ?? null))) return 'off';
  return 'proposed';
}

/**
 * The verification lane. Nothing of a repository runs until its person allows it: a detected
 * check is proposed with what it runs (a script's body, a recipe, the files the command names,
 * read from the commit), and allowing binds that text's fingerprint and the branch. Then every
 * new commit on that branch is checked in a worktree under the user's cache folder, with a
 * minimal environment, one run per project and `maxParallel` in all; a newer commit supersedes
 * one still waiting; a commit that changes what runs is held until allowed again. Results and the
 * end of each log are in sqlite, so a restart keeps them.
 */
export class CheckService implements Disposable {
  private readonly heads = new Map<string, string>();
  /** Each project's first look at HEAD: commits after it are checked, the one it saw is not. */
  private readonly baselines = new Map<string, Promise<void>>();
  private readonly moves = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, CheckRun>();
  private readonly running = new Map<string, { run: CheckRun; process: CheckProcess | null }>();
  /** Every run under way, from checkout to its result written: shutdown waits for them. */
  private readonly runs = new Set<Promise<void>>();
  private readonly retries = new Set<NodeJS.Timeout>();
  private readonly changed = new Emitter<CheckRun>();
  readonly onDidChange = this.changed.event;
  private readonly setupChanged = new Emitter<CheckSetup>();
  readonly onDidChangeSetup = this.setupChanged.event;
  private readonly output = new Emitter<CheckOutput>();
  private readonly disposables = new DisposableStore();
  private readonly maxParallel: number;
  private readonly logLine: (message: string) => void;
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
    this.logLine = options.log ?? (() => {});
    for (const run of store.unfinished())
      store.save({
        ...run,
        state: 'canceled',
        reason: 'Flotilla stopped before this check finished.',
        endedAt: run.endedAt ?? Date.now(),
      });
    this.disposables.add(timeline.onDidChange(({ projectId, kind }) => kind === 'history' && this.moved(projectId)));
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
      const baseline = (async () => {
        await this.removeOldCheckout(project);
        const config = await this.config(project.id);
        const head = await this.watchedHead(project, config);
        if (this.disposed || this.heads.has(project.id)) return;
        const start = typeof seen === 'string' ? seen : head;
        if (start) this.seeHead(project.id, start);
      })();
      this.baselines.set(project.id, baseline);
      if (typeof seen === 'string') this.moved(project.id);
    }
    const open = new Set(list.map((p) => p.id));
    for (const id of [...this.baselines.keys()].filter((id) => !open.has(id))) {
      this.baselines.delete(id);
      this.heads.delete(id);
      this.waiting.delete(id);
      this.running.get(id)?.process?.cancel();
    }
  }

  /** Flotilla once checked out commits inside its data folder: those checkouts go. */
  private async removeOldCheckout(project: Project): Promise<void> {
    const old = join(this.options.dataDir, 'checks', project.id);
    if (existsSync(old)) await removeCheckWorktree(project.path, old);
  }

  /** The commit new commits are counted from: the allowed branch's tip, or HEAD before anything is allowed. */
  private async watchedHead(project: Project, config: CheckConfig): Promise<string | null> {
    const head = config.allowed
      ? await branchTip(project.path, config.allowed.branch)
      : await commitId(project.path, 'HEAD');
    return head.ok ? head.value : null;
  }

  async config(projectId: string): Promise<CheckConfig> {
    const saved = this.settings.get(configKey(projectId));
    if (saved !== undefined) return checkConfigOf(saved);
    const project = this.projects.get(projectId);
    const detected = project ? await detectCheck(project.path) : null;
    // Proposed, not enabled: nothing runs until the person has seen what it runs and said yes.
    const config = checkConfigOf({ command: detected ?? '', detected });
    if (!this.disposed) this.settings.set(configKey(projectId), config); // the database closes after shutdown
    return config;
  }

  /** The settings, what the command runs now (at the watched branch's tip), and whether that is allowed. */
  async setup(projectId: string): Promise<Result<CheckSetup>> {
    const project = this.projects.get(projectId);
    if (!project) return fail('NOT_FOUND', 'That project is no longer open.');
    const config = await this.config(projectId);
    const plan = await this.planNow(project, config);
    return ok({ projectId, config, trust: trustOf(config, plan), plan, since: this.heads.get(projectId) ?? null });
  }

  private async planNow(project: Project, config: CheckConfig): Promise<CheckPlan | null> {
    if (!config.command.trim() || !project.isGitRepo) return null;
    const head = await this.watchedHead(project, config);
    return head ? checkPlan(project.path, head, config.command) : null;
  }

  private async saveConfig(projectId: string, config: CheckConfig): Promise<Result<CheckSetup>> {
    this.settings.set(configKey(projectId), config);
    const setup = await this.setup(projectId);
    if (setup.ok) this.setupChanged.fire(setup.value);
    return setup;
  }

  async configure(projectId: string, input: CheckConfigInput): Promise<Result<CheckSetup>> {
    if (!this.projects.get(projectId)) return fail('NOT_FOUND', 'That project is no longer open.');
    await this.baselines.get(projectId);
    const parsed = checkConfigSchema.safeParse(input);
    if (!parsed.success)
      return fail('BAD_REQUEST', `The check settings are invalid: ${parsed.error.issues[0].message}`);
    if (parsed.data.enabled && !parsed.data.command.trim())
      return fail('BAD_REQUEST', 'Give a check command, or turn checks off.');
    // A new command or environment is asked about again: the allowance names what it allowed.
    return this.saveConfig(projectId, { ...(await this.config(projectId)), ...parsed.data });
  }

  /**
   * The person allows the plan they were shown. It must still be what the command runs; new
   * commits on the branch HEAD is on (or the one allowed before) are checked from now on, and a
   * commit held for this allowance is checked now.
   */
  async allow(projectId: string, fingerprint: string): Promise<Result<CheckSetup>> {
    const project = this.projects.get(projectId);
    if (!project) return fail('NOT_FOUND', 'That project is no longer open.');
    await this.baselines.get(projectId);
    const config = await this.config(projectId);
    if (!config.command.trim())
      return fail('BAD_REQUEST', `${project.name} has no check command: set one in its check settings.`);
    const branch = await currentBranch(project.path);
    if (!branch.ok) return branch;
    const name = branch.value ?? config.allowed?.branch;
    if (!name)
      return fail(
        'DETACHED_HEAD',
        `${project.name} is not on a branch: check out the branch whose new commits should be checked, then allow the check.`,
      );
    const next: CheckConfig = {
      ...config,
      enabled: true,
      declined: null,
      allowed: { fingerprint, branch: name, at: Date.now() },
    };
    const plan = await this.planNow(project, next);
    if (!plan || plan.fingerprint !== fingerprint)
      return fail(
        'CHANGED',
        `What \`${config.command}\` runs changed since it was shown: look at it again before allowing it.`,
      );
    this.settings.set(configKey(projectId), next);
    if (!this.seeHead(projectId, plan.commit))
      return fail('WRITE_FAILED', 'Flotilla could not save the allowance (is the disk full?).');
    const held = this.store.list(projectId, 1)[0];
    if (held?.state === 'held' && held.commit === plan.commit) await this.enqueue(project, plan.commit, config.command);
    return this.saveConfig(projectId, next);
  }

  async decline(projectId: string): Promise<Result<CheckSetup>> {
    const project = this.projects.get(projectId);
    if (!project) return fail('NOT_FOUND', 'That project is no longer open.');
    const config = await this.config(projectId);
    const plan = await this.planNow(project, config);
    return this.saveConfig(projectId, { ...config, enabled: false, declined: plan?.fingerprint ?? null });
  }

  /** One look at a project's refs at a time, in order: two overlapping looks would both see the same "previous". */
  private moved(projectId: string): void {
    const next = (this.moves.get(projectId) ?? Promise.resolve()).then(() => this.headMoved(projectId));
    this.moves.set(projectId, next);
    void next.finally(() => this.moves.get(projectId) === next && this.moves.delete(projectId));
  }

  /**
   * A ref moved. Only a new commit on the allowed branch is checked: another branch checked out,
   * the branch reset to an older commit or moved by `git reset` is not a new commit.
   */
  private async headMoved(projectId: string): Promise<void> {
    const project = this.projects.get(projectId);
    if (!project?.isGitRepo) return;
    await this.baselines.get(projectId);
    const config = await this.config(projectId);
    const tip = await this.watchedHead(project, config);
    const previous = this.heads.get(projectId);
    if (this.disposed || !tip || tip === previous) return;
    if (!this.seeHead(projectId, tip)) return;
    const allowed = config.allowed;
    if (!allowed || !config.enabled || !config.command.trim() || !previous) return;
    const back = await isAncestor(project.path, tip, previous);
    if (!back.ok || back.value || (await lastMove(project.path, allowed.branch))?.startsWith('reset:')) return;
    const plan = await checkPlan(project.path, tip, config.command);
    if (this.disposed) return;
    if (plan.fingerprint === allowed.fingerprint) {
      await this.enqueue(project, tip, config.command);
      return;
    }
    const run = await this.newRun(project, tip, config.command);
    const now = Date.now();
    this.update({
      ...run,
      state: 'held',
      reason: `What \`${config.command}\` runs changed in this commit: it runs once you allow it again.`,
      startedAt: null,
      endedAt: now,
    });
    const setup = await this.setup(projectId);
    if (setup.ok) this.setupChanged.fire(setup.value);
  }

  /**
   * The new commit is written down before it counts as seen: when the write fails (a full disk),
   * the commit is looked at again later, so it is still checked once space returns.
   */
  private seeHead(projectId: string, head: string): boolean {
    try {
      this.settings.set(headKey(projectId), head);
    } catch (e) {
      this.logLine(`could not record commit ${head.slice(0, 8)}: ${(e as Error).message}; trying again later`);
      const timer = setTimeout(() => {
        this.retries.delete(timer);
        this.moved(projectId);
      }, this.options.retryMs ?? 30_000);
      timer.unref();
      this.retries.add(timer);
      return false;
    }
    this.heads.set(projectId, head);
    return true;
  }

  /** Checks `commit` (again), as for a new one: only what the person allowed runs. */
  async run(projectId: string, commit: string): Promise<Result<CheckRun>> {
    const project = this.projects.get(projectId);
    if (!project) return fail('NOT_FOUND', 'That project is no longer open.');
    const config = await this.config(projectId);
    if (!config.command.trim())
      return fail('BAD_REQUEST', `${project.name} has no check command: set one in its check settings.`);
    const id = await commitId(project.path, commit);
    if (!id.ok) return id;
    if (id.value !== commit) return fail('NOT_FOUND', `There is no commit ${commit} here.`);
    const plan = await checkPlan(project.path, commit, config.command);
    if (!config.enabled || plan.fingerprint !== config.allowed?.fingerprint) {
      return fail(
        'NOT_ALLOWED',
        `What \`${config.command}\` runs at this commit was not allowed: allow it in ${project.name}'s check first.`,
      );
    }
    return ok(await this.enqueue(project, commit, config.command));
  }

  private async newRun(project: Project, commit: string, command: string): Promise<CheckRun> {
    const subject = await gitText(project.path, ['log', '-1', '--format=%s', commit, '--']);
    return {
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
  }

  private async enqueue(project: Project, commit: string, command: string): Promise<CheckRun> {
    const run = await this.newRun(project, commit, command);
    if (this.disposed) return { ...run, state: 'canceled', reason: 'Flotilla is stopping.' }; // its database is closing
    const older = this.waiting.get(project.id);
    if (older)
      this.update({
        ...older,
        state: 'skipped',
        reason: `A newer commit (${commit.slice(0, 8)}) came before this check started.`,
        endedAt: Date.now(),
      });
    this.waiting.set(project.id, run);
    this.update(run);
    this.pump();
    return run;
  }

  /** Written, then told; a failed write is logged and clients are told all the same. */
  private update(run: CheckRun, log?: string): void {
    try {
      this.store.save(run, log);
    } catch (e) {
      this.logLine(`could not save check ${run.id} (${run.state}): ${(e as Error).message}`);
    }
    this.changed.fire(run);
  }

  private pump(): void {
    for (const [projectId, run] of this.waiting) {
      if (this.disposed || this.running.size >= this.maxParallel) return;
      if (this.running.has(projectId)) continue;
      this.waiting.delete(projectId);
      const started = this.start(run).finally(() => this.runs.delete(started));
      this.runs.add(started);
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
    makePrivateDir(this.options.checksDir);
    const dir = join(this.options.checksDir, queued.projectId);
    const checkout = project
      ? await checkoutForCheck(project.path, dir, run.commit)
      : fail('NOT_FOUND', 'The project was removed.');
    if (!checkout.ok)
      return finish({ ...run, state: 'error', reason: checkout.error.message, endedAt: Date.now() }, '');
    if (this.disposed)
      return finish(
        { ...run, state: 'canceled', reason: 'Flotilla stopped before this check finished.', endedAt: Date.now() },
        '',
      );
    const config = await this.config(run.projectId);
    const started = CheckProcess.start(
      run.command,
      dir,
      checkEnv(this.options.env, config.env),
      config.timeoutS * 1000,
    );
    if (!started.ok) return finish({ ...run, state: 'error', reason: started.error.message, endedAt: Date.now() }, '');
    const process = (slot.process = started.value);
    process.onOutput((data) => this.output.fire({ runId: run.id, data }));
    const exit = await process.exited;
    const log = process.log();
    process.dispose();
    const state =
      exit.endedBy === 'timeout'
        ? 'timed-out'
        : exit.endedBy === 'cancel'
          ? 'canceled'
          : exit.exitCode === 0
            ? 'passed'
            : 'failed';
    const canceled = this.disposed ? 'Flotilla stopped before this check finished.' : 'Canceled.';
    const reason =
      exit.endedBy === 'timeout'
        ? `It ran longer than ${config.timeoutS} s and was ended.`
        : exit.endedBy === 'cancel'
          ? canceled
          : null;
    run = {
      ...run,
      state,
      exitCode: exit.exitCode,
      reason,
      endedAt: Date.now(),
      failingLines: state === 'passed' ? [] : failingLines(log),
    };
    if ((state === 'failed' || state === 'timed-out') && config.autoFix) run = this.autoFix(run) ?? run;
    finish(run, log);
  }

  /** Auto-fix: the fix prompt goes to the session that led to the commit, once per commit. */
  private autoFix(run: CheckRun): CheckRun | null {
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
    const prompts = this.queues
      .history(run.projectId)
      .filter((p) => p.sentAt <= run.createdAt && this.sessions.get(p.sessionId));
    return prompts.sort((a, b) => b.sentAt - a.sentAt)[0]?.sessionId ?? null;
  }

  fixTarget(runId: string): Result<string | null> {
    const run = this.store.get(runId);
    return run ? ok(this.fixTargetOf(run)) : fail('NOT_FOUND', 'That check is gone.');
  }

  /** A person's fix prompt for this run goes to `sessionId`'s queue, and the run says a fix is queued. */
  queueFix(runId: string, sessionId: string, text: string): Result<CheckRun> {
    const run = this.current(runId);
    if (!run) return fail('NOT_FOUND', 'That check is gone.');
    const added = this.queues.add([sessionId], text);
    if (!added.ok) return added;
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
    return run && isFinished(run.state)
      ? fail('BAD_REQUEST', 'That check has already finished.')
      : fail('NOT_FOUND', 'That check is gone.');
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
    await removeCheckWorktree(project.path, join(this.options.checksDir, project.id));
  }

  /** Ends every running check (its process group) and waits until their results are written. */
  async shutdown(): Promise<void> {
    this.disposed = true;
    this.disposables.dispose();
    for (const timer of this.retries) clearTimeout(timer);
    await Promise.all(this.baselines.values());
    for (const slot of this.running.values()) slot.process?.cancel();
    await Promise.all(this.runs);
  }

  dispose(): void {
    this.disposed = true;
    this.disposables.dispose();
    for (const timer of this.retries) clearTimeout(timer);
    for (const slot of this.running.values()) slot.process?.cancel();
    this.changed.dispose();
    this.setupChanged.dispose();
    this.output.dispose();
  }
}
