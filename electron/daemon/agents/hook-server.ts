import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Disposable } from '../../common/lifecycle';

/** What an agent's hook reported, in the agent's own words. */
export interface HookReport {
  /** e.g. UserPromptSubmit, PreToolUse, Stop, Notification (Claude); agent-turn-complete (Codex). */
  event: string;
  payload: unknown;
}

/**
 * The script a hook runs: it forwards its event and stdin/argv payload to the host's socket with
 * the session's token from its environment. Written at start-up so it runs from any build.
 */
const REPORTER = `'use strict';
const net = require('net');
const [,, event, ...args] = process.argv;
let input = '';
const send = () => {
  const socket = net.connect(process.env.FLOTILLA_HOOK_SOCKET, () => {
    socket.end(JSON.stringify({ token: process.env.FLOTILLA_HOOK_TOKEN, event, payload: input || args.at(-1) || null }) + '\\n');
  });
  socket.on('error', () => process.exit(0));
};
if (process.stdin.isTTY) send();
else { process.stdin.setEncoding('utf8'); process.stdin.on('data', (d) => (input += d)); process.stdin.on('end', send); }
`;

/**
 * A local socket (in a private 0700 folder, never a network port) where per-session hooks
 * report. Each session gets a token; reports with an unknown token are dropped.
 */
export class HookServer implements Disposable {
  private readonly dir = mkdtempSync(join(tmpdir(), 'flotilla-hooks-'));
  readonly socketPath = join(this.dir, 'hooks.sock');
  readonly reporterPath = join(this.dir, 'report.cjs');
  private readonly sessions = new Map<string, (report: HookReport) => void>();
  private readonly server: Server;

  constructor(private readonly log: (message: string) => void = () => {}) {
    chmodSync(this.dir, 0o700);
    writeFileSync(this.reporterPath, REPORTER, { mode: 0o600 });
    this.server = createServer((socket) => {
      let buffer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => {
        buffer += chunk;
        if (buffer.length > 1_000_000) socket.destroy();
      });
      socket.on('end', () =>
        buffer
          .split('\n')
          .filter(Boolean)
          .forEach((line) => this.receive(line)),
      );
      socket.on('error', () => {});
    });
    this.server.listen(this.socketPath);
  }

  /** Where a session's Claude Code status line writes (in the private folder; session ids are UUIDs). */
  statusLinePath(sessionId: string): string {
    return join(this.dir, `status-${sessionId}.json`);
  }

  /** Registers a session; its hooks authenticate with the returned token. */
  register(onReport: (report: HookReport) => void): { token: string } & Disposable {
    const token = randomBytes(24).toString('hex');
    this.sessions.set(token, onReport);
    return { token, dispose: () => this.sessions.delete(token) };
  }

  private receive(line: string): void {
    let message: { token?: unknown; event?: unknown; payload?: unknown };
    try {
      message = JSON.parse(line);
    } catch {
      return this.log('hook: dropped a report that is not JSON');
    }
    const handler = typeof message.token === 'string' ? this.sessions.get(message.token) : undefined;
    if (!handler || typeof message.event !== 'string') return this.log('hook: dropped a report with an unknown token');
    let payload = message.payload;
    if (typeof payload === 'string') {
      try {
        payload = JSON.parse(payload);
      } catch {
        // Plain text payloads stay text.
      }
    }
    handler({ event: message.event.slice(0, 100), payload });
  }

  dispose(): void {
    this.server.close();
    this.sessions.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
