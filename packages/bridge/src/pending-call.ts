/**
 * @module
 * One call forwarded to a page, and its clock: it times out after `timeoutMs` of running, and the
 * clock stops while the page waits for its user (`toolinteractionstart` … `toolinteractionend`).
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createCallNotifier, type CallNotifier } from './call-notifications';
import type { CallOptions, CallOutcome } from './page-tools';
import { errorResult } from './results';

/** A call in flight. */
export interface PendingCall {
  id: number;
  tool: string;
  label: string;
  remainingMs: number;
  resumedAt: number;
  paused: boolean;
  timer?: NodeJS.Timeout;
  notes: CallNotifier;
  options: CallOptions;
  finish(result: CallToolResult, outcome: CallOutcome): void;
}

/** Starts (or restarts) a call's clock with the time it has left. */
export function armCall(call: PendingCall, onTimeout: () => void): void {
  call.resumedAt = Date.now();
  call.timer = setTimeout(onTimeout, call.remainingMs);
}

/**
 * Counts a page's open user interactions per tool and pauses or resumes the clocks of that tool's
 * calls when the count leaves or returns to zero (`arm` restarts one).
 */
export function trackInteraction(interactions: Map<string, number>, calls: Iterable<PendingCall>, tool: string, on: boolean, arm: (call: PendingCall) => void): void {
  const before = interactions.get(tool) ?? 0;
  const after = Math.max(0, before + (on ? 1 : -1));
  interactions.set(tool, after);
  if ((before === 0) === (after === 0)) return;
  for (const call of calls) {
    if (call.tool !== tool) continue;
    if (after > 0 && !call.paused) {
      clearTimeout(call.timer);
      call.remainingMs -= Date.now() - call.resumedAt;
      call.paused = true;
      call.notes.heartbeat('Waiting for the user in the page');
    } else if (after === 0 && call.paused) {
      call.paused = false;
      arm(call);
      call.notes.heartbeat('The user responded; running in the page');
    }
  }
}

/** What {@link startCall} needs from the page a call runs on. */
export interface CallHooks {
  /** Starts or restarts the call's clock ({@link armCall} with the page's timeout handling). */
  arm(call: PendingCall): void;
  /** Tells the page to drop call `id`. */
  cancel(id: number): void;
  /** Sends the call to the page (not done when the signal was already aborted). */
  send(): void;
}

/**
 * Registers call `id` in `calls` and runs it: its clock, its notifications (progress heartbeat,
 * the page's own progress and logs), cancellation
 * through `options.signal`. Resolves once, when the call finishes and leaves `calls`.
 */
export function startCall(
  calls: Map<number, PendingCall>,
  id: number,
  tool: string,
  label: string,
  options: CallOptions,
  hooks: CallHooks,
): Promise<{ result: CallToolResult; outcome: CallOutcome }> {
  return new Promise((resolve) => {
    const call: PendingCall = {
      id,
      tool,
      label,
      remainingMs: options.timeoutMs,
      resumedAt: Date.now(),
      paused: false,
      options,
      notes: createCallNotifier(options.sink ?? {}, options.progressIntervalMs, () => (call.paused ? 'Waiting for the user in the page' : 'Running in the page')),
      finish: (result, outcome) => {
        if (!calls.delete(id)) return;
        clearTimeout(call.timer);
        call.notes.stop();
        options.signal?.removeEventListener('abort', onAbort);
        resolve({ result, outcome });
      },
    };
    const onAbort = () => {
      hooks.cancel(id);
      call.finish(errorResult(`${label} was cancelled`), 'cancelled');
    };
    calls.set(id, call);
    hooks.arm(call);
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    hooks.send();
  });
}
