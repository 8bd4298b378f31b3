/**
 * @module
 * `navigator.modelContext`: the entry point of the older drafts and of most tutorials. It is the
 * same registry as `document.modelContext` (spec PR #184 moved the getter to `Document`), and
 * keeps the older methods: synchronous `registerTool`, `unregisterTool`, `provideContext`,
 * `clearContext`.
 */
import type { ToolLayer } from './tool-layer';
import type {
  LegacyToolRegistration,
  ModelContextExecuteToolOptions,
  ModelContextGetToolOptions,
  ModelContextOptions,
  ModelContextRegisterToolOptions,
  ModelContextTool,
  NavigatorModelContext,
  RegisteredTool,
} from './types';

type Handler = ((this: never, event: Event) => unknown) | null;

/** Creates the `navigator.modelContext` facade over a document's tool layer. */
export function createNavigatorModelContext(layer: ToolLayer): NavigatorModelContext {
  const { context } = layer;
  let provided = new Set<string>();

  // Native registration settles later; an abort (unregistered meanwhile) is not a failure.
  const report = (promise: Promise<void>) =>
    promise.catch((error: unknown) => {
      if ((error as Error)?.name !== 'AbortError') console.error('navigator.modelContext.registerTool failed:', error);
    });

  const facade = {
    registerTool(tool: ModelContextTool, options?: ModelContextRegisterToolOptions): LegacyToolRegistration {
      report(layer.registerNow(tool, options));
      const name = tool.name;
      return { unregister: () => void layer.unregister(name) };
    },
    unregisterTool(name: string): void {
      layer.unregister(String(name));
    },
    provideContext(options: ModelContextOptions = {}): void {
      const tools = options?.tools ?? [];
      if (!Array.isArray(tools)) throw new TypeError('provideContext({tools}): tools must be an array');
      for (const name of provided) layer.unregister(name);
      const registered = new Set<string>();
      try {
        for (const tool of tools) {
          report(layer.registerNow(tool));
          registered.add(tool.name);
        }
      } catch (error) {
        for (const name of registered) layer.unregister(name);
        provided = new Set();
        throw error;
      }
      provided = registered;
    },
    clearContext(): void {
      layer.clear();
      provided = new Set();
    },
    getTools: (options?: ModelContextGetToolOptions): Promise<RegisteredTool[]> => context.getTools(options),
    executeTool: (tool: RegisteredTool, input?: object, options?: ModelContextExecuteToolOptions) =>
      context.executeTool(tool, input, options),
    addEventListener: context.addEventListener.bind(context),
    removeEventListener: context.removeEventListener.bind(context),
    dispatchEvent: context.dispatchEvent.bind(context),
  };
  for (const type of ['toolchange', 'toolactivated', 'toolcancel'] as const) {
    Object.defineProperty(facade, `on${type}`, {
      enumerable: true,
      get: (): Handler => (context as unknown as Record<string, Handler>)[`on${type}`] ?? null,
      set: (value: Handler) => {
        (context as unknown as Record<string, Handler>)[`on${type}`] = value;
      },
    });
  }
  return facade as unknown as NavigatorModelContext;
}
