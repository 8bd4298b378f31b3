/**
 * Property-based fuzzing (issue 9, item 2) of the real `webmcp-bridge` process: fast-check throws
 * malformed and extreme JSON-RPC requests at `/mcp` over HTTP and malformed and extreme frames at
 * the page WebSocket, while `/healthz` is probed throughout. Properties: every request is answered,
 * the process never dies, and a well-behaved client and page keep working afterwards.
 * `WEBMCP_FUZZ_RUNS` sets the count of each (default 500; `npm run fuzz` runs 5,000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fc from 'fast-check';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bridge } from '../src/index';
import { DIST, connectClient, deepJson, firstText, healthMs, openRawPage, readDist, type RawPage } from './support';

const RUNS = Number(process.env.WEBMCP_FUZZ_RUNS ?? 500);
const BATCH = 10;
const PAGE_TOKEN = 'fuzz-page-token-0123456789';
const CLIENT_TOKEN = 'fuzz-client-token-0123456789';
const PRIMARY = 'http://localhost:5173';

let proc: ChildProcess;
let bridge: Bridge;
let anchor: RawPage;
let stderr = '';
let sessionId = '';
const health: number[] = [];
let probing = true;
let probe: Promise<void>;

// ── Client side: JSON-RPC requests ────────────────────────────────────────────────────────────
const deepText = fc.integer({ min: 50, max: 12_000 }).map((n) => deepJson(n));
const id = fc.oneof(fc.integer(), fc.string({ maxLength: 20 }), fc.constant(null), fc.double(), fc.jsonValue({ maxDepth: 2 }));
const method = fc.oneof(
  fc.constantFrom('initialize', 'ping', 'tools/list', 'tools/call', 'resources/list', 'resources/read', 'resources/templates/list', 'logging/setLevel', 'prompts/list', 'prompts/get', 'completion/complete', 'resources/subscribe', 'resources/unsubscribe', 'notifications/initialized', 'notifications/cancelled'),
  fc.string({ maxLength: 30 }),
);
const callParams = fc.record(
  {
    name: fc.oneof(fc.constantFrom('echo', 'slow', 'checked', 'nope', 'p'), fc.string({ maxLength: 200 })),
    uri: fc.oneof(fc.constantFrom('a://r', 'a://t/1', 'a://t/', `a://t/${'x'.repeat(5000)}`), fc.string({ maxLength: 60 })),
    ref: fc.oneof(fc.record({ type: fc.constant('ref/prompt'), name: fc.constantFrom('p', 'nope') }), fc.record({ type: fc.constant('ref/resource'), uri: fc.constantFrom('a://t/{id}', 'a://r') }), fc.jsonValue({ maxDepth: 2 })),
    argument: fc.oneof(fc.record({ name: fc.constantFrom('q', 'id', 'zz'), value: fc.string({ maxLength: 20 }) }), fc.jsonValue({ maxDepth: 2 })),
    arguments: fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 })), fc.record({ code: fc.string({ maxLength: 60 }) })),
    _meta: fc.record({ progressToken: fc.oneof(fc.string(), fc.integer()) }),
  },
  { requiredKeys: ['name'] },
);
const message = fc
  .record({ jsonrpc: fc.oneof(fc.constant('2.0'), fc.jsonValue({ maxDepth: 1 })), id, method, params: fc.oneof(callParams, fc.jsonValue({ maxDepth: 4 })) }, { requiredKeys: [] })
  .map((m) => JSON.stringify(m));
const body = fc.oneof(
  { weight: 8, arbitrary: message },
  { weight: 1, arbitrary: fc.array(message, { maxLength: 4 }).map((a) => `[${a.join(',')}]`) },
  { weight: 2, arbitrary: deepText.map((d) => `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":${d}}}}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 100_000 }).map((n) => `${'['.repeat(n)}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: message.map((m) => m.slice(0, Math.floor(m.length / 2))) },
);
const request = fc.record({ body, session: fc.constantFrom('valid', 'valid', 'none', 'bogus') });

// ── Page side: frames ───────────────────────────────────────────────────────────────────────
const pattern = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('^(a+)+$', '(?=x)', '(a)\\1', '[', '\\p{L}+', '^[a-z]{2,}$'));
const schema = fc.oneof(
  fc.jsonValue({ maxDepth: 5 }),
  fc.record({ type: fc.constant('object'), properties: fc.dictionary(fc.string({ maxLength: 8 }), fc.record({ type: fc.constant('string'), pattern })), patternProperties: fc.dictionary(pattern, fc.jsonValue({ maxDepth: 2 })) }, { requiredKeys: ['type'] }),
);
const wireTool = fc.record(
  { name: fc.oneof(fc.string({ maxLength: 140 }), fc.constantFrom('echo', 'fuzzed', 'x'.repeat(128))), description: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 2 })), inputSchema: schema, outputSchema: schema, annotations: fc.jsonValue({ maxDepth: 3 }), _meta: fc.jsonValue({ maxDepth: 3 }) },
  { requiredKeys: [] },
);
const resultValue = fc.oneof(fc.string(), fc.constant(null), fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)), deepText.map((d) => `{"structuredContent":${d}}`), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ content: v, isError: v })));
const wireOffer = fc.record(
  {
    name: fc.oneof(fc.string({ maxLength: 140 }), fc.constantFrom('p', 'x'.repeat(129))),
    uri: fc.oneof(fc.webUrl(), fc.string({ maxLength: 50 })),
    uriTemplate: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('x://{a}', `x:${'{+a}'.repeat(16)}z`, '{'.repeat(30), 'x://{a'), fc.webUrl().map((u) => `${u}/{id}`)),
    arguments: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.array(fc.record({ name: fc.string({ maxLength: 10 }), required: fc.boolean() }), { maxLength: 3 })),
    complete: fc.jsonValue({ maxDepth: 2 }),
    size: fc.jsonValue({ maxDepth: 1 }),
    _meta: fc.jsonValue({ maxDepth: 3 }),
  },
  { requiredKeys: [] },
);
const offerList = fc.oneof(fc.array(wireOffer, { maxLength: 4 }), fc.jsonValue({ maxDepth: 3 }));
const pageMessage = fc.oneof(
  fc.record({ t: fc.constant('offers'), prompts: offerList, resources: offerList, templates: offerList }, { requiredKeys: ['t'] }),
  fc.record({ t: fc.constantFrom('updated', 'reply'), uri: fc.oneof(fc.webUrl(), fc.jsonValue({ maxDepth: 1 })), id: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.jsonValue({ maxDepth: 1 })), value: fc.jsonValue({ maxDepth: 5 }) }, { requiredKeys: ['t'] }),
  fc.record({ t: fc.constant('hello'), tab: fc.oneof(fc.uuid(), fc.string()), title: fc.jsonValue({ maxDepth: 1 }), url: fc.oneof(fc.webUrl(), fc.string()) }, { requiredKeys: ['t'] }),
  fc.record({ t: fc.constant('tools'), tools: fc.oneof(fc.array(wireTool, { maxLength: 5 }), fc.jsonValue({ maxDepth: 3 })), resources: fc.jsonValue({ maxDepth: 3 }), title: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: ['t'] }),
  fc.record({ t: fc.constantFrom('result', 'error'), id: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.jsonValue({ maxDepth: 1 })), value: resultValue, name: fc.jsonValue({ maxDepth: 1 }), message: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: ['t'] }),
  fc.record({ t: fc.constant('interaction'), tool: fc.jsonValue({ maxDepth: 1 }), on: fc.jsonValue({ maxDepth: 1 }) }),
  fc.jsonValue({ maxDepth: 4 }),
);
const frame = fc.oneof(
  { weight: 6, arbitrary: pageMessage.map((m) => JSON.stringify(m)) },
  { weight: 2, arbitrary: fc.array(pageMessage, { maxLength: 4 }).map((m) => JSON.stringify(m)) },
  { weight: 1, arbitrary: deepText.map((d) => `{"t":"tools","title":"x","resources":[],"tools":[{"name":"deep","description":"d","inputSchema":${d}}]}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);

/** A tiny `/healthz` prober: one latency in ms per line, a probe every 10 ms. */
const PROBE = `
const url = process.argv[1];
(async () => {
  for (;;) {
    const t = performance.now();
    try { await (await fetch(url)).text(); process.stdout.write((performance.now() - t).toFixed(2) + '\\n'); } catch {}
    await new Promise((r) => setTimeout(r, 10));
  }
})();`;

/** Fuzz inputs can be megabytes deep: messages show their start and length only. */
const short = (text: string) => `${text.slice(0, 200)}${text.length > 200 ? `… (${text.length} chars)` : ''}`;

/** Runs a property, keeping fast-check's report (which prints the counterexample in full) short. */
async function check<T>(property: fc.IAsyncProperty<T>, runs: number): Promise<void> {
  const details = await fc.check(property, { numRuns: runs, endOnFailure: true });
  if (details.failed) throw new Error(`property failed after ${details.numRuns} runs (seed ${details.seed}): ${short(String((details.errorInstance as Error)?.message ?? details.errorInstance))}`);
}

function startCli(): Promise<string> {
  readDist(`${DIST}cli.js`);
  proc = spawn(process.execPath, [`${DIST}cli.js`, '--port', '0', '--page-token', PAGE_TOKEN, '--client-token', CLIENT_TOKEN, '--primary-origin', PRIMARY, '--call-timeout', '200', '--max-sessions', '64', '--log-level', 'error'], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${stderr}`)), 10_000);
    proc.stderr!.on('data', (d: Buffer) => {
      // Kept small: only the start and any crash text matter.
      if (stderr.length < 100_000) stderr += d.toString();
      const url = /webmcp-bridge listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
  });
}

const headers = (sid?: string) => ({
  authorization: `Bearer ${CLIENT_TOKEN}`,
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  ...(sid ? { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' } : {}),
});

beforeAll(async () => {
  const url = await startCli();
  const port = Number(new URL(url).port);
  bridge = { url, port, mcpUrl: `${url}/mcp`, pageToken: PAGE_TOKEN, clientToken: CLIENT_TOKEN } as Bridge;
  anchor = await openRawPage(bridge, PRIMARY, 'Anchor');
  anchor.ws.on('message', (data) => {
    const parsed = JSON.parse(data.toString()) as Record<string, unknown> | Array<Record<string, unknown>>;
    for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
      if (m.t === 'call' && m.name !== 'slow') anchor.ws.send(JSON.stringify({ t: 'result', id: m.id, value: JSON.stringify(m.args) }));
      // Offer requests get an answer of the right kind (prompt, contents, values) built from the request.
      const text = JSON.stringify(m).slice(0, 200);
      const answers: Record<string, unknown> = { prompt: { messages: [{ role: 'user', content: { type: 'text', text } }] }, read: [{ uri: m.uri, text }], complete: [text] };
      if (typeof m.t === 'string' && m.t in answers) anchor.ws.send(JSON.stringify({ t: 'reply', id: m.id, value: answers[m.t] }));
    }
  });
  anchor.ws.send(JSON.stringify({ t: 'tools', title: 'Anchor', resources: [], tools: [
    { name: 'echo', description: 'Echoes its arguments' },
    { name: 'slow', description: 'Never answers (times out)' },
    { name: 'checked', description: 'Pattern', inputSchema: { type: 'object', properties: { code: { type: 'string', pattern: '^(a+)+$' } } } },
  ] }));
  anchor.ws.send(JSON.stringify({ t: 'offers', prompts: [{ name: 'p', description: 'Fuzzed prompt', arguments: [{ name: 'q' }], complete: ['q'] }], resources: [{ uri: 'a://r', name: 'r' }], templates: [{ uriTemplate: 'a://t/{id}', name: 't', complete: ['id'] }] }));
  for (const deadline = Date.now() + 5000; ((await (await fetch(`${url}/healthz`)).json()) as { tools: number }).tools !== 3; ) {
    if (Date.now() > deadline) throw new Error('the anchor page\'s tools never appeared');
    await new Promise((r) => setTimeout(r, 20));
  }
  const init = await fetch(bridge.mcpUrl, { method: 'POST', headers: headers(), body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } } }) });
  await init.text();
  sessionId = init.headers.get('mcp-session-id')!;
  // The probe runs in its own process, so the fuzzer's own work cannot delay its measurements.
  const prober = spawn(process.execPath, ['-e', PROBE, `${url}/healthz`], { stdio: ['ignore', 'pipe', 'inherit'] });
  prober.stdout!.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) if (line) health.push(Number(line));
  });
  probe = new Promise((resolve) => {
    const stop = setInterval(() => {
      if (probing) return;
      clearInterval(stop);
      prober.kill();
      prober.once('exit', () => resolve());
    }, 50);
  });
}, 20_000);

afterAll(async () => {
  probing = false;
  await probe;
  anchor?.ws.close();
  proc?.kill('SIGKILL');
});

function alive(): void {
  expect(proc.exitCode, `the bridge process died:\n${stderr.slice(-4000)}`).toBeNull();
  expect(stderr).not.toMatch(/RangeError|Maximum call stack|Uncaught|ERR_/);
}

describe('fuzzing the real bridge process', () => {
  it(`answers every one of ${RUNS} generated JSON-RPC requests over HTTP`, async () => {
    let sent = 0;
    await check(
      fc.asyncProperty(fc.array(request, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await Promise.all(batch.map(async ({ body: text, session }) => {
          const sid = session === 'valid' ? sessionId : session === 'bogus' ? 'bogus-session-id' : undefined;
          let res: Response;
          let reply: string;
          try {
            res = await fetch(bridge.mcpUrl, { method: 'POST', headers: headers(sid), body: text, signal: AbortSignal.timeout(10_000) });
            reply = await res.text();
          } catch (e) {
            throw new Error(`no answer within 10 s (${String(e)}) to ${session} session: ${short(text)}`);
          }
          sent++;
          // Every request gets an HTTP answer, never a server error; a request with an id in the
          // live session that the transport accepted gets its JSON-RPC reply.
          if (res.status >= 500 || (res.status === 200 && !reply.includes('"jsonrpc":"2.0"'))) {
            throw new Error(`bad answer ${res.status} ${short(reply)} to ${session} session: ${short(text)}`);
          }
        }));
        alive();
      }),
      Math.ceil(RUNS / BATCH),
    );
    expect(sent).toBeGreaterThanOrEqual(RUNS);
  }, 300_000);

  it(`survives ${RUNS} generated page frames over real page WebSockets`, async () => {
    let socket: RawPage | undefined;
    let closes = 0;
    let sent = 0;
    await check(
      fc.asyncProperty(frame, async (text) => {
        if (!socket || socket.ws.readyState !== WebSocket.OPEN) {
          if (socket) closes++;
          socket = await openRawPage(bridge, 'http://localhost:5174');
        }
        socket.ws.send(text);
        sent++;
        // Round trip through the bridge so each frame is processed before the next check.
        await healthMs(bridge.url);
        alive();
      }),
      RUNS,
    );
    socket?.ws.close();
    expect(sent).toBe(RUNS);
    console.info(`page frames: ${sent} sent, ${closes} sockets closed by the bridge along the way`);
  }, 300_000);

  it('still serves a well-behaved client and page, and /healthz stayed responsive throughout', async () => {
    alive();
    const client = await connectClient(bridge);
    expect(firstText(await client.callTool({ name: 'echo', arguments: { text: 'after the storm' } }))).toBe('{"text":"after the storm"}');
    await client.close();
    const sorted = [...health].sort((a, b) => a - b);
    const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    console.info(`/healthz during fuzzing: ${sorted.length} probes, p50 ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms, p99 ${p(0.99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`);
    expect(sorted.length).toBeGreaterThan(20);
    // Under 100 ms; the tail is left to the scheduler of a shared 2-core box (load 10+ while helpers
    // run tests), but any stall of the bridge itself (the old failures took seconds) fails the max.
    expect(p(0.95)).toBeLessThan(100);
    expect(sorted.at(-1)!).toBeLessThan(1000);
  });
});
