/**
 * @module
 * The package's one error class, with a stable `code` per kind of failure.
 */

const BRAND = Symbol.for('webmcp-kit.app-host.error');

/** Stable codes of {@link AppHostError}. */
export type AppHostErrorCode =
  | 'APP_HOST_INVALID_CSP'
  | 'APP_HOST_INVALID_CONFIG'
  | 'APP_HOST_INVALID_RESOURCE'
  | 'APP_HOST_TOOL_NOT_FOUND'
  | 'APP_HOST_TOOL_NOT_VISIBLE'
  | 'APP_HOST_CLOSED'
  | 'APP_HOST_RATE_LIMITED'
  | 'APP_HOST_SANDBOX_RELOADED'
  | 'APP_HOST_SAME_SITE_SANDBOX';

/** Thrown (or reported in `mcp-app-error`) by the app host; `code` says what kind of failure it is. */
export class AppHostError extends Error {
  readonly code: AppHostErrorCode;
  constructor(code: AppHostErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppHostError';
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for an {@link AppHostError} from any copy of this package. */
export function isAppHostError(value: unknown): value is AppHostError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
