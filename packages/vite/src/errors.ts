/** @module The Vite plugin's one error class, with stable codes and a cross-bundle guard. */

const BRAND = Symbol.for('webmcp-kit.vite-error');

/** Stable codes carried by {@link WebMcpViteError}. */
export type WebMcpViteErrorCode = 'WEBMCP_VITE_INVALID_OPTION' | 'WEBMCP_VITE_MISSING_BUNDLE';

/** Error thrown by `webmcp()`; `code` is stable, the message explains what to fix. */
export class WebMcpViteError extends Error {
  readonly code: WebMcpViteErrorCode;
  constructor(code: WebMcpViteErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WebMcpViteError';
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for a {@link WebMcpViteError} from any copy of this package. */
export function isWebMcpViteError(value: unknown): value is WebMcpViteError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
