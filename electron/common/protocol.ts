/**
 * The one contract between the host and every client (Electron window, browser tab, test).
 * Params are zod schemas because the host validates everything that enters it; results and
 * events are plain types. Both the host's router and the renderer's client are typed from here.
 */
import { z } from 'zod';
import type { Result } from './result';
import type { AgentPreset } from './agents';
import { checkConfigSchema, type CheckRun, type CheckSetup } from './checks';
import type { CommitDetail, TimelinePage, WorktreeStatus } from './timeline';
import { MAX_TILES, type Layout } from './layout';
import { HOST_NAME } from './remote-ids';
import type { UsageSnapshot } from './usage';
import type {
  AttachSnapshot,
  HostInfo,
  HostState,
  Project,
  PromptRecord,
  QueueItem,
  SessionInfo,
  SessionQueueState,
} from './types';

/** Room for a host's name before an id from that host (`devbox:<uuid>`, remote-ids.ts). */
const id = z.string().min(1).max(128);
const hostName = z.string().regex(HOST_NAME, 'is not a host name');
const none = z.object({}).strict();
/** Full commit ids only (SHA-1 or SHA-256): a short prefix could name a branch instead. */
const commitHash = z.string().regex(/^([0-9a-f]{40}|[0-9a-f]{64})$/, 'is not a full commit id');
export const cols = z.number().int().min(2).max(2000);
export const rows = z.number().int().min(1).max(1000);
const fraction = z.number().min(0.05).max(20);
export const layoutSchema = z.object({
  tiles: z.array(id).max(MAX_TILES),
  maximized: id.nullable(),
  focused: id.nullable(),
  rowSizes: z.array(fraction).max(MAX_TILES),
  colSizes: z.array(z.array(fraction).max(MAX_TILES)).max(MAX_TILES),
}) satisfies z.ZodType<Layout>;
/** A prompt: anything a person would paste, up to 100k characters. */
const promptText = z
  .string()
  .max(100_000)
  .refine((t) => t.trim().length > 0, 'is empty');

export const methodParams = {
  'host.info': none,
  /** The handshake a connection from another machine starts with: both sides' versions. */
  'host.hello': z
    .object({
      version: z.string().min(1).max(64),
      protocol: z.number().int().min(0),
      /** Another machine's daemon (a host link): it gets this machine's own things only, never its hosts'. */
      peer: z.boolean().optional(),
    })
    .strict(),
  /** Ends every session and the host itself (the daemon; "Quit and end all sessions"). */
  'host.shutdown': none,
  /**
   * Browser mode from the daemon itself (what `serve` asks for): an HTTP + WebSocket server with
   * the token, for as long as this connection holds it. Browsers then talk to the host directly.
   */
  'browser.serve': z
    .object({
      host: z.string().min(1).max(255),
      port: z.number().int().min(0).max(65535),
      token: z.string().regex(/^[\w-]{22,512}$/, 'must be 22+ characters of A-Z a-z 0-9 _ -'),
      tls: z
        .object({ cert: z.string().max(200_000), key: z.string().max(200_000) })
        .strict()
        .optional(),
      insecure: z.boolean(),
    })
    .strict(),
  /** A one-time link (no token in it) to this connection's browser server. */
  'browser.ticket': none,
  'projects.list': none,
  /** A folder on this machine, or on `host` (a remote host's name). */
  'projects.add': z.object({ path: z.string().min(1).max(4096), host: hostName.optional() }).strict(),
  'projects.remove': z.object({ projectId: id }).strict(),
  /** Folders completing a typed path (`~` allowed); with nothing typed, recently added ones. */
  'folders.suggest': z.object({ partial: z.string().max(4096), host: hostName.optional() }).strict(),
  /** The other machines this daemon reaches over ssh, and how each link is. */
  'hosts.list': none,
  'hosts.add': z
    .object({
      name: hostName,
      destination: z.string().min(1).max(1024),
      sshConfig: z.string().min(1).max(4096).optional(),
      remoteCommand: z.array(z.string().min(1).max(4096)).min(1).max(64).optional(),
    })
    .strict(),
  'hosts.remove': z.object({ name: hostName }).strict(),
  /** Try a host's link now instead of at its next backoff. */
  'hosts.reconnect': z.object({ name: hostName }).strict(),
  /** Copies this machine's built Flotilla to the host over its ssh and builds it there; `dir` there (default .flotilla). */
  'hosts.install': z
    .object({
      name: hostName,
      dir: z
        .string()
        .min(1)
        .max(1024)
        .regex(/^[^\x00-\x1f\x7f]+$/, 'has control characters')
        .optional(),
    })
    .strict(),
  'sessions.list': none,
  'sessions.start': z
    .object({
      projectId: id,
      /** Agent preset (default: shell). */
      presetId: id.optional(),
      /** A command line split into argv by the host (no shell); empty = the preset's command. */
      command: z.string().max(8192).optional(),
      cols: cols.optional(),
      rows: rows.optional(),
    })
    .strict(),
  'sessions.restart': z.object({ sessionId: id }).strict(),
  'sessions.kill': z.object({ sessionId: id }).strict(),
  'sessions.close': z.object({ sessionId: id }).strict(),
  'sessions.resize': z.object({ sessionId: id, cols, rows }).strict(),
  /** Start receiving a session's output: answers with its screen, then 'out' frames follow. */
  'sessions.attach': z.object({ sessionId: id }).strict(),
  'sessions.detach': z.object({ sessionId: id }).strict(),
  /** The visible screen as plain text lines (`flotilla log`). */
  'sessions.text': z.object({ sessionId: id }).strict(),
  'sessions.rename': z.object({ sessionId: id, title: z.string().trim().min(1).max(60) }).strict(),
  'layout.get': none,
  'layout.set': z.object({ layout: layoutSchema }).strict(),
  'queue.list': none,
  /** One prompt to one or several sessions (broadcast). */
  'queue.add': z.object({ sessionIds: z.array(id).min(1).max(64), text: promptText }).strict(),
  'queue.edit': z.object({ itemId: id, text: promptText }).strict(),
  'queue.remove': z.object({ itemId: id }).strict(),
  'queue.move': z.object({ itemId: id, toIndex: z.number().int().min(0).max(100_000) }).strict(),
  'queue.sendNow': z.object({ itemId: id }).strict(),
  'queue.pause': z.object({ sessionId: id }).strict(),
  'queue.resume': z.object({ sessionId: id }).strict(),
  'history.list': z.object({ projectId: id.optional() }).strict(),
  'presets.list': none,
  /** Validated against the preset schema by the host, with a message naming the bad field. */
  'presets.save': z.object({ preset: z.unknown() }).strict(),
  'presets.remove': z.object({ presetId: id }).strict(),
  'timeline.page': z
    .object({ projectId: id, skip: z.number().int().min(0).max(10_000_000), limit: z.number().int().min(1).max(500) })
    .strict(),
  'timeline.commit': z.object({ projectId: id, hash: commitHash }).strict(),
  'timeline.worktree': z.object({ projectId: id }).strict(),
  'timeline.revert': z.object({ projectId: id, hash: commitHash }).strict(),
  'timeline.init': z.object({ projectId: id }).strict(),
  /** This client shows the project's timeline: keep its uncommitted line live until close. */
  'timeline.open': z.object({ projectId: id }).strict(),
  'timeline.close': z.object({ projectId: id }).strict(),
  /** The project's check: its settings, what it runs, and whether the person allowed that. */
  'checks.config': z.object({ projectId: id }).strict(),
  'checks.configure': z.object({ projectId: id, config: checkConfigSchema }).strict(),
  /** The person allows the plan they were shown (its fingerprint): new commits on this branch are checked. */
  'checks.allow': z
    .object({ projectId: id, fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'is not a plan fingerprint') })
    .strict(),
  /** "Not now": the proposal is not offered again until what it runs changes. */
  'checks.decline': z.object({ projectId: id }).strict(),
  /** A project's runs, newest first (the timeline's badges). */
  'checks.list': z.object({ projectId: id }).strict(),
  /** The newest run of each project (the sidebar, tile headers). */
  'checks.latest': none,
  'checks.log': z.object({ runId: id }).strict(),
  /** This client shows the run's log: its output comes as 'check.output' until unfollow. */
  'checks.follow': z.object({ runId: id }).strict(),
  'checks.unfollow': z.object({ runId: id }).strict(),
  'checks.cancel': z.object({ runId: id }).strict(),
  'checks.run': z.object({ projectId: id, commit: commitHash }).strict(),
  /** The session whose prompt led to the run's commit, if it is still open. */
  'checks.fixTarget': z.object({ runId: id }).strict(),
  /** A person's fix prompt for the run, queued in the session and the run marked fix-queued, in one step. */
  'checks.queueFix': z.object({ runId: id, sessionId: id, text: promptText }).strict(),
  /** Every account's quota windows and every session's tokens and cost (`flotilla usage`). */
  'usage.get': none,
  /** Pause the account's queues when its 5-hour window reaches `percent`; null: never. */
  'usage.pauseAt': z
    .object({ account: z.string().min(1).max(4200), percent: z.number().int().min(1).max(100).nullable() })
    .strict(),
} as const;

export interface MethodResults {
  'host.info': HostInfo;
  /** `instance`: this daemon's run (a link that reaches its own daemon is refused). */
  'host.hello': { version: string; protocol: number; instance: string };
  'host.shutdown': null;
  'browser.serve': { url: string; port: number };
  'browser.ticket': string;
  'projects.list': Project[];
  'projects.add': Project;
  'projects.remove': null;
  'folders.suggest': string[];
  'hosts.list': HostState[];
  'hosts.add': HostState;
  'hosts.remove': null;
  'hosts.reconnect': null;
  'hosts.install': HostState;
  'sessions.list': SessionInfo[];
  'sessions.start': SessionInfo;
  'sessions.restart': SessionInfo;
  'sessions.kill': null;
  'sessions.close': null;
  'sessions.resize': null;
  'sessions.attach': AttachSnapshot;
  'sessions.detach': null;
  'sessions.text': string[];
  'sessions.rename': SessionInfo;
  'layout.get': Layout;
  'layout.set': Layout;
  'queue.list': SessionQueueState[];
  'queue.add': QueueItem[];
  'queue.edit': null;
  'queue.remove': null;
  'queue.move': null;
  'queue.sendNow': null;
  'queue.pause': null;
  'queue.resume': null;
  'history.list': PromptRecord[];
  'presets.list': AgentPreset[];
  'presets.save': AgentPreset;
  'presets.remove': null;
  'timeline.page': TimelinePage;
  'timeline.commit': CommitDetail;
  'timeline.worktree': WorktreeStatus;
  /** The new commit's hash. */
  'timeline.revert': string;
  'timeline.init': null;
  'timeline.open': null;
  'timeline.close': null;
  'checks.config': CheckSetup;
  'checks.configure': CheckSetup;
  'checks.allow': CheckSetup;
  'checks.decline': CheckSetup;
  'checks.list': CheckRun[];
  'checks.latest': CheckRun[];
  'checks.log': string;
  'checks.follow': null;
  'checks.unfollow': null;
  'checks.cancel': null;
  'checks.run': CheckRun;
  'checks.fixTarget': string | null;
  'checks.queueFix': CheckRun;
  'usage.get': UsageSnapshot;
  'usage.pauseAt': null;
}

export type Method = keyof typeof methodParams;
export type Params<M extends Method> = z.input<(typeof methodParams)[M]>;
export type HostApi = {
  [M in Method]: (params: z.output<(typeof methodParams)[M]>) => Promise<Result<MethodResults[M]>>;
};

export interface HostEvents {
  'projects.changed': Project[];
  'session.updated': SessionInfo;
  'session.removed': { sessionId: string };
  /** The terminal rang its bell (BEL). */
  'session.bell': { sessionId: string };
  'queue.changed': SessionQueueState;
  'layout.changed': Layout;
  'presets.changed': AgentPreset[];
  /** New commits or moved refs ('history'), or uncommitted work changed ('worktree'). */
  'timeline.changed': { projectId: string; kind: 'history' | 'worktree' };
  'check.updated': CheckRun;
  /** A project's check settings or trust changed (allowed, declined, or what it runs changed). */
  'check.setup': CheckSetup;
  /** Output of a run this client follows. */
  'check.output': { runId: string; data: string };
  /** A remote host's link changed (connecting, connected, reconnecting, failed): every host. */
  'hosts.changed': HostState[];
  /** Keys for a session whose host is unreachable were not sent: why (never dropped silently). */
  'input.refused': { sessionId: string; reason: string };
  /** Tokens, cost or a quota window changed (at most about once a second): the whole picture. */
  'usage.changed': UsageSnapshot;
  /** An account's threshold paused its queues: say so to the person once. */
  'usage.paused': { account: string; label: string; usedPercent: number; pauseAt: number };
}
export type EventName = keyof HostEvents;

/** Largest single input frame: a big paste, not a file transfer. */
export const MAX_INPUT_CHARS = 1024 * 1024;

export const clientFrame = z.discriminatedUnion('t', [
  z.object({ t: z.literal('req'), id: z.number().int().nonnegative(), m: z.string().max(64), p: z.unknown() }),
  /** Keystrokes and pastes: fire-and-forget, the hot path back into the pty. */
  z.object({ t: z.literal('in'), s: id, d: z.string().max(MAX_INPUT_CHARS) }),
  /** The client has parsed n more characters of a session's output. */
  z.object({ t: z.literal('ack'), s: id, n: z.number().int().positive().max(1e9) }),
]);
export type ClientFrame = z.infer<typeof clientFrame>;

export type HostFrame =
  | { t: 'res'; id: number; r: Result<unknown> }
  | { [E in EventName]: { t: 'evt'; e: E; p: HostEvents[E] } }[EventName]
  | { t: 'out'; s: string; d: string }
  /** The client fell behind: this screen replaces its own (see the host's client-stream.ts). */
  | { t: 'sync'; s: string; d: AttachSnapshot }
  /** From a front end with no host to reach (no daemon could start): why, before it closes. */
  | { t: 'failed'; reason: string };

export function isMethod(m: string): m is Method {
  return Object.prototype.hasOwnProperty.call(methodParams, m);
}
