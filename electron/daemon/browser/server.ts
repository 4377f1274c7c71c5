import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Channel } from '../../common/channel';
import { AuthBackoff, hasToken, isAllowedHost, isSameOrigin, tokenCookieName } from './auth';
import { serveStatic } from './static-files';
import { websocketText } from './websocket-channel';

export interface ServerOptions {
  /** Each authorized socket, as a channel of JSON texts: to the daemon, or to a host in this process. */
  onClient: (client: Channel<string, string | Buffer>) => void;
  bind: string;
  port: number;
  token: string;
  staticDir: string;
  tls?: { cert: string; key: string };
  log?: (message: string) => void;
  /** Sockets at once; more are refused (a window or a tab each, a handful in practice). */
  maxConnections?: number;
  /** Idle sockets are pinged this often, and dropped if the last ping went unanswered. */
  pingMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  /**
   * A link that works once, within a minute, and carries no token: for a browser started with
   * the link on its command line, where every local user can read it (ps).
   */
  oneTimeUrl(): string;
  close(): Promise<void>;
}

const TICKET_MS = 60_000;

/** 'self' covers the same-origin WebSocket; xterm's DOM renderer injects <style> elements. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

function reject(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end(text);
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The same URL without its token, for the redirect that takes it out of the address bar and history. */
function withoutToken(url: URL): string {
  const params = new URLSearchParams(url.searchParams);
  params.delete('token');
  params.delete('ticket');
  const query = params.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}

/** Browser mode: the renderer build and a WebSocket bridge to the host, behind a token. */
export async function startServer({
  onClient,
  bind,
  port,
  token,
  staticDir,
  tls,
  log = () => {},
  maxConnections = 32,
  pingMs = 30_000,
}: ServerOptions): Promise<RunningServer> {
  const scheme = tls ? 'https' : 'http';
  const cookie = `${tokenCookieName(token)}=${token}; HttpOnly; SameSite=Strict; Path=/${tls ? '; Secure' : ''}`;
  const backoff = new AuthBackoff();
  const tickets = new Map<string, number>();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  const alive = new WeakMap<WebSocket, boolean>();
  sockets.on('connection', (ws) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    onClient(websocketText(ws, log));
  });
  const pinger = setInterval(() => {
    for (const ws of sockets.clients) {
      if (!alive.get(ws)) {
        log('dropped a client that stopped answering pings');
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, pingMs);

  /**
   * Milliseconds a request that failed its credential is told to wait (0: none yet). The right
   * credential is never held back, and only wrong ones count: any local user, or any web page
   * (a no-cors request to loopback), can send wrong tokens from this address.
   */
  const judge = (req: IncomingMessage, ok: boolean): number => {
    const address = req.socket.remoteAddress ?? '?';
    if (ok) return (backoff.succeeded(address), 0);
    backoff.failed(address);
    return backoff.waitFor(address);
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (!isAllowedHost(req, bind)) return reject(res, 403, 'Forbidden host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return reject(res, 405, 'Method not allowed');
    const url = new URL(req.url ?? '/', 'http://local');
    const ticket = url.searchParams.get('ticket');
    const ticketOk = !!ticket && (tickets.get(ticket) ?? 0) > Date.now();
    if (ticket) tickets.delete(ticket); // once, valid or not
    const auth = ticketOk ? { ok: true, fromQuery: true } : hasToken(req, url, token);
    const wait = judge(req, auth.ok);
    if (wait > 0)
      return reject(res, 429, 'Too many wrong tokens: wait a moment.', {
        'Retry-After': String(Math.ceil(wait / 1000)),
      });
    if (!auth.ok)
      return reject(res, 401, 'Flotilla needs its access token: open the link that `npm run serve` printed.');
    if (auth.fromQuery) {
      // The cookie carries the token from now on; the redirect takes it out of the URL.
      res.writeHead(303, { 'Set-Cookie': cookie, Location: withoutToken(url), 'Cache-Control': 'no-store' }).end();
      return;
    }
    void serveStatic(staticDir, url.pathname, res);
  };
  const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, handler) : createHttpServer(handler);

  server.on('upgrade', (req, socket, head) => {
    // A peer that resets mid-handshake must not become an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname !== '/ws' || !isAllowedHost(req, bind)) return refuseUpgrade(socket, '404 Not Found');
    if (!isSameOrigin(req, scheme)) return refuseUpgrade(socket, '403 Forbidden');
    const auth = hasToken(req, url, token);
    if (judge(req, auth.ok) > 0) return refuseUpgrade(socket, '429 Too Many Requests');
    if (!auth.ok) return refuseUpgrade(socket, '401 Unauthorized');
    if (sockets.clients.size >= maxConnections) return refuseUpgrade(socket, '503 Service Unavailable');
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, bind, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const shown = bind.includes(':') ? `[${bind}]` : bind;
  return {
    url: `${scheme}://${shown}:${actual}/?token=${token}`,
    port: actual,
    oneTimeUrl() {
      const ticket = randomBytes(24).toString('base64url');
      tickets.set(ticket, Date.now() + TICKET_MS);
      return `${scheme}://${shown}:${actual}/?ticket=${ticket}`;
    },
    async close() {
      clearInterval(pinger);
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
