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

const layers = new WeakMap<object, ToolLayer>();

/** Associates a layer with its context. */
export function setToolLayer(layer: ToolLayer): void {
  layers.set(layer.context, layer);
}

/** The layer installed for a context, if any. */
export function getToolLayer(context: object | undefined): ToolLayer | undefined {
  return context ? layers.get(context) : undefined;
}

/** Links a caller's optional signal with an internal controller: either aborting unregisters. */
export function linkSignal(controller: AbortController, signal?: AbortSignal): AbortSignal {
  return signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
}
