/**
 * The sandbox holds against its own app, in real Chromium: an app that reaches its proxy document
 * and reloads it under a wider CSP is closed with `APP_HOST_SANDBOX_RELOADED` and stays blocked;
 * each app gets its own origin (no shared storage); a proxy on the page's own site is refused
 * unless the page opts in. Host page on 127.0.0.1, apps on `app-….localhost` (another site).
 */
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';
import { createSandboxProxyServer, type SandboxProxyServer } from '../src/proxy/index';
import { startHostPage } from './support/app-host-env.mjs';
import { HOSTILE_MODES, startHostileAppServer } from './support/hostile-app-server';

interface Seen {
  type: string;
  code?: string;
  message?: string;
  text?: string;
}

let apps: Awaited<ReturnType<typeof startHostileAppServer>>;
let host: Awaited<ReturnType<typeof startHostPage>>;
let proxy: SandboxProxyServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [apps, host] = await Promise.all([
    startHostileAppServer(),
    startHostPage(fileURLToPath(new URL('./fixtures/host-page.ts', import.meta.url))),
  ]);
  proxy = await createSandboxProxyServer({ hostOrigins: [host.origin] });
  browser = await chromium.launch(chromiumLaunchOptions());
  page = await openHost(host.url);
  if (process.env.H10_DEBUG) page.on('console', (m) => console.log('[page]', m.type(), m.text()));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([apps?.close(), host?.close(), proxy?.close()]);
});

async function openHost(url: string): Promise<Page> {
  const p = await browser.newPage();
  await p.goto(url);
  await p.waitForFunction(() => window.appHost?.ready);
  return p;
}

/** Mounts `<mcp-app-frame id>` for `tool` of the hostile-apps server and records its events. */
async function mount(p: Page, id: string, tool: string, options: { input?: Record<string, unknown>; sandbox?: string; sameSite?: boolean } = {}) {
  await p.evaluate(
    async ({ id, url, tool, input, sandbox, sameSite }) => {
      const client = await window.appHost.connect(url);
      const { tools } = await client.listTools();
      const el = document.createElement('mcp-app-frame');
      el.id = id;
      if (sameSite) el.setAttribute('allow-same-site-sandbox', '');
      const seen: Seen[] = (((window as unknown as { seen: Record<string, Seen[]> }).seen ??= {})[id] = []);
      el.addEventListener('mcp-app-error', (e) => seen.push({ type: 'error', code: (e.error as { code?: string }).code, message: e.error.message }));
      el.addEventListener('mcp-app-initialized', () => seen.push({ type: 'initialized' }));
      el.addEventListener('mcp-app-message', (e) => seen.push({ type: 'message', text: (e.content[0] as { text: string }).text }));
      Object.assign(el, { client, sandbox, tool: tools.find((t) => t.name === tool), toolInput: input ?? {} });
      el.toolResult = client.callTool({ name: tool, arguments: input ?? {} }) as never;
      document.getElementById('root')!.append(el);
    },
    { id, url: apps.url, tool, input: options.input, sandbox: options.sandbox ?? proxy.url, sameSite: options.sameSite ?? false },
  );
}

async function waitFor(p: Page, id: string, type: string): Promise<Seen> {
  const handle = await p.waitForFunction(
    ({ id, type }) => (window as unknown as { seen: Record<string, Seen[]> }).seen[id]?.find((e) => e.type === type),
    { id, type },
    { timeout: 15_000 },
  );
  return (await handle.jsonValue()) as Seen;
}

describe('an app that widens its own sandbox', { timeout: 45_000 }, () => {
  it.each(HOSTILE_MODES)('%s: is closed with APP_HOST_SANDBOX_RELOADED and never fetches the undeclared origin', async (mode, why) => {
    const before = apps.reports.length;
    await mount(page, mode, 'hostile', { input: { mode, target: apps.target } });
    const error = await waitFor(page, mode, 'error');
    expect(error).toMatchObject({ code: 'APP_HOST_SANDBOX_RELOADED', message: expect.stringContaining(why) });
    expect(await page.locator(`#${mode} iframe`).count()).toBe(0); // torn down: nothing of it runs any more
    // It did reach the proxy document and ran exactly once, with the fetch blocked.
    expect(apps.reports.slice(before)).toEqual([
      { mode, fetched: 'blocked', origin: expect.stringMatching(/^http:\/\/app-[0-9a-f]{32}\.localhost:\d+$/), proxyTitle: 'MCP App sandbox' },
    ]);
    expect((await page.evaluate((id) => (window as unknown as { seen: Record<string, Seen[]> }).seen[id]!, mode)).filter((e) => e.type === 'initialized')).toHaveLength(1);
  });
});

interface StorageSeen {
  origin: string;
  keys: string[] | string;
  cookie: string;
}
const seenBy = async (p: Page, id: string) => JSON.parse((await waitFor(p, id, 'message')).text!) as StorageSeen;
const APP_ORIGIN = /^http:\/\/app-[0-9a-f]{32}\.localhost:\d+$/;

describe('one origin per app', { timeout: 45_000 }, () => {
  it('gives each app its own origin', async () => {
    await mount(page, 'store-a', 'storage-a');
    const a = await seenBy(page, 'store-a');
    await mount(page, 'store-b', 'storage-b');
    const b = await seenBy(page, 'store-b');
    expect(a.origin).toMatch(APP_ORIGIN);
    expect(b.origin).toMatch(APP_ORIGIN);
    expect(b.origin).not.toBe(a.origin);
    // Headless Chromium blocks storage in cross-site frames (third-party cookies off); the apps
    // below, on the page's own site, show each origin's localStorage is its own.
    expect([a.keys, b.keys]).toEqual(['SecurityError', 'SecurityError']);
  });

  it("uses the resource's _meta.ui.domain as the origin's label", async () => {
    await mount(page, 'named', 'storage-named');
    expect((await seenBy(page, 'named')).origin).toBe(`http://named-app.localhost:${new URL(proxy.url).port}`);
  });
});

describe('a sandbox on the page’s own site', { timeout: 45_000 }, () => {
  // The page on host.localhost, apps on app-….host.localhost: one site (like chat.example.com
  // with a sandbox under example.com), so the app could read and set the page's cookies.
  let sameSiteProxy: SandboxProxyServer;
  let sitePage: Page;
  beforeAll(async () => {
    sameSiteProxy = await createSandboxProxyServer({ domain: 'host.localhost' });
    sitePage = await openHost(`http://host.localhost:${new URL(host.url).port}/`);
  });
  afterAll(async () => {
    await sitePage?.close();
    await sameSiteProxy?.close();
  });

  it('is refused with APP_HOST_SAME_SITE_SANDBOX', async () => {
    await mount(sitePage, 'same', 'storage-a', { sandbox: sameSiteProxy.url });
    expect(await waitFor(sitePage, 'same', 'error')).toMatchObject({
      code: 'APP_HOST_SAME_SITE_SANDBOX',
      message: expect.stringContaining('is on the same site as this page (http://host.localhost:'),
    });
    expect(await sitePage.locator('#same iframe').count()).toBe(0);
  });

  it("runs with allow-same-site-sandbox (warning once), each app still with its own localStorage", async () => {
    const warning = sitePage.waitForEvent('console', { predicate: (m) => m.type() === 'warning' && m.text().includes('allow-same-site-sandbox'), timeout: 15_000 });
    await mount(sitePage, 'optin-a', 'storage-a', { sandbox: sameSiteProxy.url, sameSite: true });
    expect((await warning).text()).toContain('could read and set its cookies');
    const a = await seenBy(sitePage, 'optin-a');
    expect(a).toMatchObject({ origin: expect.stringMatching(/^http:\/\/app-[0-9a-f]{32}\.host\.localhost:\d+$/), keys: [] });
    await mount(sitePage, 'optin-b', 'storage-b', { sandbox: sameSiteProxy.url, sameSite: true });
    const b = await seenBy(sitePage, 'optin-b');
    expect(b.keys).toEqual([]); // a's 'owner-a' is not in b's storage
    expect(b.origin).not.toBe(a.origin);
    await mount(sitePage, 'optin-a2', 'storage-a', { sandbox: sameSiteProxy.url, sameSite: true });
    expect(await seenBy(sitePage, 'optin-a2')).toMatchObject({ origin: a.origin, keys: ['owner-a'] }); // its own, across loads
  });
});
