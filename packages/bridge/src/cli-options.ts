/** @module Argument parsing, help text and start banner of the `webmcp-bridge` command. */
import { parseArgs } from 'node:util';
import type { Bridge, BridgeOptions } from './bridge';
import type { ConnectBrowserOptions } from './browser-reach';
import type { LogLevel } from './log';

/** The `--help` text. */
export const HELP = `Usage: npx @webmcp-kit/bridge [options]
       npx @webmcp-kit/bridge --cdp <url> --allow-origin <origin> [options]
       npx @webmcp-kit/bridge --launch [url...] [options]

Expose the WebMCP tools of open pages to MCP clients at http://HOST:PORT/mcp.
Pages reach the bridge through its connector script, or, with --cdp/--launch, over the
DevTools Protocol with no change to the page (native WebMCP or any polyfill).

Options:
  --port <n>                 TCP port (env WEBMCP_BRIDGE_PORT; default 8765; 0 = any free port)
  --host <addr>              bind address (default 127.0.0.1)
  --allowed-host <name>      extra Host header name to accept (repeatable)
  --allow-origin <origin>    page origin allowed to connect, e.g. https://app.test or http://localhost:*
                             (repeatable; env WEBMCP_BRIDGE_ALLOW_ORIGIN, comma-separated;
                             default http://localhost:* and http://127.0.0.1:*)
  --allow-client-origin <o>  browser origin allowed to call /mcp (repeatable; default none)
  --page-token <token>       page token (env WEBMCP_BRIDGE_PAGE_TOKEN; default: generated)
  --client-token <token>     client bearer token (env WEBMCP_BRIDGE_CLIENT_TOKEN; default: generated)
  --no-client-auth           do not require the client token (loopback only; prints a warning)
  --call-timeout <ms>        per-call timeout, paused while the page waits for its user (default 60000)
  --heartbeat <ms>           progress heartbeat to callers that sent a progressToken while a page tool
                             runs or waits for its user and reports no progress itself (100–3600000;
                             default 5000)
  --session-idle <ms>        close sessions idle this long (default 600000)
  --max-sessions <n>         most sessions; at the cap the least recently used idle one is closed (default 256)
  --primary-origin <origin>  page origin whose tools keep bare names; other origins' names carry a label
                             (default: first exact --allow-origin, else the first page's origin)
  --expose-page-url          give clients the page's full URL (default: origin and path only)
  --json-response            answer POSTs with JSON instead of SSE
  --log-arguments            include tool arguments in audit log lines
  --log-level <level>        debug | info | warn | error (default info)
  --stdio                    also serve one MCP session on stdin/stdout
  --cdp <url>                attach to a running Chromium's DevTools endpoint, e.g.
                             http://127.0.0.1:9222 (start it with its own --user-data-dir);
                             requires --allow-origin: only those pages are exposed
  --launch [url...]          start Chromium with WebMCP enabled, open the URLs and attach as
                             with --cdp (--allow-origin defaults to the URLs' origins)
  --user-data-dir <dir>      profile for --launch (default: a fresh temporary folder)
  --headless                 run the --launch browser without a window
  --without-native-webmcp    start the --launch browser without its native WebMCP
  --polyfill                 with --cdp/--launch: inject the webmcp polyfill into allowed
                             pages that have no native WebMCP
  -h, --help                 show this help
`;

/** Parses CLI arguments and environment into bridge options (exported for tests). */
export function parseCliArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): { options: BridgeOptions; stdio: boolean; help: boolean; browser?: Omit<ConnectBrowserOptions, 'log'> } {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
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
      heartbeat: { type: 'string' },
      'session-idle': { type: 'string' },
      'max-sessions': { type: 'string' },
      'primary-origin': { type: 'string' },
      'expose-page-url': { type: 'boolean' },
      'json-response': { type: 'boolean' },
      'log-arguments': { type: 'boolean' },
      'log-level': { type: 'string' },
      stdio: { type: 'boolean' },
      cdp: { type: 'string' },
      launch: { type: 'boolean' },
      'user-data-dir': { type: 'string' },
      headless: { type: 'boolean' },
      'without-native-webmcp': { type: 'boolean' },
      polyfill: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const int = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new Error(`--${flag} must be a whole number; got "${v}"`);
    return Number(v);
  };
  // The same variables the Vite plugin reads, so one environment configures both; flags win.
  const fromEnv = (name: string) => env[name] || undefined;
  const envPort = values.port === undefined ? fromEnv('WEBMCP_BRIDGE_PORT') : undefined;
  if (envPort !== undefined && !/^\d+$/.test(envPort)) throw new Error(`WEBMCP_BRIDGE_PORT must be a whole number; got "${envPort}"`);
  const envOrigins = fromEnv('WEBMCP_BRIDGE_ALLOW_ORIGIN')?.split(',').map((o) => o.trim()).filter(Boolean);
  const level = values['log-level'];
  if (level !== undefined && !['debug', 'info', 'warn', 'error'].includes(level)) {
    throw new Error(`--log-level must be debug, info, warn or error; got "${level}"`);
  }
  const browser = browserOptions({ ...values, 'allow-origin': values['allow-origin'] ?? envOrigins }, positionals);
  return {
    ...(browser ? { browser } : {}),
    help: values.help ?? false,
    stdio: values.stdio ?? false,
    options: {
      port: envPort === undefined ? int('port', values.port) : Number(envPort),
      host: values.host,
      allowedHosts: values['allowed-host'],
      allowOrigins: values['allow-origin'] ?? envOrigins,
      clientOrigins: values['allow-client-origin'],
      pageToken: values['page-token'] ?? fromEnv('WEBMCP_BRIDGE_PAGE_TOKEN'),
      clientToken: values['client-token'] ?? fromEnv('WEBMCP_BRIDGE_CLIENT_TOKEN'),
      clientAuth: !values['no-client-auth'],
      callTimeoutMs: int('call-timeout', values['call-timeout']),
      progressIntervalMs: int('heartbeat', values.heartbeat),
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

function isWebUrl(u: string): boolean {
  return URL.canParse(u) && /^https?:$/.test(new URL(u).protocol);
}

function browserOptions(
  values: { cdp?: string; launch?: boolean; 'user-data-dir'?: string; headless?: boolean; 'without-native-webmcp'?: boolean; polyfill?: boolean; 'allow-origin'?: string[] },
  positionals: string[],
): Omit<ConnectBrowserOptions, 'log'> | undefined {
  if (positionals.length && !values.launch) throw new Error(`unexpected argument "${positionals[0]}" (page URLs go after --launch)`);
  if (values.cdp !== undefined && values.launch) throw new Error('--cdp and --launch cannot be combined: attach to a running browser, or start one');
  if (!values.launch && values.cdp === undefined) {
    for (const flag of ['user-data-dir', 'headless', 'without-native-webmcp', 'polyfill'] as const) {
      if (values[flag] !== undefined) throw new Error(`--${flag} only applies with --cdp or --launch`);
    }
    return undefined;
  }
  if (values.cdp !== undefined && (values['user-data-dir'] !== undefined || values.headless || values['without-native-webmcp'])) {
    throw new Error('--user-data-dir, --headless and --without-native-webmcp only apply with --launch (--cdp attaches to a browser you started)');
  }
  for (const u of positionals) if (!isWebUrl(u)) throw new Error(`--launch: "${u}" is not an http(s) URL (include the scheme, e.g. http://localhost:5173/)`);
  let allowOrigins = values['allow-origin'] ?? [];
  if (!allowOrigins.length && values.launch) allowOrigins = [...new Set(positionals.map((u) => new URL(u).origin).filter((o) => o !== 'null'))];
  if (!allowOrigins.length) {
    throw new Error(
      values.launch
        ? '--launch without page URLs needs --allow-origin: which page origins may expose their tools?'
        : '--cdp needs --allow-origin (repeatable): only pages of those origins are exposed, e.g. --allow-origin https://shop.example',
    );
  }
  return values.launch
    ? { launch: { urls: positionals, headless: values.headless, userDataDir: values['user-data-dir'], webmcp: !values['without-native-webmcp'] }, allowOrigins, polyfill: values.polyfill }
    : { cdp: values.cdp, allowOrigins, polyfill: values.polyfill };
}

/** What the banner says about a browser reached over the DevTools Protocol. */
export interface BannerBrowser {
  mode: 'cdp' | 'launch';
  endpoint: string;
  allowOrigins: readonly string[];
  polyfill: boolean;
}

/** The human-readable start banner with tokens and client configuration. */
export function startBanner(bridge: Bridge, browser?: BannerBrowser): string {
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
    ...(browser
      ? [
          browser.mode === 'launch' ? `Started Chromium; DevTools: ${browser.endpoint}` : `Attached over DevTools to ${browser.endpoint}`,
          `Exposing the WebMCP tools of every tab at these origins, and no others:`,
          ...browser.allowOrigins.map((o) => `  ${o}`),
          browser.polyfill ? `Pages there without native WebMCP get the webmcp polyfill (--polyfill).` : `Pages there without document.modelContext expose nothing (add --polyfill to inject one).`,
          ``,
          `Pages can also connect with the connector script:`,
        ]
      : [`In your page (after WebMCP or its polyfill is available):`]),
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
    `  (run it inside a project folder: inspector-cli 1.0.3 reads ../package.json from where it runs)`,
    ``,
  ].join('\n');
}

