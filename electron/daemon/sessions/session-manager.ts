import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { formatCommandLine, parseCommandLine } from '../../common/command-line';
import { fail, ok, type Result } from '../../common/result';
import type { Project, SessionInfo } from '../../common/types';
import { accountFolder } from '../agents/account';
import { hookArgs, statusFromHook } from '../agents/agent-hooks';
import type { HookReport, HookServer } from '../agents/hook-server';
import { hasOwnStatusLine } from '../usage/claude-status-line';
import { agentSessionIdFrom, isConversation, resumeArgs } from '../agents/resume';
import type { PresetService } from '../agents/preset-service';
import type { SessionStore } from '../store/session-store';
import { DisposableStore, Emitter, type Disposable } from '../../common/lifecycle';
import { defaultShell } from '../../node/resolve-command';
import type { Comeback } from './comeback';
import { Session, type Launch } from './session';
import { sessionEnv } from './session-env';

export interface StartOptions {
  presetId?: string;
  command?: string;
  cols?: number;
  rows?: number;
}

const DEFAULT_SIZE = { cols: 80, rows: 24 };
/** A resumed agent that exits with an error within this long (before it is ready) had nothing to resume. */
const RESUME_GRACE_MS = 5000;

/** Whether `program` is the preset command's program (by name: `claude` and `/opt/bin/claude` are). */
function samePrograms(program: string, presetCommand: string): boolean {
  const parsed = parseCommandLine(presetCommand);
  return parsed.ok && parsed.argv.length > 0 && basename(parsed.argv[0]) === basename(program);
}

/** All sessions of all projects: creates, finds, persists and ends them. */
export class SessionManager implements Disposable {
  private readonly sessions = new Map<
    string,
    { session: Session; subscriptions: DisposableStore; hookToken: string; conversation: string | null }
  >();
  /** Sessions that printed since their screen was last written down. */
  private readonly unsaved = new Set<string>();
  private screenSaver: NodeJS.Timeout | undefined;
  private readonly changed = new Emitter<SessionInfo>();
  readonly onDidChange = this.changed.event;
  private readonly added = new Emitter<Session>();
  readonly onDidAdd = this.added.event;
  private readonly removed = new Emitter<string>();
  readonly onDidRemove = this.removed.event;
  private readonly bell = new Emitter<string>();
  readonly onBell = this.bell.event;
  private readonly reported = new Emitter<{ sessionId: string; report: HookReport }>();
  /** An agent's hook reported (after its conversation id, if any, was taken in). */
  readonly onDidReport = this.reported.event;

  constructor(
    private readonly store: SessionStore,
    private readonly presets: PresetService,
    private readonly hooks: HookServer,
    /** What sessions start from: the login shell's environment (see shell-env.ts). */
    private readonly baseEnv: NodeJS.ProcessEnv = process.env,
  ) {}

  /**
   * What a (re)start runs with: the session's preset as saved now (read once, here), the
   * environment, the preset's hook arguments, and whether the command is the preset's own program.
   */
  private launch(session: Session): Launch & { own: boolean } {
    const preset = this.presets.getOrShell(session.snapshotInfo().presetId);
    const hookToken = this.sessions.get(session.id)?.hookToken ?? '';
    const env: NodeJS.ProcessEnv = {
      ...sessionEnv(session.id, this.baseEnv),
      ...preset.env,
      FLOTILLA_HOOK_SOCKET: this.hooks.socketPath,
      FLOTILLA_HOOK_TOKEN: hookToken,
    };
    // Hook and resume arguments belong to the agent's own program: `bash` typed under the Claude preset runs as typed.
    const own = samePrograms(session.snapshotInfo().argv[0], preset.command);
    // Claude Code's status line carries its quota; a person's own status line is left alone.
    const account = accountFolder(preset, env);
    const statusLine =
      own &&
      preset.hooks === 'claude' &&
      account?.family === 'claude' &&
      !hasOwnStatusLine(account.folder, session.cwd);
    if (statusLine) env.FLOTILLA_STATUS_LINE = this.hooks.statusLinePath(session.id);
    return { preset, env, extraArgs: own ? hookArgs(preset, this.hooks.reporterPath, statusLine) : [], own };
  }

  /** The conversation id the session's agent reported last (or was resumed with), null before any. */
  conversationOf(sessionId: string): string | null {
    return this.sessions.get(sessionId)?.conversation ?? null;
  }

  /**
   * Sessions saved by an earlier host start again in their project with their command (their
   * processes ended with that host), their last screen kept above as history. An agent whose
   * preset can resume continues its conversation; if that fails at once (no conversation to
   * resume), it starts afresh and says so. Answers how each came back, by session id, once known.
   */
  restore(projects: (id: string) => Project | undefined): Map<string, Promise<Comeback>> {
    const comebacks = new Map<string, Promise<Comeback>>();
    for (const row of this.store.list()) {
      const project = projects(row.projectId);
      if (!project) continue;
      const preset = this.presets.getOrShell(row.presetId);
      const session = this.track(
        new Session({ ...row, preset, cwd: project.path, ...DEFAULT_SIZE, startedAt: row.createdAt }),
        row.agentSessionId ?? null,
      );
      const launch = this.launch(session);
      const resume = launch.own ? resumeArgs(launch.preset, row.agentSessionId) : null;
      const started = session.restore(row.lastScreen ?? null, launch, resume);
      const afresh: Comeback = {
        resumed: false,
        why: `Flotilla restarted and ${formatCommandLine(row.argv)} started again as a new process, without what it was doing before.`,
      };
      comebacks.set(session.id, resume && started.ok ? this.watchResume(session, resume) : Promise.resolve(afresh));
    }
    return comebacks;
  }

  /**
   * A resumed agent that is ready (or still runs after RESUME_GRACE_MS) has its conversation;
   * one that exits with an error before had none to resume, and starts afresh.
   */
  private watchResume(session: Session, resume: string[]): Promise<Comeback> {
    return new Promise((resolve) => {
      const settle = () => {
        watch.dispose();
        clearTimeout(timer);
      };
      const watch = session.onDidChange((info) => {
        if (info.status !== 'idle' && info.status !== 'exited') return;
        settle();
        // Ready, or ended by itself (code 0): nothing to start afresh; an exit says so itself.
        if (info.status === 'idle' || info.exitCode === 0 || info.error) return resolve({ resumed: true });
        const how = `${formatCommandLine(resume)} exited with ${info.exitCode !== null ? `code ${info.exitCode}` : `signal ${info.signal}`}`;
        const why = `Flotilla restarted and the agent could not resume its conversation (${how}), so it was started afresh without it.`;
        void session
          .restart(this.launch(session), `could not resume (${how}): started afresh`)
          .then(() => resolve({ resumed: false, why }));
      });
      const timer = setTimeout(() => {
        settle();
        resolve({ resumed: true });
      }, RESUME_GRACE_MS);
      timer.unref();
    });
  }

  rename(id: string, title: string): Result<SessionInfo> {
    const session = this.get(id);
    if (!session) return fail('NOT_FOUND', 'That session no longer exists.');
    this.store.rename(id, title);
    session.rename(title);
    return ok(session.snapshotInfo());
  }

  list(): SessionInfo[] {
    return [...this.sessions.values()].map(({ session }) => session.snapshotInfo());
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id)?.session;
  }

  start(project: Project, options: StartOptions): Result<SessionInfo> {
    const preset = options.presetId ? this.presets.get(options.presetId) : this.presets.getOrShell('shell');
    if (!preset) return fail('NOT_FOUND', `There is no agent preset "${options.presetId}".`);
    const line = options.command?.trim() || preset.command.trim();
    let argv: string[];
    if (line) {
      const parsed = parseCommandLine(line);
      if (!parsed.ok) return fail('BAD_COMMAND', parsed.reason);
      argv = parsed.argv;
    } else {
      argv = [defaultShell(this.baseEnv)];
    }
    const id = randomUUID();
    const createdAt = Date.now();
    const title = this.uniqueTitle(project.id, basename(argv[0]));
    this.store.insert({ id, projectId: project.id, title, argv, presetId: preset.id, createdAt });
    const session = this.track(
      new Session({
        id,
        projectId: project.id,
        title,
        argv,
        preset,
        cwd: project.path,
        cols: options.cols ?? DEFAULT_SIZE.cols,
        rows: options.rows ?? DEFAULT_SIZE.rows,
        startedAt: createdAt,
      }),
    );
    // A command that cannot start still makes a session: its tile says why and offers restart.
    const started = session.start(this.launch(session));
    return started.ok ? started : ok(session.snapshotInfo());
  }

  async restart(id: string): Promise<Result<SessionInfo>> {
    const session = this.get(id);
    if (!session) return fail('NOT_FOUND', 'That session no longer exists.');
    const result = await session.restart(this.launch(session));
    return result.ok ? result : ok(session.snapshotInfo());
  }

  /** Ends the process (if any) and forgets the session. */
  async close(id: string): Promise<Result<null>> {
    const entry = this.sessions.get(id);
    if (!entry) return fail('NOT_FOUND', 'That session no longer exists.');
    this.sessions.delete(id);
    this.unsaved.delete(id);
    entry.subscriptions.dispose();
    // Its queue and clients let go first, so nothing reacts to the exit of a session being closed.
    this.removed.fire(id);
    await entry.session.kill();
    entry.session.dispose();
    this.store.delete(id);
    return ok(null);
  }

  async closeProject(projectId: string): Promise<void> {
    const ids = this.list()
      .filter((s) => s.projectId === projectId)
      .map((s) => s.id);
    await Promise.all(ids.map((id) => this.close(id)));
  }

  /**
   * Keeps every screen for the next start, then ends every process and waits for them (SIGKILL
   * after a grace period): nothing is left behind.
   */
  async shutdown(): Promise<void> {
    clearInterval(this.screenSaver);
    const all = [...this.sessions.values()].map(({ session }) => session);
    const screens = await Promise.all(all.map((s) => s.snapshotScreen()));
    all.forEach((s, i) => this.store.saveScreen(s.id, screens[i]));
    await Promise.all(all.map((s) => s.kill()));
    this.dispose();
  }

  /**
   * Writes down, every `intervalMs`, the screens of sessions that printed since: a host killed
   * without a clean stop (kill -9, a crash, power) still brings them back with their screens.
   */
  saveScreensEvery(intervalMs: number): void {
    clearInterval(this.screenSaver);
    this.screenSaver = setInterval(() => void this.saveChangedScreens(), intervalMs);
    this.screenSaver.unref();
  }

  private async saveChangedScreens(): Promise<void> {
    const ids = [...this.unsaved];
    this.unsaved.clear();
    for (const id of ids) {
      const session = this.get(id);
      if (!session) continue;
      const screen = await session.snapshotScreen();
      if (this.get(id)) this.store.saveScreen(id, screen); // not closed meanwhile
    }
  }

  private track(session: Session, agentSessionId: string | null = null): Session {
    const subscriptions = new DisposableStore();
    /** The conversation id this session's current process reported. */
    let inProcess: { pid: number | null; id: string } | null = null;
    subscriptions.add(session.onOutput(() => this.unsaved.add(session.id)));
    const hook = subscriptions.add(
      this.hooks.register((report) => {
        const reported = agentSessionIdFrom(report);
        const pid = session.snapshotInfo().pid;
        if (reported && isConversation(reported, inProcess?.pid === pid ? inProcess.id : null)) {
          inProcess = { pid, id: reported.id };
          const entry = this.sessions.get(session.id);
          if (entry) entry.conversation = reported.id;
          if (reported.id !== agentSessionId) this.store.saveAgentSession(session.id, (agentSessionId = reported.id));
        }
        const status = statusFromHook(report);
        const message = (report.payload as { message?: unknown } | null)?.message;
        if (status) session.hookReported(status, typeof message === 'string' ? message.slice(0, 120) : null);
        this.reported.fire({ sessionId: session.id, report });
      }),
    );
    subscriptions.add(session.onDidChange((info) => this.changed.fire(info)));
    subscriptions.add(session.onBell(() => this.bell.fire(session.id)));
    this.sessions.set(session.id, { session, subscriptions, hookToken: hook.token, conversation: agentSessionId });
    this.added.fire(session);
    return session;
  }

  private uniqueTitle(projectId: string, base: string): string {
    const taken = new Set(
      this.list()
        .filter((s) => s.projectId === projectId)
        .map((s) => s.title),
    );
    if (!taken.has(base)) return base;
    let n = 2;
    while (taken.has(`${base} ${n}`)) n++;
    return `${base} ${n}`;
  }

  dispose(): void {
    clearInterval(this.screenSaver);
    for (const { session, subscriptions } of this.sessions.values()) {
      subscriptions.dispose();
      session.dispose();
    }
    this.sessions.clear();
    this.changed.dispose();
    this.added.dispose();
    this.removed.dispose();
    this.bell.dispose();
    this.reported.dispose();
  }
}
