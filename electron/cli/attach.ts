import { StringDecoder } from 'node:string_decoder';
import type { AttachSnapshot } from '../common/types';
import { CliError, EXIT } from './cli-error';
import type { Cli } from './daemon-client';
import { resolveSession } from './targets';

/** Ctrl-] detaches (as in telnet): agents and shells have no use for it. */
export const DETACH_KEY = '\x1d';

/** Modes a program may have turned on in this terminal, turned off again when the client leaves. */
const RESTORE = '\x1b[?2004l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1l\x1b[?25h\x1b[0m\x1b[?1049l';

/**
 * This terminal becomes a live client of the session, like `tmux attach`: its screen, then every
 * byte; keys go to the session. The session takes this terminal's size (tmux's "latest client"
 * rule); a tile that is resized later takes it back.
 */
export async function attach(cli: Cli, target: string): Promise<number> {
  const { stdin, stdout } = process;
  if (!stdin.isTTY || !stdout.isTTY)
    throw new CliError('flotilla attach needs a terminal (stdin and stdout).', EXIT.usage, 'USAGE');
  const session = await resolveSession(cli, target);
  const { client } = cli;
  const sessionId = session.id;
  const resize = () =>
    void client.request('sessions.resize', {
      sessionId,
      cols: Math.max(2, stdout.columns),
      rows: Math.max(1, stdout.rows),
    });

  return new Promise<number>((resolve) => {
    const decoder = new StringDecoder('utf8');
    let finished = false;
    const finish = (message: string, code: number) => {
      if (finished) return;
      finished = true;
      stdin.setRawMode(false);
      stdin.pause();
      stdout.off('resize', resize);
      stdout.write(`${RESTORE}[${message}]\n`, () => resolve(code));
    };
    const write = (text: string) => stdout.write(text, () => client.ack(sessionId, text.length));
    const sink = {
      screen: (snapshot: AttachSnapshot) => {
        stdout.write('\x1b[H\x1b[2J');
        write(snapshot.screen);
      },
      data: write,
    };
    stdout.write('\x1b[?1049h');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', (chunk: Buffer) => {
      const text = decoder.write(chunk);
      const at = text.indexOf(DETACH_KEY);
      if (at === -1) return client.input(sessionId, text);
      if (at > 0) client.input(sessionId, text.slice(0, at));
      void client.detach(sessionId).finally(() => finish(`detached from ${session.title}`, EXIT.ok));
    });
    stdout.on('resize', resize);
    client.on('session.updated', (info) => {
      if (info.id === sessionId && info.status === 'exited')
        finish(`${session.title} exited${info.exitCode !== null ? ` with code ${info.exitCode}` : ''}`, EXIT.ok);
    });
    client.on(
      'session.removed',
      ({ sessionId: gone }) => gone === sessionId && finish(`${session.title} was closed`, EXIT.ok),
    );
    client.onClose(() => finish('lost the Flotilla daemon', EXIT.failed));
    resize();
    void client.attach(sessionId, sink).then((r) => {
      if (!r.ok) finish(r.error.message, EXIT.failed);
    });
  });
}
