/**
 * @module
 * The options of `createBridge()` and their checks: unsafe or malformed values throw a
 * `BridgeError` (`WEBMCP_BRIDGE_INVALID_OPTION`) that says what to change.
 */
import { BridgeError } from './errors';
import type { LogLevel, LogSink } from './log';
import { DEFAULT_PAGE_ORIGINS, createHostCheck, createOriginCheck, generateToken, isLoopbackBind } from './security';

/** Options for {@link createBridge}. */
export interface BridgeOptions {
  /** TCP port; 0 picks a free one. @default 8765 */
  port?: number;
  /** Bind address. Non-loopback addresses need explicit `allowedHosts`. @default '127.0.0.1' */
  host?: string;
  /** Extra Host header hostnames to accept (DNS-rebinding allow-list). @default [] */
  allowedHosts?: string[];
  /** Page origins allowed to connect; `scheme://host:*` matches any port. @default ['http://localhost:*', 'http://127.0.0.1:*'] */
  allowOrigins?: string[];
  /** Browser origins allowed to call `/mcp` (requests without `Origin` are unaffected). @default [] */
  clientOrigins?: string[];
  /** Token pages present. @default generated */
  pageToken?: string;
  /** Bearer token MCP clients present. @default generated */
  clientToken?: string;
  /** Require the client token on `/mcp`; `false` is refused unless bound to loopback. @default true */
  clientAuth?: boolean;
  /** Per-call timeout, paused while the page waits for its user. @default 60000 */
  callTimeoutMs?: number;
  /**
   * Heartbeat: interval of progress notifications while a call runs or waits for its user and the
   * page reports no progress of its own (when the client sent a progressToken); 100–3600000 ms.
   * CLI `--heartbeat`. @default 5000
   */
  progressIntervalMs?: number;
  /** Sessions with no request and no open stream for this long are closed. @default 600000 */
  sessionIdleMs?: number;
  /** Most concurrent MCP sessions; at the cap the least recently used idle session is closed. @default 256 */
  maxSessions?: number;
  /** Largest accepted `/mcp` request body (bigger → 413). @default 4194304 */
  maxRequestBytes?: number;
  /** Largest tool result a page may return. @default 4194304 */
  maxResultBytes?: number;
  /** Answer POSTs with JSON instead of SSE streams. @default false */
  jsonResponse?: boolean;
  /** Include tool arguments in audit lines. @default false */
  logArguments?: boolean;
  /** Where JSON log lines go. @default one JSON line per entry on stderr */
  logSink?: LogSink;
  /** Minimum log level. @default 'info' */
  logLevel?: LogLevel;
  /** How long a closed tab keeps its tool names (covers reloads). @default 5000 */
  nameGraceMs?: number;
  /** How long a call to a tool whose tab is reloading waits for the tab. @default 5000 */
  reloadWaitMs?: number;
  /**
   * Page origin whose tools keep bare names; other origins' names carry their label
   * (`checkout__shop.example`). @default the first exact http(s) origin of `allowOrigins`, else the first page's origin
   */
  primaryOrigin?: string;
  /** Give clients the page's full URL (query and fragment included) instead of origin and path. @default false */
  exposePageUrl?: boolean;
}

const TOKEN_PATTERN = /^[A-Za-z0-9._~-]{16,512}$/;

function option(test: boolean, message: string): void {
  if (!test) throw new BridgeError('WEBMCP_BRIDGE_INVALID_OPTION', message);
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  option(Number.isFinite(v) && v > 0, `${name} must be a positive number of milliseconds/bytes; got ${String(value)}`);
  return v;
}

/** Checks `options` and fills in the defaults. */
export function resolveBridgeOptions(options: BridgeOptions) {
  const host = options.host ?? '127.0.0.1';
  const clientAuth = options.clientAuth ?? true;
  option(clientAuth || isLoopbackBind(host), `clientAuth: false (--no-client-auth) is only allowed on a loopback host; got host ${host}`);
  option(
    isLoopbackBind(host) || (options.allowedHosts?.length ?? 0) > 0,
    `host ${host} is not loopback: list the hostnames clients will use in allowedHosts (--allowed-host) so the Host check can work`,
  );
  const pageToken = options.pageToken ?? generateToken();
  option(TOKEN_PATTERN.test(pageToken), 'pageToken must be 16–512 characters of A-Z a-z 0-9 . _ ~ -');
  const clientToken = clientAuth ? (options.clientToken ?? generateToken()) : undefined;
  if (clientToken !== undefined) option(TOKEN_PATTERN.test(clientToken), 'clientToken must be 16–512 characters of A-Z a-z 0-9 . _ ~ -');
  for (const o of [...(options.allowOrigins ?? []), ...(options.clientOrigins ?? [])]) {
    option(o !== '*' && /^[a-z][a-z0-9+.-]*:\/\/[^/]+$/i.test(o), `origin "${o}" must look like scheme://host[:port|:*] (no wildcards, no path)`);
  }
  const callTimeoutMs = positive('callTimeoutMs', options.callTimeoutMs, 60_000);
  const progressIntervalMs = positive('progressIntervalMs', options.progressIntervalMs, 5_000);
  // Faster would flood clients; slower than an hour is no heartbeat.
  option(progressIntervalMs >= 100 && progressIntervalMs <= 3_600_000, `progressIntervalMs (--heartbeat) must be 100–3600000 ms; got ${progressIntervalMs}`);
  const sessionIdleMs = positive('sessionIdleMs', options.sessionIdleMs, 600_000);
  const maxSessions = positive('maxSessions', options.maxSessions, 256);
  const maxRequestBytes = positive('maxRequestBytes', options.maxRequestBytes, 4 * 1024 * 1024);
  const maxResultBytes = positive('maxResultBytes', options.maxResultBytes, 4 * 1024 * 1024);

  const hostOk = createHostCheck(host, options.allowedHosts);
  const pageOriginOk = createOriginCheck(options.allowOrigins?.length ? options.allowOrigins : DEFAULT_PAGE_ORIGINS);
  const clientOriginOk = createOriginCheck(options.clientOrigins ?? []);
  const reloadWaitMs = positive('reloadWaitMs', options.reloadWaitMs, 5_000);
  // An extension origin admits a relay, never a page of its own: it is neither a default primary origin
  // nor a bound on the origins of the pages the relay carries.
  const relayAllowed = options.allowOrigins?.some((o) => o.startsWith('chrome-extension://')) ?? false;
  const primaryOrigin = options.primaryOrigin ?? options.allowOrigins?.find((o) => /^https?:\/\//i.test(o) && !o.endsWith(':*'));
  if (primaryOrigin !== undefined) {
    option(pageOriginOk(primaryOrigin) || relayAllowed, `primaryOrigin "${primaryOrigin}" must be one of the allowed page origins (allowOrigins / --allow-origin)`);
  }
  return {
    host,
    clientAuth,
    pageToken,
    clientToken,
    callTimeoutMs,
    progressIntervalMs,
    sessionIdleMs,
    maxSessions,
    maxRequestBytes,
    maxResultBytes,
    reloadWaitMs,
    primaryOrigin,
    hostOk,
    pageOriginOk,
    clientOriginOk,
  };
}
