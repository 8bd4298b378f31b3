/**
 * @module
 * Playwright fixtures for the end-to-end suite: one running demo (web server, bridge, sandbox
 * proxy) per worker, real MCP SDK clients over Streamable HTTP, and helpers to open pages.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { test as base, expect, type Page } from '@playwright/test';
import { startDemo, type Demo } from '../../demo/server';

/** A bridge log line, as the demo's bridge writes it to our sink. */
export interface BridgeLogLine {
  level: string;
  msg: string;
  [key: string]: unknown;
}

/** The worker's demo and what its bridge logged. */
export interface DemoHandle {
  demo: Demo;
  /** Bridge log lines at `warn` and above, oldest first. */
  log: BridgeLogLine[];
}

/** An MCP SDK client connected to the demo's bridge, plus what the tests watch on it. */
export interface McpClient {
  client: Client;
  /** How many `notifications/tools/list_changed` the client has received so far. */
  listChanged(): number;
  /** The names the bridge lists now. */
  toolNames(): Promise<string[]>;
  /** Calls a tool and returns its result. */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
}

/** The storefront's tools, as a first (only) storefront tab exposes them. */
export const STOREFRONT_TOOLS = [
  'add_to_cart',
  'checkout',
  'get_cart',
  'get_product',
  'newsletter_signup',
  'remove_from_cart',
  'search_products',
  'show_product',
] as const;

/** Text of the first text content item of a result. */
export function resultText(result: CallToolResult): string {
  const first = result.content?.[0];
  return first && first.type === 'text' ? first.text : '';
}

/** Connects a real MCP SDK client to the demo's `/mcp` with `token` as its bearer token (none if undefined). */
export async function connectClient(demo: Pick<Demo, 'mcpUrl'>, token: string | undefined): Promise<McpClient> {
  const client = new Client({ name: 'webmcp-kit-e2e', version: '1.0.0' });
  let changes = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    changes++;
  });
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(demo.mcpUrl), { requestInit: { headers } }));
  return {
    client,
    listChanged: () => changes,
    toolNames: async () => (await client.listTools()).tools.map((t: Tool) => t.name).sort(),
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
  };
}

interface TestFixtures {
  /** Fails the test when any page of its context throws an uncaught error. */
  noPageErrors: void;
  /** The worker's demo, running. */
  demo: Demo;
  /** Bridge log lines (warn and above) of the worker's demo. */
  bridgeLog: BridgeLogLine[];
  /** A connected MCP client with the demo's client token; closed after the test. */
  mcp: McpClient;
  /**
   * Opens the storefront (`query` is resolved against its URL) in `page`, waits until the bridge
   * exposes all its tools, and returns the names clients see, keyed by the page's tool names.
   */
  openStorefront: (page: Page, query?: string) => Promise<Record<string, string>>;
}

/** Playwright's `test` with the demo, client and storefront fixtures. */
export const test = base.extend<TestFixtures, { demoHandle: DemoHandle }>({
  demoHandle: [
    async ({}, use) => {
      const log: BridgeLogLine[] = [];
      const demo = await startDemo({
        bridge: {
          logLevel: 'warn',
          logSink: (entry) => log.push(entry as unknown as BridgeLogLine),
          // Each test opens its storefront in a fresh context (a new tab id). Without this, the
          // previous test's closed tab would hold the bare tool names for 5 s.
          nameGraceMs: 0,
        },
      });
      await use({ demo, log });
      await demo.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  noPageErrors: [
    async ({ context }, use) => {
      const errors: string[] = [];
      context.on('weberror', (e) => errors.push(`${e.page()?.url() ?? '?'}: ${e.error().stack ?? e.error().message}`));
      await use();
      expect(errors, 'uncaught errors in the pages').toEqual([]);
    },
    { auto: true },
  ],
  demo: async ({ demoHandle }, use) => {
    await use(demoHandle.demo);
  },
  bridgeLog: async ({ demoHandle }, use) => {
    demoHandle.log.length = 0;
    await use(demoHandle.log);
  },
  mcp: async ({ demo }, use) => {
    const mcp = await connectClient(demo, demo.clientToken);
    await use(mcp);
    await mcp.client.close();
  },
  openStorefront: async ({ demo }, use, testInfo) => {
    const native = testInfo.project.name === 'native';
    await use(async (page, query = '') => {
      const before = new Set(demo.bridge.pages().map((p) => p.id));
      await page.goto(new URL(query, demo.storefrontUrl).href);
      await expect(page.locator('html[data-ready]')).toBeAttached();
      // The project really runs what it says: Chromium's own modelContext, or our polyfill.
      const isNative = await page.evaluate(() => Function.prototype.toString.call(document.modelContext.constructor).includes('[native code]'));
      expect(isNative, `document.modelContext is ${isNative ? 'native' : 'the polyfill'}`).toBe(native);
      await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-state', 'connected');
      // This tab is a new page of the bridge once it has said hello; then wait for all its tools.
      const exposed = () => {
        const mine = demo.bridge.tools().filter((t) => !before.has(t.page.id));
        return Object.fromEntries(mine.map((t) => [t.toolName, t.name]));
      };
      await expect.poll(() => Object.keys(exposed()).sort()).toEqual([...STOREFRONT_TOOLS]);
      return exposed();
    });
  },
});

export { expect };
