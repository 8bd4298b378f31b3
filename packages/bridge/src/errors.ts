/** @module The bridge's one error class, with stable codes and a cross-bundle guard. */

const BRAND = Symbol.for('webmcp-kit.bridge-error');

/** Stable codes carried by {@link BridgeError}. */
export type BridgeErrorCode =
  | 'WEBMCP_BRIDGE_INVALID_OPTION'
  | 'WEBMCP_BRIDGE_NOT_LISTENING'
  | 'WEBMCP_BRIDGE_LISTEN_FAILED'
  | 'WEBMCP_BRIDGE_CDP_FAILED'
  | 'WEBMCP_BRIDGE_LAUNCH_FAILED'
  | 'WEBMCP_BRIDGE_OFFER_TIMEOUT'
  | 'WEBMCP_BRIDGE_OFFER_CANCELLED'
  | 'WEBMCP_BRIDGE_OFFER_PAGE_GONE'
  | 'WEBMCP_BRIDGE_OFFER_PAGE_ERROR'
  | 'WEBMCP_BRIDGE_OFFER_INVALID_INPUT'
  | 'WEBMCP_BRIDGE_OFFER_NOT_FOUND';

/** Error thrown by the bridge's Node API; `code` is stable, the message explains what to fix. */
export class BridgeError extends Error {
  readonly code: BridgeErrorCode;
  constructor(code: BridgeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BridgeError';
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for a {@link BridgeError} from any copy of this package. */
export function isBridgeError(value: unknown): value is BridgeError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
