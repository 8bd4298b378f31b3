// The ways the bridge benchmark reaches a page's no-op tool, and the page they all share:
//   - our bridge (HTTP, and `--stdio` on the same process), on a page over our polyfill or native;
//   - the floor (bridge-floor-server.mjs: plain SDK server → raw WebSocket → executeTool), HTTP and stdio;
//   - the MCP-B local relay from npm (@mcp-b/webmcp-local-relay: stdio → ws → widget iframe →
//     postMessage → embed.js → navigator.modelContextTesting), the peer.
// One tab runs every page-side connector at once, so each way calls the same tool in the same page.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { child, within } from './support.mjs';

export const PAGE_TOKEN = 'bench-page-token-0123456789';
export const CLIENT_TOKEN = 'bench-client-token-0123456789';
/** The built bridge CLI, the floor server script and the bridge's start-up banner (its base URL is capture 1). */
export const BRIDGE_CLI = new URL('../packages/bridge/dist/cli.js', import.meta.url).pathname;
export const FLOOR_SCRIPT = new URL('./bridge-floor-server.mjs', import.meta.url).pathname;
export const BRIDGE_BANNER = /webmcp-bridge listening on (http:\/\/\S+)/;
const [CLI, FLOOR, BANNER] = [BRIDGE_CLI, FLOOR_SCRIPT, BRIDGE_BANNER];
// Its exports map hides package.json and the browser files: address the installed package directly.
const RELAY_DIR = fileURLToPath(new URL('../node_modules/@mcp-b/webmcp-local-relay/', import.meta.url));
const RELAY_PKG = JSON.parse(readFileSync(join(RELAY_DIR, 'package.json'), 'utf8'));
/** The relay package's own version (the peer), for the run's header. */
export const RELAY_VERSION = RELAY_PKG.version;

// Page side of the floor: the least a page can do to answer a forwarded call.
const FLOOR_CLIENT = `window.connectFloor = (url) => new Promise((resolve, reject) => {
  const ws = new WebSocket(url);
  let tool;
  ws.onerror = () => reject(new Error('floor socket failed: ' + url));
  ws.onopen = async () => { tool = (await document.modelContext.getTools()).find((t) => t.name === 'noop'); resolve(); };
  ws.onmessage = async (e) => {
    const { id } = JSON.parse(e.data);
    try { ws.send(JSON.stringify({ id, value: await document.modelContext.executeTool(tool, {}) })); }
    catch (err) { ws.send(JSON.stringify({ id, error: String(err) })); }
  };
});`;

// The relay's embed.js reads navigator.modelContext.listTools/callTool (@mcp-b/global ≤ 4) or,
// as its documented fallback, navigator.modelContextTesting.listTools/executeTool: this is that
// fallback over the same document.modelContext the other ways use (tools cached, as ours are).
const RELAY_CLIENT = `window.connectRelay = async (port) => {
  const mc = document.modelContext;
  let tools = new Map((await mc.getTools()).map((t) => [t.name, t]));
  mc.addEventListener?.('toolchange', async () => { tools = new Map((await mc.getTools()).map((t) => [t.name, t])); });
  Object.defineProperty(navigator, 'modelContextTesting', { configurable: true, value: {
    listTools: () => [...tools.values()].map((t) => ({ name: t.name, description: t.description, inputSchema: typeof t.inputSchema === 'string' ? t.inputSchema : JSON.stringify(t.inputSchema ?? { type: 'object' }) })),
    executeTool: async (name, json) => JSON.stringify({ content: [{ type: 'text', text: String(await mc.executeTool(tools.get(name), JSON.parse(json))) }] }),
    registerToolsChangedCallback: () => {},
  } });
  const s = document.createElement('script');
  s.src = '/relay/embed.js';
  s.dataset.relayPort = String(port);
  document.body.append(s);
};`;

/** Test pages: (our polyfill,) the bridge page script, the floor and relay connectors, and `tools` no-op tools (`noop` or t0…). */
export async function startPageServer() {
  const files = {
    '/bridge.js': readFileSync(new URL('../packages/bridge/dist/bridge-page.iife.js', import.meta.url)),
    '/webmcp.js': readFileSync(new URL('../packages/webmcp/dist/webmcp.iife.js', import.meta.url)),
    '/relay/embed.js': readFileSync(join(RELAY_DIR, 'dist/browser/embed.js')),
    '/relay/widget.html': readFileSync(join(RELAY_DIR, 'dist/browser/widget.html')),
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (files[path]) return void res.writeHead(200, { 'content-type': path.endsWith('.html') ? 'text/html' : 'text/javascript' }).end(files[path]);
    const q = new URL(req.url, 'http://x').searchParams;
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>bench</title>${q.get('polyfill') ? '<script src="/webmcp.js"></script>' : ''}<script src="/bridge.js"></script><script>
      const q = new URLSearchParams(location.search);
      const n = Number(q.get('tools') || 0);
      for (let i = 0; i < n; i++) document.modelContext.registerTool({ name: n === 1 ? 'noop' : 't' + i, description: 'Does nothing', inputSchema: { type: 'object', properties: { x: { type: 'string' } } }, execute: async () => 'ok' });
      window.conn = WebMCPBridge.connect({ url: q.get('bridge'), token: '${PAGE_TOKEN}' });
      ${FLOOR_CLIENT}
      ${RELAY_CLIENT}
    </script>`);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** An SDK client over Streamable HTTP (with the client token when given). */
export async function httpClient(url, token) {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {}));
  return client;
}

/**
 * An SDK client over stdio to `node ...args`; resolves once the child has printed `re` on stderr,
 * with its first capture. Stderr is discarded after that: a harness that keeps reading a child's
 * stderr shows a fake latency leak.
 */
export async function stdioClient(args, re, env = {}) {
  const transport = new StdioClientTransport({ command: process.execPath, args, env: { ...process.env, ...env }, stderr: 'pipe' });
  const stderr = transport.stderr;
  if (!re) {
    stderr.resume();
    const client = new Client({ name: 'bench', version: '1' });
    await within(client.connect(transport), 30_000, `starting ${args[0]}`);
    return { client, match: undefined };
  }
  const printed = within(new Promise((resolve, reject) => {
    let buf = '';
    const on = (d) => {
      buf += d;
      const m = re.exec(buf);
      if (!m) return;
      stderr.off('data', on);
      stderr.resume();
      resolve(m[1]);
    };
    stderr.on('data', on);
    transport.onclose = () => reject(new Error(`${args.join(' ')} exited: ${buf}`));
  }), 30_000, `starting ${args[0]}`);
  const client = new Client({ name: 'bench', version: '1' });
  const [match] = await Promise.all([printed, client.connect(transport)]);
  return { client, match };
}

/** The bridge's flags in every bench run (free port, the bench tokens). */
export const BRIDGE_ARGS = ['--port', '0', '--page-token', PAGE_TOKEN, '--client-token', CLIENT_TOKEN];
const bridgeArgs = BRIDGE_ARGS;

function bridgeHandle(base, proc) {
  const health = async () => (await fetch(`${base}/healthz`)).json();
  return {
    proc,
    base,
    health,
    /** Polls /healthz (the bridge has no event for it) until the count is reached, bounded. */
    async waitTools(n) {
      const deadline = Date.now() + 60_000;
      while ((await health()).tools !== n) {
        if (Date.now() > deadline) throw new Error(`bridge never reached ${n} tools: ${JSON.stringify(await health())}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

/** Our bridge as a child process, HTTP only. */
export async function startBridge() {
  const { proc, match } = await child([CLI, ...bridgeArgs], 'stderr', BANNER);
  return bridgeHandle(match, proc);
}

/** Our bridge with `--stdio`: the returned client is its stdio session; pages and HTTP clients use `base`. */
export async function startStdioBridge() {
  const { client, match } = await stdioClient([CLI, ...bridgeArgs, '--stdio'], BANNER);
  return { ...bridgeHandle(match, null), client };
}

export async function openPage(browser, pages, bridge, { tools = 1, polyfill = false } = {}) {
  const page = await browser.newPage();
  await page.goto(`${pages.origin}/?${new URLSearchParams({ bridge: bridge.base, tools: String(tools), ...(polyfill ? { polyfill: '1' } : {}) })}`);
  return page;
}

/** The floor over Streamable HTTP, connected to `page`; returns its client and a stop function. */
export async function startFloorHttp(page) {
  const { proc, groups } = await child([FLOOR], 'stdout', /(http:\/\/\S+) (ws:\/\/\S+)/);
  await within(page.evaluate((url) => window.connectFloor(url), groups[1]), 10_000, 'page connecting to the floor');
  const client = await httpClient(groups[0]);
  return { client, stop: async () => (await client.close(), proc.kill()) };
}

/** The floor over stdio, connected to `page`. */
export async function startFloorStdio(page) {
  const { client, match } = await stdioClient([FLOOR, '--stdio'], /floor page socket (ws:\/\/\S+)/);
  await within(page.evaluate((url) => window.connectFloor(url), match), 10_000, 'page connecting to the floor');
  return { client, stop: () => client.close() };
}

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/** The MCP-B local relay (stdio), connected to `page` through its embed script; waits until it offers `noop`. */
export async function startRelay(page, origin) {
  // The relay persists its port under ~/.webmcp: give it a HOME of its own.
  const home = mkdtempSync(join(tmpdir(), 'bench-relay-'));
  const port = await freePort();
  const cli = join(RELAY_DIR, RELAY_PKG.bin['webmcp-local-relay']);
  const { client } = await stdioClient([cli, '--port', String(port), '--widget-origin', origin], /listening on (ws:\/\/\S+)/, { HOME: home });
  await page.evaluate((p) => window.connectRelay(p), port);
  const deadline = Date.now() + 30_000;
  while (!(await client.listTools()).tools.some((t) => t.name === 'noop')) {
    if (Date.now() > deadline) throw new Error('the MCP-B relay never offered the page tool noop');
    await new Promise((r) => setTimeout(r, 50));
  }
  return { client, stop: async () => (await client.close(), rmSync(home, { recursive: true, force: true })) };
}
