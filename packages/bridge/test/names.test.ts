/**
 * Names nobody can steal (issue 9, item 5), over real Chromium pages from two origins: a page from
 * another origin that registers `echo` first cannot take the bare name from the primary origin,
 * names never change while a tab lives, calls made while a tab reloads wait for it (bounded), and a
 * tab opened during another tab's reload grace keeps its own stable name.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { chromium, type Browser, type Page } from 'playwright';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';
import { createBridge, type Bridge } from '../src/index';
import { connectClient, firstText, pageUrl, startPageServer, until, untilTools } from './support';

const GRACE_MS = 1500;
let browser: Browser;
let shop: Awaited<ReturnType<typeof startPageServer>>;
let other: Awaited<ReturnType<typeof startPageServer>>;
let bridge: Bridge;
let client: Client;
const opened: Array<{ bridge: Bridge; client: Client }> = [];

const hex = (tab: string) => createHash('sha256').update(tab).digest('hex');
const tabId = (page: Page) => page.evaluate(() => (window as unknown as { conn: { tabId: string } }).conn.tabId);
const label = (origin: string) => `http_127.0.0.1_${new URL(origin).port}`;

async function open(url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url);
  return page;
}

beforeAll(async () => {
  [browser, shop, other] = await Promise.all([chromium.launch(chromiumLaunchOptions({ webmcp: true })), startPageServer(), startPageServer()]);
}, 30_000);

/** Each test gets its own bridge, so names held in one test's grace period never reach the next. */
beforeEach(async () => {
  bridge = createBridge({ port: 0, primaryOrigin: shop.origin, nameGraceMs: GRACE_MS, logSink: () => {} });
  await bridge.listen();
  client = await connectClient(bridge);
  opened.push({ bridge, client });
});

afterAll(async () => {
  for (const o of opened) {
    await o.client.close();
    await o.bridge.close();
  }
  await browser?.close();
  await Promise.all([shop?.close(), other?.close()]);
});

describe('exposed tool names', () => {
  it('keeps the bare name for the primary origin even when another origin registers it first, and labels the other', async () => {
    const squatter = await open(pageUrl(other.origin, bridge, { title: 'Squatter', tools: ['echo'] }));
    const theirs = `echo__${label(other.origin)}`;
    await untilTools(bridge, [theirs]);
    const store = await open(pageUrl(shop.origin, bridge, { title: 'Shop', tools: ['echo'] }));
    await untilTools(bridge, ['echo', theirs]);
    expect(firstText(await client.callTool({ name: 'echo', arguments: { text: 'x' } }))).toBe('Shop:x');
    expect(firstText(await client.callTool({ name: theirs, arguments: { text: 'x' } }))).toBe('Squatter:x');
    const listed = (await client.listTools()).tools.find((t) => t.name === theirs)!;
    expect(listed._meta?.['webmcp-kit/page']).toMatchObject({ origin: other.origin, toolName: 'echo' });
    await Promise.all([squatter.close(), store.close()]);
  });

  it('lets a call made while its tab reloads wait for the tab instead of failing, and bounds the wait', async () => {
    const tab = await open(pageUrl(shop.origin, bridge, { title: 'Reloading', tools: ['echo'] }));
    await untilTools(bridge, ['echo']);
    // A slow reload: the document takes 800 ms to arrive, so the call lands while the tab is away.
    await tab.route('**/page?*', (route) => void setTimeout(() => void route.continue(), 800));
    const gone = once(bridge.events, 'pagegone');
    const reload = tab.reload();
    await gone;
    expect(bridge.tools()).toEqual([]);
    const started = performance.now();
    expect(firstText(await client.callTool({ name: 'echo', arguments: { text: 'during reload' } }))).toBe('Reloading:during reload');
    console.info(`call during reload answered after ${(performance.now() - started).toFixed(0)} ms`);
    await reload;

    // A tab that does not come back: the call fails once the name is released, not before.
    const closedAt = performance.now();
    const left = once(bridge.events, 'pagegone');
    await tab.close();
    await left;
    await expect(client.callTool({ name: 'echo', arguments: { text: 'x' } })).rejects.toThrow(/Unknown tool "echo"/);
    expect(performance.now() - closedAt).toBeLessThan(GRACE_MS + 2000);
  });

  it('gives a tab opened during another tab\'s reload grace a deterministic name that stays for its whole life', async () => {
    const first = await open(pageUrl(shop.origin, bridge, { title: 'First', tools: ['add'] }));
    await untilTools(bridge, ['add']);
    const gone = once(bridge.events, 'pagegone');
    await first.close();
    await gone;
    const second = await open(pageUrl(shop.origin, bridge, { title: 'Second', tools: ['add'] }));
    const name = `add_${hex(await tabId(second)).slice(0, 4)}`;
    await untilTools(bridge, [name]);
    // The grace ends; the second tab's name does not move.
    await new Promise((r) => setTimeout(r, GRACE_MS + 300));
    expect(bridge.tools().map((t) => t.name)).toEqual([name]);
    const result = (await client.callTool({ name, arguments: { a: 1, b: 2 } })) as CallToolResult;
    expect(firstText(result)).toBe('3');
    await second.reload();
    await untilTools(bridge, [name]);
    expect(firstText(await client.callTool({ name, arguments: { a: 2, b: 2 } }))).toBe('4');
    await second.close();
  });
});
