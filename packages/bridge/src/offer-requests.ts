/**
 * @module
 * Requests the bridge sends a page for its offers (get a prompt, read a resource, complete an
 * argument), each bounded: a timeout, the client's cancellation (forwarded to the page as `cancel`),
 * the page leaving. The page's answer comes back as a `reply` or `error` frame with the same id.
 */
import { BridgeError, type BridgeErrorCode } from './errors';

/** An offer request in flight. */
export interface OfferRequest {
  id: number;
  /** `Prompt "x" of page "T" (origin)`, for messages. */
  label: string;
  /** Settles the request: a reply value, or a failure. */
  finish(outcome: { value: unknown } | { error: BridgeError }): void;
}

/** Options of one offer request. */
export interface OfferRequestOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Why an offer request failed: the bridge's `WEBMCP_BRIDGE_OFFER_*` codes. */
export type OfferFailure = Extract<BridgeErrorCode, `WEBMCP_BRIDGE_OFFER_${string}`>;

/**
 * How a page's error answer reads to the bridge: arguments its `definePrompt`/template refused
 * (`WEBMCP_KIT_INVALID_INPUT`), an offer gone since it was listed (`NotFoundError`), or a failure.
 */
export function offerFailure(name: unknown, code: unknown): OfferFailure {
  if (code === 'WEBMCP_KIT_INVALID_INPUT') return 'WEBMCP_BRIDGE_OFFER_INVALID_INPUT';
  return name === 'NotFoundError' ? 'WEBMCP_BRIDGE_OFFER_NOT_FOUND' : 'WEBMCP_BRIDGE_OFFER_PAGE_ERROR';
}

/** What {@link startOfferRequest} needs from the page the request goes to. */
export interface OfferRequestHooks {
  send(): void;
  cancel(): void;
}

/**
 * Registers request `id` in `requests`, sends it, and resolves with the page's reply value or
 * rejects with a {@link BridgeError} naming why there is none.
 */
export function startOfferRequest(requests: Map<number, OfferRequest>, id: number, label: string, options: OfferRequestOptions, hooks: OfferRequestHooks): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const finish: OfferRequest['finish'] = (outcome) => {
      if (!requests.delete(id)) return;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.value);
    };
    const stop = (code: OfferFailure, message: string) => {
      hooks.cancel();
      finish({ error: new BridgeError(code, message) });
    };
    const onAbort = () => stop('WEBMCP_BRIDGE_OFFER_CANCELLED', `${label} was cancelled`);
    const timer = setTimeout(() => stop('WEBMCP_BRIDGE_OFFER_TIMEOUT', `${label} timed out after ${options.timeoutMs} ms`), options.timeoutMs);
    requests.set(id, { id, label, finish });
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    hooks.send();
  });
}
