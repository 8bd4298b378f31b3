/**
 * @module
 * `webmcp()`: the Vite plugin. `vite dev` only by default: `vite build` never gets anything from
 * it (`apply: 'serve'`), and `vite preview` only with `preview: true`, which adds the tags to the
 * built pages as they are served, so production files never try to reach a local bridge.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Connect, HtmlTagDescriptor, Logger, Plugin, ResolvedConfig } from 'vite';
import { clientConfigLine, startDevBridge, type DevBridge } from './dev-bridge';
import { WebMcpViteError } from './errors';
import { hotRuntimeScript, isToolModule, wrapToolModule } from './hot-runtime';
import { resolveOptions, type WebMcpPluginOptions } from './options';
import { createPreviewHtmlMiddleware } from './preview-html';

/** Path the dev server serves the `@webmcp-kit/webmcp` script include at. */
export const POLYFILL_PATH = '/@webmcp-kit/webmcp.iife.js';

const printed = new Set<string>();

/** What the plugin exposes on `plugin.api` (Vite's inter-plugin convention), e.g. to tests. */
export interface WebMcpPluginApi {
  /** The dev bridge, once `vite dev` has configured its server. */
  readonly bridge: { url: string; mcpUrl: string; clientToken: string | undefined; owned: boolean } | undefined;
}

async function loadPolyfill(): Promise<string> {
  const require = createRequire(import.meta.url);
  let file: string;
  try {
    file = require.resolve('@webmcp-kit/webmcp/webmcp.iife.js');
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new WebMcpViteError(
      'WEBMCP_VITE_MISSING_BUNDLE',
      'webmcp(): cannot read @webmcp-kit/webmcp/webmcp.iife.js; install @webmcp-kit/webmcp (and build it when working in the webmcp-kit repository)',
      { cause },
    );
  }
}

/**
 * The Vite plugin: in `vite dev` it starts a webmcp-bridge (or reuses one on the port), injects
 * the polyfill and the page connector into served HTML, and swaps a module's tools on HMR.
 * @example
 * ```ts
 * // vite.config.ts
 * import { webmcp } from '@webmcp-kit/vite';
 * export default defineConfig({ plugins: [webmcp()] });
 * ```
 */
export function webmcp(options: WebMcpPluginOptions = {}): Plugin<WebMcpPluginApi> {
  const resolved = resolveOptions(options);
  let config: ResolvedConfig | undefined;
  let bridge: DevBridge | undefined;
  let polyfill: Promise<string> | undefined;

  async function startBridge(logger: Logger, middlewares: Connect.Server): Promise<void> {
    try {
      // Bridge warnings (a refused page origin, a wrong token) in Vite's own log, not raw JSON.
      bridge = await startDevBridge(resolved, ({ level, msg, time: _time, ...fields }) => {
        const detail = Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
        logger[level === 'error' ? 'error' : 'warn'](`[webmcp] bridge: ${msg}${detail}`, { timestamp: true });
      });
    } catch (error) {
      logger.error(`[webmcp] no bridge: ${(error as Error).message}`, { timestamp: true });
      return;
    }
    if (!bridge.owned && !bridge.pageToken) {
      logger.warn(
        `[webmcp] reusing the bridge at ${bridge.url}, but its page token is unknown: set pageToken (or WEBMCP_BRIDGE_PAGE_TOKEN) to the token it printed so pages can connect`,
        { timestamp: true },
      );
    }
    const key = `${bridge.url} ${bridge.clientToken ?? ''}`;
    if (resolved.printConfig && !printed.has(key)) {
      printed.add(key);
      logger.info(`[webmcp] ${bridge.owned ? 'bridge' : 'reusing bridge'} at ${bridge.url} · add it to your MCP client: ${clientConfigLine(bridge)}`);
    }
    if (resolved.polyfill) {
      middlewares.use(POLYFILL_PATH, (_req, res, next) => {
        (polyfill ??= loadPolyfill()).then(
          (script) => {
            res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
            res.end(script);
          },
          (error: unknown) => next(error),
        );
      });
    }
  }

  async function closeBridge(): Promise<void> {
    const b = bridge;
    bridge = undefined;
    await b?.close();
  }

  /** Polyfill, HMR runtime (dev only), connector with the page token: in this order, first in <head>. */
  function pageTags(hot: boolean): HtmlTagDescriptor[] {
    const tags: HtmlTagDescriptor[] = [];
    const base = config?.base ?? '/';
    if (resolved.polyfill) tags.push({ tag: 'script', attrs: { src: `${base.replace(/\/$/, '')}${POLYFILL_PATH}` }, injectTo: 'head-prepend' });
    if (hot) tags.push({ tag: 'script', children: hotRuntimeScript(), injectTo: 'head-prepend' });
    if (bridge?.pageToken) {
      tags.push({ tag: 'script', attrs: { src: `${bridge.url}/bridge-page.iife.js` }, injectTo: 'head-prepend' });
      const connect = JSON.stringify({ url: bridge.url, token: bridge.pageToken });
      tags.push({ tag: 'script', children: `WebMCPBridge.connect(${connect});`, injectTo: 'head-prepend' });
    }
    return tags;
  }

  return {
    name: 'webmcp-kit',
    apply: 'serve',
    api: {
      get bridge() {
        return bridge && { url: bridge.url, mcpUrl: `${bridge.url}/mcp`, clientToken: bridge.clientToken, owned: bridge.owned };
      },
    },
    configResolved(c) {
      config = c;
    },
    async configureServer(server) {
      await startBridge(server.config.logger, server.middlewares);
    },
    async configurePreviewServer(server) {
      if (!resolved.preview) return;
      await startBridge(server.config.logger, server.middlewares);
      server.httpServer.once('close', () => void closeBridge());
      const outDir = resolve(server.config.root, server.config.build.outDir);
      server.middlewares.use(createPreviewHtmlMiddleware(outDir, () => pageTags(false)));
    },
    transformIndexHtml: {
      order: 'pre',
      handler: () => pageTags(true),
    },
    transform(code, id) {
      if (!isToolModule(id, code)) return null;
      return { code: wrapToolModule(code), map: null };
    },
    closeBundle: closeBridge,
  };
}
