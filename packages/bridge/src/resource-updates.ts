/**
 * @module
 * A page's `updated(uri)` notifications, rate-bounded: up to {@link MAX_UPDATES_PER_SECOND} pass
 * at once each second; past that, updates of the same URI coalesce into one sent when the second
 * ends, and past {@link MAX_PENDING_UPDATES} distinct URIs they are dropped. Either is reported once
 * per second (the page gets a warning, the log a line), so a flooding page costs clients little.
 */

/** Updates a page may send per second before they are coalesced. */
export const MAX_UPDATES_PER_SECOND = 20;
/** Distinct URIs held for the end of the second; the rest are dropped. */
export const MAX_PENDING_UPDATES = 100;
const WINDOW_MS = 1000;

/** One page's update limiter. */
export interface UpdateLimiter {
  push(uri: string): void;
  /** Drops what is held (the page left). */
  stop(): void;
}

/** Creates a limiter passing updates to `emit` and saying what it held back to `limited`. */
export function createUpdateLimiter(emit: (uri: string) => void, limited: (problem: string) => void): UpdateLimiter {
  let windowStart = 0;
  let count = 0;
  let dropped = 0;
  let held = 0;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const uris = [...pending];
    pending.clear();
    if (held || dropped) {
      limited(`resource updates over ${MAX_UPDATES_PER_SECOND}/s: ${held} coalesced into ${uris.length}, ${dropped} dropped (limit maxResourceUpdatesPerSecond ${MAX_UPDATES_PER_SECOND})`);
    }
    held = 0;
    dropped = 0;
    for (const uri of uris) emit(uri);
  };
  return {
    push(uri) {
      const now = Date.now();
      if (now - windowStart >= WINDOW_MS) {
        windowStart = now;
        count = 0;
      }
      if (++count <= MAX_UPDATES_PER_SECOND) return emit(uri);
      if (pending.has(uri) || pending.size < MAX_PENDING_UPDATES) {
        pending.add(uri);
        held++;
      } else dropped++;
      timer ??= setTimeout(flush, windowStart + WINDOW_MS - now).unref();
    },
    stop() {
      clearTimeout(timer);
      pending.clear();
    },
  };
}
