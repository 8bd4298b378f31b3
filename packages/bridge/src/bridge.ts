/**
 * @module
 * `createBridge()`: one HTTP server carrying the MCP Streamable HTTP endpoint (`/mcp`), the page
 * WebSocket (`/page`) and `/healthz`, with Host, Origin and token checks on every route.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { WebSocketServer } from 'ws';
import { BridgeError } from './errors';
import { BodyTooLarge, readBody, rejectUpgrade, rpcError, sendJson } from './http-helpers';
import { createLogger, type LogLevel, type LogSink, type Logger } from './log';
import { createSessionServer } from './mcp-server';
import { PageHub, type PageInfo } from './page-hub';
import type { PageSocket } from './page-socket';
import { PAGE_RELAY_PROTOCOL, serveRelay } from './page-relay';
import { PAGE_PROTOCOL, PAGE_SOCKET_PATH, PAGE_TOKEN_PROTOCOL_PREFIX } from './protocol';
import {
  DEFAULT_PAGE_ORIGINS,
  bearerToken,
  createHostCheck,
  createOriginCheck,
  generateToken,
  isLoopbackBind,
  tokensEqual,
} from './security';

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
  /** Interval of progress notifications while a call runs (when the client sent a progressToken). @default 5000 */
  progressIntervalMs?: number;
  /** Sessions with no request and no open stream for this long are closed. @default 600000 */
  sessionIdleMs?: number;
  /** Most concurrent MCP sessions. @default 256 */
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
}

/** Counts reported by `/healthz`. */
export interface BridgeStats {
  pages: number;
  tools: number;
  sessions: number;
}

/** A bridge server, returned by {@link createBridge}. */
export interface Bridge {
  /** Starts listening; resolves once the port is bound. */
  listen(): Promise<void>;
  /** Stops listening and closes every session and page connection. */
  close(): Promise<void>;
  /** Serves one MCP session over stdin/stdout (stdio mode). */
  serveStdio(input?: NodeJS.ReadableStream, output?: NodeJS.WritableStream): Promise<void>;
  /** Base URL for pages, e.g. `http://127.0.0.1:8765` (after `listen()`). */
  readonly url: string;
  /** The MCP endpoint URL, `${url}/mcp`. */
  readonly mcpUrl: string;
  /** The bound port (after `listen()`). */
  readonly port: number;
  /** Token pages must present. */
  readonly pageToken: string;
  /** Bearer token MCP clients must present (undefined with `clientAuth: false`). */
  readonly clientToken: string | undefined;
  /** Current counts. */
  stats(): BridgeStats;
  /** Connected pages. */
  pages(): PageInfo[];
  /** Exposed tools: the name clients see, the page's own tool name and the page. */
  tools(): Array<{ name: string; toolName: string; page: PageInfo }>;
  /** Events: `page` (PageInfo), `pagegone` (id), `toolschange`, `resourceschange`. */
  readonly events: EventEmitter;
  /**
   * Adds a page that reached the bridge by another way than its WebSocket (DevTools Protocol,
   * extension): `origin` must already be checked against the allow-list by the caller.
   */
  attachPage(channel: PageSocket, origin: string): void;
}

interface Session {
  server: Server;
  transport: StreamableHTTPServerTransport;
  lastSeen: number;
  /** Requests and streams still open; a session with any is never idle. */
  open: number;
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

/** Creates a bridge: MCP clients on `/mcp`, pages on the WebSocket at `/page`, secure by default. */
export function createBridge(options: BridgeOptions = {}): Bridge {
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
  const sessionIdleMs = positive('sessionIdleMs', options.sessionIdleMs, 600_000);
  const maxSessions = positive('maxSessions', options.maxSessions, 256);
  const maxRequestBytes = positive('maxRequestBytes', options.maxRequestBytes, 4 * 1024 * 1024);
  const maxResultBytes = positive('maxResultBytes', options.maxResultBytes, 4 * 1024 * 1024);
  const log: Logger = createLogger(options.logSink, options.logLevel ?? 'info');

  const hostOk = createHostCheck(host, options.allowedHosts);
  const pageOriginOk = createOriginCheck(options.allowOrigins?.length ? options.allowOrigins : DEFAULT_PAGE_ORIGINS);
  const clientOriginOk = createOriginCheck(options.clientOrigins ?? []);
  const hub = new PageHub({ log, maxResultBytes, nameGraceMs: options.nameGraceMs ?? 5_000, helloTimeoutMs: 5_000 });
  const sessions = new Map<string, Session>();
  const extraServers = new Set<Server>();
  const serverOptions = { hub, log, callTimeoutMs, progressIntervalMs, logArguments: options.logArguments ?? false };

  const broadcast = (send: (s: Server) => Promise<void>) => {
    for (const s of sessions.values()) send(s.server).catch(() => {});
    for (const s of extraServers) send(s).catch(() => {});
  };
  hub.on('toolschange', () => broadcast((s) => s.sendToolListChanged()));
  hub.on('resourceschange', () => broadcast((s) => s.sendResourceListChanged()));

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: Math.max(maxResultBytes + 65_536, 16 * 1024 * 1024),
    handleProtocols: (protocols) => (protocols.has(PAGE_PROTOCOL) ? PAGE_PROTOCOL : protocols.has(PAGE_RELAY_PROTOCOL) ? PAGE_RELAY_PROTOCOL : false),
  });

  function track(session: Session, res: ServerResponse): void {
    session.lastSeen = Date.now();
    session.open++;
    res.on('close', () => {
      session.open--;
      session.lastSeen = Date.now();
    });
  }

  async function handleMcp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sid = req.headers['mcp-session-id'];
    const sessionId = Array.isArray(sid) ? sid[0] : sid;
    if (req.method === 'POST') {
      let body: unknown;
      try {
        const raw = await readBody(req, maxRequestBytes);
        body = JSON.parse(raw);
      } catch (e) {
        if (e instanceof BodyTooLarge) return rpcError(res, 413, -32000, `Request body exceeds ${maxRequestBytes} bytes`);
        return rpcError(res, 400, -32700, 'Parse error: the body is not valid JSON');
      }
      if (sessionId) {
        const session = sessions.get(sessionId);
        if (!session) return rpcError(res, 404, -32001, 'Session not found (it expired or was closed): initialize a new one');
        track(session, res);
        return session.transport.handleRequest(req, res, body);
      }
      if (!isInitializeRequest(body)) return rpcError(res, 400, -32000, 'Bad Request: no mcp-session-id header and the body is not an initialize request');
      if (sessions.size >= maxSessions) return rpcError(res, 503, -32000, `Too many sessions (maxSessions ${maxSessions})`);
      let id = '';
      const server = createSessionServer(serverOptions, () => id);
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomBytes(24).toString('base64url'),
        enableJsonResponse: options.jsonResponse ?? false,
        onsessioninitialized: (sessionId) => {
          id = sessionId;
          sessions.set(sessionId, { server, transport, lastSeen: Date.now(), open: 0 });
          log({ level: 'info', msg: 'session opened', session: sessionId });
        },
      });
      transport.onclose = () => {
        if (id && sessions.delete(id)) log({ level: 'info', msg: 'session closed', session: id });
      };
      await server.connect(transport);
      return transport.handleRequest(req, res, body);
    }
    if (req.method === 'GET' || req.method === 'DELETE') {
      if (!sessionId) return rpcError(res, 400, -32000, 'Bad Request: mcp-session-id header is required');
      const session = sessions.get(sessionId);
      if (!session) return rpcError(res, 404, -32001, 'Session not found (it expired or was closed): initialize a new one');
      track(session, res);
      return session.transport.handleRequest(req, res);
    }
    rpcError(res, 405, -32000, `Method ${req.method} not allowed on /mcp`, { allow: 'GET, POST, DELETE' });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostOk(req.headers.host)) {
      log({ level: 'warn', msg: 'rejected request: Host not allowed', host: req.headers.host });
      return rpcError(res, 403, -32000, `Forbidden: Host header "${req.headers.host ?? ''}" is not allowed (DNS-rebinding protection)`);
    }
    const origin = req.headers.origin;
    // Same-origin requests (Origin = this bridge's own http://host:port) are not cross-origin.
    const sameOrigin = origin !== undefined && origin.toLowerCase() === `http://${String(req.headers.host).toLowerCase()}`;
    if (origin !== undefined && !sameOrigin && !clientOriginOk(origin)) {
      log({ level: 'warn', msg: 'rejected request: Origin not allowed', origin });
      return rpcError(res, 403, -32000, `Forbidden: Origin "${origin}" is not allowed to call this bridge (clientOrigins / --allow-client-origin)`);
    }
    const path = (req.url ?? '/').split('?')[0];
    const cors: Record<string, string> = origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
    if (origin && req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, POST, DELETE',
        'access-control-allow-headers': 'authorization, content-type, accept, mcp-session-id, mcp-protocol-version, last-event-id',
        'access-control-expose-headers': 'mcp-session-id',
        'access-control-max-age': '600',
      });
      return void res.end();
    }
    for (const [k, v] of Object.entries(cors)) res.setHeader(k, v);
    if (origin) res.setHeader('access-control-expose-headers', 'mcp-session-id');
    if (path === '/healthz' && req.method === 'GET') {
      return sendJson(res, 200, { ok: true, ...stats() });
    }
    if (path === '/bridge-page.iife.js' && req.method === 'GET') {
      const script = await loadPageScript();
      if (script === undefined) return sendJson(res, 404, { error: 'bridge-page.iife.js is not built (npm run build -w @webmcp-kit/bridge)' });
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
      return void res.end(script);
    }
    if (path !== '/mcp') return sendJson(res, 404, { error: `Not found: ${path}. The MCP endpoint is /mcp.` });
    if (clientToken !== undefined && !tokensEqual(bearerToken(req.headers.authorization), clientToken)) {
      log({ level: 'warn', msg: 'rejected request: missing or wrong client token' });
      return rpcError(res, 401, -32000, 'Unauthorized: send "Authorization: Bearer <client token>" (printed by webmcp-bridge at start)', {
        'www-authenticate': 'Bearer realm="webmcp-bridge"',
      });
    }
    await handleMcp(req, res);
  }

  let pageScript: Promise<string | undefined> | undefined;
  function loadPageScript(): Promise<string | undefined> {
    pageScript ??= (async () => {
      // Built layout first (dist/index.js next to dist/bridge-page.iife.js), then running from src/.
      for (const rel of ['./bridge-page.iife.js', '../dist/bridge-page.iife.js']) {
        try {
          return await readFile(new URL(rel, import.meta.url), 'utf8');
        } catch {
          // try the next layout
        }
      }
      return undefined;
    })();
    return pageScript;
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => {});
    const path = (req.url ?? '/').split('?')[0];
    if (path !== PAGE_SOCKET_PATH) return rejectUpgrade(socket, 404, 'Not Found', `No WebSocket endpoint at ${path}`);
    if (!hostOk(req.headers.host)) {
      log({ level: 'warn', msg: 'rejected page: Host not allowed', host: req.headers.host });
      return rejectUpgrade(socket, 403, 'Forbidden', 'Host header not allowed (DNS-rebinding protection)');
    }
    const origin = req.headers.origin;
    if (!origin || !pageOriginOk(origin)) {
      log({ level: 'warn', msg: 'rejected page: Origin not allowed', origin });
      return rejectUpgrade(socket, 403, 'Forbidden', `Origin ${origin ?? '(none)'} is not allowed (--allow-origin)`);
    }
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    const token = offered.find((p) => p.startsWith(PAGE_TOKEN_PROTOCOL_PREFIX))?.slice(PAGE_TOKEN_PROTOCOL_PREFIX.length);
    // Only a browser extension may relay many pages (it names their origins, which a page cannot be trusted to do).
    const relay = !offered.includes(PAGE_PROTOCOL) && offered.includes(PAGE_RELAY_PROTOCOL) && origin.startsWith('chrome-extension://');
    if (!offered.includes(PAGE_PROTOCOL) && offered.includes(PAGE_RELAY_PROTOCOL) && !relay) {
      log({ level: 'warn', msg: 'rejected relay: only a browser extension may relay pages', origin });
      return rejectUpgrade(socket, 403, 'Forbidden', `Only a browser extension (chrome-extension://…) may use ${PAGE_RELAY_PROTOCOL}`);
    }
    if ((!offered.includes(PAGE_PROTOCOL) && !relay) || !tokensEqual(token, pageToken)) {
      log({ level: 'warn', msg: 'rejected page: missing or wrong page token', origin });
      return rejectUpgrade(socket, 401, 'Unauthorized', 'Missing or wrong page token');
    }
    wss.handleUpgrade(req, socket, head, (ws) => (relay ? serveRelay(ws, (channel, pageOrigin) => hub.attach(channel, pageOrigin), log) : hub.attach(ws, origin)));
  }

  const http: HttpServer = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log({ level: 'error', msg: 'request failed', error: (e as Error)?.message });
      rpcError(res, 500, -32603, 'Internal error');
    });
  });
  http.on('upgrade', onUpgrade);

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [id, s] of sessions) {
      if (s.open > 0 || now - s.lastSeen < sessionIdleMs) continue;
      log({ level: 'info', msg: 'session expired (idle)', session: id });
      sessions.delete(id);
      void s.transport.close().catch(() => {});
    }
  }, Math.max(50, Math.min(sessionIdleMs / 2, 30_000)));
  sweep.unref();

  let port = options.port ?? 8765;
  let listening = false;

  function stats(): BridgeStats {
    return { ...hub.stats(), sessions: sessions.size + extraServers.size };
  }

  const hostForUrl = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    events: hub,
    pageToken,
    clientToken,
    get port() {
      return port;
    },
    get url() {
      if (!listening) throw new BridgeError('WEBMCP_BRIDGE_NOT_LISTENING', 'bridge.url is only known after listen() resolves');
      return `http://${hostForUrl}:${port}`;
    },
    get mcpUrl() {
      return `${this.url}/mcp`;
    },
    stats,
    attachPage: (channel, origin) => hub.attach(channel, origin),
    pages: () => hub.pages(),
    tools: () => hub.tools().map((t) => ({ name: t.name, toolName: t.tool.name, page: t.page })),
    listen() {
      return new Promise<void>((resolve, reject) => {
        const onError = (e: NodeJS.ErrnoException) =>
          reject(new BridgeError('WEBMCP_BRIDGE_LISTEN_FAILED', `Cannot listen on ${host}:${port}: ${e.code ?? e.message}`, { cause: e }));
        http.once('error', onError);
        http.listen(port, host, () => {
          http.off('error', onError);
          port = (http.address() as AddressInfo).port;
          listening = true;
          log({ level: 'info', msg: 'listening', url: `http://${hostForUrl}:${port}` });
          resolve();
        });
      });
    },
    async serveStdio(input = process.stdin, output = process.stdout) {
      const server = createSessionServer(serverOptions, () => 'stdio');
      extraServers.add(server);
      server.onclose = () => extraServers.delete(server);
      await server.connect(new StdioServerTransport(input as never, output as never));
    },
    async close() {
      clearInterval(sweep);
      hub.closeAll();
      // Relay connections carry pages but are not pages themselves.
      for (const ws of wss.clients) ws.terminate();
      for (const s of sessions.values()) await s.transport.close().catch(() => {});
      sessions.clear();
      for (const s of extraServers) await s.close().catch(() => {});
      wss.close();
      http.closeAllConnections();
      if (listening) await new Promise<void>((resolve) => http.close(() => resolve()));
      listening = false;
    },
  };
}
