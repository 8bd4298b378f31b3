/**
 * @module
 * `useTool`: a WebMCP tool whose lifetime is a component's. Registered on mount, unregistered on
 * unmount, registered again when its name, title, description or `deps` change. An unmount followed in the same task by a mount of
 * the same tool (StrictMode's double mount, React Fast Refresh) keeps the one registration, so
 * clients see no change; `execute` always runs the latest render's callback.
 */
import { useEffect, useRef, useState, type DependencyList } from 'react';
import { defineTool, registerTools, type ModelContext, type StandardSchema, type ToolDefinition } from '@webmcp-kit/webmcp';

/** Options of {@link useTool}. */
export interface UseToolOptions {
  /** The context to register with. @default `document.modelContext` (installing the polyfill if needed) */
  context?: ModelContext;
}

type AnyDefinition = ToolDefinition<StandardSchema | undefined, StandardSchema | undefined, unknown>;

/** One registered tool, possibly handed from an unmounting hook to the next mount. */
interface Live {
  controller: AbortController;
  /** What clients see of the tool; a mount with the same signature adopts the registration. */
  signature: string;
  context: ModelContext | undefined;
  /** The definition `execute` delegates to (the owning hook's latest render). */
  target: { current: AnyDefinition };
  /** Set by cleanup; unregistration waits one microtask for a mount to adopt it. */
  releasing: boolean;
}

const live = new Map<string, Live>();

/** Set by `@webmcp-kit/vite` in `vite dev`: runs a swap with `toolchange` held back to one event. */
interface HotSwap {
  swap?(run: () => Promise<unknown>): Promise<unknown>;
}
const HOT_GLOBAL = '__webmcpKitHot';

/**
 * Registers a tool (see `defineTool`: input typed and validated from a zod schema, explicit
 * `readOnly`, confirmation for state changes) while the calling component is mounted.
 * Registration errors (e.g. a name already taken) are thrown to the nearest error boundary.
 * @example
 * ```tsx
 * useTool({
 *   name: 'add_task', description: 'Adds a task to the board', readOnly: false,
 *   input: z.object({ title: z.string().min(1) }),
 *   confirm: { skip: true, reason: 'adding a task is undoable from the board' },
 *   execute: ({ title }) => addTask(title),
 * });
 * ```
 */
export function useTool<S extends StandardSchema | undefined = undefined, O extends StandardSchema | undefined = undefined, R = unknown>(
  definition: ToolDefinition<S, O, R>,
  deps: DependencyList = [],
  options: UseToolOptions = {},
): void {
  const latest = useRef(definition as unknown as AnyDefinition);
  latest.current = definition as unknown as AnyDefinition;
  const [error, setError] = useState<unknown>(undefined);
  if (error !== undefined) throw error;

  useEffect(() => {
    const def = latest.current;
    const context = options.context;
    let owner: Live | undefined;
    const tool = defineTool({ ...def, execute: (input: never, ctx) => (owner?.target ?? latest).current.execute(input, ctx) });
    const { name } = tool;
    const signature = JSON.stringify([tool.title, tool.description, tool.inputSchema, tool.annotations, tool.extension]);
    let entry = live.get(name);
    if (entry?.releasing && entry.context === context && entry.signature === signature) {
      // Same tool, mounted again in the same task: keep the registration, point it at this hook.
      entry.releasing = false;
      entry.target = latest;
    } else {
      const previous = entry?.releasing ? entry : undefined;
      const controller = new AbortController();
      owner = entry = { controller, signature, context, target: latest, releasing: false };
      const register = () => {
        previous?.controller.abort();
        return registerTools(tool, { signal: controller.signal, context });
      };
      const hot = (globalThis as Record<string, unknown>)[HOT_GLOBAL] as HotSwap | undefined;
      const registration = previous && hot?.swap ? hot.swap(register) : register();
      const mine = entry;
      if (!live.has(name) || previous) live.set(name, mine);
      registration.catch((e: unknown) => {
        if (live.get(name) === mine) live.delete(name);
        if (!controller.signal.aborted) setError(e);
      });
    }
    const mine = entry;
    return () => {
      mine.releasing = true;
      queueMicrotask(() => {
        if (!mine.releasing) return;
        mine.controller.abort();
        if (live.get(name) === mine) live.delete(name);
      });
    };
    // The definition is read through `latest`: its text fields (what an edit usually changes, and
    // Fast Refresh does not re-run effects whose deps are equal), the context and the caller's deps
    // decide when to look again; an unchanged tool is adopted, not registered again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [definition.name, definition.title, definition.description, definition.readOnly, options.context, ...deps]);
}
