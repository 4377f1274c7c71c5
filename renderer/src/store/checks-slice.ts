import type { StateCreator } from 'zustand/vanilla';
import type { CheckConfigInput, CheckRun, CheckSetup } from '../../../electron/common/checks';
import { requestInPlace, requestOrNotify, type Reply } from '../host-client/request';
import type { AppState } from './app-store';

/** Where a followed run's log goes: the log so far, then live output, or why there is none. */
export interface CheckLogView {
  log(text: string): void;
  output(data: string): void;
  failed(message: string): void;
}

export interface ChecksSlice {
  /** The newest check run of each project, by project id. */
  checks: Record<string, CheckRun>;
  /** Failed runs the person has looked at (their commit opened, or a fix queued): no longer "needs you". */
  seenChecks: Record<string, true>;
  /** Each project's check settings and whether what it runs is allowed (loaded when shown, then kept live). */
  checkSetups: Record<string, CheckSetup>;
  /** A run the host reported: it is the project's newest unless an older one is being updated. */
  upsertCheck(run: CheckRun): void;
  markCheckSeen(runId: string): void;
  setCheckSetup(setup: CheckSetup): void;
  loadCheckSetup(projectId: string): void;
  configureCheck(projectId: string, config: CheckConfigInput): Reply<'checks.configure'>;
  allowCheck(projectId: string, fingerprint: string): void;
  declineCheck(projectId: string): void;
  runCheck(projectId: string, commit: string): void;
  cancelCheck(runId: string): void;
  /** The session whose prompt led to the run's commit, if it is still open. */
  fixTarget(runId: string): Reply<'checks.fixTarget'>;
  /** Queues the fix prompt for the session and marks the run, in one step. */
  queueFix(runId: string, sessionId: string, text: string): Reply<'checks.queueFix'>;
  /** A project's runs, newest first. */
  checkRuns(projectId: string): Reply<'checks.list'>;
  /** Shows a run's log, live while it runs, until the returned function is called. */
  followCheckLog(runId: string, view: CheckLogView): () => void;
}

export const checkFailed = (run: CheckRun | undefined): boolean =>
  run?.state === 'failed' || run?.state === 'timed-out';

export const createChecksSlice: StateCreator<AppState, [], [], ChecksSlice> = (set, get) => ({
  checks: {},
  seenChecks: {},
  checkSetups: {},
  upsertCheck: (run) =>
    set((s) => {
      const current = s.checks[run.projectId];
      if (current && current.id !== run.id && current.createdAt > run.createdAt) return {};
      return { checks: { ...s.checks, [run.projectId]: run } };
    }),
  markCheckSeen: (runId) => {
    if (!get().seenChecks[runId]) set((s) => ({ seenChecks: { ...s.seenChecks, [runId]: true } }));
  },
  setCheckSetup: (setup) => set((s) => ({ checkSetups: { ...s.checkSetups, [setup.projectId]: setup } })),
  loadCheckSetup: (projectId) =>
    void requestInPlace(get, 'checks.config', { projectId }).then((r) => {
      if (r?.ok) get().setCheckSetup(r.value);
    }),
  configureCheck: async (projectId, config) => {
    const r = await requestInPlace(get, 'checks.configure', { projectId, config });
    if (r?.ok) get().setCheckSetup(r.value);
    return r;
  },
  allowCheck: (projectId, fingerprint) => void requestOrNotify(get, 'checks.allow', { projectId, fingerprint }),
  declineCheck: (projectId) => void requestOrNotify(get, 'checks.decline', { projectId }),
  runCheck: (projectId, commit) => void requestOrNotify(get, 'checks.run', { projectId, commit }),
  cancelCheck: (runId) => void requestOrNotify(get, 'checks.cancel', { runId }),
  fixTarget: (runId) => requestInPlace(get, 'checks.fixTarget', { runId }),
  queueFix: (runId, sessionId, text) => requestInPlace(get, 'checks.queueFix', { runId, sessionId, text }),
  checkRuns: (projectId) => requestInPlace(get, 'checks.list', { projectId }),
  followCheckLog: (runId, view) => {
    const client = get().client;
    if (!client) return () => {};
    // Output that arrives before the log's answer is already in that log.
    let logShown = false;
    const off = client.on('check.output', (e) => e.runId === runId && logShown && view.output(e.data));
    void client.request('checks.follow', { runId });
    void client.request('checks.log', { runId }).then((r) => {
      if (!r.ok) return view.failed(r.error.message);
      view.log(r.value);
      logShown = true;
    });
    return () => {
      off();
      void client.request('checks.unfollow', { runId });
    };
  },
});
