/**
 * The storefront served WITHOUT its connector script, reached by `webmcp-bridge --launch` and by
 * `webmcp-bridge --cdp` against a Chromium started on its own: a real SDK client lists and calls
 * its tools, hears `tools/list_changed` when the page registers one, a checkout still asks in the
 * page, and closing the tab fails an in-flight call within 1 s. Native WebMCP in the `native`
 * project; our polyfill in the `polyfill` project.
 */
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { startDemo, type Demo } from '../../demo/server';
import { launchChromium, type LaunchedChromium } from '../../packages/bridge/src/launch/launch-chromium';
import { startBridgeCli, type BridgeCli } from '../support/bridge-cli';
import { STOREFRONT_TOOLS, connectClient, type McpClient } from '../support/fixtures';
import { addTwoMugs, closeTabDuringCheckout, confirmCheckout, registerStoreHours } from '../support/storefront-steps';

interface Way {
  cli: BridgeCli;
  playwright: Browser;
  page: Page;
  mcp: McpClient;
  chromium?: LaunchedChromium;
}

let demo: Demo;
test.beforeAll(async () => {
  demo = await startDemo({ connector: false });
});
test.afterAll(async () => {
  await demo?.close();
});

async function storefrontPage(playwright: Browser, url: string): Promise<Page> {
  const context = playwright.contexts()[0]!;
  const found = context.pages().find((p) => p.url() === url);
  const page = found ?? (await context.newPage());
  if (!found) await page.goto(url);
  await expect(page.locator('html[data-ready]')).toBeAttached();
  return page;
}

async function open(way: 'launch' | 'cdp', native: boolean): Promise<Way> {
  const origin = new URL(demo.storefrontUrl).origin;
  let chromiumProcess: LaunchedChromium | undefined;
  let cli: BridgeCli;
  if (way === 'launch') {
    cli = await startBridgeCli(['--launch', demo.storefrontUrl, '--headless', ...(native ? [] : ['--without-native-webmcp', '--polyfill'])]);
    expect(cli.banner).toContain(`Exposing the WebMCP tools of every tab at these origins, and no others:\n  ${origin}\n`);
  } else {
    chromiumProcess = await launchChromium({ headless: true, webmcp: native });
    cli = await startBridgeCli(['--cdp', chromiumProcess.endpoint, '--allow-origin', origin]);
    expect(cli.banner).toContain(`Attached over DevTools to ${chromiumProcess.endpoint}`);
  }
  const playwright = await chromium.connectOverCDP(cli.devtools);
  const page = await storefrontPage(playwright, demo.storefrontUrl);
  // The storefront knows nothing of the bridge: no connector, so its badge stays off.
  await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-state', 'off');
  const isNative = await page.evaluate(() => Function.prototype.toString.call(document.modelContext.constructor).includes('[native code]'));
  expect(isNative, 'document.modelContext is native').toBe(native);
  const mcp = await connectClient({ mcpUrl: cli.mcpUrl }, cli.clientToken);
  await expect.poll(() => mcp.toolNames()).toEqual([...STOREFRONT_TOOLS]);
  return { cli, playwright, page, mcp, chromium: chromiumProcess };
}

async function close(way: Way | undefined): Promise<void> {
  await way?.mcp.client.close();
  await way?.playwright.close().catch(() => {});
  await way?.cli.close();
  await way?.chromium?.close();
}

for (const way of ['launch', 'cdp'] as const) {
  test(`--${way}: tools, list_changed, a checkout confirmed in the page, and a closed tab`, async ({}, testInfo) => {
    test.setTimeout(90_000);
    const native = testInfo.project.name === 'native';
    let w: Way | undefined;
    try {
      w = await open(way, native);
      const { page, mcp } = w;

      const { tools } = await mcp.client.listTools();
      expect(tools.find((t) => t.name === 'checkout')!.annotations?.destructiveHint).toBe(true);
      expect(tools.find((t) => t.name === 'add_to_cart')!.inputSchema).toMatchObject({ type: 'object', properties: { sku: { type: 'string' } } });
      const found = await mcp.call('search_products', { query: 'mug' });
      expect((found.structuredContent as { items: Array<{ sku: string }> }).items.map((i) => i.sku)).toContain('stoneware-mug');
      await addTwoMugs(page, mcp);
      await registerStoreHours(page, mcp);
      expect(await mcp.toolNames()).toContain('store_hours');
      const dialog = await confirmCheckout(page, mcp);
      await closeTabDuringCheckout(page, mcp, dialog);
    } finally {
      await close(w);
    }
  });
}
