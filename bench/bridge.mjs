// Bridge benchmark (not a test), figures 2–4 of `npm run bench`. Same run, same machine, same no-op
// tool reached four ways, measured interleaved run by run so ratios hold on a noisy machine:
//   - the SDK's in-memory transport (the floor), a plain SDK Streamable HTTP server (the baseline),
//     our bridge + a headless Chromium page on our polyfill, our bridge + a page on native WebMCP;
//   - tools/list_changed propagation from a page's registerTool() to the client's notification;
//   - scale: 1, 10, 50 pages × 20 tools → tools/list latency and the bridge's resident memory.
// Usage: npm run build && node bench/bridge.mjs   (BENCH_QUICK=1 for small counts)
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { createPlainServer } from './bridge-plain-server.mjs';
import { cell, child, chromiumLaunchOptions, isMain, pct, rssMiB, settings, summarize, within, writeResult } from './support.mjs';

// The SDK client shares one AbortSignal across fetches (MaxListenersExceededWarning); not ours.
process.removeAllListeners('warning');

const PAGE_TOKEN = 'bench-page-token-0123456789';
const CLIENT_TOKEN = 'bench-client-token-0123456789';
const CLI = new URL('../packages/bridge/dist/cli.js', import.meta.url).pathname;
const PLAIN = new URL('./bridge-plain-server.mjs', import.meta.url).pathname;
export const TARGETS = ['in-memory', 'plain-http', 'bridge-polyfill', 'bridge-native'];

/** Test pages: (our polyfill,) the bridge page script, and `tools` no-op tools (`noop` or t0…). */
async function startPageServer() {
  const bridgeJs = readFileSync(new URL('../packages/bridge/dist/bridge-page.iife.js', import.meta.url));
  const webmcpJs = readFileSync(new URL('../packages/webmcp/dist/webmcp.iife.js', import.meta.url));
  const server = createServer((req, res) => {
    if (req.url === '/bridge.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(bridgeJs);
    if (req.url === '/webmcp.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(webmcpJs);
    const q = new URL(req.url, 'http://x').searchParams;
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>bench</title>${q.get('polyfill') ? '<script src="/webmcp.js"></script>' : ''}<script src="/bridge.js"></script><script>
      const q = new URLSearchParams(location.search);
      const n = Number(q.get('tools') || 0);
      for (let i = 0; i < n; i++) document.modelContext.registerTool({ name: n === 1 ? 'noop' : 't' + i, description: 'Does nothing', inputSchema: { type: 'object', properties: { x: { type: 'string' } } }, execute: async () => 'ok' });
      window.conn = WebMCPBridge.connect({ url: q.get('bridge'), token: '${PAGE_TOKEN}' });
    </script>`);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

async function httpClient(url, token) {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {}));
  return client;
}

async function startBridge() {
  const { proc, match } = await child([CLI, '--port', '0', '--page-token', PAGE_TOKEN, '--client-token', CLIENT_TOKEN], 'stderr', /webmcp-bridge listening on (http:\/\/\S+)/);
  const health = async () => (await fetch(`${match}/healthz`)).json();
  return {
    proc,
    base: match,
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

async function openPage(browser, pages, bridge, { tools = 1, polyfill = false } = {}) {
  const page = await browser.newPage();
  await page.goto(`${pages.origin}/?${new URLSearchParams({ bridge: bridge.base, tools: String(tools), ...(polyfill ? { polyfill: '1' } : {}) })}`);
  return page;
}

/** One sequential series and one 32-concurrent series on a target. */
async function measureCalls(call, cfg) {
  const lat = [];
  for (let i = 0; i < cfg.sequential; i++) {
    const t = performance.now();
    await call();
    lat.push(performance.now() - t);
  }
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: cfg.concurrency }, async () => {
    while (next++ < cfg.concurrentTotal) await call();
  }));
  return { p50: pct(lat, 50), p99: pct(lat, 99), rate: cfg.concurrentTotal / ((performance.now() - t0) / 1000) };
}

/** Page clock minus Node clock (ms, both epoch-based), from the ping with the smallest round trip. */
async function clockOffset(page) {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 30; i++) {
    const t1 = performance.timeOrigin + performance.now();
    const tp = await page.evaluate(() => performance.timeOrigin + performance.now());
    const t2 = performance.timeOrigin + performance.now();
    if (t2 - t1 < best.rtt) best = { rtt: t2 - t1, offset: tp - (t1 + t2) / 2 };
  }
  return best;
}

/** list_changed: `samples` registerTool() → notification times on the page's and the client's clocks. */
async function listChangedRun(page, client, samples, run) {
  let notified;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => notified?.(performance.timeOrigin + performance.now()));
  const { offset, rtt } = await clockOffset(page);
  const xs = [];
  for (let i = 0; i < samples + 2; i++) {
    const arrived = within(new Promise((r) => (notified = r)), 10_000, 'list_changed after registerTool');
    const sent = await page.evaluate(async (name) => {
      window.benchAc = new AbortController();
      const t = performance.timeOrigin + performance.now();
      await document.modelContext.registerTool({ name, description: 'x', execute: async () => 'ok' }, { signal: window.benchAc.signal });
      return t;
    }, `lc_${run}_${i}`);
    const at = await arrived;
    if (i >= 2) xs.push(at - (sent - offset));
    // Let the unregistration's own notification pass before the next sample.
    const gone = within(new Promise((r) => (notified = r)), 10_000, 'list_changed after unregister');
    await page.evaluate(() => window.benchAc.abort());
    await gone;
  }
  notified = undefined;
  return { p50: pct(xs, 50), p99: pct(xs, 99), clockUncertainty: rtt / 2 };
}

/**
 * Figures 2 and 3: the four ways, warmed up, then `runs` interleaved runs; list_changed over both
 * page modes. Returns summaries per target and ratios to the plain server.
 */
export async function runLatency(cfg = settings()) {
  const pages = await startPageServer();
  const browsers = { polyfill: await chromium.launch(chromiumLaunchOptions()), native: await chromium.launch(chromiumLaunchOptions({ webmcp: true })) };
  const cleanup = [];
  try {
    const targets = {};
    {
      const [a, b] = InMemoryTransport.createLinkedPair();
      await createPlainServer().connect(a);
      const client = new Client({ name: 'bench', version: '1' });
      await client.connect(b);
      cleanup.push(() => client.close());
      targets['in-memory'] = { client };
    }
    {
      const { proc, match } = await child([PLAIN], 'stdout', /(http:\/\/\S+)/);
      cleanup.push(() => proc.kill());
      const client = await httpClient(match);
      cleanup.push(() => client.close());
      targets['plain-http'] = { client };
    }
    for (const mode of ['polyfill', 'native']) {
      const bridge = await startBridge();
      cleanup.push(() => bridge.proc.kill());
      const page = await openPage(browsers[mode], pages, bridge, { polyfill: mode === 'polyfill' });
      await bridge.waitTools(1);
      const client = await httpClient(`${bridge.base}/mcp`, CLIENT_TOKEN);
      cleanup.push(() => client.close());
      targets[`bridge-${mode}`] = { client, page };
    }
    for (const [name, t] of Object.entries(targets)) {
      const result = await t.client.callTool({ name: 'noop', arguments: {} });
      if (result.content?.[0]?.text !== 'ok') throw new Error(`${name}: noop answered ${JSON.stringify(result)}`);
      t.call = () => t.client.callTool({ name: 'noop', arguments: {} });
      const t0 = performance.now();
      for (let i = 0; i < cfg.warmup; i++) await t.call();
      console.error(`[bench] ${name}: warmed up with ${cfg.warmup} calls in ${Math.round(performance.now() - t0)} ms`);
    }
    const perRun = Object.fromEntries(TARGETS.map((k) => [k, []]));
    for (let run = 0; run < cfg.runs; run++) {
      // Rotate the order so no target always runs first after another's burst.
      const order = TARGETS.map((_, i) => TARGETS[(i + run) % TARGETS.length]);
      for (const name of order) perRun[name][run] = await measureCalls(targets[name].call, cfg);
      console.error(`[bench] latency run ${run + 1}/${cfg.runs}: ${TARGETS.map((k) => `${k} p50 ${perRun[k][run].p50.toFixed(3)} ms, ${Math.round(perRun[k][run].rate)}/s`).join('; ')}`);
    }
    const latency = {};
    for (const name of TARGETS) {
      const rs = perRun[name];
      const base = perRun['plain-http'];
      latency[name] = {
        p50_ms: summarize(rs.map((r) => r.p50)),
        p99_ms: summarize(rs.map((r) => r.p99)),
        calls_per_s_at_32: summarize(rs.map((r) => r.rate)),
        // Per run, against the plain server measured in the same run.
        p50_vs_plain: summarize(rs.map((r, i) => r.p50 / base[i].p50)),
        p99_vs_plain: summarize(rs.map((r, i) => r.p99 / base[i].p99)),
        throughput_vs_plain: summarize(rs.map((r, i) => r.rate / base[i].rate)),
      };
    }
    const listChanged = {};
    for (const mode of ['polyfill', 'native']) {
      const { page, client } = targets[`bridge-${mode}`];
      const rs = [];
      for (let run = 0; run < cfg.runs; run++) rs.push(await listChangedRun(page, client, cfg.listChangedSamples, run));
      listChanged[mode] = { p50_ms: summarize(rs.map((r) => r.p50)), p99_ms: summarize(rs.map((r) => r.p99)), clock_uncertainty_ms: Math.max(...rs.map((r) => r.clockUncertainty)) };
      console.error(`[bench] list_changed ${mode}: ${JSON.stringify(listChanged[mode])}`);
    }
    return { latency, listChanged, chromium: browsers.native.version() };
  } finally {
    for (const f of cleanup.reverse()) await Promise.resolve().then(f).catch(() => {});
    await Promise.all(Object.values(browsers).map((b) => b.close()));
    await pages.close();
  }
}

/** Figure 4 (pages): one bridge, pages of 20 tools added up to 1, 10, 50; tools/list latency and RSS. */
export async function runScale(cfg = settings(), counts = [1, 10, 50]) {
  const pages = await startPageServer();
  const browser = await chromium.launch(chromiumLaunchOptions({ webmcp: true }));
  const bridge = await startBridge();
  const tabs = [];
  try {
    const result = { idle_rss_mib: rssMiB(bridge.proc.pid), levels: {} };
    const client = await httpClient(`${bridge.base}/mcp`, CLIENT_TOKEN);
    try {
      for (const n of counts) {
        while (tabs.length < n) tabs.push(await openPage(browser, pages, bridge, { tools: 20 }));
        await bridge.waitTools(n * 20);
        const listed = (await client.listTools()).tools.length;
        if (listed !== n * 20) throw new Error(`tools/list gave ${listed} tools with ${n} pages × 20`);
        for (let i = 0; i < 20; i++) await client.listTools();
        const p50 = [], p99 = [], rss = [];
        for (let run = 0; run < cfg.runs; run++) {
          const lat = [];
          for (let i = 0; i < cfg.listCalls; i++) {
            const t = performance.now();
            await client.listTools();
            lat.push(performance.now() - t);
          }
          p50.push(pct(lat, 50));
          p99.push(pct(lat, 99));
          rss.push(rssMiB(bridge.proc.pid));
        }
        result.levels[n] = { pages: (await bridge.health()).pages, tools: listed, list_p50_ms: summarize(p50), list_p99_ms: summarize(p99), rss_mib: summarize(rss) };
        console.error(`[bench] scale ${n} pages: ${JSON.stringify(result.levels[n])}`);
      }
    } finally {
      await client.close();
    }
    return result;
  } finally {
    for (const t of tabs) await t.close().catch(() => {});
    bridge.proc.kill();
    await browser.close();
    await pages.close();
  }
}

if (isMain(import.meta.url)) {
  const cfg = settings();
  const { latency, listChanged, chromium: version } = await runLatency(cfg);
  const scale = await runScale(cfg);
  console.log(`Chromium ${version}; ${cfg.runs} runs; median (min–max)`);
  console.log('| way | p50 ms | p99 ms | calls/s at 32 | p50 ÷ plain | calls/s ÷ plain |\n|---|---|---|---|---|---|');
  for (const [k, r] of Object.entries(latency)) console.log(`| ${k} | ${cell(r.p50_ms, 3)} | ${cell(r.p99_ms)} | ${cell(r.calls_per_s_at_32)} | ${cell(r.p50_vs_plain)} | ${cell(r.throughput_vs_plain)} |`);
  for (const [k, r] of Object.entries(listChanged)) console.log(`list_changed (${k}): p50 ${cell(r.p50_ms)} ms, p99 ${cell(r.p99_ms)} ms`);
  for (const [n, r] of Object.entries(scale.levels)) console.log(`${n} pages × 20 tools: tools/list p50 ${cell(r.list_p50_ms)} ms, RSS ${cell(r.rss_mib, 1)} MiB`);
  writeResult('bridge.json', { settings: cfg, latency, listChanged, scale });
}
