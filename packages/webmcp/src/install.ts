/**
 * @module
 * Installs WebMCP into a window: the polyfill where the browser has no `document.modelContext`,
 * otherwise a thin layer on the native one; plus `navigator.modelContext` in both cases.
 */
import { installDeclarativeForms } from './declarative-forms';
import { MESSAGES } from './errors';
import { PolyfillModelContext, createPolyfillContext, isDomainEnabled, watchDocumentDomain } from './model-context';
import { installNativeFormValidation } from './native-form-validation';
import { layerOnNative } from './native-layer';
import { createNavigatorModelContext } from './navigator-context';
import { hasNativeSubmitEvent } from './submit-event';
import { ToolActivatedEvent, ToolCancelEvent } from './tool-events';
import type { ToolLayer } from './tool-layer';
import type { ModelContext, NavigatorModelContext } from './types';

/** Options of {@link installModelContext}. */
export interface InstallOptions {
  /**
   * Install the polyfill even where the browser has a native `document.modelContext` (for tests
   * and comparisons). Native declarative-form handling, if any, stays native.
   * @default false
   */
  force?: boolean;
  /** The window to install into. @default globalThis */
  window?: Window & typeof globalThis;
  /** Also define `navigator.modelContext` (when the browser has none). @default true */
  navigator?: boolean;
  /**
   * Register `<form toolname>` tools (polyfill); over native WebMCP, which registers its own,
   * check agent-invoked form submissions against the form's schema instead. @default true
   */
  declarativeForms?: boolean;
}

/** What {@link installModelContext} installed. */
export interface Installation {
  /** `document.modelContext`. */
  context: ModelContext;
  /** `navigator.modelContext` (the same registry). */
  navigator: NavigatorModelContext;
  /** True when `context` is the browser's own implementation with webmcp-kit layered on it. */
  native: boolean;
  /** @internal */
  layer: ToolLayer;
}

const INSTALLED = Symbol.for('webmcp-kit.installation');

function define(target: object, key: PropertyKey, descriptor: PropertyDescriptor): void {
  Object.defineProperty(target, key, { configurable: true, ...descriptor });
}

/**
 * Installs WebMCP into a window once (later calls, from any copy of the package, return the first
 * installation). Returns `null` outside secure contexts, where the API does not exist.
 * @example
 * ```ts
 * import { installModelContext } from '@webmcp-kit/webmcp';
 * installModelContext();
 * await document.modelContext.registerTool({ name: 'hello', description: 'Says hello', execute: () => 'hi' });
 * ```
 */
export function installModelContext(options: InstallOptions = {}): Installation | null {
  const win = options.window ?? (globalThis as Window & typeof globalThis);
  if (!win?.document || !win.isSecureContext) return null;
  const store = win as unknown as Record<symbol, Installation | undefined>;
  const existing = store[INSTALLED];
  if (existing && (!options.force || !existing.native)) return existing;

  const doc = win.document;
  let layer: ToolLayer;
  let nativeContext: ModelContext | undefined;
  if (!options.force && 'modelContext' in doc) {
    try {
      nativeContext = doc.modelContext;
    } catch {
      // Native refuses the API here (document.domain enabled): leave its SecurityError to pages.
      return null;
    }
  }
  if (nativeContext) {
    layer = layerOnNative(nativeContext, win);
    if (options.declarativeForms !== false && hasNativeSubmitEvent(win)) installNativeFormValidation(win);
  } else {
    watchDocumentDomain(win);
    const { context, layer: polyfill } = createPolyfillContext(win);
    layer = polyfill;
    if (options.declarativeForms !== false) installDeclarativeForms(doc, context, { force: options.force });
    define(win.Document.prototype, 'modelContext', {
      enumerable: true,
      get(this: Document) {
        if (this !== win.document) return undefined;
        if (isDomainEnabled(win)) throw new DOMException(MESSAGES.domain, 'SecurityError');
        return context;
      },
    });
    define(win, 'ModelContext', { writable: true, value: PolyfillModelContext });
    if (options.force || !('ToolActivatedEvent' in win)) {
      define(win, 'ToolActivatedEvent', { writable: true, value: ToolActivatedEvent });
      define(win, 'ToolCancelEvent', { writable: true, value: ToolCancelEvent });
    }
  }
  const facade = createNavigatorModelContext(layer);
  if (options.navigator !== false && !('modelContext' in win.navigator)) {
    define(win.Navigator.prototype, 'modelContext', { enumerable: true, get: () => facade });
  }
  const installation: Installation = { context: layer.context, navigator: facade, native: layer.native, layer };
  define(win, INSTALLED, { value: installation });
  return installation;
}

/** The current installation in a window, if any. */
export function getInstallation(win: Window = globalThis as unknown as Window): Installation | null {
  return (win as unknown as Record<symbol, Installation | undefined>)[INSTALLED] ?? null;
}

/** True when the browser itself implements `document.modelContext` (ignoring our polyfill). */
export function isNativeModelContext(win: Window = globalThis as unknown as Window): boolean {
  const installation = getInstallation(win);
  if (installation) return installation.native;
  return 'modelContext' in win.document;
}
