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
  /** Answered (a late abort or clock does nothing). */
  done: boolean;
  /** When the running clock is due (ms since the epoch); only while {@link clocked}. */
  due: number;
  /** The clock is running (not paused, not yet started, not finished). */
  clocked: boolean;
  /** What {@link armCall} was last given to run when the clock is due. */
  onTimeout?: (call: PendingCall) => void;
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

// One timer for every call's clock: starting one is a set insertion, and the timer only moves when a
// clock is due before it (calls share a timeout, so a later call rarely is). A timer per call cost
// its setTimeout and clearTimeout on every call. Unref'd: the call's own connections keep the
// process alive. A call is its own clock (no object or closure per arming).
const clocks = new Set<PendingCall>();
let sweepTimer: NodeJS.Timeout | undefined;
let sweepAt = Infinity;

function startClock(call: PendingCall): void {
  clocks.add(call);
  call.clocked = true;
  if (call.due >= sweepAt) return;
  clearTimeout(sweepTimer);
  sweepAt = call.due;
  sweepTimer = setTimeout(sweep, Math.max(0, call.due - Date.now())).unref();
}

function sweep(): void {
  const now = Date.now();
  const due: PendingCall[] = [];
  let next = Infinity;
  for (const c of clocks) {
    if (c.due <= now) due.push(c);
    else if (c.due < next) next = c.due;
  }
  for (const c of due) stopClock(c);
  sweepAt = next;
  sweepTimer = next < Infinity ? setTimeout(sweep, next - now).unref() : undefined;
  for (const c of due) if (!c.done) c.onTimeout?.(c);
}

/** Stops a call's clock (paused or finished). */
function stopClock(call: PendingCall): void {
  if (!call.clocked) return;
  clocks.delete(call);
  call.clocked = false;
}

/** Starts (or restarts) a call's clock with the time it has left; `onTimeout` runs when it is due. */
export function armCall(call: PendingCall, onTimeout: (call: PendingCall) => void): void {
  call.resumedAt = Date.now();
  stopClock(call);
  call.due = call.resumedAt + call.remainingMs;
  call.onTimeout = onTimeout;
  startClock(call);
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

/** What {@link startCall} needs from the page a call runs on. */
export interface CallHooks {
  /** Starts or restarts the call's clock ({@link armCall} with the page's timeout handling). */
  arm(call: PendingCall): void;
  /** Tells the page to drop call `id`. */
  cancel(id: number): void;
  /** Sends the call (with its arguments) to the page (not done when the signal was already aborted). */
  send(call: PendingCall, args: Record<string, unknown>): void;
}

// A call listens for its signal's `abort` only once it has run LISTEN_AFTER_MS: adding a listener
// to an AbortSignal (Node's EventTarget) cost each call ~5 µs, and most calls are answered well
// before then. A call cancelled earlier is noticed when its listener would have been added: the
// page is told and the call answered at most LISTEN_AFTER_MS late (a cancelled request's answer is
// not sent to the client anyway). The listeners are added by one interval, kept while calls keep
// coming and stopped at its first tick with nothing to do: a timer made afresh each LISTEN_AFTER_MS
// cost more than the listeners it saved.
const LISTEN_AFTER_MS = 10;
const unlistened = new Set<RunningCall>();
let listenTimer: NodeJS.Timeout | undefined;

function listenSoon(call: RunningCall): void {
  unlistened.add(call);
  listenTimer ??= setInterval(listenNow, LISTEN_AFTER_MS).unref();
}

function listenNow(): void {
  if (!unlistened.size) {
    clearInterval(listenTimer);
    listenTimer = undefined;
    return;
  }
  const calls = [...unlistened];
  unlistened.clear();
  for (const call of calls) {
    if (call.done) continue; // answered already: nothing left to cancel
    const signal = call.options.signal!;
    if (signal.aborted) call.handleEvent();
    // The call is its own abort listener (handleEvent); it stays with the signal, which is the
    // call's own and goes with its request.
    else signal.addEventListener('abort', call);
  }
}

/**
 * Registers call `id` in `calls` and runs it: its clock, its notifications (progress heartbeat,
 * the page's own progress and logs), its requests to the client (`sample`/`elicit`, which hold the
 * clock), cancellation through `options.signal` (the call's own, e.g. its MCP request's; noticed
 * within 10 ms). Resolves once, when the call finishes and leaves `calls`. `label` names the call
 * in messages (`Tool "x" of page …`); a function is called only when a message needs it.
 */
export function startCall(
  calls: Map<number, PendingCall>,
  id: number,
  tool: string,
  label: string | (() => string),
  options: CallOptions,
  hooks: CallHooks,
  args: Record<string, unknown> = {},
): Promise<{ result: CallToolResult; outcome: CallOutcome }> {
  return new Promise((resolve) => {
    const call = new RunningCall(calls, id, tool, label, options, hooks, resolve);
    calls.set(id, call);
    if (options.signal?.aborted) return call.handleEvent();
    // Sent first: the clock is set while the page already runs the call (its answer cannot arrive
    // before this returns), not before it gets there.
    hooks.send(call, args);
    if (call.done) return;
    hooks.arm(call);
    if (options.signal) listenSoon(call);
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
  due = 0;
  clocked = false;
  onTimeout?: (call: PendingCall) => void;
  #notes?: CallNotifier;
  #asks?: CallAsker;
  #label: string | (() => string);

  constructor(
    readonly calls: Map<number, PendingCall>,
    readonly id: number,
    readonly tool: string,
    label: string | (() => string),
    readonly options: CallOptions,
    readonly hooks: CallHooks,
    readonly resolve: (answer: { result: CallToolResult; outcome: CallOutcome }) => void,
  ) {
    this.#label = label;
    this.remainingMs = options.timeoutMs;
    if (options.sink?.progress) void this.notes;
  }

  get label(): string {
    const label = this.#label;
    return typeof label === 'string' ? label : (this.#label = label());
  }

  get notes(): CallNotifier {
    return (this.#notes ??= createCallNotifier(this.options.sink ?? {}, this.options.progressIntervalMs, () =>
      !this.paused ? 'Running in the page' : this.byUser ? 'Waiting for the user in the page' : 'Waiting for the MCP client',
    ));
  }

  get asks(): CallAsker {
    const sink = this.options.sink;
    const ask = sink?.ask;
    return (this.#asks ??= createCallAsker(ask && ((kind, params, signal) => ask.call(sink, kind, params, signal)), (on) =>
      holdCall(this, on, this.hooks.arm, on ? 'Waiting for the MCP client' : 'The MCP client answered; running in the page'),
    ));
  }

  finish(result: CallToolResult, outcome: CallOutcome): void {
    if (!this.calls.delete(this.id)) return;
    this.done = true;
    this.#notes?.stop();
    this.#asks?.stop();
    stopClock(this);
    unlistened.delete(this);
    this.resolve({ result, outcome });
  }

  /** The caller aborted (`abort` on `options.signal`): tell the page, answer "cancelled". */
  handleEvent(): void {
    if (this.done) return;
    this.hooks.cancel(this.id);
    this.finish(errorResult(`${this.label} was cancelled`), 'cancelled');
  }
}
