/**
 * Shared helpers for the browser suites. `webmcpMode` is 'native' in the project that launches
 * Chromium with native WebMCP, 'polyfill' otherwise.
 */
import { afterEach, inject } from 'vitest';
import type { ModelContextTool, RegisteredTool } from '../src/types';

export const mode = inject('webmcpMode');
export const isNative = mode === 'native';

const registered: AbortController[] = [];

// Unregisters what the test registered and waits for the toolchange events of those removals
// (native fires them a task later), so they can't land in the next test's listeners.
afterEach(async () => {
  const live = registered.splice(0).filter((controller) => !controller.signal.aborted);
  if (!live.length) return;
  const context = document.modelContext;
  await new Promise<void>((resolve) => {
    let seen = 0;
    const finish = () => {
      clearTimeout(timer);
      context.removeEventListener('toolchange', onChange);
      resolve();
    };
    const onChange = () => {
      if (++seen >= live.length) finish();
    };
    const timer = setTimeout(finish, 2000);
    context.addEventListener('toolchange', onChange);
    for (const controller of live) controller.abort();
  });
});

const added: Element[] = [];

// Registered after the hook above, so (hooks run as a stack) elements go before tools are unregistered.
afterEach(() => {
  while (added.length) added.pop()?.remove();
});

/** Keeps `element` in the page until the test ends. */
export function addForTest<T extends Element>(element: T): T {
  added.push(element);
  return element;
}

/** Adds markup to the page for this test; returns its first form. */
export function mountForm(html: string): HTMLFormElement {
  const host = document.createElement('div');
  host.innerHTML = html;
  document.body.append(addForTest(host));
  return host.querySelector('form')!;
}

/**
 * Appends an iframe showing `html` (srcdoc) and resolves with its window once that document has
 * loaded. The listener is on before the frame is inserted and waits for the srcdoc document itself:
 * a `load` taken as it came could be the initial about:blank one, whose document the srcdoc one then
 * replaces (with whatever was registered on it).
 */
export function loadSrcdocFrame(html: string, src?: string): Promise<{ frame: HTMLIFrameElement; child: Window & typeof globalThis }> {
  const frame = document.createElement('iframe');
  if (src) frame.src = src;
  frame.srcdoc = html;
  const loaded = new Promise<{ frame: HTMLIFrameElement; child: Window & typeof globalThis }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the srcdoc frame did not load within 5 s')), 5000);
    const check = () => {
      const child = frame.contentWindow as (Window & typeof globalThis) | null;
      if (child?.location.href !== 'about:srcdoc' || child.document.readyState !== 'complete') return;
      clearTimeout(timer);
      frame.removeEventListener('load', check);
      resolve({ frame, child });
    };
    frame.addEventListener('load', check);
  });
  document.body.append(frame);
  return loaded;
}

/** Registers a tool on `document.modelContext`, unregistered after the test. */
export async function register(tool: Partial<ModelContextTool> & { name: string }, exposedTo?: string[]): Promise<AbortController> {
  const controller = new AbortController();
  await document.modelContext.registerTool(
    { description: `The ${tool.name} tool`, execute: () => 'ok', ...tool } as ModelContextTool,
    { signal: controller.signal, exposedTo },
  );
  registered.push(controller);
  return controller;
}

/** The registered tool named `name` as `getTools` returns it. */
export async function getTool(name: string): Promise<RegisteredTool> {
  const tool = (await document.modelContext.getTools()).find((t) => t.name === name);
  if (!tool) throw new Error(`tool ${name} is not registered`);
  return tool;
}

/**
 * The tool `name` once the top document's `getTools()` lists it (polled, at most `timeoutMs`):
 * native WebMCP lists a frame's tool some time after the frame's `registerTool` has resolved.
 */
export async function waitForTool(name: string, timeoutMs = 5000): Promise<RegisteredTool> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const tool = (await document.modelContext.getTools()).find((t) => t.name === name);
    if (tool) return tool;
    if (performance.now() > deadline) throw new Error(`tool ${name} was not listed within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves to `"Name: message"` of a rejection, or `"resolved: <value>"`. */
export async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    return `resolved: ${JSON.stringify(await promise)}`;
  } catch (error) {
    const e = error as Error;
    return `${e.name}: ${e.message}`;
  }
}

/** Waits for the next event of a type, bounded. */
export function nextEvent<T extends Event = Event>(target: EventTarget, type: string, timeoutMs = 2000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms`)), timeoutMs);
    target.addEventListener(type, (event) => {
      clearTimeout(timer);
      resolve(event as T);
    }, { once: true });
  });
}
