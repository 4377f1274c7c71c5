import type { Channel } from '../common/channel';
import { HostClient } from '../common/host-client';
import { jsonChannel } from '../common/json-channel';
import type { ClientFrame, HostFrame, Method, MethodResults, Params } from '../common/protocol';
import { DaemonLink } from '../daemon-client/daemon-link';
import { daemonPaths, type DaemonPaths } from '../daemon-client/daemon-paths';
import { connectDaemon } from '../daemon-client/daemon-starter';
import { lineSocket } from '../daemon-client/line-socket';
import { connectRemote } from '../daemon-client/remote-client';
import type { RemoteHost } from '../daemon-client/remote-host';
import { CliError, EXIT } from './cli-error';

export interface CliContext {
  dataDir: string;
  daemonEntry: string;
  json: boolean;
  /** The verbs run on this host's daemon, over ssh (`--host NAME`, `NAME:target`). */
  host?: RemoteHost;
}

/**
 * A protocol client on the daemon's socket. Verbs that only look (ls, status, queue, log, attach)
 * never start a daemon: with none running there is nothing to see, and they say so (exit 3).
 * Verbs that make something (open, start) start one, like `tmux new`.
 */
/** The daemon's paths, or the reason its socket folder is refused, as the CLI says errors. */
export function cliDaemonPaths(dataDir: string): DaemonPaths {
  try {
    return daemonPaths(dataDir);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

export async function openClient(
  { dataDir, daemonEntry, host }: CliContext,
  { start }: { start: boolean },
): Promise<Cli> {
  if (host) {
    // The remote side starts its daemon when none runs (`flotilla daemon connect`).
    const remote = await connectRemote(host);
    if (!remote.ok) throw new CliError(remote.error.message, EXIT.failed, remote.error.code);
    return new Cli(remote.value);
  }
  const socket = start
    ? await new DaemonLink({ dataDir, daemonEntry }).connect().catch((e: Error) => {
        throw new CliError(e.message);
      })
    : await connectDaemon(cliDaemonPaths(dataDir).socket);
  if (!socket)
    throw new CliError(
      `No Flotilla daemon is running for ${dataDir}: open the app, or run \`flotilla daemon start\`.`,
      EXIT.noDaemon,
      'NO_DAEMON',
    );
  return new Cli(
    new HostClient(jsonChannel<HostFrame, ClientFrame>(lineSocket(socket)) as Channel<HostFrame, ClientFrame>),
  );
}

/** The HostClient with the CLI's manners: a host error becomes a CliError carrying its code. */
export class Cli {
  constructor(readonly client: HostClient) {}

  async call<M extends Method>(method: M, params: Params<M>): Promise<MethodResults[M]> {
    const result = await this.client.request(method, params);
    if (!result.ok) throw new CliError(result.error.message, EXIT.failed, result.error.code);
    return result.value;
  }

  close(): void {
    this.client.close();
  }
}
