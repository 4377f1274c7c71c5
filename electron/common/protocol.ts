/**
 * The one contract between the host and every client (Electron window, browser tab, test).
 * Params are zod schemas because the host validates everything that enters it; results and
 * events are plain types. Both the host's router and the renderer's client are typed from here.
 */
import { z } from 'zod';
import type { Result } from './result';
import type { AttachSnapshot, HostInfo, Project, SessionInfo } from './types';

const id = z.string().min(1).max(64);
const none = z.object({}).strict();
export const cols = z.number().int().min(2).max(2000);
export const rows = z.number().int().min(1).max(1000);

export const methodParams = {
  'host.info': none,
  'projects.list': none,
  'projects.add': z.object({ path: z.string().min(1).max(4096) }).strict(),
  'projects.remove': z.object({ projectId: id }).strict(),
  'sessions.list': none,
  'sessions.start': z
    .object({
      projectId: id,
      /** A command line split into argv by the host (no shell); empty = the user's shell. */
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
} as const;

export interface MethodResults {
  'host.info': HostInfo;
  'projects.list': Project[];
  'projects.add': Project;
  'projects.remove': null;
  'sessions.list': SessionInfo[];
  'sessions.start': SessionInfo;
  'sessions.restart': SessionInfo;
  'sessions.kill': null;
  'sessions.close': null;
  'sessions.resize': null;
  'sessions.attach': AttachSnapshot;
  'sessions.detach': null;
}

export type Method = keyof typeof methodParams;
export type Params<M extends Method> = z.input<(typeof methodParams)[M]>;
export type HostApi = { [M in Method]: (params: z.output<(typeof methodParams)[M]>) => Promise<Result<MethodResults[M]>> };

export interface HostEvents {
  'projects.changed': Project[];
  'session.updated': SessionInfo;
  'session.removed': { sessionId: string };
  /** The terminal rang its bell (BEL). */
  'session.bell': { sessionId: string };
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
  | { t: 'out'; s: string; d: string };

export function isMethod(m: string): m is Method {
  return Object.prototype.hasOwnProperty.call(methodParams, m);
}
