/**
 * `<McpApp>` end to end: real Chromium (Playwright) on a React host page (127.0.0.1) that renders
 * the storefront's product card with @mcp-ui/client's AppRenderer through webmcp-kit's sandbox
 * proxy on another site (`localhost`), with the visibility guard on the app's tool calls.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright';
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
  proxy = await createSandboxProxyServer({ hostOrigins: [hostOrigin] });
  browser = await chromium.launch(chromiumLaunchOptions());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
});

async function open(query = ''): Promise<{ page: Page; app: FrameLocator; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Another site than the host page: 127.0.0.1 vs localhost.
  const proxyUrl = proxy.url.replace('127.0.0.1', 'localhost');
  await page.goto(`${hostOrigin}/?proxy=${encodeURIComponent(proxyUrl)}${query}`);
  await page.waitForFunction(() => (window as { hostReady?: boolean }).hostReady === true, undefined, { timeout: WAIT_MS });
  const outer = page.locator('iframe').first();
  await outer.waitFor({ timeout: WAIT_MS });
  expect(new URL((await outer.getAttribute('src'))!).origin).toBe(new URL(proxyUrl).origin);
  return { page, app: page.frameLocator('iframe').first().frameLocator('iframe').first(), errors };
}

describe('<McpApp>', () => {
  it('shows the storefront product card through our sandbox proxy, under its CSP', async () => {
    const { page, app, errors } = await open();
    try {
      await expect.poll(() => app.locator('#name').textContent(), { timeout: WAIT_MS }).toBe('Brass desk lamp');
      expect(await app.locator('#price').textContent()).toBe('€49.00');
      expect(await app.locator('#card').isVisible()).toBe(true);
      // The proxy document is ours: served with the app CSP as an HTTP header.
      const proxyFrame = page.frames().find((f) => f.url().startsWith(proxy.url.replace('127.0.0.1', 'localhost')));
      expect(proxyFrame).toBeDefined();
      const response = await page.request.get(proxyFrame!.url());
      expect(response.headers()['content-security-policy']).toMatch(/default-src 'none'/);
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

  it('refuses a sandbox proxy on the page\'s own origin, and a tool without a UI, with clear errors', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${hostOrigin}/?proxy=${encodeURIComponent(`${hostOrigin}/`)}`);
      await expect.poll(() => errors.join('\n'), { timeout: WAIT_MS }).toMatch(/sandboxProxyUrl: the sandbox proxy must not share this page's origin/);
      expect(await page.locator('iframe').count()).toBe(0);

      const proxyUrl = proxy.url.replace('127.0.0.1', 'localhost');
      await page.goto(`${hostOrigin}/?proxy=${encodeURIComponent(proxyUrl)}&tool=add_to_cart`);
      await expect
        .poll(() => page.evaluate(() => (window as { appError?: string }).appError), { timeout: WAIT_MS })
        .toBe('<McpApp>: tool "add_to_cart" has no ui:// resource (_meta.ui.resourceUri)');
      expect(await page.locator('iframe').count()).toBe(0);
    } finally {
      await page.close();
    }
  });
});
