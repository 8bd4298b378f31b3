/**
 * End to end over the webmcp-kit polyfill (no native WebMCP): the real confirmation dialog drives
 * the bridge's timeout pause through `toolinteractionstart/end`, and `defineTool({ app })` MCP Apps
 * reach clients through the tool-extensions registry.
 */
import { chromium, type Browser, type Page } from 'playwright';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';
import { createBridge, type Bridge } from '../src/index';
import { closeInOrder, connectClient, firstText, pageUrl, POLYFILL_IIFE, readDist, startPageServer, untilTools } from './support';

const TIMEOUT_MS = 800;
let browser: Browser;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let bridge: Bridge;
let client: Client;
let page: Page;

beforeAll(async () => {
  readDist(POLYFILL_IIFE);
  [browser, pages] = await Promise.all([chromium.launch(chromiumLaunchOptions({ webmcp: false })), startPageServer()]);
  bridge = createBridge({ port: 0, callTimeoutMs: TIMEOUT_MS, progressIntervalMs: 150, logSink: () => {} });
  await bridge.listen();
  page = await browser.newPage();
  await page.goto(pageUrl(pages.origin, bridge, { title: 'Polyfill page', tools: ['add', 'wait', 'fail'], polyfill: true }));
  await page.evaluate(async () => {
    type Fn = (...a: unknown[]) => unknown;
    const { defineTool, registerTools } = (window as unknown as { WebMCPKit: { defineTool: Fn; registerTools: Fn } }).WebMCPKit;
    await registerTools([
      defineTool({
        name: 'buy',
        description: 'Buys an item',
        readOnly: false,
        inputSchema: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] },
        confirm: { message: ({ sku }: { sku: string }) => `Buy ${sku}?` },
        execute: ({ sku }: { sku: string }) => `bought ${sku}`,
      }),
      defineTool({ name: 'show', description: 'Shows a UI', readOnly: true, app: { html: '<!doctype html><p>ui</p>' }, execute: () => 'shown' }),
    ]);
  });
  await untilTools(bridge, ['add', 'buy', 'fail', 'show', 'wait']);
  client = await connectClient(bridge);
}, 30_000);

afterAll(() => closeInOrder(client, bridge, browser, pages));

describe('bridge end to end (webmcp-kit polyfill)', () => {
  it('runs on the polyfill, not native WebMCP', async () => {
    expect(await page.evaluate(() => (window as unknown as { WebMCPKit: { isNativeModelContext(): boolean } }).WebMCPKit.isNativeModelContext())).toBe(false);
  });

  it('lists and calls page tools; a throwing tool becomes an isError result', async () => {
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['add', 'buy', 'fail', 'show', 'wait']);
    expect(await client.callTool({ name: 'add', arguments: { a: 1, b: 2 } })).toEqual({ content: [{ type: 'text', text: '3' }], structuredContent: { sum: 3 } });
    const failed = (await client.callTool({ name: 'fail', arguments: {} })) as CallToolResult;
    expect(failed.isError).toBe(true);
    // The polyfill keeps the tool's own error (as the UnknownError's cause): the client sees it.
    expect(firstText(failed)).toMatch(/^Tool "fail" of page "Polyfill page" .* failed: Error: boom$/);
  });

  it('pauses the timeout while the confirmation dialog is open, and resumes after Confirm', async () => {
    const progress: string[] = [];
    const call = client.callTool({ name: 'buy', arguments: { sku: 'A-1' } }, undefined, { onprogress: (p) => void progress.push(p.message ?? '') });
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ state: 'visible', timeout: 5000 });
    await expect(dialog.textContent()).resolves.toContain('Buy A-1?');
    await new Promise((r) => setTimeout(r, TIMEOUT_MS * 2));
    await page.getByRole('button', { name: 'Confirm' }).click();
    const result = (await call) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(firstText(result)).toContain('bought A-1');
    expect(progress).toContain('Waiting for the user in the page');
  });

  it('cancels into the page and sends list_changed when tools change', async () => {
    const ac = new AbortController();
    const call = client.callTool({ name: 'wait', arguments: {} }, undefined, { signal: ac.signal });
    await page.waitForFunction(() => (window as unknown as { events: string[] }).events.includes('wait:started'), undefined, { timeout: 5000 });
    ac.abort();
    await expect(call).rejects.toThrow();
    // Cancelled through the polyfill's TOOL_CANCEL hook (no AbortSignal per call): the tool's signal
    // aborts and toolcancel fires, as with a signal.
    await page.waitForFunction(() => ['wait:aborted', 'toolcancel:wait'].every((e) => (window as unknown as { events: string[] }).events.includes(e)), undefined, { timeout: 5000 });

    const changed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no list_changed within 3 s')), 3000);
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await page.evaluate(() => (window as unknown as { unreg(n: string): void }).unreg('wait'));
    await changed;
    expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('wait');
  });

  it('serves a defineTool({ app }) MCP App as a ui:// resource', async () => {
    const show = (await client.listTools()).tools.find((t) => t.name === 'show')!;
    expect(show._meta).toMatchObject({ ui: { resourceUri: 'ui://show/app.html' } });
    const read = await client.readResource({ uri: 'ui://show/app.html' });
    expect(read.contents[0]).toMatchObject({ uri: 'ui://show/app.html', mimeType: 'text/html;profile=mcp-app', text: '<!doctype html><p>ui</p>' });
  });
});
