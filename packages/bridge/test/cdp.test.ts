/**
 * Pages reached over the DevTools Protocol, with no connector script: a Chromium started by
 * `connectBrowser({ launch })`, driven by Playwright over the same DevTools endpoint, its pages'
 * tools exposed through a real bridge to a real SDK client.
 */
import { EventEmitter } from 'node:events';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResourceUpdatedNotificationSchema, ToolListChangedNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBrowser, createBridge, type Bridge, type ConnectedBrowser } from '../src/index';
import { POLYFILL_IIFE, connectClient, firstText, readDist, startPageServer, until, untilPrompts, untilTools } from './support';

const TOOLS = ['confirm', 'echo', 'wait'];

interface Rig {
  bridge: Bridge;
  browser: ConnectedBrowser;
  playwright: Browser;
  context: BrowserContext;
  client: Client;
  changes: number[];
}

let pages: Awaited<ReturnType<typeof startPageServer>>;

async function startRig(webmcp: boolean): Promise<Rig> {
  const bridge = createBridge({ port: 0, callTimeoutMs: 800, nameGraceMs: 0, logLevel: 'error' });
  await bridge.listen();
  const browser = await connectBrowser(bridge, { launch: { headless: true, webmcp }, allowOrigins: [pages.origin], polyfill: !webmcp });
  const playwright = await chromium.connectOverCDP(browser.endpoint);
  const client = await connectClient(bridge);
  const changes: number[] = [];
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changes.push(performance.now()));
  return { bridge, browser, playwright, context: playwright.contexts()[0]!, client, changes };
}

async function stopRig(rig: Rig | undefined): Promise<void> {
  await rig?.client.close();
  await rig?.playwright.close().catch(() => {});
  await rig?.browser.close();
  await rig?.bridge.close();
}

/** The fixture page without any bridge script: `/page` registers `tools` on whatever modelContext it finds. */
const bare = (tools: string[], title = 'Bare page', origin = pages.origin, offers: string[] = []) =>
  `${origin}/page?${new URLSearchParams({ title, tools: tools.join(','), ...(offers.length ? { offers: offers.join(',') } : {}) })}`;

beforeAll(async () => {
  readDist(POLYFILL_IIFE);
  pages = await startPageServer();
});
afterAll(() => pages?.close());

for (const mode of ['native', 'polyfill'] as const) {
  describe(`pages over the DevTools Protocol (${mode} WebMCP)`, () => {
    let rig: Rig;
    let page: Page;
    beforeAll(async () => {
      rig = await startRig(mode === 'native');
      page = await rig.context.newPage();
      await page.goto(bare(TOOLS));
      await untilTools(rig.bridge, TOOLS);
    }, 30_000);
    afterAll(() => stopRig(rig));

    it('exposes the page tools with their schemas and runs calls in the page', async () => {
      const isNative = await page.evaluate(() => Function.prototype.toString.call((document as unknown as { modelContext: object }).modelContext.constructor).includes('[native code]'));
      expect(isNative).toBe(mode === 'native');
      const { tools } = await rig.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
      expect(tools.find((t) => t.name === 'echo')!.inputSchema).toMatchObject({ type: 'object', required: ['text'] });
      const result = (await rig.client.callTool({ name: 'echo', arguments: { text: 'hi' } })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect(firstText(result)).toBe('Bare page:hi');
      const invalid = (await rig.client.callTool({ name: 'echo', arguments: { text: 3 } })) as CallToolResult;
      expect(invalid.isError).toBe(true);
      expect(firstText(invalid)).toMatch(/text/);
    });

    it("carries the page's prompts and resources: get, read, complete, updated", async () => {
      const offersPage = await rig.context.newPage();
      await offersPage.goto(bare([], 'Offers page', pages.origin, ['prompts:test_prompt_with_arguments', 'resources:test://static-binary', 'templates:test://template/{id}/data']));
      await untilPrompts(rig.bridge, ['test_prompt_with_arguments']);
      const got = await rig.client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'a', arg2: 'b' } });
      expect(got.messages[0]!.content).toEqual({ type: 'text', text: "Prompt with arguments: arg1='a', arg2='b'" });
      expect((await rig.client.readResource({ uri: 'test://static-binary' })).contents[0]).toMatchObject({ mimeType: 'image/png', blob: expect.stringMatching(/^iVBOR/) });
      expect((await rig.client.readResource({ uri: 'test://template/9/data' })).contents[0]).toMatchObject({ text: expect.stringContaining('Data for ID: 9') });
      const { completion } = await rig.client.complete({ ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'testValue2' } });
      expect(completion.values).toEqual(['testValue2']);
      const updated: string[] = [];
      rig.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
      await rig.client.subscribeResource({ uri: 'test://static-binary' });
      await offersPage.evaluate(() => (window as unknown as { touch(uri: string): void }).touch('test://static-binary'));
      await expect.poll(() => updated).toEqual(['test://static-binary']);
      await offersPage.close();
      await untilPrompts(rig.bridge, []);
    });

    it('announces a tool the page registers with tools/list_changed, pushed not polled', async () => {
      const before = rig.changes.length;
      const started = performance.now();
      await page.evaluate(() => (window as unknown as { reg(n: string): void }).reg('add'));
      await until(rig.bridge.events, 'toolschange', () => rig.bridge.tools().some((t) => t.name === 'add'));
      await expect.poll(() => rig.changes.length, { timeout: 2000 }).toBeGreaterThan(before);
      expect(rig.changes[before]! - started).toBeLessThan(500);
      await page.evaluate(() => (window as unknown as { unreg(n: string): void }).unreg('add'));
      await untilTools(rig.bridge, TOOLS);
    });

    it('pauses the timeout while the page asks its user, and cancels on request', async () => {
      const call = rig.client.callTool({ name: 'confirm', arguments: {} }) as Promise<CallToolResult>;
      await page.waitForFunction(() => (window as unknown as { events: string[] }).events.includes('confirm:asking'));
      // Longer than the 800 ms call timeout: the pause holds it.
      await new Promise((r) => setTimeout(r, 1200));
      await page.evaluate(() => (window as unknown as { answers: Array<() => void> }).answers.shift()!());
      const result = await call;
      expect(firstText(result)).toBe('confirmed');

      const ac = new AbortController();
      const waiting = rig.client.callTool({ name: 'wait', arguments: {} }, undefined, { signal: ac.signal }).catch((e: unknown) => e);
      await page.waitForFunction(() => (window as unknown as { events: string[] }).events.includes('wait:started'));
      ac.abort();
      await waiting;
      await page.waitForFunction(() => (window as unknown as { events: string[] }).events.includes('wait:aborted'));
    });

    it('keeps the tools across a reload, and ignores pages of other origins', async () => {
      await page.reload();
      await untilTools(rig.bridge, TOOLS);
      expect((await rig.client.callTool({ name: 'echo', arguments: { text: 'again' } })).isError).toBeFalsy();
      const other = await rig.context.newPage();
      // localhost is another origin than the allowed 127.0.0.1.
      await other.goto(bare(['echo'], 'Other', pages.origin.replace('127.0.0.1', 'localhost')));
      await other.waitForFunction(() => document.title === 'Other');
      expect(rig.bridge.pages().map((p) => p.origin)).toEqual([pages.origin]);
      await other.close();
    });

    it("runs before the page's own scripts, which never see the binding", async () => {
      const probe = await rig.context.newPage();
      // The page's first script looks for anything the bridge put on its global object.
      await probe.route(`${pages.origin}/probe`, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><title>Probe</title><script>
            window.seen = Object.getOwnPropertyNames(window).filter((n) => /^__webmcp/i.test(n));
            window.seenTools = typeof document.modelContext;
          </script>`,
        }),
      );
      await probe.goto(`${pages.origin}/probe`);
      expect(await probe.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual([]);
      expect(await probe.evaluate(() => (window as unknown as { seenTools: string }).seenTools)).toBe('object');
      await until(rig.bridge.events, 'page', () => rig.bridge.pages().some((p) => p.url.endsWith('/probe')));
      await probe.close();
    });

    it('fails an in-flight call within 1 s when its tab closes', async () => {
      const extra = await rig.context.newPage();
      await extra.goto(bare(['wait'], 'Closing'));
      await until(rig.bridge.events, 'toolschange', () => rig.bridge.tools().some((t) => t.page.title === 'Closing'));
      const name = rig.bridge.tools().find((t) => t.page.title === 'Closing')!.name;
      const call = rig.client.callTool({ name, arguments: {} }) as Promise<CallToolResult>;
      await extra.waitForFunction(() => (window as unknown as { events: string[] }).events.includes('wait:started'));
      const started = performance.now();
      await extra.close();
      const result = await call;
      expect(performance.now() - started).toBeLessThan(1000);
      expect(result.isError).toBe(true);
      expect(firstText(result)).toMatch(/the page disconnected/);
    });
  });
}

describe('an allowed page without WebMCP over the DevTools Protocol', () => {
  it('is named in a warning, and exposes nothing', async () => {
    const bridge = createBridge({ port: 0, logSink: () => {} });
    await bridge.listen();
    const warnings: Array<Record<string, unknown>> = [];
    const said = new EventEmitter();
    const browser = await connectBrowser(bridge, {
      launch: { headless: true, webmcp: false },
      allowOrigins: [pages.origin],
      log: (entry) => {
        if (entry.level === 'warn') warnings.push(entry);
        said.emit('log');
      },
    });
    const playwright = await chromium.connectOverCDP(browser.endpoint);
    try {
      const page = await playwright.contexts()[0]!.newPage();
      await page.goto(bare(['echo'], 'No WebMCP'));
      await until(said, 'log', () => warnings.length > 0);
      expect(warnings).toEqual([expect.objectContaining({ msg: expect.stringContaining('has no document.modelContext'), origin: pages.origin })]);
      expect(bridge.pages()).toEqual([]);
    } finally {
      await playwright.close().catch(() => {});
      await browser.close();
      await bridge.close();
    }
  });
});
