/**
 * @module
 * `startDemo()`: the whole demo in one call — the storefront and console web server, the
 * webmcp-bridge, and the MCP Apps sandbox proxy (each app on its own `app-….localhost` origin,
 * another site than the pages), all bound to 127.0.0.1.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createSandboxProxyServer, type SandboxProxyServer } from '@webmcp-kit/app-host/proxy';
import { createBridge, type Bridge, type BridgeOptions } from '@webmcp-kit/bridge';
import { clientDir, ensureClientBuilt, findDemoRoot } from './build-client';
import { createStaticServer, type PageSettings } from './static-server';

/** Options for {@link startDemo}. */
export interface StartDemoOptions {
  /** Port of the storefront and console server; 0 picks a free one. @default 0 */
  port?: number;
  /** Port of the bridge; 0 picks a free one. @default 0 */
  bridgePort?: number;
  /** Port of the sandbox proxy (another origin than the console); 0 picks a free one. @default 0 */
  sandboxPort?: number;
  /** Token the storefront presents to the bridge. @default generated */
  pageToken?: string;
  /** Bearer token MCP clients present to the bridge. @default generated */
  clientToken?: string;
  /**
   * Whether to build the pages first: `'auto'` builds when `dist/client` is missing or older than
   * its sources, `'always'` rebuilds, `'never'` serves what is there. @default 'auto'
   */
  build?: 'auto' | 'always' | 'never';
  /**
   * Whether the storefront loads the bridge connector. Without it the page only registers its
   * WebMCP tools, as a site that knows nothing of the bridge would (reach it over `--cdp`,
   * `--launch` or the extension). @default true
   */
  connector?: boolean;
  /** More bridge options (e.g. `callTimeoutMs`, `logSink`, `logLevel`; default log level `'warn'`). */
  bridge?: Omit<BridgeOptions, 'port' | 'host' | 'pageToken' | 'clientToken' | 'allowOrigins' | 'clientOrigins'>;
}

/** A running demo, returned by {@link startDemo}. */
export interface Demo {
  /** The storefront, e.g. `http://127.0.0.1:8080/`. Add `?autosubmit=1` for the auto-submitting newsletter tool. */
  readonly storefrontUrl: string;
  /** The agent console page. */
  readonly consoleUrl: string;
  /** The bridge's base URL (pages connect to its `/page` WebSocket). */
  readonly bridgeUrl: string;
  /** The MCP endpoint (Streamable HTTP). */
  readonly mcpUrl: string;
  /** The sandbox proxy that hosts MCP Apps for the console, e.g. `http://localhost:8081/`. */
  readonly sandboxUrl: string;
  readonly pageToken: string;
  readonly clientToken: string;
  /** The current bridge (a new object after {@link Demo.restartBridge}). */
  readonly bridge: Bridge;
  /** A ready-to-paste `mcp.json` client configuration. */
  readonly clientConfig: { mcpServers: { webmcp: { type: 'http'; url: string; headers: { Authorization: string } } } };
  /** Stops the bridge (pages keep retrying to connect). */
  stopBridge(): Promise<void>;
  /** Starts the bridge again on the same port with the same tokens. */
  startBridge(): Promise<void>;
  /** Stops and starts the bridge. */
  restartBridge(): Promise<void>;
  /** Stops everything. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function listen(server: import('node:http').Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new Error(`Cannot listen on ${HOST}:${port}: ${e.code ?? e.message}`)));
    server.listen(port, HOST, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Starts the demo: builds the pages if needed, then the web server, the sandbox proxy and the
 * bridge, wired so that only this demo's origin may connect pages or call `/mcp` from a browser.
 */
export async function startDemo(options: StartDemoOptions = {}): Promise<Demo> {
  const root = findDemoRoot();
  const mode = options.build ?? 'auto';
  if (mode !== 'never') await ensureClientBuilt(root, mode === 'always');
  else if (!existsSync(join(clientDir(root), 'index.html'))) {
    throw new Error(`startDemo({ build: 'never' }): ${clientDir(root)} has no built pages; run "npm run build -w demo" or use build: 'auto'`);
  }

  let settings: PageSettings | undefined;
  let port = 0;
  const web = createStaticServer({
    root: clientDir(root),
    settings: () => {
      if (!settings) throw new Error('The demo is still starting');
      return settings;
    },
    port: () => port,
  });
  const closers: Array<() => Promise<void>> = [];
  try {
    port = await listen(web, options.port ?? 0);
    closers.push(() => new Promise<void>((resolve) => {
      web.closeAllConnections();
      web.close(() => resolve());
    }));
    const origins = [`http://${HOST}:${port}`, `http://localhost:${port}`];

    const sandbox: SandboxProxyServer = await createSandboxProxyServer({ host: HOST, port: options.sandboxPort ?? 0, hostOrigins: origins });
    closers.push(() => sandbox.close());

    const bridgeOptions: BridgeOptions = {
      logLevel: 'warn',
      ...options.bridge,
      host: HOST,
      port: options.bridgePort ?? 0,
      pageToken: options.pageToken,
      clientToken: options.clientToken,
      allowOrigins: origins,
      clientOrigins: origins,
    };
    let bridge = createBridge(bridgeOptions);
    await bridge.listen();
    // Later starts reuse the port and the tokens, so open pages and clients find it again.
    Object.assign(bridgeOptions, { port: bridge.port, pageToken: bridge.pageToken, clientToken: bridge.clientToken });
    let running = true;
    closers.push(async () => {
      if (running) await bridge.close();
      running = false;
    });

    const clientToken = bridge.clientToken!;
    settings = {
      connector: options.connector ?? true,
      bridgeUrl: bridge.url,
      pageToken: bridge.pageToken,
      mcpUrl: bridge.mcpUrl,
      clientToken,
      sandboxUrl: sandbox.url,
    };
    const s = settings;
    const demo: Demo = {
      storefrontUrl: `http://${HOST}:${port}/`,
      consoleUrl: `http://${HOST}:${port}/console.html`,
      bridgeUrl: s.bridgeUrl,
      mcpUrl: s.mcpUrl,
      sandboxUrl: s.sandboxUrl,
      pageToken: s.pageToken,
      clientToken,
      get bridge() {
        return bridge;
      },
      clientConfig: { mcpServers: { webmcp: { type: 'http', url: s.mcpUrl, headers: { Authorization: `Bearer ${clientToken}` } } } },
      async stopBridge() {
        if (!running) return;
        running = false;
        await bridge.close();
      },
      async startBridge() {
        if (running) return;
        bridge = createBridge(bridgeOptions);
        await bridge.listen();
        running = true;
      },
      async restartBridge() {
        await demo.stopBridge();
        await demo.startBridge();
      },
      async close() {
        for (const close of closers.reverse()) await close().catch(() => {});
        closers.length = 0;
      },
    };
    return demo;
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => {});
    web.close();
    throw error;
  }
}
