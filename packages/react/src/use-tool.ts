/**
 * @module
 * `useTool`: a WebMCP tool whose lifetime is a component's. Registered on mount, unregistered on
 * unmount, registered again when `deps` change; StrictMode's mount → unmount → mount ends with
 * exactly one registration. `execute` always runs the latest render's callback.
 */
import { useEffect, useRef, useState, type DependencyList } from 'react';
import { defineTool, registerTools, type ModelContext, type StandardSchema, type ToolDefinition } from '@webmcp-kit/webmcp';

/** Options of {@link useTool}. */
export interface UseToolOptions {
  /** The context to register with. @default `document.modelContext` (installing the polyfill if needed) */
  context?: ModelContext;
}

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
  const latest = useRef(definition);
  latest.current = definition;
  const [error, setError] = useState<unknown>(undefined);
  if (error !== undefined) throw error;

  useEffect(() => {
    const def = latest.current;
    const tool = defineTool<S, O, R>({ ...def, execute: (input, context) => latest.current.execute(input, context) });
    const controller = new AbortController();
    registerTools(tool, { signal: controller.signal, context: options.context }).catch((e: unknown) => {
      if (!controller.signal.aborted) setError(e);
    });
    return () => controller.abort();
    // The definition is read through `latest`; only its name and the caller's deps re-register.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [definition.name, options.context, ...deps]);
}
