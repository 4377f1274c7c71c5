import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { jsonChannel } from '../../electron/common/json-channel';
import { startServer, type RunningServer } from '../../electron/daemon/browser/server';
import { parseServeArgs } from '../../electron/serve/args';
import { AuthBackoff, tokenCookieName } from '../../electron/daemon/browser/auth';
import { removeDir, startHost, tempDir, type Harness } from '../helpers/host-harness';

const TOKEN = 'serve-test-token-0123456789';

function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

function openSocket(port: number, query: string, origin?: string) {
  return new Promise<{ opened: boolean; status?: number; ws: WebSocket }>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, { headers: origin ? { Origin: origin } : {} });
    ws.on('open', () => resolve({ opened: true, ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode, ws }));
    ws.on('error', () => resolve({ opened: false, ws }));
  });
}

describe('browser-mode server', () => {
  let h: Harness;
  let server: RunningServer;
  let staticDir: string;
  let origin: string;

  beforeAll(async () => {
    h = await startHost();
    staticDir = tempDir('flotilla-static-');
    mkdirSync(join(staticDir, 'assets'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Flotilla</title>');
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(staticDir, '..', 'secret.txt'), 'do not serve');
    // A "file" whose read fails (EIO): a read error must end that response, not the server.
    symlinkSync('/proc/self/mem', join(staticDir, 'assets', 'unreadable.js'));
    server = await startServer({
      onClient: (c) => void h.host.connect(jsonChannel(c), 'browser'),
      bind: '127.0.0.1',
      port: 0,
      token: TOKEN,
      staticDir,
    });
    origin = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server.close();
    await h.close();
    removeDir(staticDir);
  });

  it('prints a loopback URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it('answers 401 without the token or with a wrong one, on every path', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/?token=wrong-token-0123456789']) {
      expect((await get(server.port, path)).status).toBe(401);
    }
  });

  it('the token link sets a strict per-instance cookie and redirects to the same URL without the token; the page has a strict CSP', async () => {
    const res = await get(server.port, `/?renderer=dom&token=${TOKEN}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/?renderer=dom');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^${tokenCookieName(TOKEN)}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/$`));
    expect(tokenCookieName(TOKEN)).not.toBe(tokenCookieName('another-serve-token-0123456789'));
    const page = await get(server.port, '/?renderer=dom', { Cookie: `${tokenCookieName(TOKEN)}=${TOKEN}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Flotilla</title>');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'; script-src 'self'/);
    const asset = await get(server.port, '/assets/app.js', { Cookie: `${tokenCookieName(TOKEN)}=${TOKEN}` });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    // Another instance's cookie, or the old shared name, is not this one's.
    expect((await get(server.port, '/', { Cookie: `flotilla_token=${TOKEN}` })).status).toBe(401);
  });

  it('a one-time link (for a browser started with it on its command line) works once and holds no token', async () => {
    const link = new URL(server.oneTimeUrl());
    expect(link.search).not.toContain(TOKEN);
    const first = await get(server.port, `${link.pathname}${link.search}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(String(first.headers['set-cookie'])).toContain(`${tokenCookieName(TOKEN)}=${TOKEN}`);
    expect((await get(server.port, `${link.pathname}${link.search}`)).status).toBe(401);
  });

  it('never serves files outside the build folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await get(server.port, path, { Cookie: `${tokenCookieName(TOKEN)}=${TOKEN}` });
      expect([403, 404]).toContain(res.status);
      expect(res.body).not.toContain('do not serve');
    }
  });

  it('a file that fails to read ends that response only; the server goes on', async () => {
    const auth = { Cookie: `${tokenCookieName(TOKEN)}=${TOKEN}` };
    const failed = await get(server.port, '/assets/unreadable.js', auth).catch((e: Error) => e);
    expect(failed instanceof Error ? 'reset' : failed.body).not.toContain('console.log');
    expect((await get(server.port, '/assets/app.js', auth)).body).toBe('console.log(1)');
  });

  it('rejects a Host header that is not loopback (DNS rebinding)', async () => {
    const res = await get(server.port, `/?token=${TOKEN}`, { Host: `evil.example:${server.port}` });
    expect(res.status).toBe(403);
  });

  it('accepts a socket only with the token and the same Origin', async () => {
    expect(await openSocket(server.port, '', origin)).toMatchObject({ opened: false, status: 401 });
    expect(await openSocket(server.port, `?token=${TOKEN}`, 'http://evil.example')).toMatchObject({
      opened: false,
      status: 403,
    });
    expect(await openSocket(server.port, `?token=${TOKEN}`)).toMatchObject({ opened: false, status: 403 });
    const good = await openSocket(server.port, `?token=${TOKEN}`, origin);
    expect(good.opened).toBe(true);
    const reply = new Promise<unknown>((resolve) => good.ws.once('message', (m) => resolve(JSON.parse(m.toString()))));
    good.ws.send(JSON.stringify({ t: 'req', id: 1, m: 'projects.list', p: {} }));
    expect(await reply).toEqual({ t: 'res', id: 1, r: { ok: true, value: [] } });
    const bad = new Promise<unknown>((resolve) => good.ws.once('message', (m) => resolve(JSON.parse(m.toString()))));
    good.ws.send('{not json');
    good.ws.send(JSON.stringify({ t: 'req', id: 2, m: 'projects.list', p: {} }));
    expect(await bad).toMatchObject({ t: 'res', id: 2, r: { ok: true } });
    good.ws.close();
  });
});

describe('serve arguments', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));
  const file = (name: string, text: string, mode: number) => {
    const dir = tempDir('flotilla-args-');
    dirs.push(dir);
    const path = join(dir, name);
    writeFileSync(path, text, { mode });
    chmodSync(path, mode);
    return path;
  };

  it('defaults to loopback, a free port and a random token of 128+ bits', () => {
    const r = parseServeArgs([], {});
    expect(r.ok && r.options).toMatchObject({ host: '127.0.0.1', port: 0 });
    expect(r.ok && r.options.token.length).toBeGreaterThanOrEqual(22);
    expect(r.ok && r.warnings).toEqual([]);
  });

  it('takes the token from FLOTILLA_TOKEN or a 0600 --token-file, never needing it in argv', () => {
    const fromEnv = parseServeArgs([], { FLOTILLA_TOKEN: 'env-token-0123456789abcdef' });
    expect(fromEnv.ok && fromEnv.options.token).toBe('env-token-0123456789abcdef');
    const fromFile = parseServeArgs(['--token-file', file('token', 'file-token-0123456789abcdef\n', 0o600)], {});
    expect(fromFile.ok && fromFile.options.token).toBe('file-token-0123456789abcdef');
    const open = parseServeArgs(['--token-file', file('token', 'file-token-0123456789abcdef', 0o644)], {});
    expect(!open.ok && open.message).toMatch(/can be read by other users \(mode 644\): chmod 600/);
    const argv = parseServeArgs(['--token', 'argv-token-0123456789abcdef'], {});
    expect(argv.ok && argv.warnings.join()).toMatch(/visible to every local user/);
  });

  it('refuses a non-loopback address over plain HTTP unless --insecure, and takes TLS', () => {
    const plain = parseServeArgs(['--host', '0.0.0.0'], {});
    expect(!plain.ok && plain.message).toMatch(/refusing to serve 0\.0\.0\.0 over plain HTTP.*ssh -L/);
    const insecure = parseServeArgs(['--host', '0.0.0.0', '--insecure'], {});
    expect(insecure.ok && insecure.warnings.join()).toMatch(/plain HTTP \(--insecure\)/);
    const { cert, key } = selfSigned();
    const tls = parseServeArgs(['--host', '0.0.0.0', '--tls-cert', cert, '--tls-key', key], {});
    expect(tls.ok && tls.options.tls?.cert).toContain('BEGIN CERTIFICATE');
    expect(parseServeArgs(['--tls-cert', cert], {}).ok).toBe(false);
  });

  it('rejects bad values with a message', () => {
    for (const args of [
      ['--port', 'x'],
      ['--port', '70000'],
      ['--token', 'short'],
      ['--token', 'sixteen-chars-ok'],
      ['--nope'],
    ]) {
      const r = parseServeArgs(args, {});
      expect(r.ok).toBe(false);
      expect(!r.ok && r.message).toBeTruthy();
    }
  });

  /** A throwaway self-signed certificate for 127.0.0.1 (openssl), key 0600. */
  function selfSigned(): { cert: string; key: string } {
    const dir = tempDir('flotilla-tls-');
    dirs.push(dir);
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    chmodSync(key, 0o600);
    return { cert, key };
  }

  it('over TLS: HTTPS, a Secure cookie, and wss from the same origin only', async () => {
    const { cert, key } = selfSigned();
    const h = await startHost();
    const staticDir = tempDir('flotilla-static-');
    dirs.push(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Flotilla</title>');
    const server = await startServer({
      onClient: (c) => void h.host.connect(jsonChannel(c), 'browser'),
      bind: '127.0.0.1',
      port: 0,
      token: TOKEN,
      staticDir,
      tls: { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') },
    });
    try {
      expect(server.url).toBe(`https://127.0.0.1:${server.port}/?token=${TOKEN}`);
      const res = await new Promise<{ status: number; cookie: string }>((resolve, reject) =>
        httpsGet({ host: '127.0.0.1', port: server.port, path: `/?token=${TOKEN}`, ca: readFileSync(cert) }, (r) =>
          resolve({ status: r.statusCode!, cookie: String(r.headers['set-cookie']) }),
        ).on('error', reject),
      );
      expect(res).toMatchObject({ status: 303, cookie: expect.stringMatching(/; Secure$/) });
      const origin = `https://127.0.0.1:${server.port}`;
      const ws = new WebSocket(`wss://127.0.0.1:${server.port}/ws?token=${TOKEN}`, {
        headers: { Origin: origin },
        ca: readFileSync(cert),
      });
      await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
      ws.close();
    } finally {
      await server.close();
      await h.close();
      removeDir(h.dataDir);
    }
  });
});

describe('limits on a served host', () => {
  let h: Harness;
  let server: RunningServer;
  let origin: string;
  beforeAll(async () => {
    h = await startHost();
    const staticDir = tempDir('flotilla-static-');
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Flotilla</title>');
    server = await startServer({
      onClient: (c) => void h.host.connect(jsonChannel(c), 'browser'),
      bind: '127.0.0.1',
      port: 0,
      token: TOKEN,
      staticDir,
      maxConnections: 3,
      pingMs: 150,
    });
    origin = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server.close();
    await h.close();
    removeDir(h.dataDir);
  });

  it('an address that keeps trying wrong tokens is made to wait, doubling each time; a success forgets', () => {
    let now = 0;
    const backoff = new AuthBackoff(() => now);
    for (let i = 0; i < 5; i++) backoff.failed('a');
    expect(backoff.waitFor('a')).toBe(0);
    backoff.failed('a');
    expect(backoff.waitFor('a')).toBe(1000);
    backoff.failed('a');
    expect(backoff.waitFor('a')).toBe(2000);
    for (let i = 0; i < 20; i++) backoff.failed('a');
    expect(backoff.waitFor('a')).toBe(60_000);
    expect(backoff.waitFor('b')).toBe(0);
    now += 60_000;
    expect(backoff.waitFor('a')).toBe(0);
    backoff.succeeded('a');
    backoff.failed('a');
    expect(backoff.waitFor('a')).toBe(0);
  });

  it('wrong tokens from an address are answered 429 with Retry-After; the right token, cookie, ticket and socket are never held back', async () => {
    /** What any local user, or any web page (a no-cors request to loopback), can do. */
    const lockOut = async () => {
      const statuses: number[] = [];
      while (statuses.at(-1) !== 429 && statuses.length < 10)
        statuses.push((await get(server.port, '/?token=wrong-token-0123456789xx')).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.at(-1)).toBe(429);
    };
    await lockOut();
    const limited = await get(server.port, '/?token=wrong-token-0123456789xx');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await get(server.port, `/?token=${TOKEN}`)).status).toBe(303);
    await lockOut();
    expect((await get(server.port, '/', { Cookie: `${tokenCookieName(TOKEN)}=${TOKEN}` })).status).toBe(200);
    await lockOut();
    const link = new URL(server.oneTimeUrl());
    expect((await get(server.port, `${link.pathname}${link.search}`)).status).toBe(303);
    await lockOut();
    expect(await openSocket(server.port, '?token=wrong-token-0123456789xx', origin)).toMatchObject({
      opened: false,
      status: 429,
    });
    const socket = await openSocket(server.port, `?token=${TOKEN}`, origin);
    expect(socket.opened).toBe(true);
    socket.ws.close();
  });

  it('caps the sockets at once, and drops one that stops answering pings', async () => {
    const a = await openSocket(server.port, `?token=${TOKEN}`, origin);
    const b = await openSocket(server.port, `?token=${TOKEN}`, origin);
    const c = await openSocket(server.port, `?token=${TOKEN}`, origin);
    expect([a.opened, b.opened, c.opened]).toEqual([true, true, true]);
    expect(await openSocket(server.port, `?token=${TOKEN}`, origin)).toMatchObject({ opened: false, status: 503 });
    // A client that has gone silent (no pong): ws answers pings itself, so stop its socket from reading.
    (c.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await expect
      .poll(async () => (await openSocket(server.port, `?token=${TOKEN}`, origin)).opened, { timeout: 5000 })
      .toBe(true);
    for (const s of [a, b]) expect(s.ws.readyState).toBe(s.ws.OPEN);
    a.ws.close();
    b.ws.close();
  });
});
