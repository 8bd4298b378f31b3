/**
 * @module
 * Bounds on how often an app may ask the host for things, so a hostile or broken app can't flood
 * the page or the conversation.
 */
import { AppHostError } from './errors';

/** A token bucket: `burst` at once, then `perSecond`. */
export interface RateLimit {
  burst: number;
  perSecond: number;
}

/** The app → host methods that are rate limited, and their default limits. */
export const APP_RATE_LIMITS: Readonly<Record<RateLimitedMethod, RateLimit>> = {
  'ui/message': { burst: 5, perSecond: 1 },
  'ui/update-model-context': { burst: 20, perSecond: 5 },
  'ui/open-link': { burst: 3, perSecond: 0.5 },
  'notifications/message': { burst: 50, perSecond: 20 },
};

/** Methods {@link APP_RATE_LIMITS} covers. */
export type RateLimitedMethod = 'ui/message' | 'ui/update-model-context' | 'ui/open-link' | 'notifications/message';

/**
 * Refused messages since the last warning, by method. Fired on `<mcp-app-frame>` at most once a
 * second while an app exceeds its limits (each refused request was answered with an error).
 */
export class McpAppFloodEvent extends Event {
  constructor(readonly refused: Readonly<Partial<Record<RateLimitedMethod, number>>>) {
    super('mcp-app-flood', { bubbles: true, composed: true });
  }
}

/** The error answering a request {@link createMessageRateLimiter} refused. */
export const rateLimited = (method: RateLimitedMethod) =>
  new AppHostError('APP_HOST_RATE_LIMITED', `Too many ${method} requests from the app: refused by the host's rate limit`);

/** How long refusals are counted before one {@link McpAppFloodEvent} reports them. */
const REPORT_MS = 1000;

/** Per-app limiter: `allow(method)` takes a token or counts a refusal; `report` gets the counts. */
export function createMessageRateLimiter(
  report: (refused: Partial<Record<RateLimitedMethod, number>>) => void,
  limits: Readonly<Record<RateLimitedMethod, RateLimit>> = APP_RATE_LIMITS,
) {
  const buckets = new Map<RateLimitedMethod, { tokens: number; at: number }>();
  let refused: Partial<Record<RateLimitedMethod, number>> = {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    allow(method: RateLimitedMethod): boolean {
      const { burst, perSecond } = limits[method];
      const now = performance.now();
      const bucket = buckets.get(method) ?? { tokens: burst, at: now };
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
      bucket.at = now;
      buckets.set(method, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens--;
        return true;
      }
      refused[method] = (refused[method] ?? 0) + 1;
      timer ??= setTimeout(() => {
        const counts = refused;
        refused = {};
        timer = undefined;
        report(counts);
      }, REPORT_MS);
      return false;
    },
    stop(): void {
      clearTimeout(timer);
    },
  };
}

declare global {
  interface HTMLElementEventMap {
    'mcp-app-flood': McpAppFloodEvent;
  }
}
