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
import type { Duplex, Readable } from 'node:stream';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { WebSocketServer } from 'ws';
import { resolveBridgeOptions, type BridgeOptions } from './bridge-options';
import { BridgeError } from './errors';
import { BodyTooLarge, readBody, rejectUpgrade, rpcError, sendJson } from './http-helpers';
import { textProblem } from './json-limits';
import { createLogger, type Logger } from './log';
import { createSessionServer } from './mcp-server';
import { isSubscribed } from './offer-handlers';
import { attachPageSocket, type PageChannel, type PageEndpoint } from './page-channel';
import { PageHub, type PageInfo } from './page-hub';
import { PAGE_RELAY_PROTOCOL, serveRelay } from './page-relay';
import { SessionPool } from './session-pool';
import { createStdioGuard } from './stdio-guard';
import { PAGE_PROTOCOL, PAGE_SOCKET_PATH, PAGE_TOKEN_PROTOCOL_PREFIX } from './protocol';
import { bearerToken, createTokenCheck } from './security';

export type { BridgeOptions } from './bridge-options';

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
  /** Exposed prompts: the name clients see, the page's own prompt name and the page. */
  prompts(): Array<{ name: string; promptName: string; page: PageInfo }>;
  /** Resource URIs clients can read (fixed URIs and templates) and the page serving each. */
  resources(): Array<{ uri: string; template: boolean; page: PageInfo }>;
  /** Events: `page` (PageInfo), `pagegone` (id), `toolschange`, `promptschange`, `resourceschange`, `resourceupdated` (uri). */
  readonly events: EventEmitter;
  /**
   * Adds a page that reached the bridge by another way than its WebSocket (DevTools Protocol,
   * extension): `origin` must already be checked against the allow-list by the caller. Feed the
   * returned endpoint what the page sends; its frames are bounded like a connector page's.
   */
  attachPage(channel: PageChannel, origin: string): PageEndpoint;
}

/** Creates a bridge: MCP clients on `/mcp`, pages on the WebSocket at `/page`, secure by default. */
export function createBridge(options: BridgeOptions = {}): Bridge {
  const {
    host,
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
  } = resolveBridgeOptions(options);
  const log: Logger = createLogger(options.logSink, options.logLevel ?? 'info');
  const pageTokenOk = createTokenCheck(pageToken);
  const clientTokenOk = clientToken === undefined ? () => true : createTokenCheck(clientToken);
  const maxPayload = Math.max(maxResultBytes + 65_536, 16 * 1024 * 1024);
  const hub = new PageHub({ log, maxResultBytes, nameGraceMs: options.nameGraceMs ?? 5_000, helloTimeoutMs: 5_000, primaryOrigin, maxFrameChars: maxPayload });
  const sessions = new SessionPool({ log, maxSessions, idleMs: sessionIdleMs });
  const extraServers = new Set<Server>();
  const JSON_ONLY = 'this bridge answers with plain JSON (jsonResponse, --json-response), which cannot carry a request to the MCP client';
  const serverOptions = {
    hub,
    log,
    callTimeoutMs,
    maxResultBytes,
    progressIntervalMs,
    reloadWaitMs,
    logArguments: options.logArguments ?? false,
    exposePageUrl: options.exposePageUrl ?? false,
  };
  let closing: Promise<void> | undefined;

  const broadcast = (send: (s: Server) => Promise<void>) => {
    for (const s of sessions.values()) send(s.server).catch(() => {});
    for (const s of extraServers) send(s).catch(() => {});
  };
  hub.on('toolschange', () => broadcast((s) => s.sendToolListChanged()));
  hub.on('resourceschange', () => broadcast((s) => s.sendResourceListChanged()));
  hub.on('promptschange', () => broadcast((s) => s.sendPromptListChanged()));
  // Only to the sessions that subscribed to this URI.
  hub.on('resourceupdated', (uri: string) => broadcast((s) => (isSubscribed(s, uri) ? s.sendResourceUpdated({ uri }) : Promise.resolve())));

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload,
    handleProtocols: (protocols) => (protocols.has(PAGE_PROTOCOL) ? PAGE_PROTOCOL : protocols.has(PAGE_RELAY_PROTOCOL) ? PAGE_RELAY_PROTOCOL : false),
  });

  async function handleMcp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sid = req.headers['mcp-session-id'];
    const sessionId = Array.isArray(sid) ? sid[0] : sid;
    if (req.method === 'POST') {
      let body: unknown;
      try {
        const raw = await readBody(req, maxRequestBytes);
        // JSON.parse recurses: measure the nesting on the text first.
        const deep = textProblem(raw, 'The request body');
        if (deep) return rpcError(res, 400, -32600, `Invalid Request: ${deep}`);
        body = JSON.parse(raw);
      } catch (e) {
        if (e instanceof BodyTooLarge) return rpcError(res, 413, -32000, `Request body exceeds ${maxRequestBytes} bytes`);
        return rpcError(res, 400, -32700, 'Parse error: the body is not valid JSON');
      }
      if (sessionId) {
        const session = sessions.get(sessionId);
        if (!session) return rpcError(res, 404, -32001, 'Session not found (it expired or was closed): initialize a new one');
        const clash = sessions.claimIds(session, body, res);
        if (clash !== undefined) return rpcError(res, 400, -32600, `Invalid Request: id ${clash.slice(0, 100)} is already used by a request in flight in this session`);
        sessions.track(session, res, true);
        return session.transport.handleRequest(req, res, body);
      }
      if (!isInitializeRequest(body)) return rpcError(res, 400, -32000, 'Bad Request: no mcp-session-id header and the body is not an initialize request');
      const release = sessions.reserve();
      if (!release) return rpcError(res, 503, -32000, `Too many sessions, all busy (maxSessions ${maxSessions}); retry shortly`);
      res.on('close', release);
      let id = '';
      // Plain JSON responses drop what the server sends on a call's stream before the result.
      const server = createSessionServer(options.jsonResponse ? { ...serverOptions, noClientRequests: JSON_ONLY } : serverOptions, () => id);
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomBytes(24).toString('base64url'),
        enableJsonResponse: options.jsonResponse ?? false,
        onsessioninitialized: (sessionId) => {
          id = sessionId;
          release();
          sessions.add(sessionId, { server, transport, lastSeen: Date.now(), open: 1, ids: new Set() });
          log({ level: 'info', msg: 'session opened', session: sessionId });
        },
      });
      transport.onclose = () => {
        if (id && sessions.delete(id)) log({ level: 'info', msg: 'session closed', session: id });
      };
      sessions.track(undefined, res, true);
      res.on('close', () => {
        const session = id ? sessions.get(id) : undefined;
        if (session) session.open--;
      });
      await server.connect(transport);
      return transport.handleRequest(req, res, body);
    }
    if (req.method === 'GET' || req.method === 'DELETE') {
      if (!sessionId) return rpcError(res, 400, -32000, 'Bad Request: mcp-session-id header is required');
      const session = sessions.get(sessionId);
      if (!session) return rpcError(res, 404, -32001, 'Session not found (it expired or was closed): initialize a new one');
      sessions.track(session, res, false);
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
      return sendJson(res, closing ? 503 : 200, { ok: !closing, ...stats() });
    }
    if (path === '/bridge-page.iife.js' && req.method === 'GET') {
      const script = await loadPageScript();
      if (script === undefined) return sendJson(res, 404, { error: 'bridge-page.iife.js is not built (npm run build -w @webmcp-kit/bridge)' });
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
      return void res.end(script);
    }
    if (path !== '/mcp') return sendJson(res, 404, { error: `Not found: ${path}. The MCP endpoint is /mcp.` });
    if (closing) return rpcError(res, 503, -32000, 'bridge shutting down', { connection: 'close' });
    if (clientToken !== undefined && !clientTokenOk(bearerToken(req.headers.authorization))) {
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
    if ((!offered.includes(PAGE_PROTOCOL) && !relay) || !pageTokenOk(token)) {
      log({ level: 'warn', msg: 'rejected page: missing or wrong page token', origin });
      return rejectUpgrade(socket, 401, 'Unauthorized', 'Missing or wrong page token');
    }
    if (closing) return rejectUpgrade(socket, 503, 'Service Unavailable', 'bridge shutting down');
    wss.handleUpgrade(req, socket, head, (ws) => {
      // A relay's pages join the hub one by one, under the origins the extension names, through the same bounded seam.
      if (relay) serveRelay(ws, (channel, pageOrigin) => hub.attach(channel, pageOrigin), log);
      else attachPageSocket((channel) => hub.attach(channel, origin), ws);
      // ws closes a socket whose frame is over maxPayload with 1009 and reports it here.
      ws.on('error', (e: Error & { code?: string }) => {
        if (e.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
          log({ level: 'warn', msg: `${relay ? 'relay' : 'page'} closed: over a limit`, origin, limit: `${relay ? 'relay' : 'page'} frame over ${maxPayload} bytes (maxPayload)` });
        }
      });
    });
  }

  const http: HttpServer = createServer((req, res) => {
    // An unexpected failure ends that request and closes its session, never the process.
    handle(req, res).catch((e: unknown) => {
      const sid = req.headers['mcp-session-id'];
      const session = typeof sid === 'string' ? sid : undefined;
      log({ level: 'error', msg: 'request failed; closing its session', session, error: String((e as Error)?.message) });
      if (session) sessions.close(session);
      rpcError(res, 500, -32603, 'Internal error');
    });
  });
  http.on('upgrade', onUpgrade);

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
    attachPage(channel, origin) {
      if (!closing) return hub.attach(channel, origin);
      channel.terminate();
      return { receive() {}, closed() {} };
    },
    pages: () => hub.pages(),
    tools: () => hub.tools().map((t) => ({ name: t.name, toolName: t.tool.name, page: t.page })),
    prompts: () => hub.offers.prompts().map((p) => ({ name: p.name, promptName: p.prompt.name, page: p.page })),
    resources: () => [
      ...hub.offers.resources().map((r) => ({ uri: r.resource.uri, template: false, page: r.page })),
      ...hub.offers.templates().map((t) => ({ uri: t.template.uriTemplate, template: true, page: t.page })),
    ],
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
      const guard = createStdioGuard(maxRequestBytes, (line) => void output.write(line));
      // The transport listens once connected; the input flows only from then on (nothing is lost before).
      await server.connect(new StdioServerTransport(guard as unknown as Readable, output as never));
      guard.readFrom(input);
    },
    close() {
      closing ??= (async () => {
        // Stop accepting, answer every call in flight, give the answers up to 1 s to leave, then close.
        const stopped = listening ? new Promise<void>((resolve) => http.close(() => resolve())) : Promise.resolve();
        const calls = hub.inFlight();
        hub.failAll('bridge shutting down');
        if (calls) log({ level: 'info', msg: 'shutting down: answered calls in flight', calls });
        await sessions.drain(1000);
        hub.closeAll();
        // Relay connections carry pages but are not pages themselves.
        for (const ws of wss.clients) ws.terminate();
        await sessions.closeAll();
        for (const s of extraServers) await s.close().catch(() => {});
        wss.close();
        http.closeAllConnections();
        await stopped;
        listening = false;
      })();
      return closing;
    },
  };
}
