/**
 * @module
 * One call forwarded to a page, and its clock: it times out after `timeoutMs` of running, and the
 * clock stops while the page waits for its user (`toolinteractionstart` … `toolinteractionend`)
 * or for the MCP client (`client.sample`/`client.elicit`).
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createCallNotifier, type CallNotifier } from './call-notifications';
import { createCallAsker, type CallAsker } from './client-requests';
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
  /** Reasons the clock is stopped (a user interaction in the page, a request to the client). */
  holds: number;
  /** Held for the page's user interaction of this tool. */
  byUser: boolean;
  /** Answered: its abort listener is only waiting to be removed. */
  done: boolean;
  /** The running clock (none while paused or before it starts). */
  clock?: CallClock;
  notes: CallNotifier;
  asks: CallAsker;
  options: CallOptions;
  finish(result: CallToolResult, outcome: CallOutcome): void;
}

/** When a call's time is up, and what then happens. */
export interface CallClock {
  due: number;
  fire: () => void;
}

// One timer for every call's clock: starting one is a set insertion, and the timer only moves when a
// clock is due before it (calls share a timeout, so a later call rarely is). A timer per call cost
// its setTimeout and clearTimeout on every call. Unref'd: the call's own connections keep the
// process alive.
const clocks = new Set<CallClock>();
let sweepTimer: NodeJS.Timeout | undefined;
let sweepAt = Infinity;

function startClock(clock: CallClock): void {
  clocks.add(clock);
  if (clock.due >= sweepAt) return;
  clearTimeout(sweepTimer);
  sweepAt = clock.due;
  sweepTimer = setTimeout(sweep, Math.max(0, clock.due - Date.now())).unref();
}

function sweep(): void {
  const now = Date.now();
  const due: CallClock[] = [];
  let next = Infinity;
  for (const c of clocks) {
    if (c.due <= now) due.push(c);
    else if (c.due < next) next = c.due;
  }
  for (const c of due) clocks.delete(c);
  sweepAt = next;
  sweepTimer = next < Infinity ? setTimeout(sweep, next - now).unref() : undefined;
  for (const c of due) c.fire();
}

/** Stops a call's clock (paused or finished). */
function stopClock(call: PendingCall): void {
  if (call.clock) clocks.delete(call.clock);
  call.clock = undefined;
}

/** Starts (or restarts) a call's clock with the time it has left. */
export function armCall(call: PendingCall, onTimeout: () => void): void {
  call.resumedAt = Date.now();
  stopClock(call);
  call.clock = { due: call.resumedAt + call.remainingMs, fire: () => call.done || onTimeout() };
  startClock(call.clock);
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
    if (call.tool !== tool || after > 0 === call.byUser) continue;
    call.byUser = after > 0;
    holdCall(call, call.byUser, arm, call.byUser ? 'Waiting for the user in the page' : 'The user responded; running in the page');
  }
}

/** Stops (`on`) or restarts a call's clock; nested holds restart it when the last one ends. */
export function holdCall(call: PendingCall, on: boolean, arm: (call: PendingCall) => void, status: string): void {
  const before = call.holds;
  call.holds = Math.max(0, before + (on ? 1 : -1));
  if (before === 0 && call.holds > 0) {
    stopClock(call);
    call.remainingMs -= Date.now() - call.resumedAt;
    call.paused = true;
    call.notes.heartbeat(status);
  } else if (before > 0 && call.holds === 0) {
    call.paused = false;
    arm(call);
    call.notes.heartbeat(status);
  }
}

// Calls answered in this task: their abort listeners are removed once the answers have left (after
// I/O), not between a page's answer and the client's.
let retired: Array<() => void> = [];
function retire(cleanup: () => void): void {
  if (retired.push(cleanup) > 1) return;
  setImmediate(() => {
    const batch = retired;
    retired = [];
    for (const f of batch) f();
  });
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
 * the page's own progress and logs), its requests to the client (`sample`/`elicit`, which hold the
 * clock), cancellation through `options.signal`. Resolves once, when the call finishes and leaves `calls`.
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
    // A call's notifier and asker are made when first needed (most calls report nothing and ask
    // nothing), except that a caller's progress token starts the heartbeat at once.
    let notes: CallNotifier | undefined;
    let asks: CallAsker | undefined;
    const call: PendingCall = {
      id,
      tool,
      label,
      remainingMs: options.timeoutMs,
      resumedAt: Date.now(),
      paused: false,
      holds: 0,
      byUser: false,
      options,
      get notes() {
        return (notes ??= createCallNotifier(options.sink ?? {}, options.progressIntervalMs, () => (!call.paused ? 'Running in the page' : call.byUser ? 'Waiting for the user in the page' : 'Waiting for the MCP client')));
      },
      get asks() {
        return (asks ??= createCallAsker(options.sink?.ask, (on) =>
          holdCall(call, on, hooks.arm, on ? 'Waiting for the MCP client' : 'The MCP client answered; running in the page'),
        ));
      },
      done: false,
      finish: (result, outcome) => {
        if (!calls.delete(id)) return;
        call.done = true;
        notes?.stop();
        asks?.stop();
        stopClock(call);
        resolve({ result, outcome });
        retire(() => options.signal?.removeEventListener('abort', onAbort));
      },
    };
    if (options.sink?.progress) void call.notes;
    const onAbort = () => {
      if (call.done) return;
      hooks.cancel(id);
      call.finish(errorResult(`${label} was cancelled`), 'cancelled');
    };
    calls.set(id, call);
    if (options.signal?.aborted) return onAbort();
    // Sent first: the clock and the abort listener are set while the page already runs the call
    // (its answer cannot arrive before this returns), not before it gets there.
    hooks.send();
    if (!calls.has(id)) return;
    hooks.arm(call);
    // Removed when the call is retired (`once` would only add to each call's cost).
    options.signal?.addEventListener('abort', onAbort);
  });
}
