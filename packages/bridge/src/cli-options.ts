/** @module Argument parsing, help text and start banner of the `webmcp-bridge` command. */
import { parseArgs } from 'node:util';
import type { Bridge, BridgeOptions } from './bridge';
import type { LogLevel } from './log';

/** The `--help` text. */
export const HELP = `Usage: npx @webmcp-kit/bridge [options]

Expose the WebMCP tools of open pages to MCP clients at http://HOST:PORT/mcp.

Options:
  --port <n>                 TCP port (default 8765; 0 = any free port)
  --host <addr>              bind address (default 127.0.0.1)
  --allowed-host <name>      extra Host header name to accept (repeatable)
  --allow-origin <origin>    page origin allowed to connect, e.g. https://app.test or http://localhost:*
                             (repeatable; default http://localhost:* and http://127.0.0.1:*)
  --allow-client-origin <o>  browser origin allowed to call /mcp (repeatable; default none)
  --page-token <token>       page token (env WEBMCP_BRIDGE_PAGE_TOKEN; default: generated)
  --client-token <token>     client bearer token (env WEBMCP_BRIDGE_CLIENT_TOKEN; default: generated)
  --no-client-auth           do not require the client token (loopback only; prints a warning)
  --call-timeout <ms>        per-call timeout, paused while the page waits for its user (default 60000)
  --session-idle <ms>        close sessions idle this long (default 600000)
  --max-sessions <n>         most sessions; at the cap the least recently used idle one is closed (default 256)
  --primary-origin <origin>  page origin whose tools keep bare names; other origins' names carry a label
                             (default: first exact --allow-origin, else the first page's origin)
  --expose-page-url          give clients the page's full URL (default: origin and path only)
  --json-response            answer POSTs with JSON instead of SSE
  --log-arguments            include tool arguments in audit log lines
  --log-level <level>        debug | info | warn | error (default info)
  --stdio                    also serve one MCP session on stdin/stdout
  -h, --help                 show this help
`;

/** Parses CLI arguments and environment into bridge options (exported for tests). */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): { options: BridgeOptions; stdio: boolean; help: boolean } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowNegative: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      'allow-origin': { type: 'string', multiple: true },
      'allow-client-origin': { type: 'string', multiple: true },
      'page-token': { type: 'string' },
      'client-token': { type: 'string' },
      'no-client-auth': { type: 'boolean' },
      'call-timeout': { type: 'string' },
      'session-idle': { type: 'string' },
      'max-sessions': { type: 'string' },
      'primary-origin': { type: 'string' },
      'expose-page-url': { type: 'boolean' },
      'json-response': { type: 'boolean' },
      'log-arguments': { type: 'boolean' },
      'log-level': { type: 'string' },
      stdio: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const int = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new Error(`--${flag} must be a whole number; got "${v}"`);
    return Number(v);
  };
  const level = values['log-level'];
  if (level !== undefined && !['debug', 'info', 'warn', 'error'].includes(level)) {
    throw new Error(`--log-level must be debug, info, warn or error; got "${level}"`);
  }
  return {
    help: values.help ?? false,
    stdio: values.stdio ?? false,
    options: {
      port: int('port', values.port),
      host: values.host,
      allowedHosts: values['allowed-host'],
      allowOrigins: values['allow-origin'],
      clientOrigins: values['allow-client-origin'],
      pageToken: values['page-token'] ?? (env.WEBMCP_BRIDGE_PAGE_TOKEN || undefined),
      clientToken: values['client-token'] ?? (env.WEBMCP_BRIDGE_CLIENT_TOKEN || undefined),
      clientAuth: !values['no-client-auth'],
      callTimeoutMs: int('call-timeout', values['call-timeout']),
      sessionIdleMs: int('session-idle', values['session-idle']),
      maxSessions: int('max-sessions', values['max-sessions']),
      primaryOrigin: values['primary-origin'],
      exposePageUrl: values['expose-page-url'],
      jsonResponse: values['json-response'],
      logArguments: values['log-arguments'],
      logLevel: level as LogLevel | undefined,
    },
  };
}

/** The human-readable start banner with tokens and client configuration. */
export function startBanner(bridge: Bridge): string {
  const auth = bridge.clientToken;
  const header = auth ? ` --header "Authorization: Bearer ${auth}"` : '';
  const mcpJson = JSON.stringify(
    { mcpServers: { webmcp: { type: 'http', url: bridge.mcpUrl, ...(auth ? { headers: { Authorization: `Bearer ${auth}` } } : {}) } } },
    null,
    2,
  );
  return [
    `webmcp-bridge listening on ${bridge.url}`,
    ``,
    `Page token:   ${bridge.pageToken}`,
    auth ? `Client token: ${auth}` : `Client auth:  DISABLED (--no-client-auth): any local process can call page tools`,
    ``,
    `In your page (after WebMCP or its polyfill is available):`,
    `  <script src="${bridge.url}/bridge-page.iife.js"></script>`,
    `  <script>WebMCPBridge.connect({ url: '${bridge.url}', token: '${bridge.pageToken}' });</script>`,
    ``,
    `Claude Code:`,
    `  claude mcp add --transport http webmcp ${bridge.mcpUrl}${header}`,
    ``,
    `mcp.json:`,
    mcpJson.replace(/^/gm, '  '),
    ``,
    `MCP Inspector CLI:`,
    `  npx @modelcontextprotocol/inspector-cli --cli ${bridge.mcpUrl} --transport http${header} --method tools/list`,
    ``,
  ].join('\n');
}

