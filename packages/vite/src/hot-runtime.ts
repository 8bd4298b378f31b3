/**
 * @module
 * HMR for page tools. Tool modules are wrapped (in `vite dev` only) so every `registerTool` made
 * while one evaluates is owned by it. When Vite replaces the module, its old tools are not dropped
 * at `dispose` but swapped for the new ones in one step once the update is applied, with
 * `toolchange` held back meanwhile: listeners (the bridge connector) see one change per update,
 * never a list with the tools missing or doubled. `swap(run)` offers the same to bindings that
 * replace a tool themselves (`@webmcp-kit/react`'s `useTool`).
 */

/** Global the wrapped modules call into. */
export const HOT_GLOBAL = '__webmcpKitHot';

/** The part of Vite's `import.meta.hot` the runtime uses. */
export interface HotContext {
  dispose(cb: (data: unknown) => void): void;
  prune(cb: (data: unknown) => void): void;
  on(event: 'vite:afterUpdate', cb: () => void): void;
}

/** What a wrapped module gets back from `enter()`. */
export interface HotScope {
  leave(): void;
}

type RegisterTool = (tool: unknown, options?: { signal?: AbortSignal }) => Promise<void>;

/**
 * The browser runtime, run once per page from an inline script (so it must stay self-contained:
 * no imports, no helpers). Exported for the plugin, which inlines its source.
 */
export function installHotRuntime(globalName: string): void {
  const g = globalThis as unknown as Record<string, unknown>;
  const mc = (document as unknown as { modelContext?: EventTarget & { registerTool: RegisterTool } }).modelContext;
  if (!mc || g[globalName]) return;
  const register: RegisterTool = mc.registerTool.bind(mc);
  let current: { controllers: AbortController[] } | null = null;
  let updating = false;
  let stale: AbortController[] = [];
  let queued: Array<() => Promise<void>> = [];
  let muted = 0;
  // Registered before the connector's listener, so it can hold events back during a swap.
  mc.addEventListener('toolchange', (event) => {
    if (muted) event.stopImmediatePropagation();
  });
  const flush = async () => {
    if (!updating) return;
    updating = false;
    const old = stale;
    const jobs = queued;
    stale = [];
    queued = [];
    muted++;
    try {
      for (const c of old) c.abort();
      await Promise.allSettled(jobs.map((job) => job()));
    } finally {
      muted--;
    }
    if (old.length || jobs.length) mc.dispatchEvent(new Event('toolchange'));
  };
  Object.defineProperty(mc, 'registerTool', {
    configurable: true,
    writable: true,
    value(tool: unknown, options?: { signal?: AbortSignal }): Promise<void> {
      const scope = current;
      if (!scope) return register(tool, options);
      const controller = new AbortController();
      scope.controllers.push(controller);
      const signal = options?.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
      const run = () => register(tool, { ...options, signal });
      if (!updating) return run();
      return new Promise<void>((resolve, reject) => {
        queued.push(() => run().then(resolve, (e: unknown) => {
          reject(e);
          throw e;
        }));
      });
    },
  });
  Object.defineProperty(g, globalName, {
    value: Object.freeze({
      // For bindings that replace a tool themselves (useTool when its definition changed).
      swap(run: () => Promise<unknown>): Promise<unknown> {
        muted++;
        let result: Promise<unknown>;
        try {
          result = Promise.resolve(run());
        } catch (error) {
          result = Promise.reject(error);
        }
        return result.finally(() => {
          muted--;
          mc.dispatchEvent(new Event('toolchange'));
        });
      },
      enter(hot: HotContext | undefined): HotScope | undefined {
        if (!hot) return undefined;
        const scope = { controllers: [] as AbortController[] };
        hot.dispose(() => {
          stale.push(...scope.controllers);
          updating = true;
        });
        hot.prune(() => {
          for (const c of scope.controllers) c.abort();
        });
        hot.on('vite:afterUpdate', () => void flush());
        current = scope;
        return {
          leave() {
            if (current === scope) current = null;
          },
        };
      },
    }),
  });
}

/** The inline `<script>` body that installs the runtime. */
export function hotRuntimeScript(): string {
  return `(${installHotRuntime.toString()})(${JSON.stringify(HOT_GLOBAL)});`;
}

const SCRIPT = /\.(?:[cm]?[jt]sx?|vue|svelte)$/;

/** True for a module the plugin wraps: app code (not a dependency) that registers tools. */
export function isToolModule(id: string, code: string): boolean {
  const path = id.split('?')[0] ?? id;
  return (
    SCRIPT.test(path) &&
    !path.includes('/node_modules/') &&
    !id.startsWith('\0') &&
    /\bregisterTools?\s*\(/.test(code) &&
    !code.includes('__webmcpScope')
  );
}

/**
 * Wraps a tool module: owns the tools it registers while it evaluates, and makes a module that
 * exports nothing self-accepting, so editing it swaps its tools instead of reloading the page.
 * The prelude shares line 1, so source lines do not move.
 */
export function wrapToolModule(code: string): string {
  const prelude = `const __webmcpScope = globalThis.${HOT_GLOBAL}?.enter(import.meta.hot);`;
  const accept = /(^|[\s;])export\s/.test(code) ? '' : '\nif (import.meta.hot) import.meta.hot.accept();';
  return `${prelude}${code}\n;__webmcpScope?.leave();${accept}\n`;
}
