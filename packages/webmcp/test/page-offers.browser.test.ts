/**
 * definePrompt/defineResource and their register functions: what they put in the page-offers
 * registry the bridge connector reads, the errors they give (field path, expected vs got), and the
 * registry's `change`/`updated` events. Real zod, real Blob/ArrayBuffer in Chromium.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePrompt, registerPrompts } from '../src/define-prompt';
import { defineResource, defineResourceTemplate, notifyResourceUpdated, registerResources } from '../src/define-resource';
import { isWebMCPKitError } from '../src/errors';
import { getPageOffers, OFFERS_CHANGE_EVENT, RESOURCE_UPDATED_EVENT, type OfferContext } from '../src/page-offers';
import { nextEvent } from './setup';

const offers = getPageOffers();
const context: OfferContext = { signal: new AbortController().signal };
const registrations: Array<{ unregister(): void }> = [];
afterEach(() => {
  while (registrations.length) registrations.pop()?.unregister();
});

/** Counts the registry's `change` events while `run` runs. */
function countChanges(run: () => void): number {
  let count = 0;
  const listener = () => count++;
  offers.addEventListener(OFFERS_CHANGE_EVENT, listener);
  try {
    run();
  } finally {
    offers.removeEventListener(OFFERS_CHANGE_EVENT, listener);
  }
  return count;
}

/** The error `run` throws (synchronously or as a rejection), as `code: message`. */
async function failure(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    expect(isWebMCPKitError(error)).toBe(true);
    return `${(error as { code: string }).code}: ${(error as Error).message}`;
  }
  throw new Error('did not fail');
}

const brainstorm = () => definePrompt({
  name: 'brainstorm',
  title: 'Brainstorm',
  description: 'Ideas on a topic',
  arguments: z.object({
    topic: z.string().describe('What to brainstorm about'),
    tone: z.enum(['serious', 'playful']).optional(),
  }),
  complete: { tone: (value) => ['serious', 'playful'].filter((tone) => tone.startsWith(value)) },
  get: ({ topic, tone }) => `Ideas about ${topic}${tone ? ` (${tone})` : ''}`,
});

describe('definePrompt', () => {
  it('lists zod arguments (name, description, required) and validates them on get', async () => {
    const prompt = brainstorm();
    expect(prompt).toMatchObject({ name: 'brainstorm', title: 'Brainstorm', description: 'Ideas on a topic' });
    expect(prompt.arguments).toEqual([
      { name: 'topic', description: 'What to brainstorm about', required: true },
      { name: 'tone', required: false },
    ]);
    expect(await prompt.get({ topic: 'cats', tone: 'playful' }, context)).toEqual({
      messages: [{ role: 'user', content: { type: 'text', text: 'Ideas about cats (playful)' } }],
    });
    expect(await failure(() => prompt.get({ tone: 'grim' }, context))).toBe(
      'WEBMCP_KIT_INVALID_INPUT: prompt "brainstorm": arguments.topic: Invalid input: expected string, received undefined; ' +
        'arguments.tone: Invalid option: expected one of "serious"|"playful"',
    );
  });

  it('takes a plain argument list (script tags without zod) and checks required and string values', async () => {
    const prompt = definePrompt({
      name: 'greet',
      description: 'Greets',
      arguments: [{ name: 'who', description: 'Whom', required: true }, { name: 'mood' }],
      get: (args, { signal }) => `Hello ${args.who}${args.mood ?? ''}${signal.aborted ? '!' : ''}`,
    });
    expect(prompt.arguments).toEqual([{ name: 'who', description: 'Whom', required: true }, { name: 'mood' }]);
    expect((await prompt.get({ who: 'Ada', extra: 'dropped' }, context)).messages[0]!.content).toEqual({ type: 'text', text: 'Hello Ada' });
    expect(await failure(() => prompt.get({}, context))).toBe('WEBMCP_KIT_INVALID_INPUT: prompt "greet": arguments.who: expected string, got undefined');
    expect(await failure(() => prompt.get({ who: 'Ada', mood: 3 } as never, context))).toBe(
      'WEBMCP_KIT_INVALID_INPUT: prompt "greet": arguments.mood: expected string, got number',
    );
    // No arguments at all: none listed, none needed.
    const bare = definePrompt({ name: 'bare', description: 'd', get: () => 'x' });
    expect(bare.arguments).toEqual([]);
    expect((await bare.get(undefined as never, context)).messages).toHaveLength(1);
  });

  it('normalizes a string, a message list and a whole result, and passes the context', async () => {
    const messages = [
      { role: 'user' as const, content: { type: 'text', text: 'Hi' } },
      { role: 'assistant' as const, content: { type: 'image', data: 'AAAA', mimeType: 'image/png' } },
      { role: 'user' as const, content: { type: 'resource_link', uri: 'app://cart', name: 'Cart' } },
    ];
    const seen: AbortSignal[] = [];
    const list = definePrompt({ name: 'list', description: 'd', get: (_args, { signal }) => (seen.push(signal), messages) });
    expect(await list.get({}, context)).toEqual({ messages });
    expect(seen).toEqual([context.signal]);
    const whole = definePrompt({ name: 'whole', description: 'd', get: async () => ({ description: 'Two', messages }) });
    expect(await whole.get({}, context)).toEqual({ description: 'Two', messages });
  });

  const badResults: Array<[unknown, string]> = [
    [42, 'messages: expected an array, got undefined'],
    [{ messages: 'no' }, 'messages: expected an array, got "no"'],
    [[{ role: 'system', content: { type: 'text', text: 'x' } }], 'messages[0].role: expected user or assistant, got "system"'],
    [[{ role: 'user', content: { type: 'text', text: 'x' } }, { role: 'user', content: { type: 'video' } }],
      'messages[1].content.type: expected one of text,image,audio,resource,resource_link, got "video"'],
    [[{ role: 'user' }], 'messages[0].content.type: expected one of text,image,audio,resource,resource_link, got undefined'],
    [[null], 'messages[0].role: expected user or assistant, got undefined'],
  ];
  it.each(badResults)('rejects what get returns when it is not MCP messages: %j', async (value, message) => {
    const prompt = definePrompt({ name: 'bad', description: 'd', get: () => value as never });
    expect(await failure(() => prompt.get({}, context))).toBe(`WEBMCP_KIT_INVALID_OUTPUT: prompt "bad" returned: ${message}`);
  });

  const badDefinitions: Array<[unknown, string]> = [
    [null, 'definePrompt(undefined): definition: expected an object, got null'],
    [{ description: 'd', get: () => '' }, 'definePrompt(undefined): name: expected a non-empty string, got undefined'],
    [{ name: '', description: 'd', get: () => '' }, 'definePrompt(""): name: expected a non-empty string, got ""'],
    [{ name: 'p', get: () => '' }, 'definePrompt("p"): description: expected a non-empty string, got undefined'],
    [{ name: 'p', title: 3, description: 'd', get: () => '' }, 'definePrompt("p"): title: expected a non-empty string, got number'],
    [{ name: 'p', description: 'd', get: 'text' }, 'definePrompt("p"): get: expected function, got "text"'],
    [{ name: 'p', description: 'd', arguments: z.object({ count: z.number() }), get: () => '' }, 'definePrompt("p"): arguments.count: expected type "string", got "number"'],
    [{ name: 'p', description: 'd', arguments: z.string(), get: () => '' }, 'definePrompt("p"): arguments: expected an object schema (zod ≥ 4.2), got "string"'],
    [{ name: 'p', description: 'd', arguments: { topic: 'string' }, get: () => '' }, 'definePrompt("p"): arguments: expected a Standard Schema or an array, got object'],
    [{ name: 'p', description: 'd', arguments: [{ name: 'a' }, 'b'], get: () => '' }, 'definePrompt("p"): arguments[1]: expected an object, got "b"'],
    [{ name: 'p', description: 'd', arguments: [{ name: 'a', required: 'yes' }], get: () => '' }, 'definePrompt("p"): arguments[0].required: expected boolean, got "yes"'],
    [{ name: 'p', description: 'd', arguments: [{ description: 'x' }], get: () => '' }, 'definePrompt("p"): arguments[0].name: expected a non-empty string, got undefined'],
    [{ name: 'p', description: 'd', arguments: [{ name: 'a' }, { name: 'a' }], get: () => '' }, 'definePrompt("p"): arguments[1].name: expected a unique name, got "a"'],
    [{ name: 'p', description: 'd', arguments: [{ name: 'a' }], complete: { b: () => [] }, get: () => '' }, 'definePrompt("p"): complete: expected keys among: a, got "b"'],
    [{ name: 'p', description: 'd', arguments: [{ name: 'a' }], complete: { a: 'x' }, get: () => '' }, 'definePrompt("p"): complete.a: expected function, got "x"'],
    [{ name: 'p', description: 'd', complete: 'tone', get: () => '' }, 'definePrompt("p"): complete: expected an object, got "tone"'],
  ];
  it.each(badDefinitions)('refuses a bad definition: %j', async (definition, message) => {
    expect(await failure(() => definePrompt(definition as never))).toContain(`WEBMCP_KIT_INVALID_DEFINITION: ${message}`);
  });

  it('completes argument values through promises', async () => {
    const { complete } = brainstorm();
    const pending = complete!.tone!('p', { ...context, arguments: { topic: 'cats' } });
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toEqual(['playful']);
  });
});

describe('registerPrompts', () => {
  it('adds prompts to the registry with one change event, and unregister removes exactly its own with one more', () => {
    const other = definePrompt({ name: 'other', description: 'd', get: () => 'o' });
    registrations.push(registerPrompts(other));
    let registration!: ReturnType<typeof registerPrompts>;
    const a = brainstorm();
    const b = definePrompt({ name: 'b', description: 'd', get: () => 'b' });
    expect(countChanges(() => (registration = registerPrompts([a, b])))).toBe(1);
    expect(registration.names).toEqual(['brainstorm', 'b']);
    expect([...offers.prompts.keys()]).toEqual(['other', 'brainstorm', 'b']);
    expect(offers.prompts.get('brainstorm')).toBe(a);
    expect(countChanges(() => registration.unregister())).toBe(1);
    expect(countChanges(() => registration.unregister())).toBe(0);
    expect([...offers.prompts.keys()]).toEqual(['other']);
  });

  it('refuses a name already registered, or twice in one list, and registers none of the list', async () => {
    registrations.push(registerPrompts(brainstorm()));
    const fresh = definePrompt({ name: 'fresh', description: 'd', get: () => '' });
    let message = '';
    expect(countChanges(() => {
      try {
        registerPrompts([fresh, brainstorm()]);
      } catch (error) {
        message = `${(error as { code: string }).code}: ${(error as Error).message}`;
      }
    })).toBe(0);
    expect(message).toBe('WEBMCP_KIT_DUPLICATE: registerPrompts: "brainstorm" is already registered');
    expect(await failure(() => registerPrompts([fresh, fresh]))).toBe('WEBMCP_KIT_DUPLICATE: registerPrompts: "fresh" is already registered');
    expect(await failure(() => registerPrompts([fresh, null as never]))).toBe('WEBMCP_KIT_INVALID_DEFINITION: registerPrompts: [1]: expected a defined offer, got null');
    expect([...offers.prompts.keys()]).toEqual(['brainstorm']);
  });

  it('unregisters when the signal aborts (one change), and an aborted signal registers nothing', () => {
    const controller = new AbortController();
    registerPrompts(brainstorm(), { signal: controller.signal });
    expect(offers.prompts.has('brainstorm')).toBe(true);
    expect(countChanges(() => controller.abort())).toBe(1);
    expect(offers.prompts.size).toBe(0);
    expect(countChanges(() => registerPrompts(brainstorm(), { signal: controller.signal }))).toBe(0);
    expect(offers.prompts.size).toBe(0);
  });

  it('leaves a later registration of the same name alone when an earlier one is unregistered', () => {
    const first = registerPrompts(brainstorm());
    first.unregister();
    const second = brainstorm();
    registrations.push(registerPrompts(second));
    first.unregister();
    expect(offers.prompts.get('brainstorm')).toBe(second);
  });
});

/** Bytes 0..255 and their base64, to check encodings exactly. */
const BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
const BYTES_BASE64 = btoa(String.fromCharCode(...BYTES));

describe('defineResource', () => {
  const read = async (value: unknown, mimeType?: string) =>
    defineResource({ uri: 'app://thing', name: 'Thing', mimeType, read: () => value as never }).read(context);

  it('reads text as text/plain, or as the definition says', async () => {
    expect(await read('hello')).toEqual([{ uri: 'app://thing', mimeType: 'text/plain', text: 'hello' }]);
    expect(await read('{}', 'application/json')).toEqual([{ uri: 'app://thing', mimeType: 'application/json', text: '{}' }]);
  });

  it('reads Blob, ArrayBuffer, Uint8Array and DataView as exact base64', async () => {
    expect(BYTES_BASE64.slice(0, 8)).toBe('AAECAwQF');
    expect(await read(new Blob([BYTES], { type: 'image/png' }))).toEqual([{ uri: 'app://thing', mimeType: 'image/png', blob: BYTES_BASE64 }]);
    expect(await read(new Blob([BYTES]))).toEqual([{ uri: 'app://thing', mimeType: 'application/octet-stream', blob: BYTES_BASE64 }]);
    expect(await read(new Blob([BYTES], { type: 'image/png' }), 'image/webp')).toEqual([{ uri: 'app://thing', mimeType: 'image/webp', blob: BYTES_BASE64 }]);
    expect(await read(BYTES.buffer)).toEqual([{ uri: 'app://thing', mimeType: 'application/octet-stream', blob: BYTES_BASE64 }]);
    expect(await read(BYTES)).toEqual([{ uri: 'app://thing', mimeType: 'application/octet-stream', blob: BYTES_BASE64 }]);
    // A view reads only its own window of the buffer.
    expect(await read(new DataView(BYTES.buffer, 1, 3))).toEqual([{ uri: 'app://thing', mimeType: 'application/octet-stream', blob: 'AQID' }]);
    expect(await read(new Uint16Array([0x4241]))).toEqual([{ uri: 'app://thing', mimeType: 'application/octet-stream', blob: btoa('AB') }]);
    expect(await read(new Uint8Array(0))).toEqual([{ uri: 'app://thing', mimeType: 'application/octet-stream', blob: '' }]);
  });

  it('encodes large binaries (beyond one String.fromCharCode chunk) exactly', async () => {
    const big = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    const [contents] = await read(big);
    // The browser's own encoder as the reference.
    const dataUrl = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsDataURL(new Blob([big]));
    });
    expect((contents as { blob: string }).blob).toBe(dataUrl.slice(dataUrl.indexOf(',') + 1));
  });

  it('reads a list as several contents', async () => {
    expect(await read(['a', BYTES.subarray(0, 3)])).toEqual([
      { uri: 'app://thing', mimeType: 'text/plain', text: 'a' },
      { uri: 'app://thing', mimeType: 'application/octet-stream', blob: 'AAEC' },
    ]);
  });

  it('rejects a read that returns neither text nor bytes', async () => {
    expect(await failure(() => read({ text: 1 }))).toBe('WEBMCP_KIT_INVALID_OUTPUT: resource "app://thing" read returned: contents: expected text or bytes, got object');
    expect(await failure(() => read(undefined))).toBe('WEBMCP_KIT_INVALID_OUTPUT: resource "app://thing" read returned: contents: expected text or bytes, got undefined');
  });

  const badDefinitions: Array<[unknown, string]> = [
    [{ name: 'R', read: () => '' }, 'defineResource("R"): uri: expected an absolute URI, got undefined'],
    [{ uri: 'cart', name: 'R', read: () => '' }, 'defineResource("R"): uri: expected an absolute URI, got "cart"'],
    [{ uri: 'app://a b', name: 'R', read: () => '' }, 'defineResource("R"): uri: expected an absolute URI, got "app://a b"'],
    [{ uri: 'app://{id}', name: 'R', read: () => '' }, 'defineResource("R"): uri: expected an absolute URI, got "app://{id}"'],
    [{ uri: 'app://a', name: '', read: () => '' }, 'defineResource(""): name: expected a non-empty string, got ""'],
    [{ uri: 'app://a', name: 'R', mimeType: 1, read: () => '' }, 'defineResource("R"): mimeType: expected a non-empty string, got number'],
    [{ uri: 'app://a', name: 'R' }, 'defineResource("R"): read: expected function, got undefined'],
  ];
  it.each(badDefinitions)('refuses a bad definition: %j', async (definition, message) => {
    expect(await failure(() => defineResource(definition as never))).toBe(`WEBMCP_KIT_INVALID_DEFINITION: ${message}`);
  });
});

describe('defineResourceTemplate', () => {
  const product = () => defineResourceTemplate({
    uriTemplate: 'app://products/{sku}{?fields*}',
    name: 'Product',
    mimeType: 'application/json',
    complete: { sku: async (value) => ['ab-1', 'ab-2', 'cd-3'].filter((sku) => sku.startsWith(value)) },
    read: (uri, { sku }) => JSON.stringify({ uri, sku }),
  });

  it('reads with the URI and variables the bridge matched, and completes variables', async () => {
    const template = product();
    expect(template).toMatchObject({ uriTemplate: 'app://products/{sku}{?fields*}', name: 'Product', mimeType: 'application/json' });
    expect(await template.read('app://products/ab-1', { sku: 'ab-1' }, context)).toEqual([
      { uri: 'app://products/ab-1', mimeType: 'application/json', text: '{"uri":"app://products/ab-1","sku":"ab-1"}' },
    ]);
    expect(await template.complete!.sku!('ab', { ...context, arguments: {} })).toEqual(['ab-1', 'ab-2']);
  });

  it('accepts the expressions MCP SDKs match', () => {
    for (const uriTemplate of ['app://{a}', 'app://x{+path}', 'app://x{#frag}', 'app://x{.ext}', 'app://x{/a,b}', 'app://x{?q,page}{&more}', 'file:///{+path*}']) {
      expect(defineResourceTemplate({ uriTemplate, name: 'T', read: () => '' }).uriTemplate).toBe(uriTemplate);
    }
  });

  const badTemplates: Array<[unknown, string]> = [
    ['app://products', 'no expression'],
    ['products/{sku}', 'no scheme'],
    ['app://products/{sku', 'unclosed'],
    ['app://products/{sku}}', 'stray brace'],
    ['app://products/{}', 'empty expression'],
    ['app://products/{;sku}', 'operator the SDKs do not match'],
    ['app://products/{sku:3}', 'prefix modifier'],
    ['app://products/{s ku}', 'space'],
    [42, 'not a string'],
  ];
  it.each(badTemplates)('refuses the template %j (%s)', async (uriTemplate) => {
    expect(await failure(() => defineResourceTemplate({ uriTemplate, name: 'T', read: () => '' } as never))).toBe(
      `WEBMCP_KIT_INVALID_DEFINITION: defineResourceTemplate("T"): uriTemplate: expected a URI template with a scheme and {variables}, got ${typeof uriTemplate === 'string' ? JSON.stringify(uriTemplate) : 'number'}`,
    );
  });

  it('refuses completions for a name that is not a template variable', async () => {
    expect(await failure(() => defineResourceTemplate({ uriTemplate: 'app://{a}/{+b}', name: 'T', complete: { c: () => [] }, read: () => '' }))).toBe(
      'WEBMCP_KIT_INVALID_DEFINITION: defineResourceTemplate("T"): complete: expected keys among: a,b, got "c"',
    );
  });
});

describe('registerResources', () => {
  const cart = () => defineResource({ uri: 'app://cart', name: 'Cart', read: () => '[]' });

  it('puts resources and templates in their maps with one change, all removed with one more', () => {
    const template = defineResourceTemplate({ uriTemplate: 'app://products/{sku}', name: 'Product', read: () => '' });
    let registration!: ReturnType<typeof registerResources>;
    expect(countChanges(() => (registration = registerResources([cart(), template])))).toBe(1);
    expect(registration.uris).toEqual(['app://cart', 'app://products/{sku}']);
    expect([...offers.resources.keys()]).toEqual(['app://cart']);
    expect(offers.templates.get('app://products/{sku}')).toBe(template);
    expect(countChanges(() => registration.unregister())).toBe(1);
    expect(offers.resources.size + offers.templates.size).toBe(0);
  });

  it('refuses a URI already registered, all or none, and unregisters on abort', async () => {
    const controller = new AbortController();
    registerResources(cart(), { signal: controller.signal });
    const other = defineResource({ uri: 'app://other', name: 'Other', read: () => '' });
    expect(await failure(() => registerResources([other, cart()]))).toBe('WEBMCP_KIT_DUPLICATE: registerResources: "app://cart" is already registered');
    expect([...offers.resources.keys()]).toEqual(['app://cart']);
    expect(countChanges(() => controller.abort())).toBe(1);
    expect(offers.resources.size).toBe(0);
  });
});

describe('notifyResourceUpdated', () => {
  it('fires updated with the URI on the registry', async () => {
    const event = nextEvent<CustomEvent<{ uri: string }>>(offers, RESOURCE_UPDATED_EVENT);
    notifyResourceUpdated('app://cart');
    expect((await event).detail).toEqual({ uri: 'app://cart' });
  });

  it('refuses what is not an absolute URI', async () => {
    expect(await failure(() => notifyResourceUpdated('cart'))).toBe('WEBMCP_KIT_INVALID_INPUT: notifyResourceUpdated: uri: expected an absolute URI, got "cart"');
  });
});
