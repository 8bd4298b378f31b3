/**
 * The typed helpers: explicit readOnly, schemas from zod, confirmation of state changes, output
 * checks, MCP extras and registration. Over the polyfill and over native Chromium.
 */
import { userEvent } from 'vitest/browser';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { setConfirmationHandler } from '../src/confirm-dialog';
import { defineTool, registerTools } from '../src/define-tool';
import { isWebMCPKitError } from '../src/errors';
import { installModelContext } from '../src/install';
import { getToolExtensions } from '../src/tool-extensions';
import { getTool, nextEvent, outcome } from './setup';

const registrations: Array<{ unregister(): void }> = [];
afterEach(() => {
  while (registrations.length) registrations.pop()?.unregister();
  setConfirmationHandler(null);
});
beforeAll(() => {
  installModelContext();
});

async function run(name: string, input: object = {}): Promise<unknown> {
  const text = await document.modelContext.executeTool(await getTool(name), input);
  try {
    return JSON.parse(text ?? 'null');
  } catch {
    return text;
  }
}

const addToCart = () => defineTool({
  name: 'add_to_cart',
  title: 'Add to cart',
  description: 'Adds a product to the cart',
  readOnly: false,
  input: z.object({ sku: z.string().describe('Product SKU'), qty: z.number().int().min(1).default(1) }),
  output: z.object({ items: z.number() }),
  confirm: { message: ({ sku, qty }) => `Add ${qty} × ${sku} to your cart?` },
  execute: ({ sku, qty }) => ({ items: sku.length + qty }),
});

describe('defineTool', () => {
  it('requires readOnly, in TypeScript and at run time, naming the tool', () => {
    const attempt = () =>
      // @ts-expect-error readOnly is required
      defineTool({ name: 'no_flag', description: 'd', execute: () => 'x' });
    expect(attempt).toThrow('defineTool("no_flag"): readOnly is required');
    try {
      attempt();
    } catch (error) {
      expect(isWebMCPKitError(error)).toBe(true);
      expect((error as { code: string }).code).toBe('WEBMCP_KIT_INVALID_DEFINITION');
    }
  });

  const badDefinitions: Array<[Record<string, unknown>, string]> = [
    [{ name: 'x', description: '', readOnly: true, execute: () => 1 }, 'description: expected a non-empty string, got string'],
    [{ name: 'x', description: 'd', readOnly: true, execute: 'no' }, 'execute: expected a function, got string'],
    [{ name: 'x', description: 'd', readOnly: true, input: { type: 'object' }, execute: () => 1 }, 'input: expected a Standard Schema'],
    [{ name: 'x', description: 'd', readOnly: false, confirm: { skip: true }, execute: () => 1 }, 'confirm.reason: expected a non-empty string saying why'],
    [{ name: 'x', description: 'd', readOnly: true, app: { html: '<p>', resourceUri: 'https://x' }, execute: () => 1 }, 'app.resourceUri: expected a "ui://…" URI'],
  ];
  it.each(badDefinitions)('rejects a bad definition: %j', (definition, message) => {
    expect(() => defineTool(definition as never)).toThrow(message);
  });

  it('turns a zod input into JSON Schema and sets readOnlyHint', async () => {
    const tool = defineTool({
      name: 'search',
      description: 'Searches',
      readOnly: true,
      input: z.object({ q: z.string().min(1), limit: z.number().int().optional() }),
      execute: ({ q, limit }) => `${q}:${limit ?? 10}`,
    });
    expect(tool.annotations).toEqual({ readOnlyHint: true });
    expect(tool.inputSchema).toMatchObject({ type: 'object', properties: { q: { type: 'string', minLength: 1 } }, required: ['q'] });
    registrations.push(await registerTools(tool));
    const listed = await getTool('search');
    expect(listed.annotations?.readOnlyHint).toBe(true);
    expect(await run('search', { q: 'tea' })).toBe('tea:10');
    expect(await outcome(document.modelContext.executeTool(listed, { q: '' }))).toMatch(/^DataError: Invalid input for tool "search": input\.q: /);
  });

  it('asks before a state-changing tool runs, with the author\'s message; confirmed → runs', async () => {
    const asked: string[] = [];
    setConfirmationHandler(({ title, message }) => { asked.push(`${title}: ${message}`); return true; });
    registrations.push(await registerTools(addToCart()));
    expect(await run('add_to_cart', { sku: 'tea', qty: 2 })).toEqual({ content: [{ type: 'text', text: '{"items":5}' }], structuredContent: { items: 5 } });
    expect(asked).toEqual(['Add to cart: Add 2 × tea to your cart?']);
  });

  it('declined or dismissed → an error result saying so, and execute never runs', async () => {
    let ran = 0;
    setConfirmationHandler(() => false);
    registrations.push(await registerTools(defineTool({ name: 'pay', description: 'Pays', readOnly: false, execute: () => { ran++; return 'paid'; } })));
    expect(await run('pay')).toEqual({ content: [{ type: 'text', text: 'The user declined to run "pay". Nothing was changed.' }], isError: true });
    setConfirmationHandler(() => { throw new Error('dialog crashed'); });
    expect(await run('pay')).toMatchObject({ isError: true });
    expect(ran).toBe(0);
  });

  it('marks the wait for the user with toolinteractionstart/end', async () => {
    const events: string[] = [];
    const log = (e: Event) => events.push(`${e.type} ${(e as CustomEvent).detail.toolName}`);
    document.modelContext.addEventListener('toolinteractionstart', log);
    document.modelContext.addEventListener('toolinteractionend', log);
    setConfirmationHandler(() => { events.push('asked'); return true; });
    registrations.push(await registerTools(defineTool({ name: 'save', description: 'Saves', readOnly: false, execute: () => 'saved' })));
    expect(await run('save')).toBe('saved');
    expect(events).toEqual(['toolinteractionstart save', 'asked', 'toolinteractionend save']);
    document.modelContext.removeEventListener('toolinteractionstart', log);
    document.modelContext.removeEventListener('toolinteractionend', log);
  });

  it('skips the confirmation only with an explicit reason', async () => {
    let asked = false;
    setConfirmationHandler(() => { asked = true; return false; });
    registrations.push(await registerTools(defineTool({
      name: 'toggle_theme', description: 'Toggles dark mode', readOnly: false,
      confirm: { skip: true, reason: 'Cosmetic and instantly reversible' },
      execute: () => 'toggled',
    })));
    expect(await run('toggle_theme')).toBe('toggled');
    expect(asked).toBe(false);
  });

  it('uses the default dialog: Enter confirms, Escape declines', async () => {
    registrations.push(await registerTools(defineTool({ name: 'keyboard', title: 'Keyboard tool', description: 'd', readOnly: false, execute: () => 'ran' })));
    const tool = await getTool('keyboard');
    const first = document.modelContext.executeTool(tool, {});
    await expect.poll(() => document.body.lastElementChild?.shadowRoot?.querySelector('dialog[open]') != null).toBe(true);
    await userEvent.keyboard('{Enter}');
    expect(await first).toBe('ran');
    const second = document.modelContext.executeTool(tool, {});
    await expect.poll(() => document.body.lastElementChild?.shadowRoot?.querySelector('dialog[open]') != null).toBe(true);
    await userEvent.keyboard('{Escape}');
    expect(JSON.parse((await second) ?? '')).toMatchObject({ isError: true });
  });

  it('checks declared output and reports a mismatch as an error result', async () => {
    registrations.push(await registerTools(defineTool({
      name: 'count', description: 'Counts', readOnly: true,
      output: z.object({ n: z.number() }),
      execute: () => ({ n: 'many' }) as unknown as { n: number },
    })));
    const result = (await run('count')) as { isError: boolean; content: Array<{ text: string }> };
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toMatch(/^Tool "count" returned output that does not match its output schema: output\.n: /);
  });

  it('passes an error result through without checking it against the output schema', async () => {
    const failure = { content: [{ type: 'text', text: 'Out of stock' }], isError: true };
    registrations.push(await registerTools(defineTool({
      name: 'reserve', description: 'Reserves', readOnly: true,
      output: z.object({ id: z.string() }),
      execute: () => failure as never,
    })));
    expect(await run('reserve')).toEqual(failure);
  });

  it('publishes MCP extras (output schema, app resource) while registered', async () => {
    const tool = defineTool({
      name: 'show_card', description: 'Shows a card', readOnly: true,
      output: z.object({ ok: z.boolean() }),
      app: { html: '<!doctype html><p>card</p>', csp: { connectDomains: ['https://api.example.com'] } },
      execute: () => ({ ok: true }),
    });
    const registration = await registerTools(tool);
    const extension = getToolExtensions().get('show_card');
    expect(extension?._meta).toEqual({ ui: { resourceUri: 'ui://show_card/app.html' }, 'ui/resourceUri': 'ui://show_card/app.html' });
    expect(extension?.outputSchema).toMatchObject({ type: 'object', properties: { ok: { type: 'boolean' } } });
    expect(extension?.resources?.[0]).toMatchObject({ uri: 'ui://show_card/app.html', mimeType: 'text/html;profile=mcp-app', _meta: { ui: { csp: { connectDomains: ['https://api.example.com'] } } } });
    const removed = nextEvent(document.modelContext, 'toolchange');
    registration.unregister();
    await removed;
    expect(getToolExtensions().has('show_card')).toBe(false);
  });
});

describe('registerTools', () => {
  it('registers all or none, and unregisters with the returned handle or the signal', async () => {
    const a = defineTool({ name: 'reg_a', description: 'a', readOnly: true, execute: () => 'a' });
    const clash = defineTool({ name: 'reg_a', description: 'again', readOnly: true, execute: () => 'b' });
    const b = defineTool({ name: 'reg_b', description: 'b', readOnly: true, execute: () => 'b' });
    await expect(registerTools([b, a, clash])).rejects.toMatchObject({ name: 'InvalidStateError' });
    await expect.poll(async () => (await document.modelContext.getTools()).map((t) => t.name)).not.toContain('reg_b');
    const controller = new AbortController();
    const registration = await registerTools([a, b], { signal: controller.signal });
    expect(registration.names).toEqual(['reg_a', 'reg_b']);
    controller.abort();
    await expect.poll(async () => (await document.modelContext.getTools()).map((t) => t.name)).not.toContain('reg_a');
  });

  it('passes the abort signal of a cancelled call to execute', async () => {
    let aborted!: () => void;
    const wasAborted = new Promise<void>((resolve) => (aborted = resolve));
    registrations.push(await registerTools(defineTool({
      name: 'long', description: 'Long', readOnly: true,
      execute: (_input, { signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => { aborted(); reject(signal.reason); })),
    })));
    const controller = new AbortController();
    const call = document.modelContext.executeTool(await getTool('long'), {}, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    await wasAborted;
  });
});
