/**
 * @module
 * Layers webmcp-kit on a browser's own `document.modelContext` without replacing it: every tool
 * registered through it is wrapped so its input is validated (whoever calls it: an agent, CDP,
 * the bridge) and its `execute` gets `requestUserInteraction`; `executeTool` validates first so
 * callers get a `DataError` instead of native's generic `UnknownError`.
 *
 * Chromium < 152 has an older native shape: `registerTool` returns `undefined` and throws,
 * `executeTool` takes the input as JSON text, `execute` gets no `{signal}`. The layer turns the
 * throws into rejections, takes an object or JSON text there, and hands `execute` the caller's signal.
 */
import { MESSAGES, domError } from './errors';
import { compileInputValidator, type InputValidator } from './input-validator';
import { isDomainEnabled } from './model-context';
import { convertExecuteArguments, convertTool, snapshotInput } from './tool-conversion';
import { createToolClient } from './tool-events';
import { createToolLayer, linkSignal, type ToolLayer } from './tool-layer';
import { TOOL_NOTIFY, type ModelContext, type ModelContextExecuteToolOptions, type RegisteredTool, type ToolNotify } from './types';

const LAYERED = Symbol.for('webmcp-kit.layered');

interface Tracked {
  controller: AbortController;
  validate: InputValidator;
}

/** Wraps native `registerTool`/`executeTool` on the instance; returns the layer. Idempotent. */
export function layerOnNative(context: ModelContext, win: Window): ToolLayer {
  const existing = (context as unknown as Record<symbol, ToolLayer | undefined>)[LAYERED];
  if (existing) return existing;
  const nativeRegister = context.registerTool.bind(context);
  const nativeExecute = context.executeTool.bind(context);
  // Chromium < 152, the one native without toolactivated, takes JSON text input.
  const textInput = !('ontoolactivated' in context);
  const tracked = new Map<string, Tracked>();
  const failures = new Map<string, unknown>();
  // Native runs `execute` in a later task without the caller's options: each call's notify (and,
  // for Chromium < 152, signal) waits here, per tool in call order, for its `execute` to take it.
  const waiting = new Set<{ name: string; notify?: ToolNotify; signal?: AbortSignal }>();
  const take = (name: string) => {
    for (const slot of waiting) if (slot.name === name) return waiting.delete(slot) && slot;
  };

  const registerNow = (tool: unknown, options?: unknown): Promise<void> => {
    const { record, signal } = convertTool(tool, options);
    if (tracked.has(record.name)) throw domError('InvalidStateError', MESSAGES.duplicate);
    if (signal?.aborted) throw signal.reason;
    const { name, execute } = record;
    const entry: Tracked = { controller: new AbortController(), validate: compileInputValidator(record.schemaJson, name) };
    const source = tool as Record<string, unknown>;
    const wrapped = {
      annotations: source.annotations,
      description: source.description,
      inputSchema: source.inputSchema,
      name: source.name,
      title: source.title,
      execute: async (input: Record<string, unknown>, opts?: { signal: AbortSignal }) => {
        failures.delete(name);
        const slot = take(name) || undefined;
        try {
          entry.validate(input);
          const signal = opts?.signal ?? slot?.signal ?? new AbortController().signal;
          return await execute.call(undefined, input, createToolClient(context, name, signal, slot?.notify));
        } catch (error) {
          // Native replaces the error with a generic UnknownError; keep it for executeTool's caller.
          failures.set(name, error);
          throw error;
        }
      },
    };
    const linked = linkSignal(entry.controller, signal);
    linked.addEventListener('abort', () => {
      if (tracked.get(name) === entry) tracked.delete(name);
    }, { once: true });
    const exposedTo = (options as { exposedTo?: unknown } | undefined)?.exposedTo;
    // Chromium < 152 throws and returns undefined: the throw leaves nothing tracked.
    const registered = Promise.resolve(nativeRegister(wrapped as never, { exposedTo: exposedTo as string[] | undefined, signal: linked }));
    tracked.set(name, entry);
    return registered.catch(
      (error: unknown) => {
        if (tracked.get(name) === entry) tracked.delete(name);
        throw error;
      },
    );
  };

  const layer = createToolLayer(context, true, registerNow, tracked);

  Object.defineProperties(context, {
    [LAYERED]: { value: layer },
    registerTool: {
      configurable: true,
      writable: true,
      value: function registerTool(tool: unknown, options?: unknown): Promise<void> {
        try {
          return registerNow(tool, options);
        } catch (error) {
          return Promise.reject(error);
        }
      },
    },
    executeTool: {
      configurable: true,
      writable: true,
      value: function executeTool(
        tool: RegisteredTool,
        input?: object,
        options?: ModelContextExecuteToolOptions,
      ): Promise<string | null> {
        let copy: unknown = input;
        try {
          if (textInput && typeof input == 'string') input = JSON.parse(input) as object;
          const { tool: target, input: args } = convertExecuteArguments(tool, input);
          // Native checks the signal and document.domain first; its rejections pass through
          // untouched (no extra tick), before any DataError of ours.
          if (!options?.signal?.aborted && !isDomainEnabled(win)) {
            const own = target.window === win ? tracked.get(target.name) : undefined;
            const schema: unknown = tool.inputSchema;
            // Chromium < 152 gives the schema as JSON text already; stringify(undefined) is undefined.
            const validate = own?.validate ?? compileInputValidator(
              typeof schema == 'string' ? schema : JSON.stringify(schema),
              target.name,
            );
            // Native serializes again: hand it the validated snapshot, not the caller's object.
            const json = snapshotInput(args);
            validate(JSON.parse(json));
            copy = textInput ? json : JSON.parse(json);
          }
        } catch (error) {
          return Promise.reject(error);
        }
        const slot = { name: tool?.name, notify: options?.[TOOL_NOTIFY], signal: options?.signal };
        waiting.add(slot);
        const result = nativeExecute(tool, copy as object, options);
        // A call that never reached `execute` (aborted, refused) leaves its slot: drop it.
        const drop = () => waiting.delete(slot);
        result.then(drop, drop);
        // Registered before the caller's handlers, so it runs first: the caller sees the cause.
        result.catch((error: unknown) => {
          const cause = failures.get(tool.name);
          failures.delete(tool.name);
          if (cause !== undefined && (error as Error)?.name === 'UnknownError') {
            Object.defineProperty(error, 'cause', { value: cause, configurable: true });
          }
        });
        return result;
      },
    },
  });
  return layer;
}
