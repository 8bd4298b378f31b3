/**
 * The storefront served WITHOUT its connector script, reached through the unpacked extension in a
 * persistent Chromium profile: the page token set in its options page, the site enabled in its
 * popup, then a real SDK client lists and calls the tools, hears `tools/list_changed`, a checkout
 * asks in the page, the badge counts the tools, and closing the tab fails an in-flight call
 * within 1 s. Native WebMCP in the `native` project; our polyfill in the `polyfill` project.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect, test, type BrowserContext, type Worker } from '@playwright/test';
import { startDemo, type Demo } from '../../demo/server';
import { createBridge, type Bridge } from '../../packages/bridge/src/index';
import { chromiumArgs, findChromium } from '../support/chromium.mjs';
import { STOREFRONT_TOOLS, connectClient, type McpClient } from '../support/fixtures';
import { addTwoMugs, closeTabDuringCheckout, confirmCheckout, registerStoreHours } from '../support/storefront-steps';

const EXTENSION_DIST = fileURLToPath(new URL('../../packages/extension/dist/', import.meta.url));

let demo: Demo;
test.beforeAll(async () => {
  demo = await startDemo({ connector: false });
});
test.afterAll(async () => {
  await demo?.close();
});

/**
 * A copy of the built extension whose manifest already holds the demo's host permission: headless
 * Chromium cannot show the permission prompt the popup asks for, so the test grants it up front
 * (the popup then finds it granted and goes on as after a user's "Allow").
 */
function extensionCopy(): string {
  if (!existsSync(join(EXTENSION_DIST, 'manifest.json'))) throw new Error(`${EXTENSION_DIST} is missing: run "npm run build -w @webmcp-kit/extension"`);
  const dir = mkdtempSync(join(tmpdir(), 'webmcp-ext-'));
  cpSync(EXTENSION_DIST, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  expect(manifest.host_permissions, 'the shipped manifest asks for no host access up front').toBeUndefined();
  manifest.host_permissions = ['http://127.0.0.1/*'];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

test('the extension relays an enabled site: tools, list_changed, checkout in the page, badge, closed tab', async ({}, testInfo) => {
  test.setTimeout(90_000);
  const native = testInfo.project.name === 'native';
  const extension = extensionCopy();
  const profile = mkdtempSync(join(tmpdir(), 'webmcp-ext-profile-'));
  let context: BrowserContext | undefined;
  let bridge: Bridge | undefined;
  let mcp: McpClient | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: findChromium(),
      headless: true,
      args: [...chromiumArgs({ webmcp: native }), `--disable-extensions-except=${extension}`, `--load-extension=${extension}`],
    });
    const worker: Worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionOrigin = `chrome-extension://${new URL(worker.url()).host}`;
    bridge = createBridge({ port: 0, allowOrigins: [extensionOrigin], nameGraceMs: 0, logLevel: 'error' });
    await bridge.listen();

    // Settings, once: the bridge URL and its page token, in the options page.
    const options = await context.newPage();
    await options.goto(`${extensionOrigin}/options.html`);
    await options.getByLabel('Bridge URL').fill(bridge.url);
    await options.getByLabel('Page token').fill(bridge.pageToken);
    await options.getByRole('button', { name: 'Save' }).click();
    await expect(options.getByTestId('status')).toHaveText('Connected to the bridge.');
    await options.close();

    // The storefront, with no connector: the bridge sees nothing until the site is enabled.
    const page = await context.newPage();
    await page.goto(demo.storefrontUrl);
    await expect(page.locator('html[data-ready]')).toBeAttached();
    await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-state', 'off');
    const isNative = await page.evaluate(() => Function.prototype.toString.call(document.modelContext.constructor).includes('[native code]'));
    expect(isNative).toBe(native);
    expect(bridge.pages()).toEqual([]);

    const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]!.id!, demo.storefrontUrl);
    const popup = await context.newPage();
    await popup.goto(`${extensionOrigin}/popup.html?tab=${tabId}`);
    const origin = new URL(demo.storefrontUrl).origin;
    await expect(popup.getByTestId('site')).toHaveText(origin);
    await popup.getByRole('button', { name: 'Enable on this site' }).click();
    await expect(popup.getByTestId('sites')).toContainText(origin);

    mcp = await connectClient(bridge, bridge.clientToken);
    await expect.poll(() => mcp!.toolNames()).toEqual([...STOREFRONT_TOOLS]);
    expect(bridge.pages().map((p) => p.origin)).toEqual([origin]);
    await expect.poll(() => worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe(String(STOREFRONT_TOOLS.length));
    await expect(popup.getByTestId('status')).toHaveText(`Bridge connected · ${STOREFRONT_TOOLS.length} tools on this tab`);

    const { tools } = await mcp.client.listTools();
    expect(tools.find((t) => t.name === 'add_to_cart')!.inputSchema).toMatchObject({ type: 'object', properties: { sku: { type: 'string' } } });
    await addTwoMugs(page, mcp);
    await registerStoreHours(page, mcp);
    await expect.poll(() => worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe(String(STOREFRONT_TOOLS.length + 1));

    const dialog = await confirmCheckout(page, mcp);

    // A bridge restart: the worker reconnects by itself and announces the tab again.
    const { port, pageToken, clientToken } = bridge;
    await mcp.client.close();
    await bridge.close();
    bridge = createBridge({ port, pageToken, clientToken, allowOrigins: [extensionOrigin], nameGraceMs: 0, logLevel: 'error' });
    await bridge.listen();
    // Node's fetch pool may still hold a keep-alive socket the old bridge closed; a first request
    // can meet it ("other side closed"), so the new client gets a few bounded tries.
    const restarted = bridge;
    await expect.poll(async () => {
      mcp = await connectClient(restarted, restarted.clientToken).catch(() => undefined);
      return mcp !== undefined;
    }).toBe(true);
    await expect.poll(() => mcp!.toolNames(), { timeout: 10_000 }).toEqual([...STOREFRONT_TOOLS, 'store_hours'].sort());

    await closeTabDuringCheckout(page, mcp, dialog);
  } finally {
    await mcp?.client.close();
    await context?.close();
    await bridge?.close();
    rmSync(extension, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
});
