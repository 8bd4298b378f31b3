// Side by side: our bridge against the floor on one polyfill page, alternating in short rounds, for
// working on the call path (not part of `npm run bench`). Each round measures both ways back to back
// (order swapped every round): p50 of `BENCH_SEQ` sequential calls and calls/s of `BENCH_CONC_TOTAL`
// calls at 32 concurrent; the ratio bridge ÷ floor is taken per round and the median (and quartiles)
// of those ratios is printed, so load that drifts during the run cancels out. Each round also
// alternates the two ways call by call (`BENCH_SEQ` pairs), the finest interleaving: on a shared,
// loaded machine its p50 ratio is the steadiest.
// Usage: npm run build && node bench/side-by-side.mjs [--http] [--profile DIR]
//   --http         bridge over Streamable HTTP against the HTTP floor (default: --stdio against the stdio floor)
//   --native       a page on native WebMCP (Chromium's, behind --enable-features=WebMCP) instead of the polyfill
//   --trace DIR    (stdio) both servers time each call's stages (bench/call-path-trace.cjs) into DIR/{bridge,floor}.json
//   --profile DIR  both Node processes run with --cpu-prof and write their .cpuprofile files to DIR
// BENCH_BRIDGE_CLI runs another build of the bridge (e.g. an older commit's dist copied beside dist/).
// BENCH_BRIDGE_ARGS adds bridge flags (e.g. '--log-level warn' to see what the audit line costs).
// Settings: BENCH_ROUNDS (default 30), BENCH_WARMUP (3000), BENCH_SEQ (300), BENCH_CONC_TOTAL (640).
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium } from 'playwright';
import {
  BRIDGE_ARGS,
  BRIDGE_BANNER,
  BRIDGE_CLI,
  CLIENT_TOKEN,
  FLOOR_SCRIPT,
  httpClient,
  openPage,
  startPageServer,
  stdioClient,
} from './bridge-targets.mjs';
import { measureCalls, measurePairs } from './bridge.mjs';
import { child, chromiumLaunchOptions, pct, within } from './support.mjs';

process.removeAllListeners('warning');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const http = process.argv.includes('--http');
const native = process.argv.includes('--native');
const profileDir = arg('--profile');
// Extra bridge flags for experiments, e.g. BENCH_BRIDGE_ARGS='--log-level warn'.
const extra = (process.env.BENCH_BRIDGE_ARGS ?? '').split(' ').filter(Boolean);
// Another build of the bridge CLI (e.g. an older commit's dist copied beside dist/), to compare before and after.
const CLI = process.env.BENCH_BRIDGE_CLI ? resolve(process.env.BENCH_BRIDGE_CLI) : BRIDGE_CLI;
const traceDir = arg('--trace');
const node = [
  ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', resolve(profileDir)] : []),
  ...(traceDir ? ['--require', new URL('./call-path-trace.cjs', import.meta.url).pathname] : []),
];
const traceEnv = (name) => (traceDir ? { CALL_TRACE_OUT: resolve(traceDir, `${name}.json`) } : {});
const num = (name, d) => Number(process.env[name] ?? d);
const cfg = { rounds: num('BENCH_ROUNDS', 30), warmup: num('BENCH_WARMUP', 3000), sequential: num('BENCH_SEQ', 300), concurrentTotal: num('BENCH_CONC_TOTAL', 640) };

const measure = (call) => measureCalls(call, { ...cfg, concurrency: 32 });

// CPU time (user + system, ms) a process has used, from /proc (Linux; 10 ms ticks, summed over many rounds).
const cpuMs = (pid) => {
  if (!pid) return 0;
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
// All of Chromium's processes (browser, renderer, network service): the page's share of a call.
const chromiumCpuMs = () => {
  let sum = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.includes('(chromium)') || stat.includes('(chrome)')) sum += cpuMs(pid);
    } catch {
      // Gone meanwhile.
    }
  }
  return sum;
};
const quartiles = (xs) => [25, 50, 75].map((p) => pct(xs, p));
const f = (x, d = 3) => x.toFixed(d);

const pages = await startPageServer();
const browser = await chromium.launch(chromiumLaunchOptions(native ? { webmcp: true } : {}));
const closers = [];
const pids = {};
try {
  // The bridge: its stdio session, or (--http) an HTTP client of the same kind of process.
  let bridge, bridgeBase;
  if (http) {
    const { proc, match } = await child([...node, CLI, ...BRIDGE_ARGS, ...extra], 'stderr', BRIDGE_BANNER);
    bridgeBase = match;
    pids.bridge = proc.pid;
    closers.push(() => new Promise((r) => (proc.once('exit', r), proc.kill('SIGTERM'))));
  } else {
    const s = await stdioClient([...node, CLI, ...BRIDGE_ARGS, ...extra, '--stdio'], BRIDGE_BANNER, traceEnv('bridge'));
    bridge = s.client;
    bridgeBase = s.match;
    pids.bridge = s.client.transport.pid;
    closers.push(() => s.client.close());
  }
  const page = await openPage(browser, pages, { base: bridgeBase }, { polyfill: !native });
  if (http) {
    const deadline = Date.now() + 30_000;
    while ((await (await fetch(`${bridgeBase}/healthz`)).json()).tools !== 1) {
      if (Date.now() > deadline) throw new Error('the page never reached the bridge');
      await new Promise((r) => setTimeout(r, 25));
    }
    bridge = await httpClient(`${bridgeBase}/mcp`, CLIENT_TOKEN);
    closers.unshift(() => bridge.close());
  }
  // The floor, same transport, same page.
  let floor;
  if (http) {
    const { proc, groups } = await child([...node, FLOOR_SCRIPT], 'stdout', /(http:\/\/\S+) (ws:\/\/\S+)/);
    await within(page.evaluate((url) => window.connectFloor(url), groups[1]), 10_000, 'page connecting to the floor');
    floor = await httpClient(groups[0]);
    pids.floor = proc.pid;
    closers.push(async () => (await floor.close(), await new Promise((r) => (proc.once('exit', r), proc.kill('SIGTERM')))));
  } else {
    const s = await stdioClient([...node, FLOOR_SCRIPT, '--stdio'], /floor page socket (ws:\/\/\S+)/, traceEnv('floor'));
    await within(page.evaluate((url) => window.connectFloor(url), s.match), 10_000, 'page connecting to the floor');
    floor = s.client;
    pids.floor = s.client.transport.pid;
    closers.push(() => s.client.close());
  }
  // --trace: page time per call (a call frame's parse to the answer's send, per socket; 0.1 ms clock).
  if (traceDir) await page.evaluate(() => {
    const parse = JSON.parse;
    let at = 0;
    JSON.parse = function (text, ...rest) {
      if (typeof text === 'string' && text.includes('"id"')) at = performance.now();
      return parse.call(this, text, ...rest);
    };
    const send = WebSocket.prototype.send;
    window.pageTimes = {};
    WebSocket.prototype.send = function (data) {
      (window.pageTimes[this.url] ??= []).push(performance.now() - at);
      return send.call(this, data);
    };
  });
  const ways = { floor, bridge };
  const calls = {};
  for (const [name, client] of Object.entries(ways)) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const r = await client.callTool({ name: 'noop', arguments: {} });
      if (!r.isError && r.content?.[0]?.text === 'ok') break;
      if (Date.now() > deadline) throw new Error(`${name}: noop answered ${JSON.stringify(r)}`);
      await new Promise((res) => setTimeout(res, 50));
    }
    calls[name] = () => client.callTool({ name: 'noop', arguments: {} });
    for (let i = 0; i < cfg.warmup; i++) await calls[name]();
  }
  const load = loadavg().map((x) => x.toFixed(2)).join('/');
  console.error(`[side-by-side] ${http ? 'HTTP' : 'stdio'}, ${cfg.rounds} rounds × (${cfg.sequential} sequential + ${cfg.concurrentTotal} at 32), ${cpus().length} cores, load ${load}`);
  const rows = [];
  for (let round = 0; round < cfg.rounds; round++) {
    const order = round % 2 ? ['bridge', 'floor'] : ['floor', 'bridge'];
    // Call by call, alternating: both ways see the same load.
    const pairs = await measurePairs(calls.floor, calls.bridge, cfg.sequential);
    const r = { interleaved: { floor: pairs.a, bridge: pairs.b }, seqCpu: {} };
    // Sequential calls alone, for the CPU each process spends on one call (no batching).
    for (const name of order) {
      const [server, page, own] = [cpuMs(pids[name]), chromiumCpuMs(), process.cpuUsage()];
      for (let i = 0; i < cfg.sequential; i++) await calls[name]();
      const used = process.cpuUsage(own);
      r.seqCpu[name] = { server: cpuMs(pids[name]) - server, page: chromiumCpuMs() - page, client: (used.user + used.system) / 1000 };
    }
    for (const name of order) {
      const [server, own] = [cpuMs(pids[name]), process.cpuUsage()];
      r[name] = await within(measure(calls[name]), 300_000, `${name} round ${round + 1}`);
      const used = process.cpuUsage(own);
      Object.assign(r[name], { serverCpu: cpuMs(pids[name]) - server, clientCpu: (used.user + used.system) / 1000 });
    }
    rows.push(r);
    if (process.env.BENCH_VERBOSE) console.error(`round ${round + 1}: floor ${f(r.floor.p50)} ms ${Math.round(r.floor.rate)}/s; bridge ${f(r.bridge.p50)} ms ${Math.round(r.bridge.rate)}/s; one by one: floor ${f(r.interleaved.floor)} ms, bridge ${f(r.interleaved.bridge)} ms`);
  }
  const p50Ratio = quartiles(rows.map((r) => r.bridge.p50 / r.floor.p50));
  const pairRatio = quartiles(rows.map((r) => r.interleaved.bridge / r.interleaved.floor));
  const rateRatio = quartiles(rows.map((r) => r.bridge.rate / r.floor.rate));
  const p50 = (k) => quartiles(rows.map((r) => r[k].p50));
  const rate = (k) => quartiles(rows.map((r) => r[k].rate));
  const q = (xs, d = 3) => `${f(xs[1], d)} (IQR ${f(xs[0], d)}–${f(xs[2], d)})`;
  console.log(`${http ? 'HTTP' : 'stdio'} · ${cfg.rounds} rounds · load before ${load}, after ${loadavg().map((x) => x.toFixed(2)).join('/')}`);
  console.log(`floor  p50 ${q(p50('floor'))} ms · ${q(rate('floor'), 0)} calls/s @32`);
  console.log(`bridge p50 ${q(p50('bridge'))} ms · ${q(rate('bridge'), 0)} calls/s @32`);
  const times = traceDir ? await page.evaluate(() => Object.entries(window.pageTimes).map(([url, xs]) => [url, xs.length, xs.slice(-2000)])) : [];
  for (const [url, n, xs] of times) console.log(`page time per answer on ${url.includes('/page') ? 'the bridge' : 'the floor'} socket (${n} sent): p50 ${f(pct(xs, 50))} ms, p90 ${f(pct(xs, 90))} ms`);
  const perCall = (k, field) => ((1000 * rows.reduce((a, r) => a + r[k][field], 0)) / (rows.length * (cfg.sequential + cfg.concurrentTotal))).toFixed(1);
  console.log(`CPU µs per call (all rounds): floor process ${perCall('floor', 'serverCpu')}, bridge process ${perCall('bridge', 'serverCpu')}; this client while calling the floor ${perCall('floor', 'clientCpu')}, the bridge ${perCall('bridge', 'clientCpu')}`);
  const seqCpu = (k, field) => ((1000 * rows.reduce((a, r) => a + r.seqCpu[k][field], 0)) / (rows.length * cfg.sequential)).toFixed(1);
  console.log(`CPU µs per sequential call: floor process ${seqCpu('floor', 'server')}, Chromium ${seqCpu('floor', 'page')}, client ${seqCpu('floor', 'client')}; bridge process ${seqCpu('bridge', 'server')}, Chromium ${seqCpu('bridge', 'page')}, client ${seqCpu('bridge', 'client')}`);
  console.log(`bridge ÷ floor, per round: p50 ${q(p50Ratio)}× · calls/s ${q(rateRatio)}× · p50 of calls alternated one by one ${q(pairRatio)}×`);
} finally {
  for (const c of closers) await Promise.resolve().then(c).catch(() => {});
  await browser.close();
  await pages.close();
}
