/**
 * `useTool` in real Chromium (over the polyfill and over native WebMCP): one registration under
 * StrictMode, removal on unmount, re-registration when deps change, the latest `execute` runs.
 */
import { act, Component, createElement, StrictMode, useState, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installModelContext } from '@webmcp-kit/webmcp';
import { useTool } from '../src/index';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
let container: HTMLElement;

beforeAll(() => {
  installModelContext();
});
afterEach(async () => {
  await act(async () => root?.unmount());
  root = undefined;
  container?.remove();
});

async function render(node: ReactNode): Promise<void> {
  container = document.body.appendChild(document.createElement('div'));
  root = createRoot(container);
  await act(async () => root!.render(createElement(StrictMode, null, node)));
}

const names = async () => (await document.modelContext.getTools()).map((t) => t.name);
const tool = async (name: string) => (await document.modelContext.getTools()).find((t) => t.name === name)!;
const run = async (name: string, input: object) => JSON.parse((await document.modelContext.executeTool(await tool(name), input)) ?? 'null');

/** Counts registerTool calls that succeed and are still live. */
function Counter({ label, step }: { label: string; step: number }) {
  const [count] = useState(7);
  useTool(
    {
      name: 'read_counter',
      description: `Reads the ${label} counter`,
      readOnly: true,
      input: z.object({ times: z.number().int().min(1) }),
      execute: ({ times }) => ({ value: count * times + step }),
    },
    [label],
  );
  return createElement('p', null, label);
}

let caught: unknown;
class Boundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: unknown) {
    caught = error;
  }
  override render() {
    return this.state.failed ? createElement('p', null, 'failed') : this.props.children;
  }
}

/** Counts registerTool calls on document.modelContext while `run` runs. */
async function countRegistrations(run: () => Promise<void>): Promise<number> {
  const mc = document.modelContext as unknown as Record<string, unknown>;
  const original = mc.registerTool as (...args: unknown[]) => Promise<void>;
  let calls = 0;
  Object.defineProperty(mc, 'registerTool', {
    configurable: true,
    writable: true,
    value: (...args: unknown[]) => (calls++, original.apply(mc, args)),
  });
  try {
    await run();
  } finally {
    delete mc.registerTool;
  }
  return calls;
}

describe('useTool', () => {
  it('registers exactly once under StrictMode and removes the tool on unmount', async () => {
    expect(await countRegistrations(() => render(createElement(Counter, { label: 'blue', step: 0 })))).toBe(1);
    expect((await names()).filter((n) => n === 'read_counter')).toHaveLength(1);
    expect(await run('read_counter', { times: 2 })).toEqual({ value: 14 });
    await act(async () => root!.unmount());
    root = undefined;
    expect(await names()).not.toContain('read_counter');
  });

  it('keeps the registration when the same tool is unmounted and mounted in one commit (Fast Refresh, keys)', async () => {
    // Native fires the registration's toolchange in a later task: wait for it before counting.
    const registered = new Promise<void>((resolve, reject) => {
      document.modelContext.addEventListener('toolchange', () => resolve(), { once: true });
      setTimeout(() => reject(new Error('no toolchange within 5 s of registering read_counter')), 5_000);
    });
    await render(createElement(Counter, { key: 'a', label: 'blue', step: 0 }));
    await registered;
    let changes = 0;
    const count = () => changes++;
    document.modelContext.addEventListener('toolchange', count);
    try {
      const calls = await countRegistrations(() =>
        act(async () => root!.render(createElement(StrictMode, null, createElement(Counter, { key: 'b', label: 'blue', step: 1 })))),
      );
      expect(calls).toBe(0);
      expect(await run('read_counter', { times: 1 })).toEqual({ value: 8 });
      expect(changes).toBe(0);
    } finally {
      document.modelContext.removeEventListener('toolchange', count);
    }
  });

  it('validates input from the zod schema before execute runs', async () => {
    await render(createElement(Counter, { label: 'blue', step: 0 }));
    await expect(run('read_counter', { times: 0 })).rejects.toThrow();
  });

  it('re-registers when deps change, and runs the latest render\'s execute without re-registering', async () => {
    await render(createElement(Counter, { label: 'blue', step: 0 }));
    let changes = 0;
    const count = () => changes++;
    document.modelContext.addEventListener('toolchange', count);
    try {
      // Same deps, new closure: nothing re-registers, the new execute answers.
      await act(async () => root!.render(createElement(StrictMode, null, createElement(Counter, { label: 'blue', step: 100 }))));
      expect(await run('read_counter', { times: 1 })).toEqual({ value: 107 });
      expect((await tool('read_counter')).description).toMatch(/blue/);
      // New deps: registered again with the new description, still one tool of that name.
      await act(async () => root!.render(createElement(StrictMode, null, createElement(Counter, { label: 'red', step: 100 }))));
      await expect.poll(async () => (await tool('read_counter'))?.description).toMatch(/red/);
      expect((await names()).filter((n) => n === 'read_counter')).toHaveLength(1);
      expect(changes).toBeGreaterThan(0);
    } finally {
      document.modelContext.removeEventListener('toolchange', count);
    }
  });

  it('throws a registration error (a name already taken) to the error boundary', async () => {
    const taken = new AbortController();
    await document.modelContext.registerTool({ name: 'taken', description: 'already here', execute: () => 'x' }, { signal: taken.signal });
    caught = undefined;
    function Taken() {
      useTool({ name: 'taken', description: 'second', readOnly: true, execute: () => 'y' });
      return null;
    }
    try {
      await render(createElement(Boundary, null, createElement(Taken)));
      await expect.poll(() => caught).toBeDefined();
      expect((caught as DOMException).name).toBe('InvalidStateError');
      expect(container.textContent).toBe('failed');
    } finally {
      taken.abort();
    }
  });

  it('throws an invalid definition to the error boundary, naming the field', async () => {
    caught = undefined;
    function Bad() {
      useTool({ name: 'bad_tool', description: 'no readOnly', execute: () => 'x' } as never);
      return null;
    }
    await render(createElement(Boundary, null, createElement(Bad)));
    await expect.poll(() => caught).toBeDefined();
    expect(caught).toMatchObject({ code: 'WEBMCP_KIT_INVALID_DEFINITION' });
    expect((caught as Error).message).toMatch(/bad_tool.*readOnly is required/);
    expect(await names()).not.toContain('bad_tool');
  });
});
