/**
 * @module
 * `ToolController`: a Lit reactive controller that keeps a tool registered while its host element
 * is connected. Types only from `lit` (structural), so no Lit code ends up in this package.
 */
import { defineTool, registerTools, type DefinedTool, type ToolDefinition } from './define-tool';
import type { StandardSchema } from './standard-schema';
import type { ModelContext } from './types';

/** The part of Lit's `ReactiveControllerHost` the controller uses. */
export interface ToolControllerHost {
  addController(controller: { hostConnected?(): void; hostDisconnected?(): void }): void;
  requestUpdate(): void;
}

/** Options of {@link ToolController}. */
export interface ToolControllerOptions {
  /** The context to register with. @default `document.modelContext` (installing the polyfill if needed) */
  context?: ModelContext;
}

/**
 * Registers a tool on `hostConnected` and unregisters it on `hostDisconnected`, so an element's
 * tools live exactly as long as it is in the document (moves included).
 * @example
 * ```ts
 * class CartView extends LitElement {
 *   tool = new ToolController(this, {
 *     name: 'cart_count', description: 'Items in the cart', readOnly: true,
 *     execute: () => ({ items: this.items.length }),
 *   });
 * }
 * ```
 */
export class ToolController<S extends StandardSchema | undefined = undefined, O extends StandardSchema | undefined = undefined, R = unknown> {
  /** The defined tool (checked when the controller is created). */
  readonly tool: DefinedTool;
  #host: ToolControllerHost;
  #options: ToolControllerOptions;
  #controller: AbortController | undefined;
  #error: unknown;
  #registered = false;

  constructor(host: ToolControllerHost, definition: ToolDefinition<S, O, R>, options: ToolControllerOptions = {}) {
    this.tool = defineTool(definition) as DefinedTool;
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** True while the tool is registered. */
  get registered(): boolean {
    return this.#registered;
  }

  /** The last registration error (e.g. the name is taken), cleared on the next connect. */
  get error(): unknown {
    return this.#error;
  }

  /** Registers the tool. */
  hostConnected(): void {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#error = undefined;
    registerTools(this.tool, { signal: controller.signal, context: this.#options.context }).then(
      () => {
        if (controller.signal.aborted) return;
        this.#registered = true;
        this.#host.requestUpdate();
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        this.#error = error;
        this.#host.requestUpdate();
      },
    );
  }

  /** Unregisters the tool. */
  hostDisconnected(): void {
    this.#controller?.abort();
    this.#controller = undefined;
    this.#registered = false;
  }
}
