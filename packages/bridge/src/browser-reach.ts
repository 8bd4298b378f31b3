/**
 * @module
 * `connectBrowser()`: reach the pages of a browser without a connector script, by attaching to a
 * running Chromium over the DevTools Protocol (`--cdp`) or starting one (`--launch`).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Bridge } from './bridge';
import { connectCdp } from './cdp/cdp-connection';
import { createCdpPageSource } from './cdp/cdp-page-source';
import { BridgeError } from './errors';
import { launchChromium, type LaunchedChromium } from './launch/launch-chromium';
import type { Logger } from './log';

/** Options for {@link connectBrowser}: exactly one of `cdp` and `launch`. */
export interface ConnectBrowserOptions {
  /** DevTools endpoint of a running Chromium: `http://127.0.0.1:9222` or its `ws://` URL. */
  cdp?: string;
  /** Start Chromium (WebMCP enabled) and open these URLs. */
  launch?: {
    urls?: readonly string[];
    /** @default false */
    headless?: boolean;
    /** Profile folder. @default a fresh temporary one */
    userDataDir?: string;
    /** Turn on Chromium's native WebMCP. @default true */
    webmcp?: boolean;
  };
  /** Origins whose pages are exposed (`scheme://host[:port|:*]`); required, never empty. */
  allowOrigins: readonly string[];
  /** Inject the webmcp polyfill into allowed pages that have no native WebMCP. @default false */
  polyfill?: boolean;
  log?: Logger;
}

/** A browser whose pages feed a bridge, returned by {@link connectBrowser}. */
export interface ConnectedBrowser {
  /** The browser's DevTools WebSocket URL (connect Playwright or DevTools to it). */
  readonly endpoint: string;
  /** Resolves when the browser connection ends (browser closed or crashed). */
  readonly disconnected: Promise<void>;
  /** Detaches; a launched browser is also stopped and its temporary profile removed. */
  close(): Promise<void>;
}

async function loadPolyfill(): Promise<string> {
  try {
    const require = createRequire(import.meta.url);
    return await readFile(require.resolve('@webmcp-kit/webmcp/webmcp.iife.js'), 'utf8');
  } catch (e) {
    throw new BridgeError('WEBMCP_BRIDGE_INVALID_OPTION', `--polyfill needs @webmcp-kit/webmcp built and installed: ${(e as Error).message}`, { cause: e });
  }
}

function bounded<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BridgeError('WEBMCP_BRIDGE_CDP_FAILED', `Timed out after ${ms} ms ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Feeds `bridge` with the WebMCP tools of the allowed pages of a running or launched Chromium. */
export async function connectBrowser(bridge: Pick<Bridge, 'attachPage'>, options: ConnectBrowserOptions): Promise<ConnectedBrowser> {
  if (!!options.cdp === !!options.launch) throw new BridgeError('WEBMCP_BRIDGE_INVALID_OPTION', 'connectBrowser(): give exactly one of cdp and launch');
  if (!options.allowOrigins.length) {
    throw new BridgeError('WEBMCP_BRIDGE_INVALID_OPTION', 'Reaching a browser needs an explicit allow-list of page origins (--allow-origin), e.g. --allow-origin https://shop.example');
  }
  const urls = options.launch?.urls ?? [];
  for (const u of urls) {
    if (!URL.canParse(u) || !/^https?:$/.test(new URL(u).protocol)) {
      throw new BridgeError('WEBMCP_BRIDGE_INVALID_OPTION', `launch.urls: "${u}" is not an http(s) URL (include the scheme, e.g. http://localhost:5173/)`);
    }
  }
  const polyfill = options.polyfill ? await loadPolyfill() : undefined;
  let launched: LaunchedChromium | undefined;
  if (options.launch) launched = await launchChromium({ headless: options.launch.headless, userDataDir: options.launch.userDataDir, webmcp: options.launch.webmcp });
  try {
    const connection = await connectCdp(launched?.endpoint ?? options.cdp!);
    const source = createCdpPageSource({ bridge, connection, allowOrigins: options.allowOrigins, polyfill, log: options.log });
    await source.ready;
    if (urls.length) {
      const { targetInfos } = (await connection.send('Target.getTargets')) as { targetInfos: Array<{ targetId: string; type: string; url: string }> };
      // Blank first, then navigate once instrumented: the page's first document must not beat the agent.
      for (const url of urls) {
        const { targetId } = (await connection.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
        const sessionId = await bounded(source.attached(targetId), `attaching to the tab for ${url}`);
        await connection.send('Page.navigate', { url }, sessionId);
      }
      // The blank start-up tab is no longer needed once the asked-for pages are open.
      for (const t of targetInfos) if (t.type === 'page' && t.url === 'about:blank') await connection.send('Target.closeTarget', { targetId: t.targetId }).catch(() => {});
    }
    const disconnected = new Promise<void>((resolve) => (connection.closed ? resolve() : connection.once('close', () => resolve())));
    return {
      endpoint: launched?.endpoint ?? options.cdp!,
      disconnected,
      async close() {
        source.close();
        connection.close();
        await launched?.close();
      },
    };
  } catch (e) {
    await launched?.close();
    throw e;
  }
}
