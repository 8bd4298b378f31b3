/**
 * The spec behaviour suite. In the `browser-native` project it runs against Chromium's own
 * `document.modelContext` (nothing of ours installed); in `browser-polyfill` against our polyfill.
 * Both must pass: the polyfill is held to native's exact observable behaviour. Where webmcp-kit
 * differs on purpose, the test says so in its name and branches on `isNative`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { installModelContext } from '../src/install';
import { getTool, isNative, loadSrcdocFrame, nextEvent, outcome, register, waitForTool } from './setup';

/** Retries of the frame tests under native WebMCP, whose cross-frame listing is racy (see below). */
const NATIVE_FRAME_RETRY = isNative ? 2 : 0;

const FAILED = "Failed to execute 'registerTool' on 'ModelContext': ";
const EXEC_FAILED = "Failed to execute 'executeTool' on 'ModelContext': ";
const execute = () => 'ok';

beforeAll(() => {
  if (!isNative) installModelContext();
  expect('modelContext' in document).toBe(true);
});

describe('document.modelContext', () => {
  it('is one ModelContext per document, an EventTarget that pages cannot construct', () => {
    const context = document.modelContext;
    expect(context).toBe(document.modelContext);
    expect(context).toBeInstanceOf((window as unknown as { ModelContext: typeof EventTarget }).ModelContext);
    expect(context).toBeInstanceOf(EventTarget);
    expect(() => new (window as unknown as { ModelContext: new () => unknown }).ModelContext()).toThrow(TypeError);
    for (const key of ['registerTool', 'getTools', 'executeTool', 'ontoolchange', 'ontoolactivated', 'ontoolcancel']) {
      expect(key in context, key).toBe(true);
    }
    expect(typeof (window as unknown as Record<string, unknown>).ToolActivatedEvent).toBe('function');
    expect(typeof (window as unknown as Record<string, unknown>).ToolCancelEvent).toBe('function');
  });
});

describe('registerTool rejects as native Chromium does', () => {
  const cases: Array<[string, unknown, unknown, string]> = [
    ['tool not an object', 5, undefined, `TypeError: ${FAILED}The provided value is not of type 'ModelContextTool'.`],
    ['tool null', null, undefined, `TypeError: ${FAILED}The provided value is not of type 'ModelContextTool'.`],
    ['nothing given (description read first)', {}, undefined, `TypeError: ${FAILED}Failed to read the 'description' property from 'ModelContextTool': Required member is undefined.`],
    ['missing name', { description: 'd', execute }, undefined, `TypeError: ${FAILED}Failed to read the 'name' property from 'ModelContextTool': Required member is undefined.`],
    ['missing execute', { name: 'a', description: 'd' }, undefined, `TypeError: ${FAILED}Failed to read the 'execute' property from 'ModelContextTool': Required member is undefined.`],
    ['execute not a function', { name: 'a', description: 'd', execute: 5 }, undefined, `TypeError: ${FAILED}Failed to read the 'execute' property from 'ModelContextTool': The given value is not a function.`],
    ['annotations not an object', { name: 'a', description: 'd', execute, annotations: 5 }, undefined, `TypeError: ${FAILED}Failed to read the 'annotations' property from 'ModelContextTool': The provided value is not of type 'ToolAnnotations'.`],
    ['inputSchema a string', { name: 'a', description: 'd', execute, inputSchema: '{}' }, undefined, `TypeError: ${FAILED}Failed to read the 'inputSchema' property from 'ModelContextTool': Failed to convert value to 'object'.`],
    ['inputSchema null', { name: 'a', description: 'd', execute, inputSchema: null }, undefined, `TypeError: ${FAILED}Failed to read the 'inputSchema' property from 'ModelContextTool': Failed to convert value to 'object'.`],
    ['inputSchema with a BigInt', { name: 'a', description: 'd', execute, inputSchema: { n: 1n } }, undefined, `TypeError: ${FAILED}Do not know how to serialize a BigInt`],
    ['name with a space', { name: 'a b', description: 'd', execute }, undefined, 'InvalidStateError: Invalid tool name'],
    ['empty name', { name: '', description: 'd', execute }, undefined, 'InvalidStateError: Invalid tool name'],
    ['name with é', { name: 'caf\u00e9', description: 'd', execute }, undefined, 'InvalidStateError: Invalid tool name'],
    ['name of 129 characters', { name: 'a'.repeat(129), description: 'd', execute }, undefined, 'InvalidStateError: Invalid tool name'],
    ['empty description', { name: 'a', description: '', execute }, undefined, 'InvalidStateError: Description is required'],
    ['options not an object', { name: 'a', description: 'd', execute }, 5, `TypeError: ${FAILED}The provided value is not of type 'ModelContextRegisterToolOptions'.`],
    ['signal not an AbortSignal', { name: 'a', description: 'd', execute }, { signal: {} }, `TypeError: ${FAILED}Failed to read the 'signal' property from 'ModelContextRegisterToolOptions': Failed to convert value to 'AbortSignal'.`],
    ['exposedTo not a sequence', { name: 'a', description: 'd', execute }, { exposedTo: 'https://a.example' }, `TypeError: ${FAILED}Failed to read the 'exposedTo' property from 'ModelContextRegisterToolOptions': The provided value cannot be converted to a sequence.`],
    ['exposedTo *', { name: 'a', description: 'd', execute }, { exposedTo: ['*'] }, 'SecurityError: Only secure origins are allowed in the exposedTo list.'],
    ['exposedTo an http origin', { name: 'a', description: 'd', execute }, { exposedTo: ['http://example.com'] }, 'SecurityError: Only secure origins are allowed in the exposedTo list.'],
    ['signal already aborted', { name: 'a', description: 'd', execute }, { signal: AbortSignal.abort() }, 'AbortError: signal is aborted without reason'],
  ];
  it.each(cases)('%s', async (_label, tool, options, expected) => {
    expect(await outcome(document.modelContext.registerTool(tool as never, options as never))).toBe(expected);
    expect((await document.modelContext.getTools()).map((t) => t.name)).not.toContain('a');
  });

  it('rejects a cyclic inputSchema with the JSON error', async () => {
    const schema: Record<string, unknown> = {};
    schema.self = schema;
    const result = await outcome(document.modelContext.registerTool({ name: 'a', description: 'd', execute, inputSchema: schema }));
    expect(result).toMatch(new RegExp(`^TypeError: ${FAILED}Converting circular structure to JSON`));
  });

  it('rejects an aborted signal with its reason', async () => {
    const reason = new Error('why');
    await expect(document.modelContext.registerTool({ name: 'a', description: 'd', execute }, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('rejects a duplicate name, and accepts a whitespace description and a 128-character name', async () => {
    await register({ name: 'dup', description: '   ' });
    expect(await outcome(document.modelContext.registerTool({ name: 'dup', description: 'd', execute }))).toBe('InvalidStateError: Duplicate tool name');
    await register({ name: 'N'.repeat(128) });
    await register({ name: 'a-Z_0.9' });
  });

  it('rejects with the reason when the signal aborts before registration completes, and lists nothing', async () => {
    const controller = new AbortController();
    const promise = document.modelContext.registerTool({ name: 'late_abort', description: 'd', execute }, { signal: controller.signal });
    controller.abort('changed my mind');
    await expect(promise).rejects.toBe('changed my mind');
    expect((await document.modelContext.getTools()).map((t) => t.name)).not.toContain('late_abort');
  });

  it('rejects an inputSchema whose toJSON() returns undefined', async () => {
    const result = await outcome(document.modelContext.registerTool({ name: 'a', description: 'd', execute, inputSchema: { toJSON: () => undefined } }));
    expect(result).toBe(`TypeError: ${FAILED}invalid input schema: toJSON() returns undefined`);
  });

  it('converts title as a USVString (a lone surrogate becomes U+FFFD)', async () => {
    await register({ name: 'usv', title: 'a\uD800b\uDC00' });
    expect((await getTool('usv')).title).toBe('a\uFFFDb\uFFFD');
  });

  it('throws nothing synchronously', () => {
    expect(() => void document.modelContext.registerTool(null as never).catch(() => {})).not.toThrow();
  });
});

describe('toolchange and unregistration', () => {
  it('fires toolchange once per add and once per remove, never before the call returns', async () => {
    // Native orders it before the promise resolves in a lone document, but in a frame tree (as
    // here) it may come after; only "once, and not synchronously" holds in both.
    const log: string[] = [];
    const onChange = () => log.push('toolchange');
    document.modelContext.addEventListener('toolchange', onChange);
    const controller = new AbortController();
    const promise = document.modelContext.registerTool({ name: 'evt', description: 'd', execute }, { signal: controller.signal });
    log.push('returned');
    await promise;
    await expect.poll(() => log).toEqual(['returned', 'toolchange']);
    controller.abort();
    await expect.poll(() => log).toEqual(['returned', 'toolchange', 'toolchange']);
    document.modelContext.removeEventListener('toolchange', onChange);
    expect((await document.modelContext.getTools()).map((t) => t.name)).not.toContain('evt');
  });

  it('supports the ontoolchange handler attribute', async () => {
    let calls = 0;
    document.modelContext.ontoolchange = () => calls++;
    expect(typeof document.modelContext.ontoolchange).toBe('function');
    await register({ name: 'handler' });
    document.modelContext.ontoolchange = null;
    await register({ name: 'handler2' });
    expect(calls).toBe(1);
  });

  it('lets a running call finish after its tool is unregistered', async () => {
    let release!: (value: string) => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const controller = await register({ name: 'slow', execute: () => { started(); return new Promise<string>((r) => (release = r)); } });
    const call = document.modelContext.executeTool(await getTool('slow'), {});
    await running;
    controller.abort();
    release('done');
    expect(await call).toBe('done');
  });
});

describe('getTools', () => {
  it('returns fresh copies sorted by name, with defaults as native has them', async () => {
    await register({ name: 'zeta', inputSchema: { type: 'object', properties: { q: { type: 'string' } } }, title: 'Zeta' });
    await register({ name: 'Alpha', annotations: { readOnlyHint: true } });
    await register({ name: 'beta' });
    const tools = (await document.modelContext.getTools()).filter((t) => ['zeta', 'Alpha', 'beta'].includes(t.name));
    expect(tools.map((t) => t.name)).toEqual(['Alpha', 'beta', 'zeta']);
    const [alpha, beta, zeta] = tools;
    expect(Object.keys(alpha!)).toEqual(['annotations', 'description', 'name', 'origin', 'title', 'window']);
    expect(alpha!.annotations).toEqual({ consequentialHint: false, debugging: false, readOnlyHint: true, untrustedContentHint: false });
    expect(Object.keys(beta!)).toEqual(['description', 'name', 'origin', 'title', 'window']);
    expect(beta).toMatchObject({ title: '', origin: location.origin });
    expect(beta!.window).toBe(window);
    expect(Object.keys(zeta!)).toEqual(['description', 'inputSchema', 'name', 'origin', 'title', 'window']);
    expect(zeta!.title).toBe('Zeta');
    (zeta!.inputSchema as { mutated?: boolean }).mutated = true;
    expect((await getTool('zeta')).inputSchema).toEqual({ type: 'object', properties: { q: { type: 'string' } } });
    expect(await getTool('zeta')).not.toBe(zeta);
  });

  it('drops what JSON drops from a schema and keeps arrays', async () => {
    await register({ name: 'fnschema', inputSchema: { x: () => 1 } as object });
    expect((await getTool('fnschema')).inputSchema).toEqual({});
  });

  it.each([['*'], ['http://example.com'], ['not a url']])('rejects fromOrigins %s', async (origin) => {
    expect(await outcome(document.modelContext.getTools({ fromOrigins: [origin] }))).toBe('SecurityError: Only secure origins are allowed in the fromOrigins list.');
  });

  // Native WebMCP (Chromium 156) now and then never lists a same-origin frame's tool from its
  // parent (waitForTool runs out), or fails its call as "transient": a few % of runs of this file,
  // at the base of this change too. The three frame tests retry under native; the polyfill never.
  it('fires toolchange at every document of the frame tree, parent first', { retry: NATIVE_FRAME_RETRY }, async () => {
    const { frame, child } = await loadSrcdocFrame('<!doctype html><p>child</p>');
    if (!isNative) installModelContext({ window: child });
    const log: string[] = [];
    const onParent = () => log.push('parent');
    document.modelContext.addEventListener('toolchange', onParent);
    child.document.modelContext.addEventListener('toolchange', () => log.push('child'));
    const controller = new AbortController();
    await child.document.modelContext.registerTool({ name: 'child_tool', description: 'd', execute: () => 1 }, { signal: controller.signal });
    await expect.poll(() => log.filter((x) => x === 'child').length).toBe(1);
    expect(log.slice(log.indexOf('child') - 1, log.indexOf('child') + 1)).toEqual(['parent', 'child']);
    document.modelContext.removeEventListener('toolchange', onParent);
    controller.abort();
    frame.remove();
  });

  it('sees the tools of same-origin frames', { retry: NATIVE_FRAME_RETRY }, async () => {
    const { frame, child } = await loadSrcdocFrame('<!doctype html><p>child</p>', location.href.replace(/[^/]*$/, '') + '?frame');
    if (!isNative) installModelContext({ window: child });
    const controller = new AbortController();
    await child.document.modelContext.registerTool({ name: 'in_frame', description: 'd', execute: () => 'from frame' }, { signal: controller.signal });
    const tool = await waitForTool('in_frame');
    expect(tool.window).toBe(child);
    expect(await document.modelContext.executeTool(tool, {})).toBe('from frame');
    controller.abort();
    frame.remove();
  });
});

describe('executeTool', () => {
  it('resolves null when the tool navigates its document (spec; native 156 rejects: a named difference)', { retry: NATIVE_FRAME_RETRY }, async () => {
    const { frame, child } = await loadSrcdocFrame('<!doctype html><p>before</p>');
    if (!isNative) installModelContext({ window: child });
    await child.document.modelContext.registerTool({
      name: 'navigates',
      description: 'Leaves the page',
      execute: () => {
        child.location.href = 'about:blank#gone';
        return new Promise(() => {});
      },
    });
    const tool = await waitForTool('navigates');
    const result = await outcome(document.modelContext.executeTool(tool, {}));
    // The spec resolves null ("execution navigated the document"); Chromium 156 rejects instead.
    // We follow the spec text.
    expect(result).toBe(isNative ? 'UnknownError: The operation failed for an unknown transient reason (e.g. out of memory).' : 'resolved: null');
    frame.remove();
  });

  it.each([
    ['a string, as is', 'hello', 'hello'],
    ['an object, as JSON', { content: [{ type: 'text', text: 'x' }] }, '{"content":[{"type":"text","text":"x"}]}'],
    ['a number', 42, '42'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['an isError result (resolves)', { isError: true }, '{"isError":true}'],
  ])('resolves %s', async (_label, value, expected) => {
    await register({ name: 'ret', execute: async () => value });
    expect(await document.modelContext.executeTool(await getTool('ret'), {})).toBe(expected);
  });

  it('passes the input and {signal}; omitted input is {}', async () => {
    const seen: unknown[] = [];
    await register({ name: 'args', execute: (input, options) => { seen.push(input, options.signal instanceof AbortSignal, Object.keys(options)); return 'ok'; } });
    const tool = await getTool('args');
    await document.modelContext.executeTool(tool, { q: 1 });
    await document.modelContext.executeTool(tool);
    // webmcp-kit difference (on purpose): the polyfill's options also carry the older draft's
    // requestUserInteraction, and reportProgress/log/sample/elicit for the caller; native passes exactly {signal}.
    const keys = isNative ? ['signal'] : ['signal', 'reportProgress', 'log', 'sample', 'elicit', 'requestUserInteraction'];
    expect(seen).toEqual([{ q: 1 }, true, keys, {}, true, keys]);
  });

  it.each([
    ['a JSON string', '{}'],
    ['null', null],
  ])('rejects %s as input', async (_label, input) => {
    await register({ name: 'inp' });
    expect(await outcome(document.modelContext.executeTool(await getTool('inp'), input as never))).toBe(`TypeError: ${EXEC_FAILED}invalid input object: value is not an object`);
  });

  it('rejects a throwing or rejecting tool, or an unserializable result, with UnknownError', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const failed = 'UnknownError: Tool was executed but the invocation failed. For example, the script function threw an error';
    await register({ name: 'throws', execute: () => { throw new Error('boom'); } });
    await register({ name: 'rejects', execute: async () => { throw new TypeError('nope'); } });
    await register({ name: 'cyclic', execute: async () => cyclic });
    for (const name of ['throws', 'rejects', 'cyclic']) {
      expect(await outcome(document.modelContext.executeTool(await getTool(name), {}))).toBe(failed);
    }
  });

  it('rejects unknown tools, tools of other origins and invalid origins', async () => {
    await register({ name: 'known' });
    const tool = await getTool('known');
    const unknown = 'UnknownError: The operation failed for an unknown transient reason (e.g. out of memory).';
    expect(await outcome(document.modelContext.executeTool({ ...tool, name: 'nope' }, {}))).toBe(unknown);
    expect(await outcome(document.modelContext.executeTool({ ...tool, origin: 'https://example.com' }, {}))).toBe(unknown);
    expect(await outcome(document.modelContext.executeTool({ ...tool, origin: 'nope' }, {}))).toBe('NotSupportedError: The provided origin is invalid.');
    expect(await outcome(document.modelContext.executeTool(5 as never, {}))).toBe(`TypeError: ${EXEC_FAILED}The provided value is not of type 'RegisteredTool'.`);
    const { window: _w, ...noWindow } = tool;
    expect(await outcome(document.modelContext.executeTool(noWindow as never, {}))).toBe(`TypeError: ${EXEC_FAILED}Failed to read the 'window' property from 'RegisteredTool': Required member is undefined.`);
  });

  it('looks the tool up by name, window and origin only', async () => {
    await register({ name: 'first', execute: () => 'first' });
    await register({ name: 'second', execute: () => 'second' });
    expect(await document.modelContext.executeTool({ ...(await getTool('first')), name: 'second' }, {})).toBe('second');
  });

  it('never runs execute inside executeTool(); toolactivated follows the start of execute', async () => {
    const log: string[] = [];
    await register({ name: 'later', execute: () => { log.push('execute'); return 'x'; } });
    const tool = await getTool('later');
    const onActivated = () => log.push('toolactivated');
    document.modelContext.addEventListener('toolactivated', onActivated);
    const call = document.modelContext.executeTool(tool, {});
    log.push('returned');
    expect(await call).toBe('x');
    document.modelContext.removeEventListener('toolactivated', onActivated);
    expect(log).toEqual(['returned', 'execute', 'toolactivated']);
  });

  it('rejects an input whose toJSON() returns undefined with a TypeError', async () => {
    await register({ name: 'nullish' });
    expect(await outcome(document.modelContext.executeTool(await getTool('nullish'), { toJSON: () => undefined }))).toBe(`TypeError: ${EXEC_FAILED}invalid input object: toJSON() returns undefined`);
  });

  it('fires toolactivated at the owner with the tool name', async () => {
    await register({ name: 'act' });
    const activated = nextEvent<Event & { toolName: string }>(document.modelContext, 'toolactivated');
    await document.modelContext.executeTool(await getTool('act'), {});
    const event = await activated;
    expect(event.toolName).toBe('act');
    expect(event.constructor.name).toBe('ToolActivatedEvent');
  });

  it('aborting rejects with AbortError, aborts the tool signal and fires toolcancel', async () => {
    let toolSignal!: AbortSignal;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    await register({ name: 'cancel_me', execute: (_input, { signal }) => { toolSignal = signal; started(); return new Promise(() => {}); } });
    const controller = new AbortController();
    const call = document.modelContext.executeTool(await getTool('cancel_me'), {}, { signal: controller.signal });
    await running;
    const cancelled = nextEvent<Event & { toolName: string }>(document.modelContext, 'toolcancel');
    controller.abort();
    expect(await outcome(call)).toBe('AbortError: signal is aborted without reason');
    const event = await cancelled;
    expect(event.toolName).toBe('cancel_me');
    expect(toolSignal.aborted).toBe(true);
  });

  it('a caller\'s own abort reason rejects the call; the tool\'s signal gets a plain AbortError', async () => {
    let toolSignal!: AbortSignal;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    await register({ name: 'reason_me', execute: (_input, { signal }) => { toolSignal = signal; started(); return new Promise(() => {}); } });
    const controller = new AbortController();
    const call = document.modelContext.executeTool(await getTool('reason_me'), {}, { signal: controller.signal });
    await running;
    controller.abort('custom reason');
    await expect(call).rejects.toBe('custom reason');
    await nextEvent(document.modelContext, 'toolcancel');
    expect(toolSignal.reason).toBeInstanceOf(DOMException);
    expect((toolSignal.reason as DOMException).name).toBe('AbortError');
  });

  it('fires toolactivated and toolcancel at the window too, before the context (WPT; native 156 does not)', async () => {
    await register({ name: 'win_events', execute: () => new Promise(() => {}) });
    const log: string[] = [];
    const onWindow = (e: Event) => log.push(`window ${e.type}`);
    const onContext = (e: Event) => log.push(`context ${e.type}`);
    for (const type of ['toolactivated', 'toolcancel']) {
      window.addEventListener(type, onWindow);
      document.modelContext.addEventListener(type, onContext);
    }
    const controller = new AbortController();
    const call = document.modelContext.executeTool(await getTool('win_events'), {}, { signal: controller.signal });
    await expect.poll(() => log.length).toBeGreaterThan(0);
    controller.abort();
    await call.catch(() => {});
    await expect.poll(() => log.filter((l) => l.endsWith('toolcancel')).length).toBe(isNative ? 1 : 2);
    for (const type of ['toolactivated', 'toolcancel']) {
      window.removeEventListener(type, onWindow);
      document.modelContext.removeEventListener(type, onContext);
    }
    expect(log).toEqual(isNative
      ? ['context toolactivated', 'context toolcancel']
      : ['window toolactivated', 'context toolactivated', 'window toolcancel', 'context toolcancel']);
  });

  it('rejects an already-aborted signal with its reason without running the tool', async () => {
    let ran = false;
    await register({ name: 'never', execute: () => { ran = true; return 'x'; } });
    expect(await outcome(document.modelContext.executeTool(await getTool('never'), {}, { signal: AbortSignal.abort() }))).toBe('AbortError: signal is aborted without reason');
    expect(ran).toBe(false);
  });

  it('does not validate input against the schema natively; webmcp-kit does (DataError)', async () => {
    let ran = false;
    await register({ name: 'typed', inputSchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] }, execute: () => { ran = true; return 'ran'; } });
    const result = await outcome(document.modelContext.executeTool(await getTool('typed'), { n: 'x' }));
    if (isNative) {
      expect(result).toBe('resolved: "ran"');
    } else {
      expect(result).toBe('DataError: Invalid input for tool "typed": input.n: expected number, got string "x"');
      expect(ran).toBe(false);
    }
  });
});
