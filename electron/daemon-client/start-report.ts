/** The environment variable naming the pipe on which a starting daemon says how it went. */
export const REPORT_FD_ENV = 'FLOTILLA_DAEMON_REPORT_FD';

/** `locked`: another daemon holds the data folder (it may still be starting). */
export type StartReport = { ready: true; pid: number } | { ready: false; reason: string; locked?: boolean };
