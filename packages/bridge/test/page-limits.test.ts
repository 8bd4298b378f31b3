/**
 * What clients learn about a page and what a page is told (issue 9, items 7 and 8), over real
 * Chromium pages: clients see the page's origin and path only (the full URL with
 * `exposePageUrl`), and a page over a limit gets a console warning naming it while the bridge logs it.
 */
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';
import { createBridge, type Bridge, type LogEntry } from '../src/index';
import { connectClient, pageUrl, startPageServer, untilTools } from './support';

let browser: Browser;
let pages: Awaited<ReturnType<typeof startPageServer>>;

beforeAll(async () => {
  [browser, pages] = await Promise.all([chromium.launch(chromiumLaunchOptions({ webmcp: true })), startPageServer()]);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
});

/** A bridge with its log, closed after `use`. */
async function withBridge(options: Parameters<typeof createBridge>[0], use: (bridge: Bridge, logs: LogEntry[]) => Promise<void>): Promise<void> {
  const logs: LogEntry[] = [];
  const bridge = createBridge({ port: 0, ...options, logSink: (e) => void logs.push(e) });
  await bridge.listen();
  try {
    await use(bridge, logs);
  } finally {
    await bridge.close();
  }
}

/** Opens a page and collects its console warnings. */
async function open(url: string): Promise<{ tab: Page; warnings: string[] }> {
  const tab = await browser.newPage();
  const warnings: string[] = [];
  tab.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
  await tab.goto(url);
  return { tab, warnings };
}

describe('least disclosure', () => {
  for (const exposePageUrl of [false, true]) {
    it(exposePageUrl ? 'gives clients the full page URL with exposePageUrl' : 'gives clients the page origin and path only, never query or fragment', async () => {
      await withBridge({ exposePageUrl }, async (bridge) => {
        // The fixture URL carries the page token in its query, as sites often carry secrets.
        const url = `${pageUrl(pages.origin, bridge, { title: 'Private', tools: ['add'] })}#session=secret-fragment`;
        const { tab } = await open(url);
        await untilTools(bridge, ['add']);
        const client = await connectClient(bridge);
        const meta = (await client.listTools()).tools[0]!._meta?.['webmcp-kit/page'] as Record<string, unknown>;
        expect(meta.url).toBe(exposePageUrl ? url : `${pages.origin}/page`);
        expect(meta).toMatchObject({ origin: pages.origin, title: 'Private' });
        if (!exposePageUrl) expect(JSON.stringify(await client.listTools())).not.toMatch(/secret-fragment|token=/);
        await client.close();
        await tab.close();
      });
    });
  }
});

describe('limits said out loud', () => {
  it('tells a page over 1,000 tools, in its console and in the bridge log, naming the limit', async () => {
    await withBridge({}, async (bridge, logs) => {
      const { tab, warnings } = await open(pageUrl(pages.origin, bridge, { title: 'Many' }));
      await tab.evaluate(async () => {
        const mc = (document as unknown as { modelContext: { registerTool(t: object): Promise<void> } }).modelContext;
        for (let i = 0; i < 1001; i++) await mc.registerTool({ name: `t${i}`, description: 'd', execute: async () => 'ok' });
      });
      await expect.poll(() => bridge.stats().tools, { timeout: 10_000 }).toBe(1000);
      await expect.poll(() => warnings.find((w) => w.includes('maxToolsPerPage')), { timeout: 5000 }).toBe(
        'webmcp-bridge: this page offers 1001 tools; the bridge exposes the first 1000 (limit maxToolsPerPage 1000)',
      );
      expect(logs.find((l) => l.msg === 'page over the tool limit: extra tools dropped')).toMatchObject({ tools: 1001, limit: 'maxToolsPerPage 1000' });
      await tab.close();
    });
  });

  it('tells a page whose schema nests past the depth limit why the bridge closed it', async () => {
    await withBridge({}, async (bridge, logs) => {
      const { tab, warnings } = await open(pageUrl(pages.origin, bridge, { title: 'Deep', tools: ['add'] }));
      await untilTools(bridge, ['add']);
      await tab.evaluate(() => {
        let schema: Record<string, unknown> = { type: 'string' };
        for (let i = 0; i < 100; i++) schema = { type: 'object', properties: { a: schema } };
        const mc = (document as unknown as { modelContext: { registerTool(t: object): Promise<void> } }).modelContext;
        return mc.registerTool({ name: 'deep', description: 'd', inputSchema: schema, execute: async () => 'ok' });
      });
      await expect.poll(() => warnings.find((w) => w.includes('maxJsonDepth')), { timeout: 5000 }).toBe(
        "webmcp-bridge: the bridge closed this page's connection: page frame nests deeper than 64 levels (limit maxJsonDepth 64)",
      );
      expect(logs.find((l) => l.msg === 'page closed: over a limit')).toMatchObject({ origin: pages.origin, limit: expect.stringContaining('maxJsonDepth 64') });
      expect(bridge.tools()).toEqual([]);
      await tab.close();
    });
  });
});
