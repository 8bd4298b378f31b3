/**
 * Cancelling an `executeTool` call through the polyfill's {@link TOOL_CANCEL} hook (how the bridge
 * connector cancels, without an AbortSignal per call), and calls in flight when the document goes
 * away (one shared `pagehide` listener). The hook is the polyfill's: native WebMCP ignores it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { installModelContext } from '../src/install';
import { TOOL_CANCEL, type ToolClient } from '../src/types';
import { getTool, isNative, nextEvent } from './setup';

beforeAll(() => {
  installModelContext();
});

describe.skipIf(isNative)('executeTool on the polyfill', () => {
  it('hands a TOOL_CANCEL hook the function that cancels the call: rejects with AbortError, aborts the tool\'s signal, fires toolcancel', async () => {
    const seen: string[] = [];
    await document.modelContext.registerTool({
      name: 'cancel_hooked',
      description: 'Waits until cancelled',
      execute: (_input, client: ToolClient) =>
        new Promise((_resolve, reject) => {
          seen.push('started');
          client.signal.addEventListener('abort', () => {
            seen.push(`aborted: ${(client.signal.reason as Error).name}`);
            reject(client.signal.reason);
          });
        }),
    });
    const target = await getTool('cancel_hooked');
    // What a caller checks before relying on the hook (older polyfills and native WebMCP lack it).
    expect(TOOL_CANCEL in document.modelContext).toBe(true);
    let cancel: (() => void) | undefined;
    const call = document.modelContext.executeTool(target, {}, { [TOOL_CANCEL]: (c) => (cancel = c) });
    // Handed over during the call to executeTool, before the tool has started.
    expect(cancel).toBeTypeOf('function');
    await expect.poll(() => seen).toEqual(['started']);
    const cancelled = nextEvent(document.modelContext, 'toolcancel');
    cancel!();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect((await cancelled as CustomEvent & { toolName?: string }).toolName).toBe('cancel_hooked');
    await expect.poll(() => seen).toEqual(['started', 'aborted: AbortError']);
    // Once settled, a late cancel changes nothing.
    cancel!();
  });

  it('a cancel after the answer does nothing, and a call without the hook runs as before', async () => {
    await document.modelContext.registerTool({ name: 'cancel_late', description: 'Answers at once', execute: () => 'done' });
    const target = await getTool('cancel_late');
    let cancel: (() => void) | undefined;
    expect(await document.modelContext.executeTool(target, {}, { [TOOL_CANCEL]: (c) => (cancel = c) })).toBe('done');
    cancel!();
    expect(await document.modelContext.executeTool(target, {})).toBe('done');
  });

  it('rejects with the error of a TOOL_CANCEL hook that throws, and never runs the tool', async () => {
    let runs = 0;
    await document.modelContext.registerTool({ name: 'cancel_throwing_hook', description: 'Counts its runs', execute: () => String(++runs) });
    const target = await getTool('cancel_throwing_hook');
    const hook = () => {
      throw new RangeError('hook failed');
    };
    await expect(document.modelContext.executeTool(target, {}, { [TOOL_CANCEL]: hook })).rejects.toThrow('hook failed');
    expect(await document.modelContext.executeTool(target, {})).toBe('1');
  });

  it('resolves every call in flight with null when the document is hidden for navigation, and later calls still run', async () => {
    let release!: () => void;
    const gate = new Promise<string>((resolve) => (release = () => resolve('released')));
    await document.modelContext.registerTool({ name: 'held', description: 'Waits for a gate', execute: () => gate });
    const target = await getTool('held');
    const calls = [1, 2, 3].map(() => document.modelContext.executeTool(target, {}));
    // What a navigation fires at the window (the page stays here, so later calls can be checked).
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect(await Promise.all(calls)).toEqual([null, null, null]);
    const after = document.modelContext.executeTool(target, {});
    release();
    expect(await after).toBe('released');
  });
});
