/** @module Host, Origin and token checks shared by the HTTP routes and the page WebSocket. */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Hostnames that are loopback addresses. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** True when `host` (a bind address) only accepts loopback connections. */
export function isLoopbackBind(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** A fresh random token: 32 bytes, base64url. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A constant-time check of a given token against `expected`: the given token is copied into a
 * buffer of the expected length (cut or zero-filled) and compared whole, its own length compared
 * apart, so the time depends on neither the secret's bytes nor how much of it a guess got right.
 * No hashing per request: two `createHash` objects per request were ~3 % of an HTTP call's bridge
 * time.
 */
export function createTokenCheck(expected: string): (given: string | undefined) => boolean {
  const want = Buffer.from(expected);
  return (given) => {
    if (given === undefined) return false;
    const got = Buffer.alloc(want.length);
    got.write(given);
    // Both evaluated, whatever the first gives.
    const sameBytes = timingSafeEqual(got, want);
    return (Buffer.byteLength(given) === want.length) && sameBytes;
  };
}

/** The hostname part of a Host header (`[::1]:80` → `[::1]`), lower-cased. */
export function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end < 0 ? undefined : h.slice(0, end + 1);
  }
  const colon = h.indexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

/** Builds the Host check: loopback names when bound to loopback, plus the bind host and extras. */
export function createHostCheck(bindHost: string, extra: readonly string[] = []): (host: string | undefined) => boolean {
  const allowed = new Set<string>(extra.map((h) => h.toLowerCase()));
  allowed.add(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost.toLowerCase());
  if (isLoopbackBind(bindHost)) for (const h of LOOPBACK_HOSTS) allowed.add(h);
  return (host) => {
    const name = hostnameOf(host);
    return name !== undefined && allowed.has(name);
  };
}

/**
 * Builds an Origin allow-list check. Patterns are exact origins or `scheme://host:*` (any port).
 * `null` and malformed origins never match.
 */
export function createOriginCheck(patterns: readonly string[]): (origin: string) => boolean {
  const exact = new Set<string>();
  const anyPort: string[] = [];
  for (const p of patterns) {
    if (p.endsWith(':*')) anyPort.push(p.slice(0, -2).toLowerCase());
    else exact.add(p.toLowerCase().replace(/\/$/, ''));
  }
  return (origin) => {
    const o = origin.toLowerCase();
    if (exact.has(o)) return true;
    let url: URL;
    try {
      url = new URL(o);
    } catch {
      return false;
    }
    if (url.origin !== o) return false;
    return anyPort.includes(`${url.protocol}//${url.hostname}`);
  };
}

/** Default page origins when none are configured: local development servers on any port. */
export const DEFAULT_PAGE_ORIGINS: readonly string[] = ['http://localhost:*', 'http://127.0.0.1:*'];

/** Extracts the bearer token from an `Authorization` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return m?.[1];
}
