/**
 * @module
 * Test support: a loopback HTTP server for test pages that load the built page IIFE (and, in
 * polyfill mode, the webmcp polyfill), a real MCP SDK client factory, and bounded waits.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { once, type EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { WebSocket } from 'ws';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { Bridge } from '../src/index';

export const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
export const PAGE_IIFE = `${DIST}bridge-page.iife.js`;
export const POLYFILL_IIFE = fileURLToPath(new URL('../../webmcp/dist/webmcp.iife.js', import.meta.url));
/** webmcp's prompts/resources add-on (`window.WebMCPKit.definePrompt` etc.), served at `/offers.js`. */
export const OFFERS_IIFE = fileURLToPath(new URL('../../webmcp/dist/webmcp-offers.iife.js', import.meta.url));

/** Reads a built file, failing with the command that builds it. */
export function readDist(path: string, workspace = path === POLYFILL_IIFE || path === OFFERS_IIFE ? '@webmcp-kit/webmcp' : '@webmcp-kit/bridge'): string {
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: build first with \`npm run build -w ${workspace}\` (the root \`npm test\` builds before testing)`);
  }
  return readFileSync(path, 'utf8');
}

/** The fixture page: tools registered on demand (`?tools=a,b`), `window.reg/unreg`, an event log. */
const PAGE_SCRIPT = `
const q = new URLSearchParams(location.search);
document.title = q.get('title') || 'Test page';
const mc = document.modelContext;
const controllers = {};
window.events = [];
window.answers = [];
mc.addEventListener('toolcancel', (e) => events.push('toolcancel:' + e.toolName));
mc.addEventListener('toolactivated', (e) => events.push('toolactivated:' + e.toolName));
const EXT = Symbol.for('webmcp-kit.tool-extensions');
const RED_PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const SILENT_WAV = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=';
const tools = {
  echo: { description: 'Echoes text, prefixed with the page title', inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false },
    execute: async ({ text }) => document.title + ':' + text },
  add: { description: 'Adds two numbers', inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
    annotations: { readOnlyHint: true },
    execute: async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }], structuredContent: { sum: a + b } }) },
  plain: { description: 'Returns a plain object', execute: async () => ({ hello: 'world' }) },
  // Chromium < 152 passes no second argument (no signal): there the tool just keeps waiting.
  wait: { description: 'Runs until aborted', execute: (_input, { signal } = {}) => new Promise((_, reject) => {
    events.push('wait:started');
    signal?.addEventListener('abort', () => { events.push('wait:aborted'); reject(signal.reason); });
  }) },
  confirm: { description: 'Asks the user, then answers', execute: (_input, { signal } = {}) => new Promise((resolve, reject) => {
    mc.dispatchEvent(new CustomEvent('toolinteractionstart', { detail: { toolName: 'confirm' } }));
    events.push('confirm:asking');
    signal?.addEventListener('abort', () => reject(signal.reason));
    answers.push(() => { mc.dispatchEvent(new CustomEvent('toolinteractionend', { detail: { toolName: 'confirm' } })); resolve('confirmed'); });
  }) },
  fail: { description: 'Always throws', execute: async () => { throw new Error('boom'); } },
  big: { description: 'Returns n characters', inputSchema: { type: 'object', properties: { n: { type: 'integer' } } }, execute: async ({ n }) => 'x'.repeat(n) },
  app: { description: 'Has an MCP App UI', execute: async () => 'shown',
    ext: { _meta: { ui: { resourceUri: 'ui://test/app.html' } }, resources: [{ uri: 'ui://test/app.html', name: 'Test app', mimeType: 'text/html;profile=mcp-app', text: '<!doctype html><p>app</p>', _meta: { ui: { csp: { connectDomains: [] } } } }] } },
  // Progress and logs through the tool client (webmcp-kit polyfill, or layered over native).
  steps: { description: 'Reports progress and logs', execute: async (_input, c) => {
    c.log('debug', 'checking'); c.log('info', { step: 'start' }); c.reportProgress(1, 3, 'one'); c.reportProgress(2, 3);
    c.log('error', 'careful'); c.reportProgress(3, 3, 'done'); return 'stepped';
  } },
  badlog: { description: 'Logs what the bridge refuses', execute: async (_input, c) => {
    let deep = 1; for (let i = 0; i < 30; i++) deep = { deep };
    c.log('info', deep); c.log('info', 'x'.repeat(20000)); c.reportProgress(Infinity); c.log('info', 'after'); return 'logged';
  } },
  // Fixture tools of @modelcontextprotocol/conformance 0.1.16 that a page tool can satisfy.
  test_simple_text: { description: 'Returns simple text', execute: async () => 'This is a simple text response for testing.',
    ext: { resources: [{ uri: 'test://static-text', name: 'static-text', mimeType: 'text/plain', text: 'This is the content of the static text resource.' }] } },
  test_image_content: { description: 'Returns an image', execute: async () => ({ content: [{ type: 'image', data: RED_PIXEL, mimeType: 'image/png' }] }) },
  test_audio_content: { description: 'Returns audio', execute: async () => ({ content: [{ type: 'audio', data: SILENT_WAV, mimeType: 'audio/wav' }] }) },
  test_embedded_resource: { description: 'Returns an embedded resource', execute: async () => ({ content: [{ type: 'resource', resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' } }] }) },
  test_multiple_content_types: { description: 'Returns text, image and resource', execute: async () => ({ content: [
    { type: 'text', text: 'Multiple content types test:' },
    { type: 'image', data: RED_PIXEL, mimeType: 'image/png' },
    { type: 'resource', resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' } },
  ] }) },
  test_error_handling: { description: 'Returns an error result', execute: async () => ({ isError: true, content: [{ type: 'text', text: 'This tool intentionally returns an error for testing' }] }) },
  test_tool_with_logging: { description: 'Logs three messages', execute: async (_input, c) => {
    c.log('info', 'Tool execution started'); await new Promise((r) => setTimeout(r, 50));
    c.log('info', 'Tool processing data'); await new Promise((r) => setTimeout(r, 50));
    c.log('info', 'Tool execution completed'); return 'Logging test completed';
  } },
  test_sampling: { description: 'Asks the client model', inputSchema: { type: 'object', properties: { prompt: { type: 'string' } }, required: ['prompt'] },
    execute: async ({ prompt }, c) => {
      const r = await c.sample({ messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens: 100 });
      return 'LLM response: ' + (r.content.text ?? JSON.stringify(r.content));
    } },
  test_elicitation: { description: 'Asks the client user', inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
    execute: async ({ message }, c) => {
      const r = await c.elicit({ message, requestedSchema: { type: 'object', properties: {
        username: { type: 'string', description: "User's response" }, email: { type: 'string', description: "User's email address" },
      }, required: ['username', 'email'] } });
      return 'User response: ' + JSON.stringify(r);
    } },
  test_elicitation_sep1034_defaults: { description: 'Asks with defaults', execute: async (_input, c) => {
    const r = await c.elicit({ message: 'Defaults', requestedSchema: { type: 'object', properties: {
      name: { type: 'string', default: 'John Doe' }, age: { type: 'integer', default: 30 }, score: { type: 'number', default: 95.5 },
      status: { type: 'string', enum: ['active', 'inactive', 'pending'], default: 'active' }, verified: { type: 'boolean', default: true },
    } } });
    return 'Elicitation completed: action=' + r.action + ', content=' + JSON.stringify(r.content);
  } },
  test_elicitation_sep1330_enums: { description: 'Asks with enums', execute: async (_input, c) => {
    const r = await c.elicit({ message: 'Enums', requestedSchema: { type: 'object', properties: {
      untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
      titledSingle: { type: 'string', oneOf: [{ const: 'value1', title: 'First Option' }, { const: 'value2', title: 'Second Option' }, { const: 'value3', title: 'Third Option' }] },
      legacyEnum: { type: 'string', enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'] },
      untitledMulti: { type: 'array', items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
      titledMulti: { type: 'array', items: { anyOf: [{ const: 'value1', title: 'First Choice' }, { const: 'value2', title: 'Second Choice' }, { const: 'value3', title: 'Third Choice' }] } },
    } } });
    return 'Elicitation completed: action=' + r.action + ', content=' + JSON.stringify(r.content);
  } },
  // Sampling and elicitation checks of client-requests.test.ts.
  bad_asks: { description: 'Sends requests the bridge refuses', execute: async (_input, c) => {
    const tries = [
      () => c.sample({ messages: [], maxTokens: 0 }),
      () => c.sample({ messages: [{ role: 'robot', content: { type: 'text', text: 'x' } }], maxTokens: 5 }),
      () => c.elicit({ message: 'nested', requestedSchema: { type: 'object', properties: { address: { type: 'object', properties: { city: { type: 'string' } } } } } }),
      () => c.elicit({ message: 'x'.repeat(200000), requestedSchema: { type: 'object', properties: {} } }),
      () => c.sample('nope'),
    ];
    const out = [];
    for (const t of tries) out.push(await t().then(() => 'accepted', (e) => e.message));
    return JSON.stringify(out);
  } },
  flood_asks: { description: 'Fires many samples at once, then one after another', execute: async (_input, c) => {
    const one = () => c.sample({ messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }], maxTokens: 5 }).then((r) => 'ok', (e) => e.message);
    const burst = await Promise.all(Array.from({ length: 200 }, one));
    const serial = [];
    for (let i = 0; i < 12; i++) serial.push(await one());
    return JSON.stringify({ burst, serial });
  } },
  test_tool_with_progress: { description: 'Reports progress three times', execute: async (_input, c) => {
    c.reportProgress(0, 100); await new Promise((r) => setTimeout(r, 50));
    c.reportProgress(50, 100); await new Promise((r) => setTimeout(r, 50));
    c.reportProgress(100, 100); return 'Progress test completed';
  } },
  json_schema_2020_12_tool: { description: 'Tool with JSON Schema 2020-12 features', execute: async () => 'ok', inputSchema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object',
    $defs: { address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
    properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } }, additionalProperties: false } },
};
window.reg = (name, as = name) => {
  const { ext, ...tool } = tools[name];
  if (ext) (globalThis[EXT] ??= new Map()).set(as, ext);
  const ac = new AbortController();
  controllers[as] = ac;
  return mc.registerTool({ name: as, ...tool }, { signal: ac.signal });
};
window.unreg = (name) => { controllers[name].abort(); globalThis[EXT]?.delete(name); };
// Prompts, resources and templates, written straight into the page-offers registry (its contract in
// @webmcp-kit/webmcp's page-offers.ts): handlers return MCP wire shapes.
const OFFERS = globalThis[Symbol.for('webmcp-kit.page-offers')] ??= Object.assign(new EventTarget(), { prompts: new Map(), resources: new Map(), templates: new Map() });
window.OFFERS = OFFERS;
const userText = (text) => ({ messages: [{ role: 'user', content: { type: 'text', text } }] });
const offerFixtures = {
  prompts: {
    test_simple_prompt: { description: 'A simple prompt without arguments', arguments: [], get: async () => userText('This is a simple prompt for testing.') },
    test_prompt_with_arguments: { description: 'A prompt with required arguments',
      arguments: [{ name: 'arg1', description: 'First test argument', required: true }, { name: 'arg2', description: 'Second test argument', required: true }],
      complete: { arg1: async (value, c) => ['testValue1', 'testValue2', 'other'].filter((v) => v.startsWith(value)).concat(c.arguments.arg2 ? ['with:' + c.arguments.arg2] : []) },
      get: async ({ arg1, arg2 }) => userText("Prompt with arguments: arg1='" + arg1 + "', arg2='" + arg2 + "'") },
    test_prompt_with_embedded_resource: { description: 'A prompt with an embedded resource', arguments: [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }],
      get: async ({ resourceUri }) => ({ messages: [
        { role: 'user', content: { type: 'resource', resource: { uri: resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' } } },
        { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
      ] }) },
    test_prompt_with_image: { description: 'A prompt with image content', arguments: [],
      get: async () => ({ messages: [{ role: 'user', content: { type: 'image', data: RED_PIXEL, mimeType: 'image/png' } }, { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } }] }) },
  },
  resources: {
    'test://static-text': { name: 'static-text', description: 'A static text resource', mimeType: 'text/plain',
      read: async () => [{ uri: 'test://static-text', mimeType: 'text/plain', text: 'This is the content of the static text resource.' }] },
    'test://static-binary': { name: 'static-binary', description: 'A static binary resource (PNG)', mimeType: 'image/png',
      read: async () => [{ uri: 'test://static-binary', mimeType: 'image/png', blob: RED_PIXEL }] },
    'test://watched-resource': { name: 'watched-resource', description: 'A resource that changes', mimeType: 'text/plain',
      read: async () => [{ uri: 'test://watched-resource', mimeType: 'text/plain', text: 'Watched resource, version ' + (window.watchedVersion ?? 1) }] },
  },
  templates: {
    'test://template/{id}/data': { name: 'template-data', description: 'Data by id', mimeType: 'application/json',
      complete: { id: async (value) => ['123', '124', '456'].filter((v) => v.startsWith(value)) },
      read: async (uri, { id }) => [{ uri, mimeType: 'application/json', text: JSON.stringify({ id, templateTest: true, data: 'Data for ID: ' + id }) }] },
  },
};
const offerKey = { prompts: 'name', resources: 'uri', templates: 'uriTemplate' };
window.offer = (kind, key, spec = offerFixtures[kind][key]) => {
  OFFERS[kind].set(key, { [offerKey[kind]]: key, ...spec });
  OFFERS.dispatchEvent(new Event('change'));
};
window.unoffer = (kind, key) => { OFFERS[kind].delete(key); OFFERS.dispatchEvent(new Event('change')); };
window.touch = (uri) => OFFERS.dispatchEvent(new CustomEvent('updated', { detail: { uri } }));
for (const spec of (q.get('offers') || '').split(',').filter(Boolean)) {
  const at = spec.indexOf(':');
  offer(spec.slice(0, at), spec.slice(at + 1));
}
for (const name of (q.get('tools') || '').split(',').filter(Boolean)) reg(name);
if (q.get('token')) window.conn = WebMCPBridge.connect({ url: q.get('bridge'), token: q.get('token') });
`;

/** The conformance fixture tools the page can register. */
export const CONFORMANCE_TOOLS = [
  'test_simple_text',
  'test_image_content',
  'test_audio_content',
  'test_embedded_resource',
  'test_multiple_content_types',
  'test_error_handling',
  'json_schema_2020_12_tool',
  'test_tool_with_logging',
  'test_tool_with_progress',
  'test_sampling',
  'test_elicitation',
  'test_elicitation_sep1034_defaults',
  'test_elicitation_sep1330_enums',
];

/** The conformance fixture prompts, resources and templates the page can offer (`kind:key`). */
export const CONFORMANCE_OFFERS = [
  'prompts:test_simple_prompt',
  'prompts:test_prompt_with_arguments',
  'prompts:test_prompt_with_embedded_resource',
  'prompts:test_prompt_with_image',
  'resources:test://static-text',
  'resources:test://static-binary',
  'resources:test://watched-resource',
  'templates:test://template/{id}/data',
];

/** Serves the fixture page at `/page` (native WebMCP) and `/polyfill-page` (webmcp polyfill), and the scripts `/bridge.js`, `/polyfill.js`, `/offers.js`. */
export async function startPageServer(): Promise<{ origin: string; server: Server; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const script = new Map([['/bridge.js', PAGE_IIFE], ['/polyfill.js', POLYFILL_IIFE], ['/offers.js', OFFERS_IIFE]]).get(path ?? '');
    if (script) {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return void res.end(readDist(script));
    }
    if (path === '/page' || path === '/polyfill-page') {
      const polyfill = path === '/polyfill-page' ? '<script src="/polyfill.js"></script>' : '';
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end(`<!doctype html><meta charset="utf-8"><title>t</title>${polyfill}<script src="/bridge.js"></script><script>${PAGE_SCRIPT}</script>`);
    }
    res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, server, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

/** URL of the fixture page connected to `bridge`. */
export function pageUrl(origin: string, bridge: Bridge, opts: { title?: string; tools?: string[]; offers?: string[]; polyfill?: boolean; token?: string } = {}): string {
  const q = new URLSearchParams({ bridge: bridge.url, token: opts.token ?? bridge.pageToken, title: opts.title ?? 'Test page', tools: (opts.tools ?? []).join(',') });
  if (opts.offers?.length) q.set('offers', opts.offers.join(','));
  return `${origin}/${opts.polyfill ? 'polyfill-page' : 'page'}?${q}`;
}

/** A real SDK client over Streamable HTTP with the bridge's bearer token. */
export async function connectClient(bridge: Bridge, token = bridge.clientToken, capabilities?: ClientCapabilities): Promise<Client> {
  const client = new Client({ name: 'bridge-test', version: '1.0.0' }, capabilities ? { capabilities } : undefined);
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(bridge.mcpUrl), { requestInit: { headers } }));
  return client;
}

/** Resolves when `check()` holds, re-checking on each `event` of `emitter`; rejects after `ms`. */
export async function until(emitter: EventEmitter, event: string, check: () => boolean, ms = 5000, what = event): Promise<void> {
  if (check()) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, on);
      reject(new Error(`Timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const on = () => {
      if (!check()) return;
      clearTimeout(timer);
      emitter.off(event, on);
      resolve();
    };
    emitter.on(event, on);
  });
}

/** Waits until the bridge exposes exactly the given set of tool names (sorted compare). */
export function untilTools(bridge: Bridge, names: string[], ms = 5000): Promise<void> {
  const want = [...names].sort().join(',');
  return until(bridge.events, 'toolschange', () => bridge.tools().map((t) => t.name).sort().join(',') === want, ms, `tools [${want}] (have [${bridge.tools().map((t) => t.name).join(',')}])`);
}

/** Waits until the bridge exposes exactly the given prompt names (sorted compare). */
export function untilPrompts(bridge: Bridge, names: string[], ms = 5000): Promise<void> {
  const have = () => bridge.prompts().map((p) => p.name).sort().join(',');
  const want = [...names].sort().join(',');
  return until(bridge.events, 'promptschange', () => have() === want, ms, `prompts [${want}] (have [${have()}])`);
}

/** The text of a tool result's first content item. */
export function firstText(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content;
  return content?.[0]?.text ?? '';
}

/** A page played over a raw WebSocket, so a test can send any frame a hostile page could. */
export interface RawPage {
  ws: WebSocket;
  /** Every message the bridge sent (batches flattened). */
  received: Array<Record<string, unknown>>;
  /** Resolves with the next message of type `t`. */
  next(t: string, ms?: number): Promise<Record<string, unknown>>;
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a raw page socket with the page token from `origin`; with `title`, says hello and waits for the welcome. */
export async function openRawPage(bridge: Bridge, origin = 'http://localhost:5173', title?: string): Promise<RawPage> {
  const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/page`, ['webmcp-bridge.v1', `token.${bridge.pageToken}`], { headers: { origin } });
  const received: Array<Record<string, unknown>> = [];
  const waiters: Array<{ t: string; resolve: (m: Record<string, unknown>) => void }> = [];
  ws.on('message', (data) => {
    const parsed = JSON.parse(data.toString()) as Record<string, unknown> | Array<Record<string, unknown>>;
    for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
      received.push(m);
      const i = waiters.findIndex((w) => w.t === m.t);
      if (i >= 0) waiters.splice(i, 1)[0]!.resolve(m);
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const next = (t: string, ms = 5000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${t}" message from the bridge within ${ms} ms`)), ms);
      waiters.push({ t, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  if (title !== undefined) {
    const welcome = next('welcome');
    ws.send(JSON.stringify({ t: 'hello', tab: `raw-${randomUUID()}`, title, url: `${origin}/raw` }));
    await welcome;
  }
  return { ws, received, next, closed };
}

/** JSON text of `levels` nested objects around `inner`: `{"a":{"a":…inner…}}`. */
export function deepJson(levels: number, inner = '1'): string {
  return `${'{"a":'.repeat(levels)}${inner}${'}'.repeat(levels)}`;
}

/** Milliseconds `/healthz` takes to answer. */
export async function healthMs(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/healthz`);
  await res.text();
  return performance.now() - started;
}

/** Closes what a test file opened, in order (a client before its bridge, the browser before its page server); skips what never opened. */
export async function closeInOrder(...opened: Array<{ close(): Promise<unknown> } | undefined>): Promise<void> {
  for (const o of opened) await o?.close();
}
