/** Errors cross the protocol as values: a stable code for programs, a sentence for people. */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNKNOWN_METHOD'
  | 'NOT_FOUND'
  | 'PATH_NOT_FOUND'
  | 'NOT_A_FOLDER'
  | 'NOT_READABLE'
  | 'ALREADY_EXISTS'
  | 'COMMAND_NOT_FOUND'
  | 'BAD_COMMAND'
  | 'SPAWN_FAILED'
  | 'SESSION_NOT_RUNNING'
  | 'DISCONNECTED'
  | 'NOT_A_REPO'
  | 'GIT_FAILED'
  | 'DIRTY_WORKTREE'
  | 'CONFLICT'
  | 'UNSUPPORTED'
  | 'LISTEN_FAILED'
  | 'NOT_ALLOWED'
  | 'UNREACHABLE'
  | 'VERSION_MISMATCH'
  | 'CHANGED'
  | 'DETACHED_HEAD'
  | 'WRITE_FAILED'
  | 'FORBIDDEN'
  | 'INTERNAL';

export interface HostError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: HostError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): { ok: false; error: HostError } => ({
  ok: false,
  error: { code, message },
});
