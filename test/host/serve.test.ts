import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { parseServeArgs } from '../../electron/serve/args';
import { removeDir, startHost, tempDir, type Harness } from '../helpers/host-harness';

const TOKEN = 'serve-test-token-0123456789';

function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
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
    server = await startServer({ host: h.host, bind: '127.0.0.1', port: 0, token: TOKEN, staticDir });
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

  it('serves the page with the token, sets a strict cookie, and sends a strict CSP', async () => {
    const res = await get(server.port, `/?token=${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Flotilla</title>');
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'; script-src 'self'/);
    const asset = await get(server.port, '/assets/app.js', { Cookie: `flotilla_token=${TOKEN}` });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it('never serves files outside the build folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await get(server.port, `${path}?token=${TOKEN}`);
      expect([403, 404]).toContain(res.status);
      expect(res.body).not.toContain('do not serve');
    }
  });

  it('a file that fails to read ends that response only; the server goes on', async () => {
    const failed = await get(server.port, `/assets/unreadable.js?token=${TOKEN}`).catch((e: Error) => e);
    expect(failed instanceof Error ? 'reset' : failed.body).not.toContain('console.log');
    expect((await get(server.port, `/assets/app.js?token=${TOKEN}`)).body).toBe('console.log(1)');
  });

  it('rejects a Host header that is not loopback (DNS rebinding)', async () => {
    const res = await get(server.port, `/?token=${TOKEN}`, { Host: `evil.example:${server.port}` });
    expect(res.status).toBe(403);
  });

  it('accepts a socket only with the token and the same Origin', async () => {
    expect(await openSocket(server.port, '', origin)).toMatchObject({ opened: false, status: 401 });
    expect(await openSocket(server.port, `?token=${TOKEN}`, 'http://evil.example')).toMatchObject({ opened: false, status: 403 });
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
  it('defaults to loopback, a free port and a random token', () => {
    const r = parseServeArgs([]);
    expect(r.ok && r.options).toMatchObject({ host: '127.0.0.1', port: 0 });
    expect(r.ok && r.options.token.length).toBeGreaterThanOrEqual(16);
  });

  it('rejects bad values with a message', () => {
    for (const args of [['--port', 'x'], ['--port', '70000'], ['--token', 'short'], ['--nope']]) {
      const r = parseServeArgs(args);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.message).toBeTruthy();
    }
  });
});
