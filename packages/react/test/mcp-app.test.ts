/**
 * `<McpApp>` end to end: real Chromium (Playwright) on a React host page (127.0.0.1) that renders
 * the storefront's product card with @mcp-ui/client's AppRenderer through webmcp-kit's sandbox
 * proxy on another site (the app's own `<label>.localhost` origin, loaded once), with the
 * visibility guard on the app's tool calls.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type FrameLocator, type Page, type Response } from 'playwright';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxProxyServer, type SandboxProxyServer } from '@webmcp-kit/app-host/proxy';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const WAIT_MS = 10_000;

let http: Server;
let hostOrigin: string;
let proxy: SandboxProxyServer;
let browser: Browser;

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
  browser = await chromium.launch(chromiumLaunchOptions());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
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
