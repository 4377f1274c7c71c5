import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** Serves a file from the renderer build; never anything outside it. */
export async function serveStatic(root: string, pathname: string, res: ServerResponse): Promise<void> {
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname));
  } catch {
    return void res.writeHead(400).end('Bad path');
  }
  const file = join(root, rel);
  if (!file.startsWith(root + sep)) return void res.writeHead(403).end('Forbidden');
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch {
    return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': rel.endsWith('.html') ? 'no-store' : 'max-age=31536000, immutable',
  });
  // A read error (the file vanished, a disk error) ends this response, never the server.
  await pipeline(createReadStream(file), res).catch(() => res.destroy());
}
