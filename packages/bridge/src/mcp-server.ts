/**
 * @module
 * One low-level MCP `Server` per client session, all reading the shared {@link PageHub}. Page tools
 * carry raw JSON Schema, which `McpServer` cannot take, hence the low-level server.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  SetLevelRequestSchema,
  type LoggingLevel,
  type CallToolResult,
  type Tool,
  CreateMessageResultSchema,
  ElicitResultSchema,
  type CreateMessageRequestParams,
  type ElicitRequestFormParams,
  type ProgressToken,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { Protocol, type RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { LOG_LEVELS, type CallSink } from './call-notifications';
import { ASK_CAPABILITY, ASK_LIMITS, type AskKind } from './client-requests';
import { registerOfferHandlers } from './offer-handlers';
import type { LogEntry, Logger } from './log';
import type { ExposedTool, PageHub } from './page-hub';
import { errorResult, resultProblem } from './results';
import { validateAgainst } from './validation';

/** Package version reported as `serverInfo.version`. */
export const BRIDGE_VERSION = '0.1.0';

/** Settings the session servers share. */
export interface SessionServerOptions {
  hub: PageHub;
  log: Logger;
  callTimeoutMs: number;
  /** Largest page answer (tool result, prompt, resource contents) in bytes. */
  maxResultBytes: number;
  progressIntervalMs: number;
  /** How long a call waits for a reloading tab. */
  reloadWaitMs: number;
  logArguments: boolean;
  /** Put the page's full URL in `_meta` (else origin and path only). */
  exposePageUrl: boolean;
  /** Why this session cannot send requests to its client (sampling, elicitation), if it cannot. */
  noClientRequests?: string;
}

/**
 * The MCP view of a page tool: origin and page title in `_meta`, `title` and the description. The
 * page URL in `_meta` is origin and path only (sites keep tokens in queries and fragments) unless
 * `exposePageUrl`.
 */
export function toMcpTool(e: ExposedTool, exposePageUrl = false): Tool {
  const { tool, page } = e;
  const where = `${page.title ? `"${page.title}" ` : ''}${page.origin}`;
  const annotations = tool.annotations as Record<string, unknown> | undefined;
  const mcp: Tool = {
    name: e.name,
    title: `${tool.title || tool.name} (${where})`,
    description: `${tool.description}\n\n[Tool of the web page ${where}]`,
    inputSchema: e.inputSchema as Tool['inputSchema'],
    _meta: {
      ...tool._meta,
      'webmcp-kit/page': {
        origin: page.origin,
        title: page.title,
        url: exposePageUrl ? page.url : `${page.origin}${page.path}`,
        tabId: page.tab,
        toolName: tool.name,
      },
    },
  };
  if (tool.outputSchema && typeof tool.outputSchema === 'object') mcp.outputSchema = tool.outputSchema as Tool['outputSchema'];
  if (annotations) {
    mcp.annotations = {
      readOnlyHint: annotations.readOnlyHint === true,
      ...(annotations.consequentialHint === true ? { destructiveHint: true } : {}),
      ...(annotations.untrustedContentHint === true ? { openWorldHint: true } : {}),
    };
  }
  return mcp;
}

type CallExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** What a session's calls share: its server, settings and the level its client set with `logging/setLevel`. */
interface SessionState {
  server: Server;
  options: SessionServerOptions;
  /** As the SDK's own servers: every level until the client sets one. */
  minLevel: LoggingLevel;
}

/**
 * Where one call's notifications and client requests go: its session, on the call's own response
 * stream. One object with prototype methods (no closures per call); `progress` is set only when the
 * caller gave a progress token.
 */
class SessionCallSink implements CallSink {
  progress?: (progress: number, total?: number, message?: string) => void;

  constructor(
    readonly session: SessionState,
    readonly extra: CallExtra,
    readonly tool: string,
    readonly token: ProgressToken | undefined,
  ) {
    if (token !== undefined) this.progress = this.sendProgress;
  }

  log(level: LoggingLevel, data: unknown): void {
    if (LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(this.session.minLevel)) return;
    void this.extra.sendNotification({ method: 'notifications/message', params: { level, logger: this.tool, data } }).catch(() => {});
  }

  sendProgress(progress: number, total?: number, message?: string): void {
    void this.extra
      .sendNotification({
        method: 'notifications/progress',
        params: { progressToken: this.token!, progress, ...(total === undefined ? {} : { total }), ...(message === undefined ? {} : { message }) },
      })
      .catch(() => {});
  }

  // Sent to this session only, on the call's own response stream.
  ask(kind: AskKind, params: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
    const { server, options } = this.session;
    if (options.noClientRequests) return Promise.reject(new Error(`${kind}(): ${options.noClientRequests}`));
    const capability = ASK_CAPABILITY[kind];
    if (!server.getClientCapabilities()?.[capability]) {
      return Promise.reject(new Error(`${kind}(): the MCP client did not declare the "${capability}" capability`));
    }
    const extra = this.extra;
    const wait = { signal: AbortSignal.any([signal, extra.signal]), timeout: ASK_LIMITS.timeoutMs };
    return kind === 'sample'
      ? extra.sendRequest({ method: 'sampling/createMessage', params: params as CreateMessageRequestParams }, CreateMessageResultSchema, wait)
      : extra.sendRequest({ method: 'elicitation/create', params: params as ElicitRequestFormParams }, ElicitResultSchema, wait);
  }
}

/** Logs a tool call's audit line (arguments only with `logArguments`). */
function audit(options: SessionServerOptions, session: string | undefined, exposed: ExposedTool, name: string, args: unknown, started: number, outcome: string): void {
  const entry: LogEntry = {
    level: 'info',
    msg: 'tool call',
    audit: true,
    session,
    origin: exposed.page.origin,
    tab: exposed.page.tab,
    tool: name,
    ms: Math.round((performance.now() - started) * 10) / 10,
    outcome,
  };
  if (options.logArguments) entry.arguments = args;
  options.log(entry);
}

/** Creates the `Server` for one session (HTTP session or stdio). */
export function createSessionServer(options: SessionServerOptions, sessionLabel: () => string | undefined): Server {
  const { hub } = options;
  const server = new Server(
    { name: 'webmcp-bridge', title: 'WebMCP bridge', version: BRIDGE_VERSION },
    {
      capabilities: {
        tools: { listChanged: true },
        prompts: { listChanged: true },
        resources: { listChanged: true, subscribe: true },
        completions: {},
        logging: {},
      },
      instructions:
        'Tools, prompts and resources of the web pages currently connected to this bridge. Each says which page (title and origin) it belongs to; the lists change as pages open, close or register them.',
    },
  );
  const session: SessionState = { server, options, minLevel: 'debug' };

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: hub.tools().map((t) => toMcpTool(t, options.exposePageUrl)) }));

  // Through Protocol's registration, not Server's: Server wraps a tools/call handler to parse the
  // request a second time and the result once more, and every result here is already one this
  // module built or `toCallResult` checked against CallToolResultSchema; the two parses cost each
  // call about a tenth of the bridge's own time.
  Protocol.prototype.setRequestHandler.call(server, CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name } = request.params;
    const args = request.params.arguments ?? {};
    // A tab that is reloading keeps its names: wait for it (bounded) rather than fail. A live name
    // skips the wait's promise (a hop before every call).
    const exposed = hub.lookup(name) ?? (await hub.resolve(name, options.reloadWaitMs, extra.signal));
    if (hub.shutdownMessage) return errorResult(hub.shutdownMessage);
    if (!exposed) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool "${name}": no connected page offers it (call tools/list for the current tools)`);
    }
    const started = performance.now();
    const problem = validateAgainst(exposed.inputSchema, args);
    if (problem) {
      audit(options, sessionLabel(), exposed, name, args, started, 'invalid_arguments');
      return errorResult(`Invalid arguments for tool "${name}": ${problem}`);
    }
    const { result, outcome } = await hub.call(exposed, args, {
      timeoutMs: options.callTimeoutMs,
      signal: extra.signal,
      // Progress only to a caller that gave a token.
      sink: new SessionCallSink(session, extra, name, request.params._meta?.progressToken),
      progressIntervalMs: options.progressIntervalMs,
    });
    // The page's result was bounded on arrival; this guards what the bridge adds around it.
    const deep = resultProblem(result, `The result of tool "${name}"`);
    audit(options, sessionLabel(), exposed, name, args, started, deep ? 'too_large' : outcome);
    return deep ? errorResult(deep) : result;
  });

  registerOfferHandlers(server, options, sessionLabel);

  server.setRequestHandler(SetLevelRequestSchema, (request) => {
    session.minLevel = request.params.level;
    return {};
  });
  return server;
}
