/**
 * Hostile pages offering prompts and resources: malformed lists, bad, deep or huge answers, answers
 * that never come, floods of updates, backtracking-prone templates, a tab closed mid-request. Each
 * gets a clear error to the client that asked, a warning to the page and a log line, while the
 * process and every other session carry on.
 */
import { chromium, type Browser } from 'playwright';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';
import { MAX_SUBSCRIPTIONS } from '../src/offer-handlers';
import { MAX_UPDATES_PER_SECOND } from '../src/resource-updates';
import { createBridge, type Bridge, type LogEntry } from '../src/index';
import { connectClient, deepJson, healthMs, openRawPage, pageUrl, startPageServer, until, untilPrompts, type RawPage } from './support';

const CALL_TIMEOUT_MS = 1500;
const MAX_RESULT_BYTES = 20_000;

let bridge: Bridge;
let client: Client;
const logs: LogEntry[] = [];

beforeAll(async () => {
  bridge = createBridge({ port: 0, callTimeoutMs: CALL_TIMEOUT_MS, maxResultBytes: MAX_RESULT_BYTES, logSink: (e) => logs.push(e) });
  await bridge.listen();
  client = await connectClient(bridge);
});

afterAll(async () => {
  await client?.close();
  await bridge?.close();
});

/** The JSON-RPC error a request rejects with. */
async function rpcError(request: Promise<unknown>): Promise<{ code: number; message: string }> {
  return (await request.then(
    () => {
      throw new Error('the request succeeded');
    },
    (error: unknown) => error,
  )) as { code: number; message: string };
}

/** A raw page offering `prompts`/`resources`/`templates`, once the bridge lists its first prompt (if any). */
async function offering(origin: string, offers: { prompts?: unknown[]; resources?: unknown[]; templates?: unknown[] }): Promise<RawPage> {
  const raw = await openRawPage(bridge, origin, `Hostile ${origin}`);
  raw.ws.send(JSON.stringify({ t: 'offers', prompts: [], resources: [], templates: [], ...offers }));
  const first = (offers.prompts?.[0] as { name?: string } | undefined)?.name;
  if (first) await until(bridge.events, 'promptschange', () => bridge.prompts().some((p) => p.promptName === first && p.page.origin === origin));
  else await until(bridge.events, 'resourceschange', () => bridge.resources().some((r) => r.page.origin === origin));
  return raw;
}

/** The bridge still serves everyone: `/healthz`, and a fresh session listing prompts. */
async function stillServing(): Promise<void> {
  expect(await healthMs(bridge.url)).toBeLessThan(2000);
  const other = await connectClient(bridge);
  await other.listPrompts();
  await other.close();
}

describe('hostile page offers', () => {
  it('drops malformed prompts, resources and templates, telling the page which and why', async () => {
    const raw = await openRawPage(bridge, 'http://localhost:5201', 'Malformed');
    const warned = raw.next('warn');
    raw.ws.send(JSON.stringify({
      t: 'offers',
      prompts: [{ name: 'has space' }, { name: 'ok_prompt', arguments: 'x' }, { name: 'fine', description: 'kept', arguments: [{ name: 'a', required: true }] }, { name: 'fine' }],
      resources: [{ uri: 'no-scheme' }, { uri: 'good://r', name: 'r' }, 7],
      templates: [{ uriTemplate: 'x://' + '{a}'.repeat(17) }, { uriTemplate: 'x://plain' }, { uriTemplate: 'good://{id}', name: 't' }],
    }));
    const warn = (await warned).message as string;
    expect(warn).toContain('prompt "has space" skipped: name must match');
    expect(warn).toContain('prompt "ok_prompt" skipped: arguments must be an array');
    expect(warn).toContain('prompt "fine" skipped: listed twice');
    expect(warn).toContain('resource "no-scheme" skipped: uri must be an absolute URI');
    expect(warn).toContain('resource template "x://{a}{a}');
    expect(warn).toContain('17 expressions, over 16');
    await until(bridge.events, 'promptschange', () => bridge.prompts().some((p) => p.promptName === 'fine'));
    const mine = bridge.resources().filter((r) => r.page.origin === 'http://localhost:5201').map((r) => r.uri);
    expect(mine.sort()).toEqual(['good://r', 'good://{id}']);
    // Not a list at all: dropped, said, and the page stays connected.
    const warned2 = raw.next('warn');
    raw.ws.send(JSON.stringify({ t: 'offers', prompts: 'nope', resources: {}, templates: null }));
    expect((await warned2).message).toContain('prompts must be an array');
    await until(bridge.events, 'promptschange', () => !bridge.prompts().some((p) => p.promptName === 'fine'));
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    raw.ws.close();
    await stillServing();
  });

  it('refuses invalid, over-limit and too-deep answers with an error naming the problem, for the asking client only', async () => {
    const origin = 'http://localhost:5202';
    const raw = await offering(origin, {
      prompts: [{ name: 'bad', description: 'answers badly', arguments: [{ name: 'q' }], complete: ['q'] }],
      resources: [{ uri: 'bad://r', name: 'r' }],
    });
    const name = bridge.prompts().find((p) => p.page.origin === origin)!.name;
    // Waiters are set before the request, so the bridge's message cannot come first.
    const getPrompt = async (value: unknown, text = false) => {
      const asked = raw.next('prompt');
      const pending = rpcError(client.getPrompt({ name }));
      const ask = await asked;
      raw.ws.send(text ? `{"t":"reply","id":${ask.id as number},"value":${value as string}}` : JSON.stringify({ t: 'reply', id: ask.id, value }));
      return pending;
    };

    const warned = raw.next('warn');
    let e = await getPrompt({ messages: [{ role: 'robot', content: { type: 'text', text: 'x' } }] });
    expect(e.code).toBe(-32603);
    expect(e.message).toContain(`Prompt "${name}" of page "Hostile ${origin}" (${origin}) returned an invalid answer: messages.0.role: `);
    expect((await warned).message).toContain('answered invalidly: messages.0.role');

    e = await getPrompt({ messages: [{ role: 'user', content: { type: 'text', text: 'x'.repeat(MAX_RESULT_BYTES) } }] });
    expect(e.message).toContain(`over the bridge's ${MAX_RESULT_BYTES}-byte limit (maxResultBytes)`);

    const completing = raw.next('complete');
    let pending = rpcError(client.complete({ ref: { type: 'ref/prompt', name }, argument: { name: 'q', value: '' } }));
    const ask = await completing;
    raw.ws.send(JSON.stringify({ t: 'reply', id: ask.id, value: ['ok', 2] }));
    expect((await pending).message).toContain('returned an invalid answer: 1: expected a string, got number');

    const reading = raw.next('read');
    pending = rpcError(client.readResource({ uri: 'bad://r' }));
    const read = await reading;
    raw.ws.send(JSON.stringify({ t: 'reply', id: read.id, value: [{ uri: 'bad://r', blob: '%%% not base64' }] }));
    expect((await pending).message).toMatch(/Resource "bad:\/\/r" of page .* returned an invalid answer: contents\.0/);
    expect(logs.some((l) => l.msg === 'page answer refused' && l.origin === origin)).toBe(true);

    // Deeper than any page frame may be: the page is closed and the request fails at once.
    expect((await getPrompt(deepJson(200), true)).message).toContain('failed: the page disconnected before it answered');
    expect((await raw.closed).code).toBe(1008);
    await stillServing();
  });

  it('bounds a request the page never answers, and forwards a client cancellation to the page', async () => {
    const origin = 'http://localhost:5203';
    const raw = await offering(origin, { prompts: [{ name: 'silent', description: 'never answers' }] });
    const name = bridge.prompts().find((p) => p.page.origin === origin)!.name;
    const started = performance.now();
    const asked = raw.next('prompt');
    const cancelled_ = raw.next('cancel', CALL_TIMEOUT_MS + 5000);
    const pending = rpcError(client.getPrompt({ name }));
    const ask = await asked;
    const cancel = await cancelled_;
    expect(cancel.id).toBe(ask.id);
    const e = await pending;
    expect(e.message).toContain(`timed out after ${CALL_TIMEOUT_MS} ms`);
    expect(performance.now() - started).toBeLessThan(CALL_TIMEOUT_MS + 5000);

    const ac = new AbortController();
    const asked2 = raw.next('prompt');
    const cancelled = client.getPrompt({ name }, { signal: ac.signal }).catch((err: Error) => err);
    const second = await asked2;
    const cancel2 = raw.next('cancel');
    ac.abort();
    expect((await cancel2).id).toBe(second.id);
    expect(await cancelled).toBeInstanceOf(Error);
    // A late answer to a finished request is ignored.
    raw.ws.send(JSON.stringify({ t: 'reply', id: second.id, value: { messages: [] } }));
    raw.ws.close();
    await stillServing();
  });

  it(`coalesces a flood of updated(uri) past ${MAX_UPDATES_PER_SECOND}/s, warning the page`, async () => {
    const origin = 'http://localhost:5204';
    const raw = await offering(origin, { templates: [{ uriTemplate: 'flood://{n}', name: 'flood' }] });
    const seen: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void seen.push(n.params.uri));
    await client.subscribeResource({ uri: 'flood://a' });
    // One frame: 1000 updates of one URI, then 300 distinct ones (more than are held).
    const burst = [...Array.from({ length: 1000 }, () => ({ t: 'updated', uri: 'flood://a' })), ...Array.from({ length: 300 }, (_, i) => ({ t: 'updated', uri: `flood://${i}` }))];
    const warned = raw.next('warn', 5000);
    raw.ws.send(JSON.stringify(burst));
    const warn = (await warned).message as string;
    expect(warn).toMatch(/resource updates over 20\/s: \d+ coalesced into 100, \d+ dropped/);
    // The first 20 at once, the rest of flood://a as one at the end of the second.
    await expect.poll(() => seen.length).toBe(MAX_UPDATES_PER_SECOND + 1);
    expect(new Set(seen)).toEqual(new Set(['flood://a']));
    expect(logs.some((l) => l.msg === 'page resource updates limited' && l.origin === origin)).toBe(true);
    await client.unsubscribeResource({ uri: 'flood://a' });
    raw.ws.close();
    await stillServing();
  });

  it('matches a backtracking-prone page template in linear time: /healthz stays fast', async () => {
    const origin = 'http://localhost:5205';
    const template = 'evil:' + Array.from({ length: 16 }, (_, i) => `{+a${i}}`).join('') + 'z';
    const raw = await offering(origin, { templates: [{ uriTemplate: template, name: 'evil' }] });
    const reads = Array.from({ length: 8 }, () => rpcError(client.readResource({ uri: 'evil:' + 'a'.repeat(4000) + '!' })));
    expect(await healthMs(bridge.url)).toBeLessThan(1000);
    for (const e of await Promise.all(reads)) expect(e.code).toBe(-32002);
    const long = await rpcError(client.readResource({ uri: 'evil:' + 'a'.repeat(5000) }));
    expect(long.message).toContain('Resource URI is 5005 characters, over 4096');
    raw.ws.close();
    await stillServing();
  });
});

describe('a hostile client', () => {
  it(`holds at most ${MAX_SUBSCRIPTIONS} subscriptions per session, saying so`, async () => {
    const greedy = await connectClient(bridge);
    for (let i = 0; i < MAX_SUBSCRIPTIONS; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => greedy.subscribeResource({ uri: `any://${i + j}` })));
    }
    const e = await rpcError(greedy.subscribeResource({ uri: 'any://one-more' }));
    expect(e.code).toBe(-32602);
    expect(e.message).toContain(`Too many subscriptions: this session holds ${MAX_SUBSCRIPTIONS}`);
    // Subscribing again to a held URI is fine; unsubscribing frees a place.
    await greedy.subscribeResource({ uri: 'any://0' });
    await greedy.unsubscribeResource({ uri: 'any://0' });
    await greedy.subscribeResource({ uri: 'any://one-more' });
    await greedy.close();
    // Another session is not limited by this one.
    await client.subscribeResource({ uri: 'any://mine' });
    await client.unsubscribeResource({ uri: 'any://mine' });
  });
});

describe('a real tab closing mid-request', () => {
  let browser: Browser;
  let pages: Awaited<ReturnType<typeof startPageServer>>;
  beforeAll(async () => {
    [browser, pages] = await Promise.all([chromium.launch(chromiumLaunchOptions({ webmcp: true })), startPageServer()]);
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await pages?.close();
  });

  it('fails the pending prompts/get with an error saying the page left', async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl(pages.origin, bridge, { title: 'Closing' }));
    await page.evaluate(() => {
      const w = window as unknown as { offer(kind: string, key: string, spec: object): void; events: string[] };
      w.offer('prompts', 'hang', { description: 'Never answers', arguments: [], get: () => new Promise(() => w.events.push('hang:started')) });
    });
    await until(bridge.events, 'promptschange', () => bridge.prompts().some((p) => p.promptName === 'hang'));
    const name = bridge.prompts().find((p) => p.promptName === 'hang')!.name;
    const pending = rpcError(client.getPrompt({ name }));
    await expect.poll(() => page.evaluate(() => (window as unknown as { events: string[] }).events)).toContain('hang:started');
    await page.close();
    const e = await pending;
    expect(e.message).toContain(`Prompt "${name}" of page "Closing"`);
    expect(e.message).toContain('the page disconnected before it answered');
    await untilPrompts(bridge, bridge.prompts().filter((p) => p.promptName !== 'hang').map((p) => p.name));
    await stillServing();
  });
});
