/**
 * The last line of defence of a process that holds every session: an error nothing else caught
 * is logged and the process goes on, because ending it would end every agent mid-work without
 * its screen saved. Each such log is a bug to fix where it happened.
 */
export function logUncaughtErrors(log: (message: string) => void): void {
  process.on('uncaughtException', (e) => log(`uncaught error (kept running): ${e.stack ?? e}`));
  process.on('unhandledRejection', (e) => log(`unhandled rejection (kept running): ${(e as Error)?.stack ?? e}`));
}
