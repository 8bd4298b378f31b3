/**
 * @module
 * One call forwarded to a page, and its clock: it times out after `timeoutMs` of running, and the
 * clock stops while the page waits for its user (`toolinteractionstart` … `toolinteractionend`)
 * or for the MCP client (`client.sample`/`client.elicit`).
 */
import type { EventEmitter } from 'node:events';
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

/**
 * Resolves with `find()` once it gives a value or `waiting()` turns false, re-checking on each
 * `settle` event of `settle`; with undefined after `waitMs` or on `signal`.
 */
export function settleWait<T>(settle: EventEmitter, find: () => T | undefined, waiting: () => boolean, waitMs: number, signal?: AbortSignal): Promise<T | undefined> {
  const found = find();
  if (found !== undefined || !waiting() || signal?.aborted) return Promise.resolve(found);
  return new Promise((resolve) => {
    const done = (value: T | undefined) => {
      clearTimeout(timer);
      settle.off('settle', check);
      signal?.removeEventListener('abort', stop);
      resolve(value);
    };
    const check = () => {
      const value = find();
      if (value !== undefined || !waiting()) done(value);
    };
    const stop = () => done(undefined);
    const timer = setTimeout(stop, waitMs);
    settle.on('settle', check);
    signal?.addEventListener('abort', stop, { once: true });
  });
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

// Answered calls' abort listeners are removed after the next call has gone to its page (the page
// is busy then, the bridge idle) or within RETIRE_MS, never between a page's answer and the
// client's, nor right after it (work there holds back the client just woken by the answer).
const RETIRE_MS = 50;
let retired: Array<{ retire(): void }> = [];
let retireTimer: NodeJS.Timeout | undefined;

function retire(call: { retire(): void }): void {
  retired.push(call);
  retireTimer ??= setTimeout(drainRetired, RETIRE_MS).unref();
}

function drainRetired(): void {
  clearTimeout(retireTimer);
  retireTimer = undefined;
  const batch = retired;
  retired = [];
  for (const c of batch) c.retire();
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
    const call = new RunningCall(calls, id, tool, label, options, hooks, resolve);
    calls.set(id, call);
    if (options.signal?.aborted) return call.handleEvent();
    // Sent first: the clock and the abort listener are set while the page already runs the call
    // (its answer cannot arrive before this returns), not before it gets there.
    hooks.send();
    if (retired.length) drainRetired();
    if (!calls.has(id)) return;
    hooks.arm(call);
    // The call is its own abort listener (handleEvent), removed when the call is retired.
    options.signal?.addEventListener('abort', call);
  });
}

/**
 * A call in flight. A class rather than an object of closures: one shape and no per-call functions
 * on a path every call takes. Its notifier and asker are made when first needed (most calls report
 * nothing and ask nothing), except that a caller's progress token starts the heartbeat at once.
 */
class RunningCall implements PendingCall {
  remainingMs: number;
  resumedAt = Date.now();
  paused = false;
  holds = 0;
  byUser = false;
  done = false;
  clock?: CallClock;
  #notes?: CallNotifier;
  #asks?: CallAsker;

  constructor(
    readonly calls: Map<number, PendingCall>,
    readonly id: number,
    readonly tool: string,
    readonly label: string,
    readonly options: CallOptions,
    readonly hooks: CallHooks,
    readonly resolve: (answer: { result: CallToolResult; outcome: CallOutcome }) => void,
  ) {
    this.remainingMs = options.timeoutMs;
    if (options.sink?.progress) void this.notes;
  }

  get notes(): CallNotifier {
    return (this.#notes ??= createCallNotifier(this.options.sink ?? {}, this.options.progressIntervalMs, () =>
      !this.paused ? 'Running in the page' : this.byUser ? 'Waiting for the user in the page' : 'Waiting for the MCP client',
    ));
  }

  get asks(): CallAsker {
    return (this.#asks ??= createCallAsker(this.options.sink?.ask, (on) =>
      holdCall(this, on, this.hooks.arm, on ? 'Waiting for the MCP client' : 'The MCP client answered; running in the page'),
    ));
  }

  finish(result: CallToolResult, outcome: CallOutcome): void {
    if (!this.calls.delete(this.id)) return;
    this.done = true;
    this.#notes?.stop();
    this.#asks?.stop();
    stopClock(this);
    this.resolve({ result, outcome });
    if (this.options.signal) retire(this);
  }

  /** The caller aborted (`abort` on `options.signal`): tell the page, answer "cancelled". */
  handleEvent(): void {
    if (this.done) return;
    this.hooks.cancel(this.id);
    this.finish(errorResult(`${this.label} was cancelled`), 'cancelled');
  }

  /** Removes the abort listener (after the answer has left). */
  retire(): void {
    this.options.signal?.removeEventListener('abort', this);
  }
}
