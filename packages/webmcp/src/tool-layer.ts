/**
 * @module
 * What the polyfill and the native layer both offer the `navigator` facade and the helpers:
 * synchronous registration and unregistration by name.
 */
import type { ModelContext } from './types';

/** The registry behind one document's `modelContext`, polyfilled or native. */
export interface ToolLayer {
  readonly context: ModelContext;
  /** True when `context` is the browser's own implementation. */
  readonly native: boolean;
  /** Registers at once; throws what `registerTool` would reject with (native: best effort). */
  registerNow(tool: unknown, options?: unknown): Promise<void>;
  /** Unregisters a tool registered through this layer; false when there is none by that name. */
  unregister(name: string): boolean;
  /** Unregisters every tool registered through this layer. */
  clear(): void;
}

/**
 * Creates the layer over a registry whose entries each own an `AbortController`: unregistering
 * aborts it, as the spec's unregistration does.
 */
export function createToolLayer(
  context: ModelContext,
  native: boolean,
  registerNow: ToolLayer['registerNow'],
  entries: ReadonlyMap<string, { controller: AbortController }>,
): ToolLayer {
  return {
    context,
    native,
    registerNow,
    unregister(name) {
      const entry = entries.get(name);
      entry?.controller.abort();
      return Boolean(entry);
    },
    clear() {
      for (const entry of [...entries.values()]) entry.controller.abort();
    },
  };
}

/** Links a caller's optional signal with an internal controller: either aborting unregisters. */
export function linkSignal(controller: AbortController, signal?: AbortSignal): AbortSignal {
  return signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
}
