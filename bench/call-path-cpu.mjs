// CPU per call of the bridge's stdio call path against the floor's, in one Node process and without
// Chromium, for working on the call path (not part of `npm run bench`). Wall-clock ratios on a
// 2-core machine with a browser move by ±1.5 % from run to run; this counts the CPU the Node side
// spends per call (µs, `process.cpuUsage`, all threads), which moves far less, so a change of a
// microsecond shows. Both ways run here: an SDK client over a stdio-like stream pair → (the bridge's
// `serveStdio` | the floor's SDK server) → a real WebSocket → a stand-in page (a `ws` client
// speaking the page protocol, answering every call at once). The client and stand-in page cost the
// same on both ways, so the difference is the bridge's own.
// Usage: npm run build && node bench/call-path-cpu.mjs [--http] 2>/dev/null   (stderr carries the audit lines)
//   --http  both over Streamable HTTP (SDK client transport, real sockets) instead of the stream pair
// BENCH_BRIDGE_DIST=packages/bridge/dist-base measures another build of the bridge.
// Settings: CPU_ROUNDS (default 20), CPU_CALLS (2000 per round and way), CPU_WARMUP (5000).
import { PassThrough } from 'node:stream';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createPlainServer, serveStreamableHttp } from './bridge-plain-server.mjs';
import { httpClient } from './bridge-targets.mjs';
import { pct } from './support.mjs';

const http = process.argv.includes('--http');
const num = (name, d) => Number(process.env[name] ?? d);
const cfg = { rounds: num('CPU_ROUNDS', 20), calls: num('CPU_CALLS', 2000), warmup: num('CPU_WARMUP', 5000) };
const dist = resolve(process.env.BENCH_BRIDGE_DIST ?? new URL('../packages/bridge/dist', import.meta.url).pathname);
const { createBridge, PAGE_PROTOCOL } = await import(pathToFileURL(`${dist}/index.js`).href);

/** An SDK client on one end of a stream pair; `serve(input, output)` gets the other end. */
async function streamClient(serve) {
  const up = new PassThrough();
  const down = new PassThrough();
  await serve(up, down);
  const client = new Client({ name: 'cpu', version: '1' });
  // The SDK's stdio server transport reads lines and writes lines: as a client it is the same.
  await client.connect(new StdioServerTransport(down, up));
  return client;
}

const opened = (ws) => new Promise((res, rej) => (ws.once('open', res), ws.once('error', rej)));

// The floor: an SDK server whose tool forwards {id} over a WebSocket; the stand-in page answers.
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise((r) => wss.once('listening', r));
const pending = new Map();
let next = 0;
let floorPage;
wss.on('connection', (ws) => {
  floorPage = ws;
  ws.on('message', (data) => {
    const { id, value } = JSON.parse(data);
    pending.get(id)?.(value);
    pending.delete(id);
  });
});
const floorSide = new WebSocket(`ws://127.0.0.1:${wss.address().port}`);
floorSide.on('message', (data) => floorSide.send(JSON.stringify({ id: JSON.parse(data).id, value: 'ok' })));
await opened(floorSide);
const forward = () => new Promise((res) => {
  const id = ++next;
  pending.set(id, res);
  floorPage.send(JSON.stringify({ id }));
});
const floor = http
  ? await httpClient(await serveStreamableHttp(() => createPlainServer(forward)))
  : await streamClient((input, output) => createPlainServer(forward).connect(new StdioServerTransport(input, output)));

// The bridge, its stand-in page speaking the page protocol.
const bridge = createBridge({ port: 0, pageToken: 'cpu-page-token-0123456789', clientToken: 'cpu-client-token-0123456789' });
await bridge.listen();
const page = new WebSocket(`${bridge.url.replace('http', 'ws')}/page`, [PAGE_PROTOCOL, `token.${bridge.pageToken}`], { origin: 'http://127.0.0.1:1' });
page.on('message', (data) => {
  const frame = JSON.parse(data);
  for (const m of Array.isArray(frame) ? frame : [frame]) if (m.t === 'call') page.send(JSON.stringify({ t: 'result', id: m.id, value: 'ok' }));
});
await opened(page);
page.send(JSON.stringify({ t: 'hello', tab: 'cpu', title: 'cpu', url: 'http://127.0.0.1:1/' }));
page.send(JSON.stringify({ t: 'tools', tools: [{ name: 'noop', description: 'Does nothing', inputSchema: { type: 'object', properties: { x: { type: 'string' } } } }], resources: [], title: 'cpu' }));
const ours = http ? await httpClient(bridge.mcpUrl, bridge.clientToken) : await streamClient((input, output) => bridge.serveStdio(input, output));

// CPU_ONLY=floor|bridge measures one way alone (e.g. to profile it with --cpu-prof).
const ways = Object.fromEntries(Object.entries({ floor, bridge: ours }).filter(([k]) => !process.env.CPU_ONLY || k === process.env.CPU_ONLY));
for (const [name, client] of Object.entries(ways)) {
  const deadline = Date.now() + 10_000;
  while ((await client.callTool({ name: 'noop', arguments: {} }).catch((e) => ({ e })))?.content?.[0]?.text !== 'ok') {
    if (Date.now() > deadline) throw new Error(`${name} never answered noop`);
    await new Promise((r) => setTimeout(r, 20));
  }
  for (let i = 0; i < cfg.warmup; i++) await client.callTool({ name: 'noop', arguments: {} });
}
const perCall = { floor: [], bridge: [] };
const wall = { floor: [], bridge: [] };
for (let round = 0; round < cfg.rounds; round++) {
  for (const name of (round % 2 ? ['bridge', 'floor'] : ['floor', 'bridge']).filter((k) => ways[k])) {
    const client = ways[name];
    const [cpu, t] = [process.cpuUsage(), performance.now()];
    for (let i = 0; i < cfg.calls; i++) await client.callTool({ name: 'noop', arguments: {} });
    const used = process.cpuUsage(cpu);
    wall[name].push(((performance.now() - t) * 1000) / cfg.calls);
    perCall[name].push((used.user + used.system) / cfg.calls);
  }
}
const q = (xs) => `${pct(xs, 50).toFixed(1)} (IQR ${pct(xs, 25).toFixed(1)}–${pct(xs, 75).toFixed(1)})`;
const diffs = perCall.bridge.map((b, i) => b - (perCall.floor[i] ?? NaN));
console.log(`${http ? 'HTTP' : 'stdio'} · CPU µs per call, ${cfg.rounds} rounds × ${cfg.calls}: floor ${q(perCall.floor)} · bridge ${q(perCall.bridge)} · bridge − floor ${q(diffs)} · wall µs: floor ${q(wall.floor)}, bridge ${q(wall.bridge)}`);
await Promise.all([floor.close(), ours.close()]);
page.close();
floorSide.close();
wss.close();
await bridge.close();
process.exit(0);
