/**
 * The bridge and webmcp-kit over Chromium < 152's older native WebMCP, in a real Chromium 150:
 * `getTools()` gives schemas as JSON text, `executeTool` takes JSON text input, `registerTool`
 * returns `undefined` and throws, `execute` gets no `{signal}`, and there is no `toolactivated`.
 * Real SDK clients over real HTTP, as in e2e.test.ts. The browser is the one
 * e2e/support/ensure-chromium-legacy.mjs unpacks beside the system Chromium (or CHROMIUM_LEGACY_PATH);
 * without it the suites skip, saying what is missing.
 */
import { chromium, type Browser, type Page } from 'playwright';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs } from '../../../e2e/support/chromium.mjs';
import { findLegacyChromium, LEGACY_BELOW_MAJOR } from '../../../e2e/support/ensure-chromium-legacy.mjs';
import { connectBrowser, createBridge, type Bridge, type ConnectedBrowser, type LogEntry } from '../src/index';
import { launchChromium, type LaunchedChromium } from '../src/launch/launch-chromium';
import { closeInOrder, connectClient, deepJson, DIST, firstText, openRawPage, pageUrl, POLYFILL_IIFE, readDist, startPageServer, until, untilTools } from './support';

const legacy = findLegacyChromium();
if (!legacy.path) console.warn(`legacy-native.test.ts: skipped, ${legacy.reason}`);
const suite = legacy.path ? describe : describe.skip;
const TIMEOUT_MS = 800;
const TOOLS = ['add', 'echo', 'fail', 'plain', 'wait'];

let browser: Browser;
let pages: Awaited<ReturnType<typeof startPageServer>>;

const events = (page: Page, entry: string) => page.waitForFunction((e) => (window as unknown as { events: string[] }).events.includes(e), entry, { timeout: 5000 });

beforeAll(async () => {
  if (!legacy.path) return;
  readDist(`${DIST}bridge-page.iife.js`);
  readDist(POLYFILL_IIFE);
  [browser, pages] = await Promise.all([chromium.launch({ executablePath: legacy.path, args: chromiumArgs({ webmcp: true }), headless: true }), startPageServer()]);
  const major = Number.parseInt(browser.version(), 10);
  if (!(major < LEGACY_BELOW_MAJOR)) throw new Error(`${legacy.path} is Chromium ${browser.version()}, not one below ${LEGACY_BELOW_MAJOR}`);
}, 30_000);

afterAll(() => closeInOrder(browser, pages));

/** A bridge with one page of the fixture tools connected, and a client. */
async function startRig(polyfill: boolean) {
  const logs: LogEntry[] = [];
  const bridge = createBridge({ port: 0, callTimeoutMs: TIMEOUT_MS, logSink: (e) => logs.push(e) });
  await bridge.listen();
  const page = await browser.newPage();
  await page.goto(pageUrl(pages.origin, bridge, { title: 'Old page', tools: TOOLS, polyfill }));
  // The page, not its tools: without support for the older shape they never come, and each test says so.
  await until(bridge.events, 'page', () => bridge.pages().length > 0);
  const client = await connectClient(bridge);
  return { bridge, page, client, logs, close: () => closeInOrder(client, bridge, page) };
}

/** What every page, whatever is layered on the native context, must get through the bridge. */
async function listsAndCalls(client: Client, bridge: Bridge, logs: LogEntry[]) {
  await untilTools(bridge, TOOLS, 3000);
  expect(logs.filter((l) => l.level === 'warn').map((l) => `${l.msg} ${l.tool}`)).toEqual([]);
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
  const echo = tools.find((t) => t.name === 'echo')!;
  expect(echo.inputSchema).toEqual({ type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false });
  expect(tools.find((t) => t.name === 'plain')!.inputSchema).toEqual({ type: 'object' });
  expect(tools.find((t) => t.name === 'add')!.annotations).toMatchObject({ readOnlyHint: true });

  const sum = (await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } })) as CallToolResult;
  expect(sum).toEqual({ content: [{ type: 'text', text: '42' }], structuredContent: { sum: 42 } });
  expect(firstText(await client.callTool({ name: 'echo', arguments: { text: 'hi "there"' } }))).toBe('Old page:hi "there"');
  expect(firstText(await client.callTool({ name: 'plain', arguments: {} }))).toBe('{"hello":"world"}');
  // The parsed schema is the one the bridge checks arguments against.
  const wrong = (await client.callTool({ name: 'echo', arguments: { text: 5 } })) as CallToolResult;
  expect(firstText(wrong)).toBe('Invalid arguments for tool "echo": text: expected string, got number');
  const failed = (await client.callTool({ name: 'fail', arguments: {} })) as CallToolResult;
  expect(failed.isError).toBe(true);
  expect(firstText(failed)).toMatch(/^Tool "fail" of page "Old page" \(http:\/\/127\.0\.0\.1:\d+\) failed: (UnknownError|Error): /);
  expect(bridge.pages().map((p) => p.title)).toEqual(['Old page']);
}

/** Cancel and timeout end the call at the bridge, and the page keeps serving calls. */
async function cancelsAndTimesOut(client: Client, bridge: Bridge, page: Page, logs: LogEntry[]) {
  await untilTools(bridge, TOOLS, 3000);
  const ac = new AbortController();
  const call = client.callTool({ name: 'wait', arguments: {} }, undefined, { signal: ac.signal });
  await events(page, 'wait:started');
  ac.abort(new Error('user stop'));
  await expect(call).rejects.toThrow(/user stop/);
  await expect.poll(() => logs.filter((l) => l.audit && l.tool === 'wait').at(-1)?.outcome).toBe('cancelled');

  const started = performance.now();
  const timedOut = (await client.callTool({ name: 'wait', arguments: {} })) as CallToolResult;
  expect(firstText(timedOut)).toMatch(new RegExp(`timed out after ${TIMEOUT_MS} ms`));
  expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 2000);
  expect(firstText(await client.callTool({ name: 'echo', arguments: { text: 'still here' } }))).toBe('Old page:still here');
}

suite(`Chromium < ${LEGACY_BELOW_MAJOR} native WebMCP through the bridge connector`, () => {
  let rig: Awaited<ReturnType<typeof startRig>>;
  beforeAll(async () => {
    rig = await startRig(false);
  }, 30_000);
  afterAll(() => rig?.close());

  it('is the older shape: text schemas, text input, no toolactivated', async () => {
    const shape = await rig.page.evaluate(async () => {
      const mc = (document as unknown as { modelContext: EventTarget & { getTools(): Promise<Array<{ name: string; inputSchema?: unknown }>>; executeTool(t: object, i: unknown): Promise<string> } }).modelContext;
      const echo = (await mc.getTools()).find((t) => t.name === 'echo')!;
      const object = await mc.executeTool(echo, { text: 'x' }).then(String, (e: Error) => `${e.name}: ${e.message}`);
      return { schema: typeof echo.inputSchema, object, activated: 'ontoolactivated' in mc };
    });
    expect(shape).toEqual({ schema: 'string', object: 'UnknownError: Failed to parse input arguments', activated: false });
  });

  it('lists the tools with object schemas and calls them with arguments, errors included', () => listsAndCalls(rig.client, rig.bridge, rig.logs));

  it('cancels and times out calls although the tool gets no signal', async () => {
    await cancelsAndTimesOut(rig.client, rig.bridge, rig.page, rig.logs);
    // Chromium < 152 gives `execute` no signal: the tool itself never learns of the cancel.
    expect(await rig.page.evaluate(() => (window as unknown as { events: string[] }).events.includes('wait:aborted'))).toBe(false);
  });
});

suite(`Chromium < ${LEGACY_BELOW_MAJOR} native WebMCP with webmcp-kit layered on it`, () => {
  let rig: Awaited<ReturnType<typeof startRig>>;
  beforeAll(async () => {
    rig = await startRig(true);
  }, 30_000);
  afterAll(() => rig?.close());

  it('lists the tools with object schemas and calls them with arguments, errors included', () => listsAndCalls(rig.client, rig.bridge, rig.logs));

  it("cancels and times out calls, and the tool's signal aborts as on Chromium 156", async () => {
    await rig.page.evaluate(() => ((window as unknown as { events: string[] }).events.length = 0));
    await cancelsAndTimesOut(rig.client, rig.bridge, rig.page, rig.logs);
    await events(rig.page, 'wait:aborted');
  });

  it("carries a tool's progress to the caller, as on Chromium 156", async () => {
    await rig.page.evaluate(() => (window as unknown as { reg(n: string): Promise<void> }).reg('steps'));
    await untilTools(rig.bridge, [...TOOLS, 'steps']);
    const seen: Array<{ progress: number; total?: number; message?: string }> = [];
    const result = await rig.client.callTool({ name: 'steps', arguments: {} }, undefined, { onprogress: (p) => void seen.push(p) });
    expect(firstText(result)).toBe('stepped');
    await expect.poll(() => seen).toEqual([
      { progress: 1, total: 3, message: 'one' },
      { progress: 2, total: 3 },
      { progress: 3, total: 3, message: 'done' },
    ]);
    await rig.page.evaluate(() => (window as unknown as { unreg(n: string): void }).unreg('steps'));
    await untilTools(rig.bridge, TOOLS);
  });

  it('registerTool and the helpers reject as documented instead of throwing, and register nothing on failure', async () => {
    const out = await rig.page.evaluate(async () => {
      type Tool = { name: string; description: string; execute: (...a: unknown[]) => unknown };
      const mc = (document as unknown as { modelContext: { registerTool(t: Tool, o?: object): Promise<void>; getTools(): Promise<Array<{ name: string }>> } }).modelContext;
      const kit = (window as unknown as { WebMCPKit: { installModelContext(): { native: boolean }; registerTools(t: Tool[]): Promise<unknown> } }).WebMCPKit;
      const outcome = (p: unknown) => (p instanceof Promise ? p.then(() => 'resolved', (e: Error) => `rejected ${e.name}: ${e.message}`) : `returned ${String(p)}`);
      const tool = (name: string, description = 'A tool'): Tool => ({ name, description, execute: () => 'ok' });
      const results: Record<string, unknown> = { native: kit.installModelContext().native };
      // Each is a promise, never a throw: a throw would end this evaluate.
      results.fresh = await outcome(mc.registerTool(tool('fresh')));
      results.duplicate = await outcome(mc.registerTool(tool('echo')));
      results.badName = await outcome(mc.registerTool(tool('bad name')));
      results.noDescription = await outcome(mc.registerTool(tool('nodesc', '')));
      const ac = new AbortController();
      ac.abort(new Error('gone'));
      results.aborted = await outcome(mc.registerTool(tool('aborted'), { signal: ac.signal }));
      results.all = await outcome(kit.registerTools([tool('one'), tool('two', '')]));
      results.names = (await mc.getTools()).map((t) => t.name).sort();
      return results;
    });
    expect(out).toEqual({
      native: true,
      fresh: 'resolved',
      duplicate: expect.stringMatching(/^rejected InvalidStateError: .*Duplicate tool name/),
      badName: expect.stringMatching(/^rejected InvalidStateError: .*Invalid tool name/),
      noDescription: expect.stringMatching(/^rejected InvalidStateError: .*Description is required/),
      aborted: 'rejected Error: gone',
      all: expect.stringMatching(/^rejected InvalidStateError: .*Description is required/),
      names: [...TOOLS, 'fresh'].sort(),
    });
  });

  it('executeTool takes an object (or JSON text) and validates it first, as on Chromium 156', async () => {
    const out = await rig.page.evaluate(async () => {
      const mc = (document as unknown as { modelContext: { getTools(): Promise<Array<{ name: string }>>; executeTool(t: object, i?: unknown): Promise<string> } }).modelContext;
      const tools = await mc.getTools();
      const echo = tools.find((t) => t.name === 'echo')!;
      const settle = (p: Promise<string>) => p.then((v) => v, (e: Error) => `${e.name}: ${e.message}`);
      return {
        object: await settle(mc.executeTool(echo, { text: 'a' })),
        text: await settle(mc.executeTool(echo, '{"text":"b"}')),
        invalid: await settle(mc.executeTool(echo, { text: 1 })),
        none: await settle(mc.executeTool(tools.find((t) => t.name === 'plain')!)),
      };
    });
    expect(out).toEqual({
      object: 'Old page:a',
      text: 'Old page:b',
      invalid: expect.stringMatching(/^DataError: .*text/),
      none: '{"hello":"world"}',
    });
  });
});

suite(`Chromium < ${LEGACY_BELOW_MAJOR} over the DevTools Protocol (--cdp page agent)`, () => {
  let bridge: Bridge;
  const logs: LogEntry[] = [];
  let launched: LaunchedChromium;
  let reached: ConnectedBrowser;
  let client: Client;
  beforeAll(async () => {
    bridge = createBridge({ port: 0, callTimeoutMs: TIMEOUT_MS, logSink: (e) => logs.push(e) });
    await bridge.listen();
    launched = await launchChromium({ headless: true, webmcp: true, executablePath: legacy.path });
    reached = await connectBrowser(bridge, { cdp: launched.endpoint, allowOrigins: [pages.origin] });
    client = await connectClient(bridge);
  }, 30_000);
  afterAll(() => closeInOrder(client, reached, launched, bridge));

  it('lists the tools with object schemas and calls them with arguments', async () => {
    const cdp = await chromium.connectOverCDP(reached.endpoint);
    try {
      expect(Number.parseInt(cdp.version(), 10)).toBeLessThan(LEGACY_BELOW_MAJOR);
      const page = await cdp.contexts()[0]!.newPage();
      await page.goto(`${pages.origin}/page?${new URLSearchParams({ title: 'Old page', tools: TOOLS.join(',') })}`);
      await listsAndCalls(client, bridge, logs);
    } finally {
      await cdp.close();
    }
  });
});

// No browser needed: what any page (or a hostile one) may send as a text schema.
describe('inputSchema given as JSON text', () => {
  it('is parsed into the object schema clients see; text that is not one skips the tool, saying why', async () => {
    const logs: LogEntry[] = [];
    const bridge = createBridge({ port: 0, logSink: (e) => logs.push(e) });
    await bridge.listen();
    const raw = await openRawPage(bridge, 'http://localhost:5173', 'Raw old page');
    const client = await connectClient(bridge);
    try {
      const warned = raw.next('warn');
      const tool = (name: string, inputSchema: string) => ({ name, description: 'd', inputSchema });
      raw.ws.send(JSON.stringify({ t: 'tools', title: 'Raw old page', resources: [], tools: [
        tool('good', '{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}'),
        tool('truncated', '{"type":"object"'),
        tool('stringly', '{"type":"string"}'),
        tool('deep', deepJson(100)),
      ] }));
      await untilTools(bridge, ['good']);
      const { tools } = await client.listTools();
      expect(tools.map((t) => [t.name, t.inputSchema])).toEqual([['good', { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] }]]);
      expect(firstText(await client.callTool({ name: 'good', arguments: { n: 'x' } }))).toBe('Invalid arguments for tool "good": n: expected integer, got string');
      const skipped = logs.filter((l) => l.level === 'warn').map((l) => [l.tool, l.reason ?? l.msg]);
      expect(skipped).toEqual([
        ['truncated', expect.stringMatching(/^inputSchema is a string that does not parse as JSON \(.+\)$/)],
        ['stringly', 'inputSchema must be an object schema'],
        ['deep', 'inputSchema is a string that does not parse as JSON (inputSchema nests deeper than 64 levels (limit maxJsonDepth 64))'],
      ]);
      expect((await warned).message).toMatch(/^tool "truncated" skipped: inputSchema is a string that does not parse as JSON/);
    } finally {
      raw.ws.close();
      await closeInOrder(client, bridge);
    }
  });
});
