/**
 * End to end over real parts: Chromium pages with native WebMCP running the built page IIFE, the
 * bridge, and real MCP SDK clients over Streamable HTTP (and stdio through the built CLI).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { PromptListChangedNotificationSchema, ResourceListChangedNotificationSchema, ToolListChangedNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';
import { createBridge, type Bridge, type LogEntry } from '../src/index';
import { closeInOrder, connectClient, DIST, firstText, pageUrl, readDist, startPageServer, until, untilTools } from './support';

const TIMEOUT_MS = 800;
let browser: Browser;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let bridge: Bridge;
let client: Client;
let pageA: Page;
const logs: LogEntry[] = [];
const A_TOOLS = ['add', 'app', 'big', 'confirm', 'echo', 'fail', 'plain', 'wait'];

async function openPage(url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url);
  return page;
}

const events = (page: Page, entry: string) => page.waitForFunction((e) => (window as unknown as { events: string[] }).events.includes(e), entry, { timeout: 5000 });

beforeAll(async () => {
  readDist(`${DIST}bridge-page.iife.js`);
  [browser, pages] = await Promise.all([chromium.launch(chromiumLaunchOptions({ webmcp: true })), startPageServer()]);
  bridge = createBridge({
    port: 0,
    callTimeoutMs: TIMEOUT_MS,
    progressIntervalMs: 150,
    maxResultBytes: 64 * 1024,
    logSink: (e) => logs.push(e),
  });
  await bridge.listen();
  pageA = await openPage(pageUrl(pages.origin, bridge, { title: 'Page A', tools: A_TOOLS }));
  await untilTools(bridge, A_TOOLS);
  client = await connectClient(bridge);
}, 30_000);

afterAll(() => closeInOrder(client, bridge, browser, pages));

describe('bridge end to end (native WebMCP)', () => {
  it('lists the tools of a page, with its title and origin, and calls them', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(A_TOOLS);
    const add = tools.find((t) => t.name === 'add')!;
    expect(add.title).toBe(`add ("Page A" ${pages.origin})`);
    expect(add.description).toContain('Adds two numbers');
    expect(add._meta?.['webmcp-kit/page']).toMatchObject({ origin: pages.origin, title: 'Page A' });
    expect(add.annotations).toEqual({ readOnlyHint: true });
    expect(add.inputSchema).toMatchObject({ type: 'object', required: ['a', 'b'] });

    const sum = (await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } })) as CallToolResult;
    expect(sum).toEqual({ content: [{ type: 'text', text: '42' }], structuredContent: { sum: 42 } });
    expect(firstText(await client.callTool({ name: 'echo', arguments: { text: 'hi' } }))).toBe('Page A:hi');
    expect(firstText(await client.callTool({ name: 'plain', arguments: {} }))).toBe('{"hello":"world"}');

    const failed = (await client.callTool({ name: 'fail', arguments: {} })) as CallToolResult;
    expect(failed.isError).toBe(true);
    // Native WebMCP replaces the thrown error with UnknownError; the bridge names page and tool.
    expect(firstText(failed)).toMatch(/^Tool "fail" of page "Page A" \(http:\/\/127\.0\.0\.1:\d+\) failed: (UnknownError|Error): /);

    const audit = logs.filter((l) => l.audit && l.tool === 'add');
    expect(audit.at(-1)).toMatchObject({ msg: 'tool call', origin: pages.origin, outcome: 'ok', session: expect.any(String) });
    expect(audit.at(-1)).not.toHaveProperty('arguments');
    const text = JSON.stringify(logs);
    expect(text).not.toContain(bridge.pageToken);
    expect(text).not.toContain(bridge.clientToken!);
  });

  it('sends tools/list_changed to every session when a page registers and unregisters a tool', async () => {
    const second = await connectClient(bridge);
    const seen: number[][] = [[], []];
    const started = { at: 0 };
    [client, second].forEach((c, i) => c.setNotificationHandler(ToolListChangedNotificationSchema, () => void seen[i]!.push(performance.now() - started.at)));
    const both = () => new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`list_changed not received by both sessions: ${JSON.stringify(seen)}`)), 3000);
      const check = setInterval(() => {
        if (seen[0]!.length && seen[1]!.length) {
          clearInterval(check);
          clearTimeout(timer);
          resolve();
        }
      }, 2);
    });
    started.at = performance.now();
    await pageA.evaluate(() => (window as unknown as { reg(n: string, as: string): Promise<void> }).reg('echo', 'echo2'));
    await both();
    const latency = Math.max(seen[0]![0]!, seen[1]![0]!);
    // Typically 2–5 ms (bench/bridge.mjs); the bound leaves room for a loaded 2-core CI box and still
    // fails any polling design.
    expect(latency).toBeLessThan(500);
    expect((await second.listTools()).tools.map((t) => t.name)).toContain('echo2');

    seen[0] = [];
    seen[1] = [];
    started.at = performance.now();
    await pageA.evaluate(() => (window as unknown as { unreg(n: string): void }).unreg('echo2'));
    await both();
    expect((await second.listTools()).tools.map((t) => t.name)).not.toContain('echo2');
    await second.close();
  });

  it('sends no list_changed for a first page that connects offering nothing, and one when it registers a tool', async () => {
    const fresh = createBridge({ port: 0, logSink: () => {} });
    await fresh.listen();
    const c = await connectClient(fresh);
    const counts = { tools: 0, prompts: 0, resources: 0 };
    const firstTool = new Promise<string[]>((resolve) => {
      c.setNotificationHandler(ToolListChangedNotificationSchema, () => {
        if (++counts.tools === 1) void c.listTools().then((r) => resolve(r.tools.map((t) => t.name)));
      });
    });
    c.setNotificationHandler(PromptListChangedNotificationSchema, () => void counts.prompts++);
    c.setNotificationHandler(ResourceListChangedNotificationSchema, () => void counts.resources++);
    const tab = await openPage(pageUrl(pages.origin, fresh, { title: 'Empty tab' }));
    try {
      await until(fresh.events, 'page', () => fresh.pages().some((p) => p.title === 'Empty tab'));
      await tab.evaluate(() => (window as unknown as { reg(n: string): Promise<void> }).reg('echo'));
      // One SSE stream carries them in order: a notification for the empty connect would come first.
      expect(await firstTool).toEqual(['echo']);
      expect(counts).toEqual({ tools: 1, prompts: 0, resources: 0 });
    } finally {
      await tab.close();
      await closeInOrder(c, fresh);
    }
  });

  it('rejects bad arguments naming the field, without running the tool', async () => {
    const wrongType = (await client.callTool({ name: 'echo', arguments: { text: 5 } })) as CallToolResult;
    expect(wrongType.isError).toBe(true);
    expect(firstText(wrongType)).toBe('Invalid arguments for tool "echo": text: expected string, got number');
    const missing = (await client.callTool({ name: 'echo', arguments: {} })) as CallToolResult;
    expect(firstText(missing)).toBe('Invalid arguments for tool "echo": text: required property is missing');
    const extra = (await client.callTool({ name: 'echo', arguments: { text: 'a', nope: 1 } })) as CallToolResult;
    expect(firstText(extra)).toBe('Invalid arguments for tool "echo": nope: property is not allowed (additionalProperties is false)');
    expect(await pageA.evaluate(() => (window as unknown as { events: string[] }).events.filter((e) => e === 'toolactivated:echo').length)).toBe(1);
    await expect(client.callTool({ name: 'nope', arguments: {} })).rejects.toThrow(/Unknown tool "nope"/);
  });

  it('cancels: notifications/cancelled aborts the call in the page, where toolcancel fires', async () => {
    const ac = new AbortController();
    const call = client.callTool({ name: 'wait', arguments: {} }, undefined, { signal: ac.signal });
    await events(pageA, 'wait:started');
    ac.abort(new Error('user stop'));
    await expect(call).rejects.toThrow(/user stop/);
    await events(pageA, 'toolcancel:wait');
    await events(pageA, 'wait:aborted');
  });

  it('times out a call and aborts it in the page', async () => {
    await pageA.evaluate(() => ((window as unknown as { events: string[] }).events.length = 0));
    const started = performance.now();
    const result = (await client.callTool({ name: 'wait', arguments: {} })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(firstText(result)).toMatch(new RegExp(`timed out after ${TIMEOUT_MS} ms`));
    expect(performance.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    await events(pageA, 'toolcancel:wait');
    expect(logs.filter((l) => l.audit && l.tool === 'wait').at(-1)).toMatchObject({ outcome: 'timeout' });
  });

  it('pauses the timeout while the page waits for its user, and reports progress meanwhile', async () => {
    const progress: string[] = [];
    const call = client.callTool({ name: 'confirm', arguments: {} }, undefined, { onprogress: (p) => void progress.push(p.message ?? '') });
    await events(pageA, 'confirm:asking');
    // The user takes twice the call timeout to answer.
    await new Promise((r) => setTimeout(r, TIMEOUT_MS * 2));
    await pageA.evaluate(() => (window as unknown as { answers: Array<() => void> }).answers.shift()!());
    expect(firstText(await call)).toBe('confirmed');
    expect(progress).toContain('Waiting for the user in the page');
  });

  it('fails a call within 1 s, naming the page, when its tab closes mid-call', async () => {
    const tab = await openPage(pageUrl(pages.origin, bridge, { title: 'Closing tab', tools: ['wait'] }));
    await until(bridge.events, 'toolschange', () => bridge.tools().some((t) => t.page.title === 'Closing tab'));
    const name = bridge.tools().find((t) => t.page.title === 'Closing tab')!.name;
    const call = client.callTool({ name, arguments: {} });
    await events(tab, 'wait:started');
    const closedAt = performance.now();
    await tab.close();
    const result = (await call) as CallToolResult;
    expect(performance.now() - closedAt).toBeLessThan(1000);
    expect(result.isError).toBe(true);
    expect(firstText(result)).toContain(`of page "Closing tab" (${pages.origin}) failed: the page disconnected`);
  });

  it('gives two pages offering the same name distinct names that stay stable across a reload', async () => {
    const second = await openPage(pageUrl(pages.origin, bridge, { title: 'Second', tools: ['echo'] }));
    const tab = await second.evaluate(() => (window as unknown as { conn: { tabId: string } }).conn.tabId);
    const suffixed = `echo_${createHash('sha256').update(tab).digest('hex').slice(0, 4)}`;
    await untilTools(bridge, [...A_TOOLS, suffixed]);
    expect(suffixed).toMatch(/^[A-Za-z0-9_.-]{1,128}$/);
    expect(firstText(await client.callTool({ name: 'echo', arguments: { text: 'x' } }))).toBe('Page A:x');
    expect(firstText(await client.callTool({ name: suffixed, arguments: { text: 'x' } }))).toBe('Second:x');

    await second.reload();
    await until(bridge.events, 'page', () => bridge.pages().some((p) => p.tab === tab && p.title === 'Second'));
    await untilTools(bridge, [...A_TOOLS, suffixed]);
    expect(firstText(await client.callTool({ name: suffixed, arguments: { text: 'y' } }))).toBe('Second:y');
    await second.close();
    await untilTools(bridge, A_TOOLS);
  });

  it('gives a duplicated tab (same sessionStorage tab id) its own id', async () => {
    const tabA = bridge.pages().find((p) => p.title === 'Page A')!.tab;
    const copy = await browser.newPage();
    await copy.addInitScript((tab) => sessionStorage.setItem('webmcp-bridge.tab', tab), tabA);
    await copy.goto(pageUrl(pages.origin, bridge, { title: 'Copy', tools: ['plain'] }));
    await until(bridge.events, 'page', () => bridge.pages().some((p) => p.title === 'Copy'));
    const copyTab = bridge.pages().find((p) => p.title === 'Copy')!.tab;
    expect(copyTab).not.toBe(tabA);
    await copy.waitForFunction((t) => (window as unknown as { conn: { tabId: string } }).conn.tabId === t && sessionStorage.getItem('webmcp-bridge.tab') === t, copyTab, { timeout: 5000 });
    await copy.close();
    await untilTools(bridge, A_TOOLS);
  });

  it('serves a page MCP App through resources/list and resources/read', async () => {
    const app = (await client.listTools()).tools.find((t) => t.name === 'app')!;
    expect(app._meta).toMatchObject({ ui: { resourceUri: 'ui://test/app.html' } });
    const { resources } = await client.listResources();
    expect(resources).toEqual([expect.objectContaining({ uri: 'ui://test/app.html', name: 'Test app', mimeType: 'text/html;profile=mcp-app' })]);
    const read = await client.readResource({ uri: 'ui://test/app.html' });
    expect(read.contents).toEqual([{ uri: 'ui://test/app.html', mimeType: 'text/html;profile=mcp-app', text: '<!doctype html><p>app</p>', _meta: { ui: { csp: { connectDomains: [] } } } }]);
    await expect(client.readResource({ uri: 'ui://nope' })).rejects.toThrow(/Resource not found: ui:\/\/nope/);
  });

  it('bounds results: an oversize result becomes a clear error', async () => {
    const result = (await client.callTool({ name: 'big', arguments: { n: 70_000 } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(firstText(result)).toMatch(/65536-byte/);
    expect(firstText(await client.callTool({ name: 'big', arguments: { n: 10 } }))).toBe('xxxxxxxxxx');
  });

  it('reattaches a tab opened before the bridge (re)starts within 2 s of the start', async () => {
    const first = createBridge({ port: 0, logSink: () => {} });
    await first.listen();
    const tab = await openPage(pageUrl(pages.origin, first, { title: 'Restart', tools: ['add'] }));
    await untilTools(first, ['add']);
    const { port, pageToken, clientToken } = first;
    await first.close();
    // Let the page's reconnect backoff reach its cap, as for a tab left open while the bridge is down.
    await new Promise((r) => setTimeout(r, 1500));
    const again = createBridge({ port, pageToken, clientToken, logSink: () => {} });
    const startedAt = performance.now();
    await again.listen();
    try {
      await untilTools(again, ['add'], 2500);
      expect(performance.now() - startedAt).toBeLessThan(2000);
      const c = await connectClient(again);
      expect(firstText(await c.callTool({ name: 'add', arguments: { a: 1, b: 2 } }))).toBe('3');
      await c.close();
    } finally {
      await tab.close();
      await again.close();
    }
  });

  it('serves MCP over stdio from the CLI, logging only to stderr', async () => {
    const token = 'stdio-page-token-0123456789';
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [`${DIST}cli.js`, '--port', '0', '--stdio', '--page-token', token],
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr!.on('data', (d: Buffer) => void (stderr += d.toString()));
    const c = new Client({ name: 'stdio-test', version: '1.0.0' });
    await c.connect(transport);
    try {
      expect(c.getServerVersion()?.name).toBe('webmcp-bridge');
      const url = /webmcp-bridge listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      expect(url, stderr).toBeDefined();
      expect(stderr).toContain('claude mcp add --transport http webmcp');
      const changed = new Promise<void>((resolve) => c.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
      const fake = { url: url!, pageToken: token } as Bridge;
      const tab = await openPage(pageUrl(pages.origin, fake, { title: 'Stdio', tools: ['add'] }));
      await changed;
      expect((await c.listTools()).tools.map((t) => t.name)).toEqual(['add']);
      expect(firstText(await c.callTool({ name: 'add', arguments: { a: 20, b: 22 } }))).toBe('42');
      await tab.close();
    } finally {
      await c.close();
    }
  });

  it('works with the MCP Inspector CLI: lists and calls a page tool', async () => {
    const cli = fileURLToPath(new URL('../../../node_modules/@modelcontextprotocol/inspector-cli/build/cli.js', import.meta.url));
    // inspector-cli 1.0.3 reads ../package.json relative to its cwd, so run it from test/.
    const cwd = fileURLToPath(new URL('.', import.meta.url));
    const base = [cli, '--cli', bridge.mcpUrl, '--transport', 'http', '--header', `Authorization: Bearer ${bridge.clientToken}`];
    const exec = promisify(execFile);
    const listed = await exec(process.execPath, [...base, '--method', 'tools/list'], { cwd, timeout: 15_000 });
    const names = (JSON.parse(listed.stdout) as { tools: Array<{ name: string }> }).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['add', 'echo']));
    const called = await exec(process.execPath, [...base, '--method', 'tools/call', '--tool-name', 'add', '--tool-arg', 'a=2', '--tool-arg', 'b=40'], { cwd, timeout: 15_000 });
    expect(JSON.parse(called.stdout)).toEqual({ content: [{ type: 'text', text: '42' }], structuredContent: { sum: 42 } });
  });
});
