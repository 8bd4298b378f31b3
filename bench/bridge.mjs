// Bridge benchmark (not a test). Same run, same machine, same no-op tool:
//   - round-trip latency p50/p99 and throughput at 32 concurrent calls: a page tool through the
//     bridge (Chromium, native WebMCP, built page IIFE) vs a plain MCP SDK server, over Streamable
//     HTTP and over stdio (servers run as child processes, the client here);
//   - tools/list_changed propagation from a page's registerTool() to the client's notification;
//   - the bridge's resident memory with 50 pages × 20 tools.
// Usage: npm run build -w @webmcp-kit/bridge && node bench/bridge.mjs [--runs N] [--seq N] [--conc-total N]
// Writes bench/results/bridge.json.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { chromiumLaunchOptions } from './support.mjs';

// The SDK client shares one AbortSignal across fetches (MaxListenersExceededWarning); not ours.
process.removeAllListeners('warning');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const RUNS = arg('--runs', 3);
const SEQ = arg('--seq', 1500);
const WARM = arg('--warm', 500);
const CONC_TOTAL = arg('--conc-total', 3200);
const CONCURRENCY = 32;
const PAGE_TOKEN = 'bench-page-token-0123456789';
const CLIENT_TOKEN = 'bench-client-token-0123456789';
const CLI = new URL('../packages/bridge/dist/cli.js', import.meta.url).pathname;
const PLAIN = new URL('./bridge-plain-server.mjs', import.meta.url).pathname;
const IIFE = readFileSync(new URL('../packages/bridge/dist/bridge-page.iife.js', import.meta.url));

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))];
};
const median = (xs) => pct(xs, 50);
const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

// Test pages: the bridge page script plus `count` tools (`noop` or t0…t{count-1}).
const pages = createServer((req, res) => {
  if (req.url === '/bridge.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(IIFE);
  const q = new URL(req.url, 'http://x').searchParams;
  res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>bench ${q.get('i') ?? ''}</title><script src="/bridge.js"></script><script>
    const q = new URLSearchParams(location.search);
    const n = Number(q.get('tools') || 0);
    for (let i = 0; i < n; i++) document.modelContext.registerTool({ name: n === 1 ? 'noop' : 't' + i, description: 'Does nothing', inputSchema: { type: 'object', properties: { x: { type: 'string' } } }, execute: async () => 'ok' });
    window.conn = WebMCPBridge.connect({ url: q.get('bridge'), token: '${PAGE_TOKEN}' });
  </script>`);
});
await new Promise((r) => pages.listen(0, '127.0.0.1', r));
const pagesOrigin = `http://127.0.0.1:${pages.address().port}`;
const browser = await chromium.launch(chromiumLaunchOptions({ webmcp: true }));

/** Starts a child and resolves with the first stream line matching `re`. */
function child(args, stream, re) {
  const proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    const on = (d) => {
      buf += d;
      const m = re.exec(buf);
      if (m) {
        proc[stream].off('data', on);
        proc[stream].resume();
        resolve({ proc, match: m[1] });
      }
    };
    proc[stream].on('data', on);
    proc.stderr.resume();
    proc.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${buf}`)));
  });
}

async function httpClient(url, token) {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {}));
  return client;
}

async function health(base) {
  return (await fetch(`${base}/healthz`)).json();
}

async function waitTools(base, n) {
  const deadline = Date.now() + 30_000;
  while ((await health(base)).tools !== n) {
    if (Date.now() > deadline) throw new Error(`bridge never reached ${n} tools: ${JSON.stringify(await health(base))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function measure(client, name) {
  const call = () => client.callTool({ name, arguments: {} });
  for (let i = 0; i < WARM; i++) await call();
  const lat = [];
  for (let i = 0; i < SEQ; i++) {
    const t = performance.now();
    await call();
    lat.push(performance.now() - t);
  }
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next++ < CONC_TOTAL) await call();
  }));
  const rate = CONC_TOTAL / ((performance.now() - t0) / 1000);
  return { p50: pct(lat, 50), p99: pct(lat, 99), rate };
}

const results = {};
async function scenario(label, setup) {
  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    const { client, name, stop } = await setup();
    try {
      runs.push(await measure(client, name));
    } finally {
      await client.close().catch(() => {});
      await stop();
    }
  }
  results[label] = {
    p50_ms: round(median(runs.map((x) => x.p50))),
    p99_ms: round(median(runs.map((x) => x.p99))),
    calls_per_s_at_32: Math.round(median(runs.map((x) => x.rate))),
    runs: runs.map((x) => ({ p50: round(x.p50), p99: round(x.p99), rate: Math.round(x.rate) })),
  };
  console.error(label, JSON.stringify(results[label]));
}

async function bridgeChild(extra = []) {
  const { proc, match } = await child([CLI, '--port', '0', '--page-token', PAGE_TOKEN, '--client-token', CLIENT_TOKEN, ...extra], 'stderr', /webmcp-bridge listening on (http:\/\/\S+)/);
  return { proc, base: match };
}

async function withPage(base, tools = 1) {
  const page = await browser.newPage();
  await page.goto(`${pagesOrigin}/?${new URLSearchParams({ bridge: base, tools: String(tools) })}`);
  return page;
}

await scenario('plain SDK server, Streamable HTTP', async () => {
  const { proc, match } = await child([PLAIN], 'stdout', /(http:\/\/\S+)/);
  return { client: await httpClient(match), name: 'noop', stop: async () => proc.kill() };
});

await scenario('bridge + page tool, Streamable HTTP', async () => {
  const { proc, base } = await bridgeChild();
  const page = await withPage(base);
  await waitTools(base, 1);
  return { client: await httpClient(`${base}/mcp`, CLIENT_TOKEN), name: 'noop', stop: async () => { await page.close(); proc.kill(); } };
});

await scenario('plain SDK server, stdio', async () => {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [PLAIN, '--stdio'] }));
  return { client, name: 'noop', stop: async () => {} };
});

await scenario('bridge + page tool, stdio', async () => {
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, '--stdio', '--port', '0', '--page-token', PAGE_TOKEN], stderr: 'pipe' });
  let err = '';
  const base = new Promise((resolve) => transport.stderr.on('data', (d) => {
    err += d;
    const m = /webmcp-bridge listening on (http:\/\/\S+)/.exec(err);
    if (m) resolve(m[1]);
  }));
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  const url = await base;
  const page = await withPage(url);
  await waitTools(url, 1);
  return { client, name: 'noop', stop: async () => page.close() };
});

// The floor under any page bridge: a Chromium page's WebSocket round trip to Node, and executeTool.
{
  const { WebSocketServer } = await import('ws');
  const echo = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>floor</title>'));
  new WebSocketServer({ server: echo }).on('connection', (ws) => ws.on('message', (d) => ws.send(d.toString())));
  await new Promise((r) => echo.listen(0, '127.0.0.1', r));
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${echo.address().port}/`);
  results['page floor (in Chromium)'] = await page.evaluate(async (port) => {
    const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length * p) / 100)];
    await document.modelContext.registerTool({ name: 'noop', description: 'x', execute: async () => 'ok' });
    const [tool] = await document.modelContext.getTools();
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    await new Promise((r) => (ws.onopen = r));
    const ws_ = [], ex = [];
    for (let i = 0; i < 2000; i++) {
      let t = performance.now();
      const got = new Promise((r) => (ws.onmessage = r));
      ws.send('{"t":"result","id":1,"value":"ok"}');
      await got;
      if (i >= 500) ws_.push(performance.now() - t);
      t = performance.now();
      await document.modelContext.executeTool(tool, {});
      if (i >= 500) ex.push(performance.now() - t);
    }
    return { websocket_echo_p50_ms: pct(ws_, 50), websocket_echo_p99_ms: pct(ws_, 99), executeTool_p50_ms: pct(ex, 50), note: 'performance.now() in pages has 0.1 ms resolution' };
  }, echo.address().port);
  console.error('floor', JSON.stringify(results['page floor (in Chromium)']));
  await page.close();
  echo.close();
}

// list_changed propagation: page registerTool() → client's notification, on one wall clock.
{
  const { proc, base } = await bridgeChild();
  const page = await withPage(base, 0);
  await waitTools(base, 0);
  await new Promise((r) => setTimeout(r, 200));
  const client = await httpClient(`${base}/mcp`, CLIENT_TOKEN);
  let notified;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => notified?.(performance.timeOrigin + performance.now()));
  const samples = [];
  for (let i = 0; i < 60; i++) {
    const arrived = new Promise((r) => (notified = r));
    const sent = await page.evaluate(async (i) => {
      window.ac?.abort();
      window.ac = new AbortController();
      const t = performance.timeOrigin + performance.now();
      await document.modelContext.registerTool({ name: `p${i}`, description: 'x', execute: async () => 'ok' }, { signal: window.ac.signal });
      return t;
    }, i);
    const at = await arrived;
    if (i >= 10) samples.push(at - sent);
    // Let the unregister's own notification pass before the next sample.
    await new Promise((r) => setTimeout(r, 5));
  }
  results['list_changed propagation (registerTool → client notification)'] = { p50_ms: round(median(samples)), p99_ms: round(pct(samples, 99)), max_ms: round(Math.max(...samples)), samples: samples.length };
  console.error('list_changed', JSON.stringify(results['list_changed propagation (registerTool → client notification)']));
  await client.close();
  await page.close();
  proc.kill();
}

// Resident memory with 50 pages × 20 tools.
{
  const { proc, base } = await bridgeChild();
  const rss = () => {
    const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
  };
  const idle = rss();
  const tabs = [];
  for (let i = 0; i < 50; i++) tabs.push(await withPage(base, 20));
  await waitTools(base, 1000);
  const client = await httpClient(`${base}/mcp`, CLIENT_TOKEN);
  const listed = (await client.listTools()).tools.length;
  const loaded = rss();
  results['bridge RSS, 50 pages × 20 tools'] = { idle_mib: idle, loaded_mib: loaded, tools_listed: listed, pages: (await health(base)).pages };
  console.error('rss', JSON.stringify(results['bridge RSS, 50 pages × 20 tools']));
  await client.close();
  for (const t of tabs) await t.close();
  proc.kill();
}

const ratio = (a, b) => round(results[a].p50_ms / results[b].p50_ms, 2);
const tput = (a, b) => round(results[a].calls_per_s_at_32 / results[b].calls_per_s_at_32, 2);
results.ratios = {
  http_p50_bridge_over_plain: ratio('bridge + page tool, Streamable HTTP', 'plain SDK server, Streamable HTTP'),
  stdio_p50_bridge_over_plain: ratio('bridge + page tool, stdio', 'plain SDK server, stdio'),
  http_throughput_bridge_over_plain: tput('bridge + page tool, Streamable HTTP', 'plain SDK server, Streamable HTTP'),
  stdio_throughput_bridge_over_plain: tput('bridge + page tool, stdio', 'plain SDK server, stdio'),
};
results.settings = { runs: RUNS, warmup: WARM, sequential_calls: SEQ, concurrent_calls: CONC_TOTAL, concurrency: CONCURRENCY, node: process.version };

await browser.close();
pages.close();
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/bridge.json', import.meta.url), JSON.stringify(results, null, 2));
for (const [label, r] of Object.entries(results)) {
  if (r.p50_ms !== undefined) console.log(`${label}: p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms${r.calls_per_s_at_32 ? `, ${r.calls_per_s_at_32} calls/s at 32` : ''}`);
}
console.log('ratios', JSON.stringify(results.ratios));
console.log('RSS', JSON.stringify(results['bridge RSS, 50 pages × 20 tools']));
console.log('floor', JSON.stringify(results['page floor (in Chromium)']));
console.log('wrote bench/results/bridge.json');
