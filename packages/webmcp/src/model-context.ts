/**
 * @module
 * The polyfilled `ModelContext`: one per document, spec algorithms with native Chromium's
 * observable behaviour (same DOMException names and messages), plus input validation.
 */
import { MESSAGES, domError } from './errors';
import { compileInputValidator, type InputValidator } from './input-validator';
import {
  convertExecuteArguments,
  convertFromOrigins,
  convertTool,
  serializeResult,
  snapshotInput,
  toRegisteredTool,
  type ToolRecord,
} from './tool-conversion';
import { FORM_TOOL } from './declarative-forms';
import { NAVIGATED } from './submit-event';
import { createToolClient, toolEventClasses, type ToolActivatedEvent } from './tool-events';
import { createToolLayer, linkSignal, type ToolLayer } from './tool-layer';
import type {
  ModelContext,
  ModelContextExecuteToolOptions,
  ModelContextGetToolOptions,
  ModelContextRegisterToolOptions,
  ModelContextTool,
  RegisteredTool,
  ToolNotify,
} from './types';
import { TOOL_CANCEL, TOOL_NOTIFY, type ToolCancelHook } from './types';

/** Key under which a polyfilled context exposes its registry to same-origin frames' polyfills. */
export const REGISTRY_KEY = Symbol.for('webmcp-kit.registry');

interface Entry {
  record: ToolRecord;
  /** `record` without `execute`: all other frames' polyfills ever see. */
  info: ToolInfo;
  controller: AbortController;
  validate?: InputValidator;
}

/** A registered tool as other frames see it: never its `execute`, which only `run` reaches. */
type ToolInfo = Readonly<Omit<ToolRecord, 'execute'>>;

/**
 * What one document's polyfill shows other frames' polyfills (under a well-known key, so any
 * script of the origin sees it too): metadata, and `run`, which validates like `executeTool`.
 */
interface FrameRegistry {
  owner: Window;
  origin: string;
  entries(): Iterable<ToolInfo>;
  get(name: string): ToolInfo | undefined;
  changed(): void;
  /** `input` is the caller's snapshot as JSON text. */
  run(name: string, inputJson: string, signal?: AbortSignal, notify?: ToolNotify, onCancel?: ToolCancelHook): Promise<string | null>;
}

type Handler = ((this: ModelContext, event: Event) => unknown) | null;

let constructing = false;
let createContext: (win: Window & typeof globalThis) => { context: PolyfillModelContext; layer: ToolLayer };

/** Creates the polyfilled context of `win`'s document and its tool layer. */
export function createPolyfillContext(win: Window & typeof globalThis): {
  context: PolyfillModelContext;
  layer: ToolLayer;
} {
  return createContext(win);
}

function registryOf(win: Window): FrameRegistry | undefined {
  try {
    return (win.document as unknown as { modelContext?: Record<symbol, FrameRegistry> }).modelContext?.[REGISTRY_KEY];
  } catch {
    return undefined; // cross-origin frame
  }
}

function* frameTree(win: Window): Generator<Window> {
  yield win;
  for (let i = 0; i < win.frames.length; i++) {
    const child = win.frames[i];
    if (child) yield* frameTree(child);
  }
}

function topSameOrigin(win: Window): Window {
  let current = win;
  while (current.parent !== current) {
    try {
      void current.parent.document;
    } catch {
      break;
    }
    current = current.parent;
  }
  return current;
}

/** `document.modelContext` as this polyfill implements it. */
export class PolyfillModelContext extends EventTarget implements ModelContext {
  #win!: Window & typeof globalThis;
  #tools = new Map<string, Entry>();
  #allowed: boolean | undefined;
  // Calls in flight, settled null if the document navigates away. One `pagehide` listener for all of
  // them: adding and removing a window `pagehide` listener per call cost Chromium ~20 µs a call.
  #onPageHide?: Set<() => void>;

  /** True: `executeTool` takes a {@link TOOL_CANCEL} hook (a caller checks for this key, not for the polyfill). */
  get [TOOL_CANCEL](): true {
    return true;
  }

  constructor() {
    if (!constructing) throw new TypeError('Illegal constructor');
    super();
  }

  static {
    createContext = (win) => {
      constructing = true;
      let context: PolyfillModelContext;
      try {
        context = new PolyfillModelContext();
      } finally {
        constructing = false;
      }
      context.#win = win;
      const registry: FrameRegistry = {
        owner: win,
        get origin() {
          return win.origin;
        },
        entries: () => Array.from(context.#tools.values(), (entry) => entry.info),
        get: (name) => context.#tools.get(name)?.info,
        changed: () => context.dispatchEvent(new Event('toolchange')),
        run: (name, input, signal, notify, onCancel) => context.#run(name, input, signal, notify, onCancel),
      };
      Object.defineProperty(context, REGISTRY_KEY, { value: registry });
      const layer = createToolLayer(context, false, (tool, options) => context.#register(tool, options), context.#tools);
      return { context, layer };
    };
  }

  declare ontoolchange: Handler;
  declare ontoolactivated: Handler;
  declare ontoolcancel: Handler;

  /** Registers a tool; aborting `options.signal` unregisters it. */
  registerTool(tool: ModelContextTool, options?: ModelContextRegisterToolOptions): Promise<void> {
    try {
      return this.#register(tool, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Lists the tools this document may call, sorted by name. */
  async getTools(options?: ModelContextGetToolOptions): Promise<RegisteredTool[]> {
    this.#checkAllowed();
    const fromOrigins = convertFromOrigins(options);
    const ownOrigin = this.#win.origin;
    const tools: RegisteredTool[] = [];
    for (const frame of frameTree(topSameOrigin(this.#win))) {
      const registry = registryOf(frame);
      if (!registry) continue;
      const origin = registry.origin;
      const sameOrigin = origin === ownOrigin;
      if (!sameOrigin && !fromOrigins.includes(origin)) continue;
      for (const record of registry.entries()) {
        if (sameOrigin || record.exposedTo.includes(ownOrigin)) tools.push(toRegisteredTool(record, registry.owner, origin));
      }
    }
    return tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Runs a tool (validating `input` against its schema first) and resolves to its result as text. */
  async executeTool(
    tool: RegisteredTool,
    input?: object,
    options?: ModelContextExecuteToolOptions,
  ): Promise<string | null> {
    this.#checkAllowed();
    const { tool: target, input: args } = convertExecuteArguments(tool, input);
    const signal = options?.signal;
    if (signal?.aborted) throw signal.reason;
    let origin: string;
    try {
      origin = new URL(target.origin).origin;
    } catch {
      throw domError('NotSupportedError', MESSAGES.badOrigin);
    }
    if (origin === 'null') throw domError('NotSupportedError', MESSAGES.badOrigin);
    if (target.window?.closed) throw domError('InvalidStateError', MESSAGES.detached);
    const registry = registryOf(target.window);
    const info = registry?.get(target.name);
    if (!registry || !info || registry.origin !== origin) throw domError('UnknownError', MESSAGES.unknownTool);
    if (origin !== this.#win.origin && !info.exposedTo.includes(this.#win.origin)) {
      throw domError('UnknownError', MESSAGES.unknownTool);
    }
    return registry.run(target.name, snapshotInput(args), signal, options?.[TOOL_NOTIFY], options?.[TOOL_CANCEL]);
  }

  #checkAllowed(): void {
    if (isDomainEnabled(this.#win)) throw domError('SecurityError', MESSAGES.domain);
    // A document's permissions policy is fixed for its lifetime, so it is read once.
    if (this.#allowed === undefined) {
      const policy = (this.#win.document as Document & {
        featurePolicy?: { allowsFeature(name: string): boolean; features(): string[] };
      }).featurePolicy;
      this.#allowed = !policy?.features().includes('tools') || policy.allowsFeature('tools');
    }
    if (!this.#allowed) throw domError('NotAllowedError', MESSAGES.policy);
  }

  #register(tool: unknown, options?: unknown): Promise<void> {
    this.#checkAllowed();
    const { record, signal } = convertTool(tool, options);
    if (this.#tools.has(record.name)) throw domError('InvalidStateError', MESSAGES.duplicate);
    if (signal?.aborted) throw signal.reason;
    const controller = new AbortController();
    const { execute: _execute, ...info } = record;
    const entry: Entry = { record, info: Object.freeze(info), controller };
    this.#tools.set(record.name, entry);
    linkSignal(controller, signal).addEventListener('abort', () => {
      if (this.#tools.get(record.name) !== entry) return;
      this.#tools.delete(record.name);
      this.#changed();
    }, { once: true });
    // Native fires toolchange after registerTool returns and before its promise resolves; a signal
    // aborted meanwhile unregisters the tool and rejects the registration with its reason.
    return Promise.resolve().then(() => {
      if (signal?.aborted) throw signal.reason;
      this.#changed();
    });
  }

  // The web platform tests expect the events at the window too, before the context (native 156
  // fires them at the context only); one event object cannot be dispatched twice.
  #fire(EventClass: typeof ToolActivatedEvent, type: string, toolName: string): void {
    this.#win.dispatchEvent(new EventClass(type, { toolName }));
    this.dispatchEvent(new EventClass(type, { toolName }));
  }

  // getTools spans the frame tree, so (as native does) every document in it hears of a change.
  #changed(): void {
    for (const frame of frameTree(topSameOrigin(this.#win))) registryOf(frame)?.changed();
  }

  #run(name: string, inputJson: string, callerSignal?: AbortSignal, notify?: ToolNotify, onCancel?: ToolCancelHook): Promise<string | null> {
    const entry = this.#tools.get(name);
    if (!entry) return Promise.reject(domError('UnknownError', MESSAGES.unknownTool));
    try {
      (entry.validate ??= compileInputValidator(entry.record.schemaJson, name))(JSON.parse(inputJson));
    } catch (error) {
      return Promise.reject(error);
    }
    // A fresh parse of what was validated: nothing the caller or a listener holds reaches it.
    const input = JSON.parse(inputJson) as Record<string, unknown>;
    const { Activated, Cancel } = toolEventClasses(this.#win);
    return new Promise((resolve, reject) => {
      const toolController = new AbortController();
      let settled = false;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        callerSignal?.removeEventListener('abort', onAbort);
        this.#onPageHide!.delete(onNavigate);
        action();
      };
      const cancel = (reason: unknown) => {
        settle(() => reject(reason));
        setTimeout(() => {
          // As natively, the tool sees a plain AbortError, whatever reason the caller gave.
          toolController.abort();
          this.#fire(Cancel, 'toolcancel', name);
        });
      };
      // A document that navigates away mid-call resolves null, as the spec says.
      const onNavigate = () => settle(() => resolve(null));
      const formTool = (entry.record.execute as unknown as Record<symbol, unknown>)[FORM_TOOL] === true;
      const fail = (error: unknown) => {
        if (settled) return;
        // Native reports a declarative form's own errors as they are; any other tool's as generic.
        if (formTool && error instanceof DOMException) return settle(() => reject(error));
        console.warn('WebMCP tool execution failed:', error);
        settle(() => reject(domError('UnknownError', MESSAGES.invocationFailed, error)));
      };
      // First, so a hook that throws rejects the call before anything is registered for it.
      onCancel?.(() => cancel(new DOMException('The call was cancelled', 'AbortError')));
      const onAbort = () => cancel(callerSignal!.reason);
      callerSignal?.addEventListener('abort', onAbort, { once: true });
      if (!this.#onPageHide) {
        const handlers = (this.#onPageHide = new Set());
        // A handler deletes itself as it runs; a Set's iteration allows that.
        this.#win.addEventListener('pagehide', () => handlers.forEach((handler) => handler()));
      }
      this.#onPageHide.add(onNavigate);
      // As natively: `execute` starts in a later task, never inside executeTool(), and toolactivated
      // follows its start (a form tool is filled by then). A caller that aborts meanwhile has its
      // answer already; the tool's signal aborts a task later, so the tool sees it.
      setTimeout(() => {
        let value: unknown;
        try {
          value = entry.record.execute.call(undefined, input, createToolClient(this, name, toolController.signal, notify));
        } catch (error) {
          value = Promise.reject(error);
        }
        this.#fire(Activated, 'toolactivated', name);
        Promise.resolve(value).then((result) => {
          // A form whose submission went ahead navigates the document: the spec's null.
          if (result === NAVIGATED) return settle(() => resolve(null));
          let text: string;
          try {
            text = serializeResult(result);
          } catch (error) {
            fail(error);
            return;
          }
          settle(() => resolve(text));
        }, fail);
      });
    });
  }

}

const domainSet = new WeakSet<Document>();
const DOMAIN_WATCHED = Symbol.for('webmcp-kit.domain-watched');

/**
 * True when `document.domain` can widen this document's agent cluster (Chromium: the cluster is
 * not origin-keyed, so native WebMCP refuses the whole API) or has been set (other browsers).
 */
export function isDomainEnabled(win: Window): boolean {
  return (win as { originAgentCluster?: boolean }).originAgentCluster === false || domainSet.has(win.document);
}

/** Notes every `document.domain` assignment in `win`, for {@link isDomainEnabled}. */
export function watchDocumentDomain(win: Window & typeof globalThis): void {
  const proto = win.Document.prototype;
  const descriptor = Object.getOwnPropertyDescriptor(proto, 'domain');
  const set = descriptor?.set;
  if (!descriptor || !set || (set as { [DOMAIN_WATCHED]?: true })[DOMAIN_WATCHED]) return;
  const watched = Object.assign(function (this: Document, value: string) {
    set.call(this, value);
    // In an origin-keyed agent cluster the assignment does nothing (Chromium's default).
    if ((win as { originAgentCluster?: boolean }).originAgentCluster !== true) domainSet.add(this);
  }, { [DOMAIN_WATCHED]: true as const });
  Object.defineProperty(proto, 'domain', { ...descriptor, set: watched });
}

// The three EventHandler attributes: each adds one listener that calls the current handler.
for (const type of ['toolchange', 'toolactivated', 'toolcancel']) {
  const handlers = new WeakMap<EventTarget, Handler>();
  Object.defineProperty(PolyfillModelContext.prototype, `on${type}`, {
    configurable: true,
    enumerable: true,
    get(this: PolyfillModelContext) {
      return handlers.get(this) ?? null;
    },
    set(this: PolyfillModelContext, value: Handler) {
      if (!handlers.has(this)) this.addEventListener(type, (event) => handlers.get(this)?.call(this, event));
      handlers.set(this, typeof value === 'function' ? value : null);
    },
  });
}
