import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The cookie that carries the token, named per instance: cookies ignore ports, so one shared
 * name would let a second `serve` overwrite the first's.
 */
export function tokenCookieName(token: string): string {
  return `flotilla_${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
}

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
  return { ok: sameToken(cookie(req, tokenCookieName(token)), token), fromQuery: false };
}

/** A socket must come from a page this server served: same scheme, host and port. */
export function isSameOrigin(req: IncomingMessage, scheme: 'http' | 'https' = 'http'): boolean {
  const origin = req.headers.origin;
  return !!origin && !!req.headers.host && origin === `${scheme}://${req.headers.host}`;
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

/** Failures an address may have before it must wait. */
const FREE_FAILURES = 5;
const MAX_WAIT_MS = 60_000;

/**
 * Backs off an address that keeps presenting bad tokens: after 5 failures, each further one
 * doubles its wait (1 s, 2 s, … 60 s). A success forgets its failures.
 */
export class AuthBackoff {
  private readonly failures = new Map<string, { count: number; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds the address must still wait, 0 when it may try. */
  waitFor(address: string): number {
    const entry = this.failures.get(address);
    return entry ? Math.max(0, entry.until - this.now()) : 0;
  }

  failed(address: string): void {
    const count = (this.failures.get(address)?.count ?? 0) + 1;
    const wait = count <= FREE_FAILURES ? 0 : Math.min(MAX_WAIT_MS, 1000 * 2 ** (count - FREE_FAILURES - 1));
    this.failures.set(address, { count, until: this.now() + wait });
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  succeeded(address: string): void {
    this.failures.delete(address);
  }
}
