/**
 * `<McpApp>` end to end: real Chromium (Playwright) on a React host page (127.0.0.1) that renders
 * the storefront's product card with @mcp-ui/client's AppRenderer through webmcp-kit's sandbox
 * proxy on another site (the app's own `<label>.localhost` origin, loaded once), with the
 * visibility guard on the app's tool calls; and app-host's hostile apps (a real MCP server over
 * HTTP), which reach their proxy document and try to reload it under a wider CSP.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type FrameLocator, type Page, type Response } from 'playwright';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxProxyHandler, createSandboxProxyServer, type SandboxProxyServer } from '@webmcp-kit/app-host/proxy';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';
import { HOSTILE_MODES, startHostileAppServer } from '../../app-host/test/support/hostile-app-server';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const WAIT_MS = 10_000;

let http: Server;
let hostOrigin: string;
let proxy: SandboxProxyServer;
let browser: Browser;
let apps: Awaited<ReturnType<typeof startHostileAppServer>>;

async function bundleHost(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    define: { 'process.env.NODE_ENV': '"production"' },
    resolve: {
      alias: {
        '@webmcp-kit/webmcp': src('../../webmcp/src/index.ts'),
        '@webmcp-kit/app-host': src('../../app-host/src/index.ts'),
      },
    },
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      modulePreload: false,
      rollupOptions: { input: src('./fixtures/mcp-app-host.ts'), output: { format: 'es', entryFileNames: 'host.js', codeSplitting: false } },
    },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => ('output' in o ? o.output : []));
  const chunk = chunks.find((c) => c.fileName === 'host.js');
  if (!chunk || chunk.type !== 'chunk') throw new Error('host.js was not built');
  return chunk.code;
}

beforeAll(async () => {
  const script = await bundleHost();
  const page = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>react host</title></head><body><main id="root"></main><script type="module" src="/host.js"></script></body></html>';
  http = createServer((req, res) => {
    if (req.url === '/host.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  hostOrigin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  // Defaults: only <label>.localhost hosts are served, each nonce once.
  proxy = await createSandboxProxyServer({ hostOrigins: [hostOrigin] });
  apps = await startHostileAppServer();
  browser = await chromium.launch(chromiumLaunchOptions());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([proxy?.close(), apps?.close()]);
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
});

/** Status of a GET of `url` at the proxy, sent to 127.0.0.1 with `url`'s host (Node may not resolve *.localhost). */
function proxyStatus(url: URL): Promise<number> {
  const port = new URL(proxy.url).port;
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: url.pathname + url.search, headers: { host: url.host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

async function open(query = ''): Promise<{ page: Page; app: FrameLocator; errors: string[]; proxySrc: URL; proxyLoads: Response[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const proxyLoads: Response[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => r.request().resourceType() === 'document' && r.url().includes('.localhost:') && proxyLoads.push(r));
  // Another site than the host page (127.0.0.1): the app gets its own origin under localhost.
  await page.goto(`${hostOrigin}/?proxy=${encodeURIComponent(proxy.url)}${query}`);
  await page.waitForFunction(() => (window as { hostReady?: boolean }).hostReady === true, undefined, { timeout: WAIT_MS });
  const outer = page.locator('iframe').first();
  await outer.waitFor({ timeout: WAIT_MS });
  const proxySrc = new URL((await outer.getAttribute('src'))!);
  expect(proxySrc.origin).toMatch(new RegExp(`^http://app-[0-9a-f]{32}\\.localhost:${new URL(proxy.url).port}$`));
  expect(proxySrc.searchParams.get('nonce')).toMatch(/^[0-9a-f]{32}$/);
  return { page, app: page.frameLocator('iframe').first().frameLocator('iframe').first(), errors, proxySrc, proxyLoads };
}

describe('<McpApp>', () => {
  it('shows the storefront product card through our sandbox proxy, under its CSP', async () => {
    const { page, app, errors, proxySrc, proxyLoads } = await open();
    try {
      await expect.poll(() => app.locator('#name').textContent(), { timeout: WAIT_MS }).toBe('Brass desk lamp');
      expect(await app.locator('#price').textContent()).toBe('€49.00');
      expect(await app.locator('#card').isVisible()).toBe(true);
      // The proxy document is ours, on the app's origin: served with the app CSP as an HTTP header.
      const served = proxyLoads.filter((r) => r.url() === proxySrc.href);
      expect(served.map((r) => r.status())).toEqual([200]);
      expect((await served[0]!.allHeaders())['content-security-policy']).toMatch(/default-src 'none'/);
      // Served once: loading it again (say, after an app navigated its proxy) is refused.
      expect(await proxyStatus(proxySrc)).toBe(410);
      // The card's own button calls add_to_cart through the host (visible to apps): it works.
      await app.locator('#add').click();
      await expect.poll(() => app.locator('#status').textContent(), { timeout: WAIT_MS }).toMatch(/Added 1 to the cart \(3 in the cart now\)/);
      expect(await page.evaluate(() => (window as { added?: unknown[] }).added)).toEqual([{ sku: 'LAMP-01', quantity: 1 }]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('refuses app calls to a tool whose _meta.ui.visibility excludes "app"', async () => {
    const { page, app } = await open('&cartForModelOnly');
    try {
      await expect.poll(() => app.locator('#name').textContent(), { timeout: WAIT_MS }).toBe('Brass desk lamp');
      await app.locator('#add').click();
      await expect.poll(() => app.locator('#status').textContent(), { timeout: WAIT_MS }).toMatch(/not available to apps/);
      expect(await page.evaluate(() => (window as { added?: unknown[] }).added)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('refuses a sandbox proxy on the page\'s own origin or site, and a tool without a UI, with clear errors', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${hostOrigin}/?proxy=${encodeURIComponent(`${hostOrigin}/`)}`);
      await expect.poll(() => errors.join('\n'), { timeout: WAIT_MS }).toMatch(/sandboxProxyUrl: the sandbox proxy must not share this page's origin/);
      expect(await page.locator('iframe').count()).toBe(0);

      await page.goto(`${hostOrigin}/?proxy=${encodeURIComponent(proxy.url)}&tool=add_to_cart`);
      await expect
        .poll(() => page.evaluate(() => (window as { appError?: string }).appError), { timeout: WAIT_MS })
        .toBe('<McpApp>: tool "add_to_cart" has no ui:// resource (_meta.ui.resourceUri)');
      expect(await page.locator('iframe').count()).toBe(0);

      // host.localhost:<port> vs app-….host.localhost:<other port>: other origins, but one site.
      const siteHost = hostOrigin.replace('127.0.0.1', 'host.localhost');
      const sameSiteProxy = proxy.url.replace('//localhost', '//host.localhost');
      await page.goto(`${siteHost}/?proxy=${encodeURIComponent(sameSiteProxy)}`);
      await expect
        .poll(() => page.evaluate(() => (window as { appError?: string }).appError), { timeout: WAIT_MS })
        .toMatch(/^<McpApp>: sandboxProxyUrl: the app's sandbox http:\/\/app-[0-9a-f]{32}\.host\.localhost:\d+ is on the same site as this page \(http:\/\/host\.localhost:\d+\), so the app could read and set its cookies/);
      expect(await page.locator('iframe').count()).toBe(0);
    } finally {
      await page.close();
    }
  });
});

/** What the host page's onError (or error boundary) saw. */
interface Reported {
  message: string;
  code?: string;
}

/** Opens the host page on `tool` of the hostile-apps server with `input`, through `proxyUrl`. */
async function openHostile(tool: string, input: Record<string, unknown>, options: { proxyUrl?: string; boundary?: boolean } = {}) {
  const page = await browser.newPage();
  const query = new URLSearchParams({ proxy: options.proxyUrl ?? proxy.url, server: apps.url, tool, input: JSON.stringify(input) });
  if (options.boundary) query.set('boundary', '');
  await page.goto(`${hostOrigin}/?${query}`);
  await page.waitForFunction(() => (window as { hostReady?: boolean }).hostReady === true, undefined, { timeout: WAIT_MS });
  return page;
}

async function firstReport(page: Page): Promise<Reported> {
  const handle = await page.waitForFunction(() => (window as { reported?: Reported[] }).reported?.[0], undefined, { timeout: WAIT_MS });
  return (await handle.jsonValue()) as Reported;
}

/** A sandbox proxy that redirects each load to another nonce (so the page announces that one), then serves it as ours does. */
async function startRedirectingProxy(): Promise<{ url: string; close(): Promise<void> }> {
  const handler = createSandboxProxyHandler({ hostOrigins: [hostOrigin], domain: 'localhost' });
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (!url.searchParams.get('nonce')?.startsWith('moved')) {
      url.searchParams.set('nonce', `moved${randomUUID().replaceAll('-', '')}`);
      return void res.writeHead(302, { location: url.href }).end();
    }
    const response = handler(new Request(url, { method: req.method }));
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('<McpApp> with an app that widens its own sandbox', () => {
  it.each(HOSTILE_MODES)('%s: is closed with APP_HOST_SANDBOX_RELOADED and never fetches the undeclared origin', async (mode, why) => {
    const before = apps.reports.length;
    const page = await openHostile('hostile', { mode, target: apps.target });
    try {
      expect(await firstReport(page)).toEqual({ code: 'APP_HOST_SANDBOX_RELOADED', message: expect.stringContaining(why) });
      expect(await page.locator('iframe').count()).toBe(0); // unmounted: nothing of it runs any more
      // It did reach the proxy document and ran exactly once, with the fetch blocked.
      expect(apps.reports.slice(before)).toEqual([
        { mode, fetched: 'blocked', origin: expect.stringMatching(/^http:\/\/app-[0-9a-f]{32}\.localhost:\d+$/), proxyTitle: 'MCP App sandbox' },
      ]);
      expect(await page.evaluate(() => (window as { reported?: Reported[] }).reported)).toHaveLength(1);
    } finally {
      await page.close();
    }
  });

  it('throws APP_HOST_SANDBOX_RELOADED to the error boundary when there is no onError', async () => {
    const page = await openHostile('hostile', { mode: 'reload-fresh-nonce', target: apps.target }, { boundary: true });
    try {
      expect(await firstReport(page)).toMatchObject({ code: 'APP_HOST_SANDBOX_RELOADED' });
      expect(await page.locator('#caught').textContent()).toBe('the app failed');
      expect(await page.locator('iframe').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('closes an app whose proxy announces another nonce before the app ever gets its HTML', async () => {
    const redirecting = await startRedirectingProxy();
    const before = apps.reports.length;
    const page = await openHostile('hostile', { mode: 'none', target: apps.target }, { proxyUrl: redirecting.url });
    try {
      expect(await firstReport(page)).toEqual({
        code: 'APP_HOST_SANDBOX_RELOADED',
        message: expect.stringMatching(/announced itself with the wrong nonce "moved[0-9a-f]{32}"/),
      });
      expect(await page.locator('iframe').count()).toBe(0);
      expect(apps.reports.slice(before)).toEqual([]); // the hostile app never ran
      // The refused announce never reached AppRenderer (it would go on to load the app, and fail).
      expect(await page.evaluate(() => (window as { reported?: Reported[] }).reported)).toHaveLength(1);
    } finally {
      await page.close();
      await redirecting.close();
    }
  });

  it('leaves a well-behaved app running across re-renders with a new toolResult', async () => {
    const { page, app, errors, proxyLoads } = await open();
    try {
      await expect.poll(() => app.locator('#name').textContent(), { timeout: WAIT_MS }).toBe('Brass desk lamp');
      await page.evaluate(() => (window as unknown as { rerender(): Promise<void> }).rerender());
      await page.evaluate(() => (window as unknown as { rerender(): Promise<void> }).rerender());
      // Still the one proxy load, and the card still answers through the host.
      await app.locator('#add').click();
      await expect.poll(() => app.locator('#status').textContent(), { timeout: WAIT_MS }).toMatch(/Added 1 to the cart/);
      expect(proxyLoads.map((r) => r.status())).toEqual([200]);
      expect(await page.locator('iframe').count()).toBe(1);
      expect(await page.evaluate(() => (window as { reported?: Reported[] }).reported)).toBeUndefined();
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
