import { readDaemonInfo } from '../daemon-client/daemon-info';
import { connectDaemon, startDaemon } from '../daemon-client/daemon-starter';
import { CliError, EXIT } from './cli-error';
import { cliDaemonPaths, openClient, type CliContext } from './daemon-client';
import type { Output } from './verbs';

const notRunning = (dataDir: string) =>
  new CliError(`No Flotilla daemon is running for ${dataDir}.`, EXIT.noDaemon, 'NO_DAEMON');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function daemonStart(ctx: CliContext): Promise<Output> {
  const paths = cliDaemonPaths(ctx.dataDir);
  const running = await connectDaemon(paths.socket);
  if (running) {
    running.destroy();
    const info = readDaemonInfo(paths);
    return {
      text: `The Flotilla daemon is already running (pid ${info?.pid ?? '?'}).`,
      json: { started: false, ...info },
    };
  }
  const { pid } = await startDaemon({ dataDir: ctx.dataDir, daemonEntry: ctx.daemonEntry }).catch((e: Error) => {
    throw new CliError(e.message);
  });
  return {
    text: `Started the Flotilla daemon (pid ${pid}) for ${ctx.dataDir}.`,
    json: { started: true, ...readDaemonInfo(paths) },
  };
}

/** Asks the daemon to end every session and exit, and waits until its process is gone. */
export async function daemonStop(ctx: CliContext, timeoutS = 15): Promise<Output> {
  const info = readDaemonInfo(cliDaemonPaths(ctx.dataDir));
  const cli = await openClient(ctx, { start: false }).catch((e: CliError) => {
    throw e.exitCode === EXIT.noDaemon ? notRunning(ctx.dataDir) : e;
  });
  const sessions = (await cli.call('sessions.list', {})).length;
  await cli.call('host.shutdown', {});
  const until = Date.now() + timeoutS * 1000;
  while (info && isAlive(info.pid)) {
    if (Date.now() > until)
      throw new CliError(
        `The Flotilla daemon (pid ${info.pid}) did not stop within ${timeoutS} s.`,
        EXIT.timeout,
        'TIMEOUT',
      );
    await new Promise((r) => setTimeout(r, 50));
  }
  cli.close();
  return {
    text: `Stopped the Flotilla daemon${info ? ` (pid ${info.pid})` : ''}; ${sessions} session${sessions === 1 ? '' : 's'} ended.`,
    json: { stopped: true, pid: info?.pid ?? null, sessions },
  };
}

export async function daemonStatus(ctx: CliContext): Promise<Output> {
  const paths = cliDaemonPaths(ctx.dataDir);
  const cli = await openClient(ctx, { start: false }).catch((e: CliError) => {
    throw e.exitCode === EXIT.noDaemon ? notRunning(ctx.dataDir) : e;
  });
  const [sessions, host] = await Promise.all([cli.call('sessions.list', {}), cli.call('host.info', {})]);
  cli.close();
  const info = readDaemonInfo(paths);
  const running = sessions.filter((s) => s.pid !== null).length;
  const since = info ? new Date(info.startedAt).toISOString() : '?';
  const warnings = host.warnings ?? []; // a daemon from before warnings has none
  return {
    text: [
      `Running: pid ${info?.pid ?? '?'}, Flotilla ${info?.version ?? '?'}, since ${since}`,
      `Data: ${ctx.dataDir}`,
      `Socket: ${paths.socket}`,
      `Sessions: ${sessions.length} (${running} with a running process)`,
      ...warnings.map((w) => `Warning: ${w}`),
    ].join('\n'),
    json: {
      running: true,
      ...info,
      socket: paths.socket,
      dataDir: ctx.dataDir,
      sessions: sessions.length,
      runningSessions: running,
      warnings,
    },
  };
}
