// <mcp-app-frame> benchmark (not a test): with the real server-debug and server-basic-vanillajs
// apps, times element creation → the app's `initialized`, tool-result → the app's first resize
// after it, and close() (teardown round trip). Headless Chromium, everything on loopback.
// Usage: npm run build && node bench/app-host.mjs [--runs 7]
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { createSandboxProxyServer } from '../packages/app-host/dist/proxy.js';
import { startHostPage, startMcpServer } from '../packages/app-host/test/support/app-host-env.mjs';
import { chromiumLaunchOptions } from './support.mjs';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const servers = {
  debug: { server: await startMcpServer('debug'), tool: 'debug-tool', input: { contentType: 'text' } },
  'basic-vanillajs': { server: await startMcpServer('basic-vanillajs'), tool: 'get-time', input: {} },
};
const host = await startHostPage(fileURLToPath(new URL('../packages/app-host/test/fixtures/host-page.ts', import.meta.url)));
const proxy = await createSandboxProxyServer({ hostOrigins: [host.origin] });
const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage();
await page.goto(host.url);
await page.waitForFunction(() => window.appHost?.ready);

/** One run in the page: returns milliseconds for each phase (resize: null if none within 5 s). */
function once({ url, tool: name, input, sandbox }) {
  return (async () => {
    const within = (promise, ms, what) =>
      Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms))]);
    const client = (window.benchClients ??= {})[url] ??= await window.appHost.connect(url);
    const { tools } = await client.listTools();
    const result = await client.callTool({ name, arguments: input });
    const start = performance.now();
    const el = document.createElement('mcp-app-frame');
    const initialized = new Promise((resolve) => el.addEventListener('mcp-app-initialized', resolve, { once: true }));
    const failed = new Promise((_, reject) => el.addEventListener('mcp-app-error', (e) => reject(e.error), { once: true }));
    Object.assign(el, { client, tool: tools.find((t) => t.name === name), sandbox, toolInput: input });
    document.body.append(el);
    await within(Promise.race([initialized, failed]), 15_000, 'initialized');
    const init = performance.now() - start;
    // Let the view settle after tool-input so the resize we time is the one the result causes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const resized = new Promise((resolve) => el.addEventListener('mcp-app-size', resolve, { once: true }));
    const sent = performance.now();
    el.toolResult = result;
    const resize = await within(resized, 5_000, 'resize').then(() => performance.now() - sent, () => null);
    const closing = performance.now();
    const answered = await el.close();
    const close = performance.now() - closing;
    el.remove();
    return { init, resize, close, answered };
  })();
}

const stats = (xs) => {
  const v = xs.filter((x) => x !== null).sort((a, b) => a - b);
  return v.length ? { median: v[Math.floor(v.length / 2)], min: v[0], max: v.at(-1), n: v.length } : { n: 0 };
};
const results = { runs: RUNS, apps: {} };
for (const [name, { server, tool, input }] of Object.entries(servers)) {
  await page.evaluate(once, { url: server.url, tool, input, sandbox: proxy.url }); // warm-up (first connect, caches)
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await page.evaluate(once, { url: server.url, tool, input, sandbox: proxy.url }));
  results.apps[name] = {
    initialized: stats(runs.map((r) => r.init)),
    resultToResize: stats(runs.map((r) => r.resize)),
    teardown: stats(runs.map((r) => r.close)),
    teardownAnswered: runs.every((r) => r.answered),
  };
}
await browser.close();
await Promise.all([proxy.close(), host.close(), ...Object.values(servers).map((s) => s.server.close())]);

const fmt = (s) => (s.n ? `${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})` : 'no resize');
console.log(`<mcp-app-frame>, ${RUNS} runs each, median (min–max) ms`);
console.log('| app | creation → initialized | tool-result → first resize | close() teardown round trip |');
console.log('|---|---|---|---|');
for (const [name, r] of Object.entries(results.apps)) {
  console.log(`| ${name} | ${fmt(r.initialized)} | ${fmt(r.resultToResize)} | ${fmt(r.teardown)} |`);
}
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/app-host.json', import.meta.url), JSON.stringify(results, null, 2));
