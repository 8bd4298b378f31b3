/**
 * @module
 * Errors: spec paths reject with `DOMException`s named as the spec (and native Chromium) name them;
 * everything else throws {@link WebMCPKitError} with a stable `code`.
 */

const BRAND = Symbol.for('webmcp-kit.error');

/** Stable codes of {@link WebMCPKitError}. */
export type WebMCPKitErrorCode =
  | 'WEBMCP_KIT_INVALID_DEFINITION'
  | 'WEBMCP_KIT_NOT_SUPPORTED'
  | 'WEBMCP_KIT_INVALID_OUTPUT'
  | 'WEBMCP_KIT_INVALID_INPUT'
  | 'WEBMCP_KIT_DUPLICATE';

/** The package's one error class, for misuse of the helpers (not for spec algorithm failures). */
export class WebMCPKitError extends Error {
  readonly code: WebMCPKitErrorCode;
  constructor(code: WebMCPKitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WebMCPKitError';
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for a {@link WebMCPKitError} from any copy of this package (IIFE, ESM, another frame). */
export function isWebMCPKitError(value: unknown): value is WebMCPKitError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** Native Chromium's messages, so pages see the same text on the polyfill. */
export const MESSAGES = {
  duplicate: 'Duplicate tool name',
  invalidName: 'Invalid tool name',
  noDescription: 'Description is required',
  exposedTo: 'Only secure origins are allowed in the exposedTo list.',
  fromOrigins: 'Only secure origins are allowed in the fromOrigins list.',
  unknownTool: 'The operation failed for an unknown transient reason (e.g. out of memory).',
  invocationFailed:
    'Tool was executed but the invocation failed. For example, the script function threw an error',
  badOrigin: 'The provided origin is invalid.',
  detached: 'Target frame is detached.',
  policy: 'Access to the feature "tools" is disallowed by permissions policy.',
  domain: 'document.modelContext cannot be used when document.domain is enabled.',
} as const;

/** A `DOMException`; `cause` (non-standard) keeps the tool's own error for callers that want it. */
export function domError(name: string, message: string, cause?: unknown): DOMException {
  const error = new DOMException(message, name);
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause, configurable: true });
  return error;
}

/** A `TypeError` in the WebIDL style Chromium uses: `Failed to execute 'op' on 'ModelContext': …`. */
export function idlTypeError(operation: string, message: string): TypeError {
  return new TypeError(`Failed to execute '${operation}' on 'ModelContext': ${message}`);
}
