// Page side only (not part of `npm run bench`; `npm run build` first): the bridge's page connector
// (dist/bridge-page.iife.js) against the floor's page client, on one polyfill page, with no server:
// each socket is an in-page stand-in whose frames arrive as MessageChannel tasks, as a WebSocket's
// do. So this times what a page does per call (parse the frame, executeTool, answer) and nothing
// of Node, the network or the other processes. Prints µs per call: the three ways alternated call
// by call, then in blocks (order swapped each round), with quartiles of the blocks.
//   floor:       executeTool(tool, {}), as bench/bridge-targets.mjs's connectFloor
//   floor+opts:  the same, with the AbortController signal and notify hook the connector passes
//   bridge:      the real connector (run bookkeeping, signal, notify, `{t:'result'}` frames)
// Settings: BENCH_ROUNDS (20), BENCH_SEQ (2,000 calls per block), BENCH_PAIRS (20,000 per way).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright';
import { chromiumLaunchOptions, pct } from './support.mjs';

const num = (name, fallback) => Number(process.env[name] ?? fallback);
const cfg = { rounds: num('BENCH_ROUNDS', 20), block: num('BENCH_SEQ', 2000), pairs: num('BENCH_PAIRS', 20000) };
const read = (path) => readFileSync(new URL(path, import.meta.url), 'utf8');
const polyfill = read('../packages/webmcp/dist/webmcp.iife.js');
const connector = read('../packages/bridge/dist/bridge-page.iife.js');

// Before any page script: every WebSocket is a stand-in the harness drives (`__sockets`).
const fakeSocket = `window.__sockets = [];
window.WebSocket = class {
  constructor(url) {
    this.url = String(url); this.readyState = 0; this.channel = new MessageChannel();
    this.channel.port1.onmessage = (e) => this.onmessage?.({ data: e.data });
    __sockets.push(this);
    setTimeout(() => { this.readyState = 1; this.onopen?.(); });
  }
  deliver(text) { this.channel.port2.postMessage(text); }
  send(text) { this.onsend?.(text); }
  close() {}
};`;
const tool = `document.modelContext.registerTool({ name: 'noop', description: 'Does nothing', inputSchema: { type: 'object', properties: { x: { type: 'string' } } }, execute: async () => 'ok' });`;

const server = createServer((_, res) =>
  res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><script>${fakeSocket}</script><script>${polyfill}</script><script>${connector}</script><script>${tool}</script>`),
);
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const out = await page.evaluate(async (cfg) => {
    const mc = document.modelContext;
    const until = async (check) => {
      for (let i = 0; !check(); i++) {
        if (i > 400) throw new Error('the page never got ready');
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const noop = (await mc.getTools()).find((t) => t.name === 'noop');
    let answered;
    // The bridge's connector: welcomed after its hello, ready once it has listed its tools.
    WebMCPBridge.connect({ url: 'http://127.0.0.1:1', token: 'page-token' });
    await until(() => __sockets.length === 1);
    const bridge = __sockets[0];
    let listed = false;
    bridge.onsend = (text) => {
      for (const m of [JSON.parse(text)].flat()) {
        if (m.t === 'hello') bridge.deliver(JSON.stringify({ t: 'welcome', tab: 'tab', max: 1e6 }));
        else if (m.t === 'tools') listed = true;
        else if (m.t === 'result' || m.t === 'error') answered(m);
      }
    };
    await until(() => listed);
    // The floor's page client (bench/bridge-targets.mjs connectFloor), and the same with the options.
    const NOTIFY = Symbol.for('webmcp-kit.notify');
    const client = (options) => {
      const ws = new WebSocket('ws://floor');
      ws.onmessage = async (e) => {
        const { id } = JSON.parse(e.data);
        try {
          ws.send(JSON.stringify({ id, value: await mc.executeTool(noop, {}, ...(options ? [options()] : [])) }));
        } catch (err) {
          ws.send(JSON.stringify({ id, error: String(err) }));
        }
      };
      ws.onsend = (text) => answered(JSON.parse(text));
      return ws;
    };
    const floor = client();
    const floorOpts = client(() => ({ signal: new AbortController().signal, [NOTIFY]: () => {} }));
    let id = 0;
    const call = (socket, frame) => new Promise((r) => ((answered = r), socket.deliver(JSON.stringify(frame))));
    const ways = {
      floor: () => call(floor, { id: ++id }),
      'floor+opts': () => call(floorOpts, { id: ++id }),
      bridge: () => call(bridge, { t: 'call', id: ++id, name: 'noop', args: {} }),
    };
    const names = Object.keys(ways);
    for (const name of names) {
      const answer = await ways[name]();
      if (answer.value !== 'ok') throw new Error(`${name} answered ${JSON.stringify(answer)}`);
    }
    for (let i = 0; i < 3000; i++) for (const name of names) await ways[name]();
    // Call by call: performance.now() is coarse here (0.1 ms), its error evens out over many calls.
    const alternated = Object.fromEntries(names.map((n) => [n, 0]));
    for (let i = 0; i < cfg.pairs * names.length; i++) {
      const name = names[i % names.length];
      const t = performance.now();
      await ways[name]();
      alternated[name] += performance.now() - t;
    }
    const blocks = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < cfg.rounds; round++) {
      for (const name of round % 2 ? [...names].reverse() : names) {
        const t = performance.now();
        for (let i = 0; i < cfg.block; i++) await ways[name]();
        blocks[name].push(((performance.now() - t) * 1000) / cfg.block);
      }
    }
    return { alternated: Object.fromEntries(names.map((n) => [n, (alternated[n] * 1000) / cfg.pairs])), blocks };
  }, cfg);
  const f = (x) => x.toFixed(1);
  console.log(`page µs per call · alternated call by call (${cfg.pairs} each) · blocks of ${cfg.block}: p50 (IQR), ${cfg.rounds} rounds`);
  for (const [name, xs] of Object.entries(out.blocks)) {
    console.log(`${name.padEnd(11)} ${f(out.alternated[name]).padStart(6)} · ${f(pct(xs, 50))} (${f(pct(xs, 25))}–${f(pct(xs, 75))})`);
  }
} finally {
  await browser.close();
  server.close();
}
