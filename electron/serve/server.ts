import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Host } from '../host/host';
import { hasToken, isAllowedHost, isSameOrigin, TOKEN_COOKIE } from './auth';
import { serveStatic } from './static-files';
import { websocketChannel } from './websocket-channel';

export interface ServerOptions {
  host: Host;
  bind: string;
  port: number;
  token: string;
  staticDir: string;
  log?: (message: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

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

function reject(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Browser mode: the renderer build and a WebSocket bridge to the host, behind a token. */
export async function startServer({ host, bind, port, token, staticDir, log = () => {} }: ServerOptions): Promise<RunningServer> {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  sockets.on('connection', (ws) => host.connect(websocketChannel(ws, log)));

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (!isAllowedHost(req, bind)) return reject(res, 403, 'Forbidden host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return reject(res, 405, 'Method not allowed');
    const url = new URL(req.url ?? '/', 'http://local');
    const auth = hasToken(req, url, token);
    if (!auth.ok) return reject(res, 401, 'Flotilla needs its access token: open the link that `npm run serve` printed.');
    if (auth.fromQuery) res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    void serveStatic(staticDir, url.pathname, res);
  });

  server.on('upgrade', (req, socket, head) => {
    // A peer that resets mid-handshake must not become an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname !== '/ws' || !isAllowedHost(req, bind)) return refuseUpgrade(socket, '404 Not Found');
    if (!isSameOrigin(req)) return refuseUpgrade(socket, '403 Forbidden');
    if (!hasToken(req, url, token).ok) return refuseUpgrade(socket, '401 Unauthorized');
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, bind, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const shown = bind.includes(':') ? `[${bind}]` : bind;
  return {
    url: `http://${shown}:${actual}/?token=${token}`,
    port: actual,
    async close() {
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
