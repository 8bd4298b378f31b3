/**
 * `navigator.modelContext` (the older draft's entry point our users start from), over the polyfill
 * and over native Chromium (where webmcp-kit adds it: Chromium removed it in M152).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { installModelContext } from '../src/install';
import { TOOL_NOTIFY, type ModelContextTool, type ToolClient, type ToolNotify } from '../src/types';
import { getTool, isNative, nextEvent } from './setup';

const names = async () => (await document.modelContext.getTools()).map((t) => t.name);
const tool = (name: string, extra: Partial<ModelContextTool> = {}): ModelContextTool => ({
  name,
  description: `The ${name} tool`,
  execute: () => name,
  ...extra,
});

beforeAll(() => {
  const installation = installModelContext();
  expect(installation?.native).toBe(isNative);
});

describe('navigator.modelContext', () => {
  it('is the same registry as document.modelContext', async () => {
    const changed = nextEvent(document.modelContext, 'toolchange');
    const registration = navigator.modelContext.registerTool(tool('nav_one'));
    await changed;
    expect(await names()).toContain('nav_one');
    expect((await navigator.modelContext.getTools()).map((t) => t.name)).toContain('nav_one');
    expect(await navigator.modelContext.executeTool(await getTool('nav_one'), {})).toBe('nav_one');
    const removed = nextEvent(navigator.modelContext, 'toolchange');
    registration.unregister();
    await removed;
    expect(await names()).not.toContain('nav_one');
  });

  it('registerTool is usable without awaiting and throws synchronously on bad input', async () => {
    expect(() => navigator.modelContext.registerTool(tool('bad name'))).toThrow(expect.objectContaining({ name: 'InvalidStateError', message: 'Invalid tool name' }));
    expect(() => navigator.modelContext.registerTool({ name: 'x' } as ModelContextTool)).toThrow(TypeError);
    navigator.modelContext.registerTool(tool('nav_dup'));
    expect(() => navigator.modelContext.registerTool(tool('nav_dup'))).toThrow(expect.objectContaining({ name: 'InvalidStateError', message: 'Duplicate tool name' }));
    navigator.modelContext.unregisterTool('nav_dup');
    await expect.poll(names).not.toContain('nav_dup');
  });

  it('unregisterTool removes tools registered through document.modelContext too', async () => {
    await document.modelContext.registerTool(tool('doc_tool'));
    navigator.modelContext.unregisterTool('doc_tool');
    await expect.poll(names).not.toContain('doc_tool');
    expect(() => navigator.modelContext.unregisterTool('never_registered')).not.toThrow();
  });

  it('provideContext replaces the tools of the previous provideContext call only', async () => {
    navigator.modelContext.registerTool(tool('dynamic'));
    navigator.modelContext.provideContext({ tools: [tool('base_a'), tool('base_b')] });
    await expect.poll(names).toEqual(expect.arrayContaining(['base_a', 'base_b', 'dynamic']));
    navigator.modelContext.provideContext({ tools: [tool('base_b', { execute: () => 'new b' }), tool('base_c')] });
    await expect.poll(names).toEqual(expect.arrayContaining(['base_b', 'base_c', 'dynamic']));
    expect(await names()).not.toContain('base_a');
    await expect.poll(async () => document.modelContext.executeTool(await getTool('base_b'), {})).toBe('new b');
    expect(() => navigator.modelContext.provideContext({ tools: [tool('ok_1'), tool('bad name')] })).toThrow('Invalid tool name');
    await expect.poll(names).not.toContain('ok_1');
    navigator.modelContext.clearContext();
    await expect.poll(async () => (await names()).filter((n) => ['base_b', 'base_c', 'dynamic'].includes(n))).toEqual([]);
  });

  it('execute(input, client) gets signal and requestUserInteraction, which marks the wait', async () => {
    const events: string[] = [];
    const onStart = (e: Event) => events.push(`start ${(e as CustomEvent).detail.toolName}`);
    const onEnd = (e: Event) => events.push(`end ${(e as CustomEvent).detail.toolName}`);
    document.modelContext.addEventListener('toolinteractionstart', onStart);
    document.modelContext.addEventListener('toolinteractionend', onEnd);
    navigator.modelContext.registerTool(tool('asks_user', {
      execute: async (input, client: ToolClient) => {
        expect(client.signal).toBeInstanceOf(AbortSignal);
        const answer = await client.requestUserInteraction(async () => {
          events.push('callback');
          return `yes to ${String(input.item)}`;
        });
        return answer;
      },
    }));
    await expect.poll(names).toContain('asks_user');
    expect(await document.modelContext.executeTool(await getTool('asks_user'), { item: 'tea' })).toBe('yes to tea');
    expect(events).toEqual(['start asks_user', 'callback', 'end asks_user']);
    document.modelContext.removeEventListener('toolinteractionstart', onStart);
    document.modelContext.removeEventListener('toolinteractionend', onEnd);
    navigator.modelContext.unregisterTool('asks_user');
  });

  it("execute's reportProgress and log reach the notify of the executeTool call that ran it", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await document.modelContext.registerTool(tool('reports', {
      execute: async (input, client: ToolClient) => {
        client.reportProgress(1, 2, `half of ${String(input.n)}`);
        await gate;
        client.log('warning', { n: input.n });
        return 'reported';
      },
    }));
    const seen: Record<number, unknown[]> = { 1: [], 2: [] };
    const notify = (n: number): ToolNotify => (m) => void seen[n]!.push(m);
    const target = await getTool('reports');
    // Two overlapping calls of one tool: each call's messages go to its own caller.
    const calls = [1, 2].map((n) => document.modelContext.executeTool(target, { n }, { [TOOL_NOTIFY]: notify(n) }));
    await expect.poll(() => seen[1]!.length + seen[2]!.length).toBe(2);
    release();
    expect(await Promise.all(calls)).toEqual(['reported', 'reported']);
    for (const n of [1, 2]) {
      expect(seen[n]).toEqual([
        { t: 'progress', progress: 1, total: 2, message: `half of ${n}` },
        { t: 'log', level: 'warning', data: { n } },
      ]);
    }
    // Without a notify (any other caller) both are no-ops.
    const lone = document.modelContext.executeTool(target, { n: 3 });
    expect(await lone).toBe('reported');
    navigator.modelContext.unregisterTool('reports');
  });

  it("execute's sample and elicit hand their request to the caller's notify and resolve with its answer", async () => {
    await document.modelContext.registerTool(tool('asks_agent', {
      execute: async (_input, client: ToolClient) => {
        const said = await client.sample({ messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }], maxTokens: 5 });
        const form = await client.elicit({ message: 'Name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } } } });
        return `${said.content.text} ${form.action}`;
      },
    }));
    const asked: unknown[] = [];
    const notify: ToolNotify = (m) => {
      asked.push(m);
      return Promise.resolve(m.t === 'sample' ? { role: 'assistant', content: { type: 'text', text: 'hello' }, model: 'm' } : { action: 'decline' });
    };
    const target = await getTool('asks_agent');
    expect(await document.modelContext.executeTool(target, {}, { [TOOL_NOTIFY]: notify })).toBe('hello decline');
    expect(asked).toEqual([
      { t: 'sample', params: { messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }], maxTokens: 5 } },
      { t: 'elicit', params: { message: 'Name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } } } } },
    ]);
    // Without a notify there is nobody to ask: the tool's promise rejects.
    await document.modelContext.registerTool(tool('asks_nobody', {
      execute: (_input, client: ToolClient) => client.sample({ messages: [], maxTokens: 1 }).catch((e: DOMException) => `${e.name}: ${e.message}`),
    }));
    expect(await document.modelContext.executeTool(await getTool('asks_nobody'), {})).toBe('NotSupportedError: sample(): no caller to ask');
    navigator.modelContext.unregisterTool('asks_agent');
    navigator.modelContext.unregisterTool('asks_nobody');
  });

  it('forwards the on* handler attributes to document.modelContext', async () => {
    const seen: Event[] = [];
    navigator.modelContext.ontoolchange = (event: Event) => seen.push(event);
    expect(document.modelContext.ontoolchange).toBe(navigator.modelContext.ontoolchange);
    await document.modelContext.registerTool(tool('onhandler'));
    expect(seen.length).toBeGreaterThan(0);
    navigator.modelContext.ontoolchange = null;
    const count = seen.length;
    const next = nextEvent(document.modelContext, 'toolchange');
    navigator.modelContext.unregisterTool('onhandler');
    await next;
    expect(seen.length).toBe(count);
  });

  it('installing twice keeps the first installation (no double registration)', () => {
    const first = installModelContext();
    expect(installModelContext()).toBe(first);
  });
});
