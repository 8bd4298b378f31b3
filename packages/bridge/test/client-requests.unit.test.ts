/** The bridge's checks and bounds on a page tool's sample/elicit requests, and the call clock's holds. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallNotifier } from '../src/call-notifications';
import { ASK_LIMITS, checkAsk, createCallAsker } from '../src/client-requests';
import { holdCall, trackInteraction, type PendingCall } from '../src/pending-call';

const TEXT = { role: 'user', content: { type: 'text', text: 'hi' } };

describe('checkAsk', () => {
  it('accepts MCP sampling and form elicitation params', () => {
    expect(checkAsk('sample', { messages: [TEXT], maxTokens: 10, systemPrompt: 'brief' })).toMatchObject({ messages: [TEXT], maxTokens: 10, systemPrompt: 'brief' });
    const form = { message: 'Name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' }, n: { type: 'integer', minimum: 1 } }, required: ['name'] } };
    expect(checkAsk('elicit', form)).toMatchObject(form);
  });

  it('says what is wrong and where', () => {
    expect(() => checkAsk('sample', { messages: [TEXT], maxTokens: 1.5 })).toThrow('sample(request).maxTokens: expected a positive integer; got 1.5');
    expect(() => checkAsk('sample', { messages: [TEXT], maxTokens: -1 })).toThrow('sample(request).maxTokens: expected a positive integer; got -1');
    expect(() => checkAsk('sample', { messages: [TEXT], maxTokens: 5, tools: [] })).toThrow('sample(request): tools and toolChoice are not supported');
    expect(() => checkAsk('sample', { maxTokens: 5 })).toThrow(/^sample\(request\)\.messages: /);
    expect(() => checkAsk('elicit', { message: 'x', mode: 'url', url: 'https://x.example' })).toThrow('elicit(request).mode: only "form" elicitation is supported; got "url"');
    expect(() => checkAsk('elicit', { message: 'x', requestedSchema: { type: 'object', properties: { a: { type: 'array', items: { type: 'number' } } } } })).toThrow(
      /^elicit\(request\)\.requestedSchema\.properties\.a/,
    );
    let deep: unknown = 'x';
    for (let i = 0; i < 20; i++) deep = { deep };
    expect(() => checkAsk('sample', { messages: [TEXT], maxTokens: 5, metadata: deep })).toThrow('sample(request): request nests deeper than 16 levels');
  });

  it('either returns the params or throws an Error naming the request, whatever a page sends', () => {
    fc.assert(
      fc.property(fc.constantFrom('sample' as const, 'elicit' as const), fc.anything({ maxDepth: 6 }), (kind, params) => {
        try {
          checkAsk(kind, params);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
          expect((e as Error).message.startsWith(`${kind}(request)`)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('createCallAsker', () => {
  it('lets one request wait at a time, ten per call, holding the clock while one waits', async () => {
    const holds: boolean[] = [];
    let answer!: (v: unknown) => void;
    const asker = createCallAsker(() => new Promise((r) => (answer = r)), (on) => holds.push(on));
    const ask = () => asker.ask('sample', { messages: [TEXT], maxTokens: 1 });
    const first = ask();
    await expect(ask()).rejects.toThrow('only 1 request to the client may wait at a time per call');
    await Promise.resolve();
    answer('one');
    expect(await first).toBe('one');
    expect(holds).toEqual([true, false]);
    for (let i = 1; i < ASK_LIMITS.perCall; i++) {
      const next = ask();
      await Promise.resolve();
      answer(i);
      await next;
    }
    await expect(ask()).rejects.toThrow('a call may make at most 10 requests to the client');
    asker.stop();
    await expect(ask()).rejects.toThrow();
  });

  it('refuses without a client to ask and with an unknown kind', async () => {
    await expect(createCallAsker(undefined, () => {}).ask('elicit', {})).rejects.toThrow('elicit(): this call has no MCP client to ask');
    await expect(createCallAsker(async () => 1, () => {}).ask('exec', {})).rejects.toThrow('unknown request kind "exec"');
  });
});

describe('holdCall', () => {
  it('restarts the clock only when the last hold (user interaction or client request) ends', () => {
    const beats: string[] = [];
    const notes = { heartbeat: (m: string) => void beats.push(m) } as unknown as CallNotifier;
    const call = { tool: 't', remainingMs: 1000, resumedAt: Date.now(), paused: false, holds: 0, byUser: false, notes } as unknown as PendingCall;
    let armed = 0;
    const arm = () => void armed++;
    const interactions = new Map<string, number>();
    holdCall(call, true, arm, 'Waiting for the MCP client');
    trackInteraction(interactions, [call], 't', true, arm);
    expect(call.paused).toBe(true);
    holdCall(call, false, arm, 'answered');
    expect([call.paused, armed]).toEqual([true, 0]);
    trackInteraction(interactions, [call], 't', false, arm);
    expect([call.paused, armed, call.holds]).toEqual([false, 1, 0]);
    expect(beats).toEqual(['Waiting for the MCP client', 'The user responded; running in the page']);
  });
});
