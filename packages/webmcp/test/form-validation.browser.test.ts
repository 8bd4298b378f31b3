/**
 * Declarative form tools are validated on every call path. Over the polyfill, `executeTool`
 * refuses bad input before filling anything; layered over native WebMCP (which checks nothing),
 * an agent's call is checked when it submits the form, and an invalid one is answered with an
 * error result that the page's own submit handler never sees.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { formValues } from '../src/form-schema';
import { installModelContext } from '../src/install';
import type { ModelContext, RegisteredTool } from '../src/types';
import { getTool, isNative, mountForm } from './setup';

beforeAll(() => {
  installModelContext();
});


async function waitForTool(name: string): Promise<RegisteredTool> {
  await expect.poll(async () => (await document.modelContext.getTools()).map((t) => t.name)).toContain(name);
  return getTool(name);
}

/** An agent's call: native's own executeTool (as CDP or the browser's agent), not our layer's. */
function agentCall(tool: RegisteredTool, input: object): Promise<string | null> {
  const context = document.modelContext;
  const execute = isNative ? (Object.getPrototypeOf(context) as ModelContext).executeTool : context.executeTool;
  return execute.call(context, tool, input);
}

describe('form tools are validated on every call path', () => {
  it('formValues reads the controls as the schema types them, leaving empty ones out', () => {
    const form = mountForm(`<form><input name="q" value="tea"><input name="n" type="number" value="3"><input name="empty">
      <input name="ok" type="checkbox" checked><input name="tags" type="checkbox" value="a" checked><input name="tags" type="checkbox" value="b">
      <input name="size" type="radio" value="s"><input name="size" type="radio" value="m" checked>
      <select name="many" multiple><option selected>x</option><option>y</option></select></form>`);
    expect(formValues(form)).toEqual({ q: 'tea', n: 3, ok: true, tags: ['a'], size: 'm', many: ['x'] });
  });

  it('an invalid agent call is answered with an error and never reaches the page', async () => {
    const form = mountForm(`<form toolname="rate" tooldescription="Rates" toolautosubmit novalidate>
      <input name="stars" type="number" min="1" max="5" required><input name="code" pattern="[a-z]+"></form>`);
    const seen: string[] = [];
    form.addEventListener('submit', (event) => {
      seen.push(form.stars.value);
      event.preventDefault();
      (event as SubmitEvent).respondWith!(Promise.resolve(`rated ${form.stars.value}`));
    });
    const tool = await waitForTool('rate');
    const outcome = await agentCall(tool, { stars: 10 }).then((text) => JSON.parse(text ?? 'null') as unknown, (e: Error) => `${e.name}: ${e.message}`);
    if (isNative) {
      expect(outcome).toEqual({
        content: [{ type: 'text', text: 'Invalid input for tool "rate": input.stars: 10 is greater than 5, got integer 10' }],
        isError: true,
      });
    } else {
      expect(outcome).toBe('DataError: Invalid input for tool "rate": input.stars: 10 is greater than 5, got integer 10');
    }
    expect(seen).toEqual([]);
    expect(await agentCall(tool, { stars: 4 })).toBe('rated 4');
    expect(seen).toEqual(['4']);
  });
});
