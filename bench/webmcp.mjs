// WebMCP polyfill benchmark (not a test): registration and getTools throughput with 1,000 tools,
// executeTool with input validation against a direct call, and the IIFE's size. Runs in headless
// Chromium over the polyfill and over native WebMCP (with webmcp-kit layered on it).
// Usage: npm run build && node bench/webmcp.mjs [--json]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from './support.mjs';

const iife = readFileSync(new URL('../packages/webmcp/dist/webmcp.iife.js', import.meta.url));
const server = createServer((req, res) => {
  if (req.url === '/webmcp.iife.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(iife);
  res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bench</title><script src="/webmcp.iife.js"></script>');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

async function measure() {
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const schema = { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' }, tag: { type: 'string', maxLength: 20 } }, required: ['a', 'b'] };
  const runs = { register: [], getTools: [], execValidated: [], execUnvalidated: [], execDirect: [] };
  for (let run = 0; run < 5; run++) {
    const controller = new AbortController();
    let t = performance.now();
    const pending = [];
    for (let i = 0; i < 1000; i++) {
      pending.push(document.modelContext.registerTool({ name: `tool_${run}_${i}`, description: `Tool ${i}`, inputSchema: schema, execute: ({ a, b }) => String(a + b) }, { signal: controller.signal }));
    }
    await Promise.all(pending);
    runs.register.push(1000 / ((performance.now() - t) / 1000));
    t = performance.now();
    let tools;
    for (let i = 0; i < 20; i++) tools = await document.modelContext.getTools();
    runs.getTools.push(20 / ((performance.now() - t) / 1000));
    const tool = tools.find((x) => x.name === `tool_${run}_0`);
    const direct = ({ a, b }) => String(a + b);
    const n = 2000;
    for (let i = 0; i < 200; i++) await document.modelContext.executeTool(tool, { a: i, b: 1, tag: 'x' });
    t = performance.now();
    for (let i = 0; i < n; i++) await document.modelContext.executeTool(tool, { a: i, b: 1, tag: 'x' });
    runs.execValidated.push(((performance.now() - t) * 1000) / n);
    await document.modelContext.registerTool({ name: `plain_${run}`, description: 'No schema', execute: ({ a, b }) => String(a + b) }, { signal: controller.signal });
    const plain = (await document.modelContext.getTools()).find((x) => x.name === `plain_${run}`);
    for (let i = 0; i < 200; i++) await document.modelContext.executeTool(plain, { a: i, b: 1, tag: 'x' });
    t = performance.now();
    for (let i = 0; i < n; i++) await document.modelContext.executeTool(plain, { a: i, b: 1, tag: 'x' });
    runs.execUnvalidated.push(((performance.now() - t) * 1000) / n);
    t = performance.now();
    for (let i = 0; i < n; i++) await Promise.resolve(direct({ a: i, b: 1, tag: 'x' }));
    runs.execDirect.push(((performance.now() - t) * 1000) / n);
    controller.abort();
    await new Promise((r) => setTimeout(r, 10));
  }
  const summary = {};
  for (const [key, xs] of Object.entries(runs)) summary[key] = { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
  return summary;
}

const results = { sizes: {
  'webmcp.iife.js': { raw: iife.length, gzip: gzipSync(iife, { level: 9 }).length, brotli: brotliCompressSync(iife).length },
}, modes: {} };
for (const native of [false, true]) {
  const browser = await chromium.launch(chromiumLaunchOptions({ webmcp: native }));
  const page = await browser.newPage();
  await page.goto(url);
  results.modes[native ? 'native + webmcp-kit layer' : 'polyfill'] = await page.evaluate(measure);
  await browser.close();
}
server.close();

const fmt = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2));
console.log(`webmcp.iife.js: ${results.sizes['webmcp.iife.js'].gzip} B gzip, ${results.sizes['webmcp.iife.js'].brotli} B brotli`);
console.log('| mode | registerTool /s (1,000 tools) | getTools /s (1,000 tools) | executeTool µs, schema validated | executeTool µs, no schema | direct call µs |');
console.log('|---|---|---|---|---|---|');
for (const [mode, r] of Object.entries(results.modes)) {
  const cell = (m) => `${fmt(m.median)} (${fmt(m.min)}–${fmt(m.max)})`;
  console.log(`| ${mode} | ${cell(r.register)} | ${cell(r.getTools)} | ${cell(r.execValidated)} | ${cell(r.execUnvalidated)} | ${cell(r.execDirect)} |`);
}
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/webmcp.json', import.meta.url), JSON.stringify(results, null, 2));
