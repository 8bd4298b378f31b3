/**
 * @module
 * The spec's `ToolActivatedEvent` / `ToolCancelEvent` (used when the browser lacks them) and
 * webmcp-kit's `toolinteractionstart` / `toolinteractionend` events.
 */
import type { ToolClient, ToolInteractionDetail, ToolNotify } from './types';

/** Init dictionary of {@link ToolActivatedEvent} and {@link ToolCancelEvent}. */
export interface ToolEventInit extends EventInit {
  toolName?: string;
}

/** Fired at the tool owner's `modelContext` when a tool starts running (`toolactivated`). */
export class ToolActivatedEvent extends Event {
  readonly toolName: string;
  constructor(type: string, init: ToolEventInit = {}) {
    super(type, init);
    this.toolName = init.toolName === undefined ? '' : String(init.toolName);
  }
}

/** Fired at the tool owner's `modelContext` when a running call is cancelled (`toolcancel`). */
export class ToolCancelEvent extends ToolActivatedEvent {}

/** The event constructors a page sees: native ones when the browser has them. */
export function toolEventClasses(win: Window & typeof globalThis): {
  Activated: typeof ToolActivatedEvent;
  Cancel: typeof ToolCancelEvent;
} {
  const own = win as unknown as Record<string, typeof ToolActivatedEvent | undefined>;
  return { Activated: own.ToolActivatedEvent ?? ToolActivatedEvent, Cancel: own.ToolCancelEvent ?? ToolCancelEvent };
}

/** Name of the event fired while a call waits for the user (the bridge pauses its timeout). */
export const TOOL_INTERACTION_START = 'toolinteractionstart';
/** Name of the event fired when the user has answered. */
export const TOOL_INTERACTION_END = 'toolinteractionend';

/** Passes a `sample`/`elicit` request to the caller, which answers with a promise. */
const ask = async (notify: ToolNotify | undefined, t: 'sample' | 'elicit', params: unknown): Promise<never> => {
  if (!notify) throw new DOMException(`${t}(): no caller to ask`, 'NotSupportedError');
  return notify({ t, params }) as never;
};

/**
 * Builds the second argument of `execute`: `{signal}` as the spec has it, plus the older draft's
 * `requestUserInteraction`, which brackets the callback with the interaction events, and
 * `reportProgress`/`log`/`sample`/`elicit`, passed to the caller's `notify` (the bridge checks and bounds them).
 */
export function createToolClient(target: EventTarget, toolName: string, signal: AbortSignal, notify?: ToolNotify): ToolClient {
  return {
    signal,
    reportProgress: (progress, total, message) => notify?.({ t: 'progress', progress, total, message }),
    log: (level, data) => notify?.({ t: 'log', level, data }),
    sample: (params) => ask(notify, 'sample', params),
    elicit: (params) => ask(notify, 'elicit', params),
    async requestUserInteraction(callback) {
      if (typeof callback !== 'function') {
        throw new TypeError('requestUserInteraction(callback): callback must be a function');
      }
      const detail: ToolInteractionDetail = { toolName };
      target.dispatchEvent(new CustomEvent(TOOL_INTERACTION_START, { detail }));
      try {
        return await callback();
      } finally {
        target.dispatchEvent(new CustomEvent(TOOL_INTERACTION_END, { detail }));
      }
    },
  };
}
