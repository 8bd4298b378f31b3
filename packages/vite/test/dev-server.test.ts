/**
 * The plugin end to end: a real Vite dev server started here, real Chromium on its page, a real
 * MCP SDK client through the plugin's bridge; then an HMR edit of the tool module, and a
 * production build.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { chromium, type Browser, type Page } from 'playwright';
import { build, createLogger, createServer, preview, type Plugin, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';
import { webmcp, type WebMcpPluginApi } from '../src/index';
import { connectClient, listChangedBy, WAIT_MS, createEditor, type WatchedClient } from './support';

/** A tool module registering `greet` (and `wave` when asked), described with `version`. */
const toolModule = (version: string, tools: string[] = ['greet']) =>
  tools
    .map(
      (name) => `
document.modelContext.registerTool({
  name: '${name}',
  description: ${JSON.stringify(`${name} ${version}`)},
  inputSchema: { type: 'object', properties: { who: { type: 'string' } }, required: ['who'] },
  annotations: { readOnlyHint: true },
  execute: ({ who }) => ${JSON.stringify(`${name} ${version}`)} + ': hello ' + who,
});`,
    )
    .join('\n');

function createProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'webmcp-vite-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><html><head><title>vite app</title></head><body><script type="module" src="/main.js"></script></body></html>');
  writeFileSync(join(root, 'main.js'), "import './tools.js';\nwindow.appStarted = true;\n");
  writeFileSync(join(root, 'tools.js'), toolModule('v1'));
  return root;
}

const described = (tools: Tool[]) => tools.map((t) => t.description?.split('\n')[0]).sort();

describe.each(['polyfill', 'native'] as const)('vite dev with webmcp() over %s WebMCP', (mode) => {
  let root: string;
  let server: ViteDevServer;
  let plugin: Plugin<WebMcpPluginApi>;
  let browser: Browser;
  let page: Page;
  let watched: WatchedClient;
  let edit: (path: string, content: string) => Promise<void>;
  const infoLines: string[] = [];

  beforeAll(async () => {
    root = createProject();
    const logger = createLogger('info');
    const info = logger.info.bind(logger);
    logger.info = (msg, opts) => {
      infoLines.push(msg);
      info(msg, opts);
    };
    plugin = webmcp({ port: 0 });
    server = await createServer({
      root,
      configFile: false,
      customLogger: logger,
      logLevel: 'info',
      plugins: [plugin],
      server: { host: '127.0.0.1', port: 0, strictPort: false },
    });
    await server.listen();
    edit = createEditor(server.watcher);
    browser = await chromium.launch(chromiumLaunchOptions({ webmcp: mode === 'native' }));
    page = await browser.newPage();
    await page.goto(server.resolvedUrls!.local[0]!);
    await page.waitForFunction(() => (window as { appStarted?: boolean }).appStarted === true, undefined, { timeout: WAIT_MS });

    watched = await connectClient(plugin.api!.bridge!);
  }, 60_000);

  afterAll(async () => {
    await watched?.client.close();
    await browser?.close();
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('starts a bridge and prints the one-line client configuration once', () => {
    const bridge = plugin.api!.bridge!;
    expect(bridge.owned).toBe(true);
    const lines = infoLines.filter((l) => l.includes('claude mcp add'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${bridge.url}/mcp --header "Authorization: Bearer ${bridge.clientToken}"`);
  });

  it('injects the connector with the page token into served HTML only, never into files', async () => {
    const html = await (await fetch(server.resolvedUrls!.local[0]!)).text();
    const token = /"token":"([^"]+)"/.exec(html)?.[1];
    expect(token).toMatch(/^[A-Za-z0-9._~-]{16,}$/);
    expect(html).toContain('/@webmcp-kit/webmcp.iife.js');
    expect(html).toContain(`${plugin.api!.bridge!.url}/bridge-page.iife.js`);
    const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) expect(readFileSync(join(f.parentPath, f.name), 'utf8')).not.toContain(token);
    expect(await page.evaluate(() => (window as { WebMCPKit?: { isNativeModelContext(): boolean } }).WebMCPKit?.isNativeModelContext())).toBe(mode === 'native');
  });

  it('lets a real SDK client list and call the page tool through the plugin\'s bridge', async () => {
    const tools = await watched.waitForTools((t) => t.some((x) => x.name === 'greet'));
    expect(described(tools)).toEqual(['greet v1']);
    const result = await watched.client.callTool({ name: 'greet', arguments: { who: 'Ada' } });
    expect(result.content).toEqual([{ type: 'text', text: 'greet v1: hello Ada' }]);
  });

  /** Edits tools.js, waits for tools/list to show `expected`, and returns how many list_changed it took. */
  function hotEdit(version: string, tools: string[], expected: string[]): Promise<number> {
    return listChangedBy(watched, page, `edit ${version}`, async () => {
      await edit(join(root, 'tools.js'), toolModule(version, tools));
      const listed = await watched.waitForTools((t) => JSON.stringify(described(t)) === JSON.stringify(expected), `after edit ${version}`);
      expect(listed.map((t) => t.name)).toEqual([...new Set(listed.map((t) => t.name))]);
    });
  }

  it('swaps the tools of an edited module on HMR: one list_changed each, no duplicates, no reload', async () => {
    await watched.waitForTools((t) => t.some((x) => x.name === 'greet'));
    await page.evaluate(() => ((window as { marker?: number }).marker = 1));

    expect(await hotEdit('v2', ['greet'], ['greet v2'])).toBe(1); // changed
    expect(await hotEdit('v3', ['greet', 'wave'], ['greet v3', 'wave v3'])).toBe(1); // changed + added
    expect(await hotEdit('v4', ['wave'], ['wave v4'])).toBe(1); // removed + changed
    expect(await hotEdit('v4', ['wave'], ['wave v4'])).toBe(0); // same tools: nothing to tell clients

    expect(await page.evaluate(() => (window as { marker?: number }).marker)).toBe(1);
    const inPage = await page.evaluate(async () =>
      (await (document as unknown as { modelContext: { getTools(): Promise<Array<{ name: string }>> } }).modelContext.getTools()).map((t) => t.name),
    );
    expect(inPage).toEqual(['wave']);
    const result = await watched.client.callTool({ name: 'wave', arguments: { who: 'Ada' } });
    expect(result.content).toEqual([{ type: 'text', text: 'wave v4: hello Ada' }]);
  });

  it('reuses a bridge already listening on the port (detected via /healthz)', async () => {
    const bridge = plugin.api!.bridge!;
    const token = /"token":"([^"]+)"/.exec(await (await fetch(server.resolvedUrls!.local[0]!)).text())![1]!;
    const second = webmcp({ port: Number(new URL(bridge.url).port), pageToken: token, printConfig: false });
    const other = await createServer({ root, configFile: false, logLevel: 'silent', plugins: [second], server: { host: '127.0.0.1', port: 0 } });
    try {
      await other.listen();
      expect(second.api!.bridge).toMatchObject({ url: bridge.url, owned: false });
      const html = await (await fetch(other.resolvedUrls!.local[0]!)).text();
      expect(html).toContain(`"url":"${bridge.url}"`);
    } finally {
      await other.close();
    }
    // Closing the second server leaves the first one's bridge running.
    expect((await fetch(`${bridge.url}/healthz`)).status).toBe(200);
  });
});

describe('webmcp() bridge lifetime', () => {
  it('reports what the bridge refuses in Vite\'s log', async () => {
    const warnings: string[] = [];
    const logger = createLogger('silent');
    logger.warn = (msg) => void warnings.push(msg);
    const plugin = webmcp({ port: 0, printConfig: false });
    const server = await createServer({ root: tmpdir(), configFile: false, customLogger: logger, plugins: [plugin], server: { host: '127.0.0.1', port: 0 } });
    try {
      const url = new URL(`${plugin.api!.bridge!.url}/mcp`);
      const status = await new Promise<number>((resolve, reject) => {
        request(url, { method: 'POST', headers: { origin: 'http://evil.test', 'content-type': 'application/json' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject).end('{}');
      });
      expect(status).toBe(403);
      expect(warnings.join('\n')).toContain('[webmcp] bridge: rejected request: Origin not allowed {"origin":"http://evil.test"}');
    } finally {
      await server.close();
    }
  });

  it('closes the bridge it started with the dev server', async () => {
    const plugin = webmcp({ port: 0, printConfig: false });
    const server = await createServer({ root: tmpdir(), configFile: false, logLevel: 'silent', plugins: [plugin], server: { host: '127.0.0.1', port: 0 } });
    const url = plugin.api!.bridge!.url;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    await server.close();
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('keeps the dev server up with a clear error when the port is taken by something else', async () => {
    const squatter = createHttpServer((_req, res) => res.writeHead(404).end('not a bridge'));
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as AddressInfo).port;
    const errors: string[] = [];
    const logger = createLogger('silent');
    logger.error = (msg) => void errors.push(msg);
    const plugin = webmcp({ port, printConfig: false });
    const root = createProject();
    const server = await createServer({ root, configFile: false, customLogger: logger, plugins: [plugin], server: { host: '127.0.0.1', port: 0 } });
    try {
      await server.listen();
      expect(plugin.api!.bridge).toBeUndefined();
      expect(errors.join('\n')).toMatch(new RegExp(`\\[webmcp\\] no bridge: .*${port}.*EADDRINUSE`));
      const html = await (await fetch(server.resolvedUrls!.local[0]!)).text();
      expect(html).toContain('/@webmcp-kit/webmcp.iife.js');
      expect(html).not.toContain('WebMCPBridge');
    } finally {
      await server.close();
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('vite build with webmcp()', () => {
  it('contains no bridge code, no connector and no token', async () => {
    const root = createProject();
    const outDir = join(root, 'dist');
    await build({ root, configFile: false, logLevel: 'silent', plugins: [webmcp({ port: 0, pageToken: 'build-must-not-see-this-token' })], build: { outDir } });
    const files = readdirSync(outDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    const text = files.map((f) => readFileSync(join(f.parentPath, f.name), 'utf8')).join('\n');
    expect(text).toContain('greet v1'); // the app's own tool module is there
    for (const needle of ['bridge-page', 'WebMCPBridge', '__webmcpKitHot', 'webmcp-bridge', 'build-must-not-see-this-token', '/@webmcp-kit/']) {
      expect(text).not.toContain(needle);
    }
    rmSync(root, { recursive: true, force: true });
  });
});

describe('vite preview with webmcp()', () => {
  let root: string;
  beforeAll(async () => {
    root = createProject();
    writeFileSync(join(root, 'secret.html'), '<p>TOP SECRET</p>');
    await build({ root, configFile: false, logLevel: 'silent', build: { outDir: join(root, 'dist') } });
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('adds nothing by default', async () => {
    const plugin = webmcp({ port: 0, printConfig: false });
    const server = await preview({ root, configFile: false, logLevel: 'silent', plugins: [plugin], preview: { host: '127.0.0.1', port: 0 } });
    try {
      expect(plugin.api!.bridge).toBeUndefined();
      const html = await (await fetch(server.resolvedUrls!.local[0]!)).text();
      expect(html).toContain('<title>vite app</title>');
      for (const needle of ['WebMCPBridge', '/@webmcp-kit/', '__webmcpKitHot']) expect(html).not.toContain(needle);
    } finally {
      await server.close();
    }
  });

  it('with preview: true, serves built pages with the connector added at request time, and a client reaches the tool', async () => {
    const plugin = webmcp({ port: 0, printConfig: false, preview: true });
    const server = await preview({ root, configFile: false, logLevel: 'silent', plugins: [plugin], preview: { host: '127.0.0.1', port: 0 } });
    const browser = await chromium.launch(chromiumLaunchOptions());
    const bridge = plugin.api!.bridge!;
    let watched: WatchedClient | undefined;
    try {
      const base = server.resolvedUrls!.local[0]!;
      const html = await (await fetch(base)).text();
      expect(html).toMatch(/^<!doctype html><html><head><script src="\/@webmcp-kit\/webmcp\.iife\.js"><\/script><script src="http:\/\/127\.0\.0\.1:\d+\/bridge-page\.iife\.js"><\/script><script>WebMCPBridge\.connect\(/);
      expect(html).not.toContain('__webmcpKitHot'); // no HMR in preview
      expect((await fetch(new URL('/@webmcp-kit/webmcp.iife.js', base))).status).toBe(200);
      // The files stay clean; only the served page carries the token.
      const token = /"token":"([^"]+)"/.exec(html)![1]!;
      expect(readFileSync(join(root, 'dist', 'index.html'), 'utf8')).not.toContain(token);
      // Nothing outside outDir is served by the page middleware.
      expect(await (await fetch(new URL('/..%2fsecret.html', base))).text()).not.toContain('TOP SECRET');

      const page = await browser.newPage();
      await page.goto(base);
      watched = await connectClient(bridge);
      const tools = await watched.waitForTools((t) => t.some((x) => x.name === 'greet'), 'preview');
      expect(described(tools)).toEqual(['greet v1']);
      expect((await watched.client.callTool({ name: 'greet', arguments: { who: 'Bo' } })).content).toEqual([{ type: 'text', text: 'greet v1: hello Bo' }]);
    } finally {
      await watched?.client.close();
      await browser.close();
      await server.close();
    }
    // The bridge closes with the preview server.
    await expect(fetch(`${bridge.url}/healthz`)).rejects.toThrow();
  });
});

