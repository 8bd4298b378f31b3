// Bridge benchmark (not a test), figures 2–4 of `npm run bench`. Same run, same machine, same no-op
// tool in the same page reached every way (bridge-targets.mjs), measured interleaved run by run so
// ratios hold on a noisy machine:
//   - over HTTP: the SDK's in-memory transport, a plain SDK Streamable HTTP server (the baseline), the
//     floor (a plain SDK server forwarding over a raw WebSocket to the page) and our bridge, on a
//     page over our polyfill and on a page over native WebMCP;
//   - over stdio: a plain stdio SDK server, the floor over stdio, our bridge's `--stdio` session and
//     the MCP-B local relay from npm (the peer), all on the polyfill page;
//   - tools/list_changed propagation from a page's registerTool() to the client's notification;
//   - scale: 1, 10, 50 pages × 20 tools → tools/list latency and the bridge's resident memory.
// Usage: npm run build && node bench/bridge.mjs   (BENCH_QUICK=1 for small counts)
import { chromium } from 'playwright';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { createPlainServer } from './bridge-plain-server.mjs';
import {
  CLIENT_TOKEN,
  RELAY_VERSION,
  httpClient,
  openPage,
  startBridge,
  startFloorHttp,
  startFloorStdio,
  startPageServer,
  startRelay,
  startStdioBridge,
  stdioClient,
} from './bridge-targets.mjs';
import { WAYS } from './report.mjs';
import { cell, child, chromiumLaunchOptions, isMain, pct, rssMiB, settings, summarize, within, writeResult } from './support.mjs';

// The SDK client shares one AbortSignal across fetches (MaxListenersExceededWarning); not ours.
process.removeAllListeners('warning');

const PLAIN = new URL('./bridge-plain-server.mjs', import.meta.url).pathname;
export const TARGETS = Object.keys(WAYS);

/** One sequential series and one concurrent series (`cfg.concurrency` callers) on a target. */
export async function measureCalls(call, cfg) {
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

/**
 * p50s (ms) of `a` and `b` over `n` pairs of sequential calls alternated one by one (which goes first
 * swaps each pair): both ways see the same load, so drift between two blocks of calls cancels out.
 */
export async function measurePairs(a, b, n) {
  const lat = { a: [], b: [] };
  for (let i = 0; i < n; i++) {
    for (const k of i % 2 ? ['b', 'a'] : ['a', 'b']) {
      const t = performance.now();
      await (k === 'a' ? a : b)();
      lat[k].push(performance.now() - t);
    }
  }
  return { a: pct(lat.a, 50), b: pct(lat.b, 50) };
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

/** Per run, `way` against `other` measured in the same run: p50 and p99 ratios, throughput ratio. */
function ratios(rs, others) {
  return {
    p50: summarize(rs.map((r, i) => r.p50 / others[i].p50)),
    p99: summarize(rs.map((r, i) => r.p99 / others[i].p99)),
    throughput: summarize(rs.map((r, i) => r.rate / others[i].rate)),
  };
}

/**
 * Figures 2 and 3: every way of WAYS, warmed up, then `runs` interleaved runs; list_changed over both
 * page modes. Returns summaries per way with ratios to its plain server, its floor and (the peer) our
 * bridge on the same transport. A peer that fails to start is reported, not fatal.
 */
export async function runLatency(cfg = settings()) {
  const pages = await startPageServer();
  const browsers = { polyfill: await chromium.launch(chromiumLaunchOptions()), native: await chromium.launch(chromiumLaunchOptions({ webmcp: true })) };
  const cleanup = [];
  const failed = {};
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
      const stdio = await stdioClient([PLAIN, '--stdio']);
      cleanup.push(() => stdio.client.close());
      targets['plain-stdio'] = { client: stdio.client };
    }
    for (const mode of ['polyfill', 'native']) {
      // The polyfill page's bridge also serves a stdio session: one process, one page, both transports.
      const bridge = mode === 'polyfill' ? await startStdioBridge() : await startBridge();
      cleanup.push(() => (bridge.client ? bridge.client.close() : bridge.proc.kill()));
      const page = await openPage(browsers[mode], pages, bridge, { polyfill: mode === 'polyfill' });
      await bridge.waitTools(1);
      const client = await httpClient(`${bridge.base}/mcp`, CLIENT_TOKEN);
      cleanup.push(() => client.close());
      targets[`bridge-${mode}`] = { client, page };
      const floor = await startFloorHttp(page);
      cleanup.push(floor.stop);
      targets[`floor-http-${mode}`] = { client: floor.client };
      if (mode !== 'polyfill') continue;
      targets['bridge-stdio'] = { client: bridge.client };
      const floorStdio = await startFloorStdio(page);
      cleanup.push(floorStdio.stop);
      targets['floor-stdio'] = { client: floorStdio.client };
      try {
        const relay = await startRelay(page, pages.origin);
        cleanup.push(relay.stop);
        targets['relay-stdio'] = { client: relay.client };
      } catch (e) {
        failed['relay-stdio'] = String(e?.message ?? e);
        console.error(`[bench] relay-stdio left out: ${failed['relay-stdio']}`);
      }
    }
    const ways = TARGETS.filter((k) => targets[k]);
    for (const name of ways) {
      const t = targets[name];
      const result = await t.client.callTool({ name: 'noop', arguments: {} });
      if (result.isError || result.content?.[0]?.text !== 'ok') throw new Error(`${name}: noop answered ${JSON.stringify(result)}`);
      t.call = () => t.client.callTool({ name: 'noop', arguments: {} });
      const t0 = performance.now();
      for (let i = 0; i < cfg.warmup; i++) await t.call();
      console.error(`[bench] ${name}: warmed up with ${cfg.warmup} calls in ${Math.round(performance.now() - t0)} ms`);
    }
    const perRun = Object.fromEntries(ways.map((k) => [k, []]));
    // Each way held to a floor, against it call by call (see measurePairs).
    const floored = ways.filter((k) => WAYS[k].floor && targets[WAYS[k].floor]);
    const paired = Object.fromEntries(floored.map((k) => [k, []]));
    for (let run = 0; run < cfg.runs; run++) {
      // Rotate the order so no way always runs first after another's burst.
      const order = ways.map((_, i) => ways[(i + run) % ways.length]);
      for (const name of order) perRun[name][run] = await within(measureCalls(targets[name].call, cfg), 600_000, `${name} run ${run + 1}`);
      for (const name of floored) {
        const p50 = await within(measurePairs(targets[name].call, targets[WAYS[name].floor].call, cfg.pairs), 600_000, `${name} paired run ${run + 1}`);
        paired[name][run] = p50.a / p50.b;
      }
      console.error(`[bench] latency run ${run + 1}/${cfg.runs}: ${ways.map((k) => `${k} p50 ${perRun[k][run].p50.toFixed(3)} ms, ${Math.round(perRun[k][run].rate)}/s${paired[k] ? `, ${paired[k][run].toFixed(3)}× floor call by call` : ''}`).join('; ')}`);
    }
    const latency = {};
    for (const name of TARGETS) {
      if (!perRun[name]) {
        latency[name] = { error: failed[name] ?? 'not measured' };
        continue;
      }
      const rs = perRun[name];
      const { plain, floor, bridge } = WAYS[name];
      const vsPlain = ratios(rs, perRun[plain]);
      latency[name] = {
        p50_ms: summarize(rs.map((r) => r.p50)),
        p99_ms: summarize(rs.map((r) => r.p99)),
        calls_per_s_at_32: summarize(rs.map((r) => r.rate)),
        // Per run, against the plain server measured in the same run (same transport).
        p50_vs_plain: vsPlain.p50,
        p99_vs_plain: vsPlain.p99,
        throughput_vs_plain: vsPlain.throughput,
      };
      if (floor) {
        const vsFloor = ratios(rs, perRun[floor]);
        Object.assign(latency[name], { p50_vs_floor: vsFloor.p50, throughput_vs_floor: vsFloor.throughput, ...(paired[name] ? { p50_vs_floor_paired: summarize(paired[name]) } : {}) });
      }
      if (bridge && perRun[bridge]) {
        const vsBridge = ratios(rs, perRun[bridge]);
        Object.assign(latency[name], { p50_vs_bridge: vsBridge.p50, throughput_vs_bridge: vsBridge.throughput });
      }
    }
    const listChanged = {};
    for (const mode of ['polyfill', 'native']) {
      const { page, client } = targets[`bridge-${mode}`];
      const rs = [];
      for (let run = 0; run < cfg.runs; run++) rs.push(await listChangedRun(page, client, cfg.listChangedSamples, run));
      listChanged[mode] = { p50_ms: summarize(rs.map((r) => r.p50)), p99_ms: summarize(rs.map((r) => r.p99)), clock_uncertainty_ms: Math.max(...rs.map((r) => r.clockUncertainty)) };
      console.error(`[bench] list_changed ${mode}: ${JSON.stringify(listChanged[mode])}`);
    }
    return { latency, listChanged, chromium: browsers.native.version(), relay: RELAY_VERSION };
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
  console.log('| way | p50 ms | p99 ms | calls/s at 32 | p50 ÷ plain | calls/s ÷ plain | p50 ÷ floor | calls/s ÷ floor |\n|---|---|---|---|---|---|---|---|');
  for (const [k, r] of Object.entries(latency)) {
    if (r.error) console.log(`| ${k} | not measured: ${r.error} |`);
    else console.log(`| ${k} | ${cell(r.p50_ms, 3)} | ${cell(r.p99_ms)} | ${cell(r.calls_per_s_at_32)} | ${cell(r.p50_vs_plain)} | ${cell(r.throughput_vs_plain)} | ${cell(r.p50_vs_floor)} | ${cell(r.throughput_vs_floor)} |`);
  }
  for (const [k, r] of Object.entries(listChanged)) console.log(`list_changed (${k}): p50 ${cell(r.p50_ms)} ms, p99 ${cell(r.p99_ms)} ms`);
  for (const [n, r] of Object.entries(scale.levels)) console.log(`${n} pages × 20 tools: tools/list p50 ${cell(r.list_p50_ms)} ms, RSS ${cell(r.rss_mib, 1)} MiB`);
  writeResult('bridge.json', { settings: cfg, latency, listChanged, scale });
}
