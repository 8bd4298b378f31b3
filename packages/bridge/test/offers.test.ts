/**
 * Prompts, resources and templates a page offers (its page-offers registry), through a real
 * Chromium page and real SDK clients over HTTP: listing, reading, completion, subscriptions and
 * list changes, with client input checked like tool arguments.
 */
import { once } from 'node:events';
import { chromium, type Browser, type Page } from 'playwright';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';
import { createBridge, type Bridge, type LogEntry } from '../src/index';
import { CONFORMANCE_OFFERS, connectClient, openRawPage, pageUrl, startPageServer, until, untilPrompts, untilTools } from './support';

const RED_PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const PROMPTS = ['test_simple_prompt', 'test_prompt_with_arguments', 'test_prompt_with_embedded_resource', 'test_prompt_with_image'];

let browser: Browser;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let bridge: Bridge;
let page: Page;
const logs: LogEntry[] = [];

beforeAll(async () => {
  [browser, pages] = await Promise.all([chromium.launch(chromiumLaunchOptions({ webmcp: true })), startPageServer()]);
  bridge = createBridge({ port: 0, logSink: (e) => logs.push(e) });
  await bridge.listen();
  page = await browser.newPage();
  await page.goto(pageUrl(pages.origin, bridge, { title: 'Offers', tools: ['app'], offers: CONFORMANCE_OFFERS }));
  await untilTools(bridge, ['app']);
  await untilPrompts(bridge, PROMPTS);
}, 30_000);

afterAll(async () => {
  await bridge?.close();
  await browser?.close();
  await pages?.close();
});

/** Resolves with the JSON-RPC error a request rejects with. */
async function rpcError(request: Promise<unknown>): Promise<{ code: number; message: string }> {
  const e = (await request.then(
    () => {
      throw new Error('the request succeeded');
    },
    (error: unknown) => error,
  )) as { code: number; message: string };
  return e;
}

describe('prompts from a page', () => {
  it('lists them with their arguments, a description naming the page, and gets them with arguments', async () => {
    const client = await connectClient(bridge);
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual([...PROMPTS].sort());
    const withArgs = prompts.find((p) => p.name === 'test_prompt_with_arguments')!;
    expect(withArgs.arguments).toEqual([
      { name: 'arg1', description: 'First test argument', required: true },
      { name: 'arg2', description: 'Second test argument', required: true },
    ]);
    expect(withArgs.description).toContain(`[Prompt of the web page "Offers" ${pages.origin}]`);

    const got = await client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'one', arg2: 'two' } });
    expect(got.messages).toEqual([{ role: 'user', content: { type: 'text', text: "Prompt with arguments: arg1='one', arg2='two'" } }]);
    const image = await client.getPrompt({ name: 'test_prompt_with_image' });
    expect(image.messages[0]!.content).toEqual({ type: 'image', data: RED_PIXEL, mimeType: 'image/png' });
    await client.close();
  });

  it('checks arguments like tool arguments: the error names the argument', async () => {
    const client = await connectClient(bridge);
    const missing = await rpcError(client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'x' } }));
    expect(missing.code).toBe(-32602);
    expect(missing.message).toContain('Invalid arguments for prompt "test_prompt_with_arguments": missing required argument "arg2"');
    const unknown = await rpcError(client.getPrompt({ name: 'test_simple_prompt', arguments: { extra: 'x' } }));
    expect(unknown.message).toContain('unknown argument "extra" (the prompt takes no arguments)');
    const long = await rpcError(client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'x'.repeat(70_000), arg2: 'y' } }));
    expect(long.message).toContain('argument "arg1" is 70000 characters, over 65536');
    const nope = await rpcError(client.getPrompt({ name: 'nope' }));
    expect(nope.message).toContain('Unknown prompt "nope"');
    await client.close();
  });

  it("passes the page's own errors on: refused arguments as -32602, a failure as -32603, both naming prompt and page", async () => {
    await page.evaluate(() => {
      const w = window as unknown as { offer(kind: string, key: string, spec: object): void };
      // As definePrompt rejects arguments its zod schema refuses.
      const refused = Object.assign(new Error('Prompt "strict": arguments.n: expected a number, got "x"'), { name: 'WebMCPKitError', code: 'WEBMCP_KIT_INVALID_INPUT' });
      w.offer('prompts', 'strict', { description: 'Checks its own arguments', arguments: [{ name: 'n' }], get: async () => Promise.reject(refused) });
      w.offer('prompts', 'broken', { description: 'Throws', arguments: [], get: async () => Promise.reject(new RangeError('out of stock')) });
    });
    await untilPrompts(bridge, [...PROMPTS, 'strict', 'broken']);
    const client = await connectClient(bridge);
    const refused = await rpcError(client.getPrompt({ name: 'strict', arguments: { n: 'x' } }));
    expect(refused.code).toBe(-32602);
    expect(refused.message).toContain('Prompt "strict" of page "Offers"');
    expect(refused.message).toContain('failed: WebMCPKitError: Prompt "strict": arguments.n: expected a number, got "x"');
    const broken = await rpcError(client.getPrompt({ name: 'broken' }));
    expect(broken.code).toBe(-32603);
    expect(broken.message).toContain('Prompt "broken" of page "Offers"');
    expect(broken.message).toContain('failed: RangeError: out of stock');
    await page.evaluate(() => {
      const w = window as unknown as { unoffer(kind: string, key: string): void };
      w.unoffer('prompts', 'strict');
      w.unoffer('prompts', 'broken');
    });
    await untilPrompts(bridge, PROMPTS);
    await client.close();
  });
});

describe('resources from a page', () => {
  it('lists fixed resources (tool-extension UIs included) and templates', async () => {
    const client = await connectClient(bridge);
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual(['test://static-binary', 'test://static-text', 'test://watched-resource', 'ui://test/app.html']);
    const text = resources.find((r) => r.uri === 'test://static-text')!;
    expect(text).toMatchObject({ name: 'static-text', mimeType: 'text/plain' });
    expect(text.description).toContain('A static text resource');
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates).toEqual([expect.objectContaining({ uriTemplate: 'test://template/{id}/data', name: 'template-data', mimeType: 'application/json' })]);
    await client.close();
  });

  it('reads text, binary (base64 blob), templated and MCP App resources; an unknown URI is "not found"', async () => {
    const client = await connectClient(bridge);
    expect((await client.readResource({ uri: 'test://static-text' })).contents).toEqual([
      { uri: 'test://static-text', mimeType: 'text/plain', text: 'This is the content of the static text resource.' },
    ]);
    expect((await client.readResource({ uri: 'test://static-binary' })).contents).toEqual([{ uri: 'test://static-binary', mimeType: 'image/png', blob: RED_PIXEL }]);
    const data = (await client.readResource({ uri: 'test://template/42/data' })).contents[0] as { text: string };
    expect(JSON.parse(data.text)).toEqual({ id: '42', templateTest: true, data: 'Data for ID: 42' });
    expect((await client.readResource({ uri: 'ui://test/app.html' })).contents[0]).toMatchObject({ text: '<!doctype html><p>app</p>' });
    const missing = await rpcError(client.readResource({ uri: 'test://nothing' }));
    expect(missing.code).toBe(-32002);
    expect(missing.message).toContain('Resource not found: test://nothing');
    await client.close();
  });
});

describe('completion', () => {
  it('completes prompt arguments and template variables from the page, with the other arguments as context', async () => {
    const client = await connectClient(bridge);
    const prompt = { type: 'ref/prompt' as const, name: 'test_prompt_with_arguments' };
    expect((await client.complete({ ref: prompt, argument: { name: 'arg1', value: 'test' } })).completion).toEqual({ values: ['testValue1', 'testValue2'], total: 2, hasMore: false });
    const withContext = await client.complete({ ref: prompt, argument: { name: 'arg1', value: 'zzz' }, context: { arguments: { arg2: 'b' } } });
    expect(withContext.completion.values).toEqual(['with:b']);
    // arg2 has no completer: nothing to offer, not an error.
    expect((await client.complete({ ref: prompt, argument: { name: 'arg2', value: 'x' } })).completion).toEqual({ values: [], total: 0, hasMore: false });
    const template = { type: 'ref/resource' as const, uri: 'test://template/{id}/data' };
    expect((await client.complete({ ref: template, argument: { name: 'id', value: '12' } })).completion.values).toEqual(['123', '124']);
    const unknown = await rpcError(client.complete({ ref: prompt, argument: { name: 'arg9', value: '' } }));
    expect(unknown.message).toContain('Unknown argument "arg9" of prompt "test_prompt_with_arguments" (it takes "arg1", "arg2")');
    await client.close();
  });

  it('passes at most 100 values, with the total and hasMore', async () => {
    await page.evaluate(() => {
      const w = window as unknown as { offer(kind: string, key: string, spec: object): void };
      w.offer('prompts', 'many', { description: 'Many completions', arguments: [{ name: 'q' }], complete: { q: async () => Array.from({ length: 150 }, (_, i) => `v${i}`) }, get: async () => ({ messages: [] }) });
    });
    await untilPrompts(bridge, [...PROMPTS, 'many']);
    const client = await connectClient(bridge);
    const { completion } = await client.complete({ ref: { type: 'ref/prompt', name: 'many' }, argument: { name: 'q', value: '' } });
    expect(completion.values).toHaveLength(100);
    expect(completion).toMatchObject({ total: 150, hasMore: true });
    await page.evaluate(() => (window as unknown as { unoffer(kind: string, key: string): void }).unoffer('prompts', 'many'));
    await untilPrompts(bridge, PROMPTS);
    await client.close();
  });
});

describe('subscriptions and list changes', () => {
  it("sends notifications/resources/updated to the subscribed session only, until it unsubscribes", async () => {
    const a = await connectClient(bridge);
    const b = await connectClient(bridge);
    const seenA: string[] = [];
    const seenB: string[] = [];
    a.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void seenA.push(n.params.uri));
    b.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void seenB.push(n.params.uri));
    await a.subscribeResource({ uri: 'test://watched-resource' });
    await a.subscribeResource({ uri: 'test://template/7/data' });
    await b.subscribeResource({ uri: 'test://static-text' });
    const touch = (uri: string) => page.evaluate((u) => (window as unknown as { touch(uri: string): void }).touch(u), uri);

    await touch('test://watched-resource');
    await expect.poll(() => seenA).toEqual(['test://watched-resource']);
    // A URI under one of the page's templates counts as served by it.
    await touch('test://template/7/data');
    await expect.poll(() => seenA).toEqual(['test://watched-resource', 'test://template/7/data']);
    // b's own subscription arriving shows b was sent nothing else meanwhile.
    await touch('test://static-text');
    await expect.poll(() => seenB).toEqual(['test://static-text']);

    await a.unsubscribeResource({ uri: 'test://watched-resource' });
    await touch('test://watched-resource');
    await touch('test://template/7/data');
    await expect.poll(() => seenA.length).toBe(3);
    expect(seenA).toEqual(['test://watched-resource', 'test://template/7/data', 'test://template/7/data']);
    expect(seenB).toEqual(['test://static-text']);
    await Promise.all([a.close(), b.close()]);
  });

  it('sends prompts and resources list_changed when the page offers or withdraws one', async () => {
    const client = await connectClient(bridge);
    let prompts = 0;
    let resources = 0;
    client.setNotificationHandler(PromptListChangedNotificationSchema, () => void prompts++);
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void resources++);
    // The GET stream carries list_changed: wait until the bridge knows the session listens.
    await client.listPrompts();
    const offer = (kind: string, key: string, spec: object) =>
      page.evaluate(([k, key_, s]) => (window as unknown as { offer(kind: string, key: string, spec: object): void }).offer(k as string, key_ as string, { ...(s as object), get: async () => ({ messages: [] }), read: async () => [] }), [kind, key, spec]);
    await offer('prompts', 'added', { description: 'Added later', arguments: [] });
    await expect.poll(() => prompts).toBeGreaterThanOrEqual(1);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toContain('added');
    await offer('resources', 'test://added', { name: 'added' });
    await expect.poll(() => resources).toBeGreaterThanOrEqual(1);
    expect((await client.listResources()).resources.map((r) => r.uri)).toContain('test://added');
    const before = prompts;
    await page.evaluate(() => {
      const w = window as unknown as { unoffer(kind: string, key: string): void };
      w.unoffer('prompts', 'added');
      w.unoffer('resources', 'test://added');
    });
    await expect.poll(() => prompts).toBeGreaterThan(before);
    await untilPrompts(bridge, PROMPTS);
    await client.close();
  });
});

describe('pages of other origins', () => {
  it("cannot shadow the primary origin's resources; their prompts carry their origin label", async () => {
    const raw = await openRawPage(bridge, 'http://localhost:5173', 'Other origin');
    raw.ws.send(JSON.stringify({
      t: 'offers',
      prompts: [{ name: 'test_simple_prompt', description: 'Not the primary one', arguments: [] }],
      resources: [{ uri: 'test://static-text', name: 'impostor' }, { uri: 'other://only', name: 'only here' }],
      templates: [],
    }));
    await until(bridge.events, 'promptschange', () => bridge.prompts().some((p) => p.name === 'test_simple_prompt__http_localhost_5173'));
    const owner = (uri: string) => bridge.resources().find((r) => r.uri === uri)?.page.origin;
    expect(owner('test://static-text')).toBe(pages.origin);
    expect(owner('other://only')).toBe('http://localhost:5173');
    const client = await connectClient(bridge);
    expect((await client.readResource({ uri: 'test://static-text' })).contents[0]).toMatchObject({ text: 'This is the content of the static text resource.' });
    // The impostor cannot make subscribers re-read the primary's resource either.
    const seen: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void seen.push(n.params.uri));
    await client.subscribeResource({ uri: 'test://static-text' });
    await client.subscribeResource({ uri: 'other://only' });
    raw.ws.send(JSON.stringify({ t: 'updated', uri: 'test://static-text' }));
    raw.ws.send(JSON.stringify({ t: 'updated', uri: 'other://only' }));
    await expect.poll(() => seen).toEqual(['other://only']);
    raw.ws.close();
    await raw.closed;
    await client.close();
  });
});

describe("with @webmcp-kit/webmcp's define helpers (script include with the offers add-on)", () => {
  it('serves prompts and resources made by definePrompt/defineResource/defineResourceTemplate, with bytes as base64', async () => {
    const kitPage = await browser.newPage();
    await kitPage.goto(pageUrl(pages.origin, bridge, { title: 'Kit', polyfill: true }));
    // The prompts/resources add-on (webmcp-offers.iife.js) adds definePrompt & co. to window.WebMCPKit.
    await kitPage.addScriptTag({ url: `${pages.origin}/offers.js` });
    await kitPage.evaluate(() => {
      const K = (window as unknown as { WebMCPKit: Record<string, (...args: unknown[]) => unknown> }).WebMCPKit;
      K.registerPrompts!([
        K.definePrompt!({ name: 'greet', description: 'Greets', arguments: [{ name: 'who', required: true }], complete: { who: (v: string) => ['ann', 'bob'].filter((x) => x.startsWith(v)) }, get: ({ who }: { who: string }) => `Say hello to ${who}` }),
      ]);
      K.registerResources!([
        K.defineResource!({ uri: 'kit://bytes', name: 'Bytes', read: () => new Uint8Array([1, 2, 3]) }),
        K.defineResourceTemplate!({ uriTemplate: 'kit://products/{sku}', name: 'Product', read: (_uri: string, { sku }: { sku: string }) => `product ${sku}` }),
      ]);
      (window as unknown as { bump(): void }).bump = () => K.notifyResourceUpdated!('kit://bytes');
    });
    await until(bridge.events, 'promptschange', () => bridge.prompts().some((p) => p.promptName === 'greet'));
    const name = bridge.prompts().find((p) => p.promptName === 'greet')!.name;
    const client = await connectClient(bridge);
    expect((await client.getPrompt({ name, arguments: { who: 'ann' } })).messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Say hello to ann' } }]);
    expect((await client.complete({ ref: { type: 'ref/prompt', name }, argument: { name: 'who', value: 'b' } })).completion.values).toEqual(['bob']);
    expect((await client.readResource({ uri: 'kit://bytes' })).contents).toEqual([{ uri: 'kit://bytes', mimeType: 'application/octet-stream', blob: 'AQID' }]);
    expect((await client.readResource({ uri: 'kit://products/x9' })).contents).toEqual([{ uri: 'kit://products/x9', mimeType: 'text/plain', text: 'product x9' }]);
    const seen: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void seen.push(n.params.uri));
    await client.subscribeResource({ uri: 'kit://bytes' });
    await kitPage.evaluate(() => (window as unknown as { bump(): void }).bump());
    await expect.poll(() => seen).toEqual(['kit://bytes']);
    await client.close();
    await kitPage.close();
    await until(bridge.events, 'promptschange', () => !bridge.prompts().some((p) => p.promptName === 'greet'));
  });
});

describe('a tab that is reloading', () => {
  it('keeps its prompts and resources: requests wait for the tab (bounded) instead of failing, then fail once it is gone', async () => {
    const graceMs = 1500;
    const own = createBridge({ port: 0, nameGraceMs: graceMs, reloadWaitMs: 4000 });
    await own.listen();
    const tab = await browser.newPage();
    try {
      await tab.goto(pageUrl(pages.origin, own, { title: 'Reloading', tools: ['app'], offers: CONFORMANCE_OFFERS }));
      await untilPrompts(own, PROMPTS);
      const client = await connectClient(own);
      // A slow reload: the document takes 800 ms to arrive, so the requests land while the tab is away.
      await tab.route('**/page?*', (route) => void setTimeout(() => void route.continue(), 800));
      const gone = once(own.events, 'pagegone');
      const reload = tab.reload();
      await gone;
      expect((await client.listPrompts()).prompts).toEqual([]);
      const started = performance.now();
      const [prompt, text, templated, completion, variable] = await Promise.all([
        client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'one', arg2: 'two' } }),
        client.readResource({ uri: 'test://static-text' }),
        client.readResource({ uri: 'test://template/7/data' }),
        client.complete({ ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: '' } }),
        client.complete({ ref: { type: 'ref/resource', uri: 'test://template/{id}/data' }, argument: { name: 'id', value: '' } }),
      ]);
      console.info(`prompt and resource requests during reload answered after ${(performance.now() - started).toFixed(0)} ms`);
      expect(prompt.messages[0]!.content).toEqual({ type: 'text', text: "Prompt with arguments: arg1='one', arg2='two'" });
      expect(text.contents[0]).toMatchObject({ uri: 'test://static-text', text: 'This is the content of the static text resource.' });
      expect(JSON.parse((templated.contents[0] as { text: string }).text)).toMatchObject({ id: '7' });
      expect(completion.completion.values.length).toBeGreaterThan(0);
      expect(variable.completion.values.length).toBeGreaterThan(0);
      await reload;

      // A URI no tab ever served, and a prompt no tab ever offered, still fail at once.
      const quick = performance.now();
      expect((await rpcError(client.readResource({ uri: 'test://nothing' }))).code).toBe(-32002);
      expect((await rpcError(client.getPrompt({ name: 'nope' }))).message).toContain('Unknown prompt "nope"');
      expect(performance.now() - quick).toBeLessThan(1000);

      // A tab that does not come back: requests fail once its grace is over, not before and not much later.
      const left = once(own.events, 'pagegone');
      await tab.close();
      await left;
      const closedAt = performance.now();
      const [unknownPrompt, unknownResource] = await Promise.all([
        rpcError(client.getPrompt({ name: 'test_simple_prompt' })),
        rpcError(client.readResource({ uri: 'test://static-text' })),
      ]);
      const waited = performance.now() - closedAt;
      expect(unknownPrompt).toMatchObject({ code: -32602, message: expect.stringContaining('Unknown prompt "test_simple_prompt"') });
      expect(unknownResource).toMatchObject({ code: -32002, message: expect.stringContaining('Resource not found: test://static-text') });
      expect(waited).toBeGreaterThan(graceMs - 300);
      expect(waited).toBeLessThan(graceMs + 2000);
      await client.close();
    } finally {
      await tab.close();
      await own.close();
    }
  });
});
