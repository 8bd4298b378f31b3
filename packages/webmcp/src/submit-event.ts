/**
 * @module
 * `SubmitEvent.agentInvoked` and `SubmitEvent.respondWith(promise)` for browsers without native
 * declarative WebMCP, with native Chromium 156's error messages.
 */

/** Resolved by a form tool when its submission went ahead (the form navigated): `executeTool` gives `null`. */
export const NAVIGATED: unique symbol = Symbol.for('webmcp-kit.navigated') as never;

const MARK = Symbol.for('webmcp-kit.submit-event');
const responses = new WeakMap<Event, Promise<unknown>>();
const FAILED = "Failed to execute 'respondWith' on 'SubmitEvent': ";

function respondWith(this: SubmitEvent, response: unknown): void {
  if (!this.agentInvoked) {
    throw new DOMException(`${FAILED}You can only call respondWith on an submit event that has agentInvoked == true.`, 'InvalidStateError');
  }
  if (this.eventPhase === Event.NONE) {
    throw new DOMException(`${FAILED}To call respondWith, the event must be currently being dispatched.`, 'InvalidStateError');
  }
  if (!this.defaultPrevented) {
    throw new DOMException(`${FAILED}To call respondWith, you must first call preventDefault.`, 'InvalidStateError');
  }
  const promise = Promise.resolve(response);
  // Its rejection is reported as the tool's failure a task later, not as an unhandled rejection.
  promise.catch(() => {});
  responses.set(this, promise);
}

/** True when the browser implements `SubmitEvent.agentInvoked` itself (native declarative WebMCP). */
export function hasNativeSubmitEvent(win: Window & typeof globalThis): boolean {
  const proto = win.SubmitEvent?.prototype;
  return !!proto && 'agentInvoked' in proto && !(MARK in proto);
}

/** Defines `agentInvoked` (always `false`) and `respondWith` on `SubmitEvent.prototype` where missing. */
export function installSubmitEvent(win: Window & typeof globalThis): void {
  const proto = win.SubmitEvent?.prototype;
  if (!proto || 'agentInvoked' in proto) return;
  Object.defineProperties(proto, {
    agentInvoked: { configurable: true, enumerable: true, get: () => false },
    respondWith: { configurable: true, writable: true, value: respondWith },
    [MARK]: { value: true },
  });
}

/**
 * Marks a submit event as caused by an agent. Own properties (not the prototype's) so this also
 * works over a native `SubmitEvent` whose internal flag we cannot set (forced polyfill).
 */
export function markAgentInvoked(event: Event): void {
  Object.defineProperties(event, {
    agentInvoked: { configurable: true, enumerable: true, value: true },
    respondWith: { configurable: true, value: respondWith },
  });
}

/** The promise the page passed to `respondWith` for this event, if any. */
export function responseOf(event: Event): Promise<unknown> | undefined {
  return responses.get(event);
}
