import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'flotilla_token';

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** The token may come in the URL (the link the CLI prints) or in the cookie set from it. */
export function hasToken(req: IncomingMessage, url: URL, token: string): { ok: boolean; fromQuery: boolean } {
  if (sameToken(url.searchParams.get('token'), token)) return { ok: true, fromQuery: true };
  return { ok: sameToken(cookie(req, TOKEN_COOKIE), token), fromQuery: false };
}

/** A socket must come from a page this server served: same scheme, host and port. */
export function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  return !!origin && !!req.headers.host && origin === `http://${req.headers.host}`;
}

/**
 * DNS rebinding guard: on loopback, only accept Host headers that name loopback, so a foreign
 * site that rebinds its name to 127.0.0.1 cannot talk to us even before the token check.
 */
export function isAllowedHost(req: IncomingMessage, boundHost: string): boolean {
  const host = req.headers.host;
  if (!host) return false;
  if (!isLoopback(boundHost)) return true;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return name === 'localhost' || isLoopback(name.replace(/^\[|\]$/g, ''));
}

export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127\.\d+\.\d+\.\d+$/.test(address);
}
