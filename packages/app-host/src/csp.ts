/**
 * @module
 * The Content-Security-Policy an MCP App runs under, built from its resource's `_meta.ui.csp`
 * exactly as SEP-1865 maps it, and never looser.
 */
import { AppHostError } from './errors';

/** `_meta.ui.csp` of an MCP App resource: the origins the app declares it needs. */
export interface ResourceCsp {
  /** Origins for `fetch`/XHR/WebSocket (`connect-src`). */
  connectDomains?: string[];
  /** Origins for scripts, styles, images, fonts and media. */
  resourceDomains?: string[];
  /** Origins the app may embed in iframes (`frame-src`). */
  frameDomains?: string[];
  /** Allowed `<base href>` origins (`base-uri`). */
  baseUriDomains?: string[];
}

/** The spec's policy for an app that declares no `ui.csp`: no network at all. */
export const DEFAULT_APP_CSP =
  "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; media-src 'self' data:; object-src 'none'; connect-src 'none'";

const FIELDS = ['connectDomains', 'resourceDomains', 'frameDomains', 'baseUriDomains'] as const;
// A CSP host-source: optional http(s)/ws(s) scheme, host with an optional leading `*.` wildcard
// label, optional port, optional path. Keywords, quotes, `;`, `,` and spaces can't pass.
const HOST_SOURCE =
  /^(?:(?:https?|wss?):\/\/)?(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::(?:\d{1,5}|\*))?(?:\/[\w\-.~%!$&()*+=:@/]*)?$/i;
const MAX_ENTRIES = 64;

function fail(message: string): never {
  throw new AppHostError('APP_HOST_INVALID_CSP', message);
}

/**
 * Checks a `_meta.ui.csp` value and returns it with only the known fields. Throws
 * {@link AppHostError} `APP_HOST_INVALID_CSP` naming the bad entry (e.g. `ui.csp.connectDomains[1]`).
 */
export function parseResourceCsp(value: unknown, where = 'ui.csp'): ResourceCsp | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    fail(`${where}: expected an object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  const csp: ResourceCsp = {};
  for (const field of FIELDS) {
    const list = (value as Record<string, unknown>)[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) fail(`${where}.${field}: expected an array of origins, got ${typeof list}`);
    if (list.length > MAX_ENTRIES) fail(`${where}.${field}: at most ${MAX_ENTRIES} entries, got ${list.length}`);
    list.forEach((entry, i) => {
      if (typeof entry !== 'string' || entry.length > 255 || !HOST_SOURCE.test(entry)) {
        fail(
          `${where}.${field}[${i}]: expected an origin like "https://api.example.com" or ` +
            `"https://*.example.com", got ${JSON.stringify(entry)}`,
        );
      }
    });
    csp[field] = [...new Set(list as string[])];
  }
  return csp;
}

/**
 * How much a CSP lets an app do *inside* its sandbox. Network egress is the same in both: only
 * what `_meta.ui.csp` declares.
 * - `'compatible'` (default): what the spec's reference host allows, so real apps run: `'unsafe-eval'`
 *   and `'wasm-unsafe-eval'` (CesiumJS, three.js), `blob:`/`data:` scripts, styles, fonts and media,
 *   and `blob:` workers (pdf.js).
 * - `'strict'`: exactly the spec's mapping, none of the above.
 */
export type AppCspProfile = 'compatible' | 'strict';

/**
 * The `Content-Security-Policy` header value for an app. With `profile: 'strict'`: {@link DEFAULT_APP_CSP}
 * when it declares no `ui.csp`, else the spec mapping (connect → `connect-src`, resource →
 * script/style/img/font/media, frame → `frame-src`, baseUri → `base-uri`). The default `'compatible'`
 * profile adds only in-sandbox allowances (see {@link AppCspProfile}); `connect-src`, `frame-src` and
 * `base-uri` stay exactly as declared. Validates with {@link parseResourceCsp}.
 */
export function buildAppCsp(csp?: ResourceCsp | null, options: { profile?: AppCspProfile } = {}): string {
  const parsed = parseResourceCsp(csp);
  const strict = options.profile === 'strict';
  if (options.profile !== undefined && !strict && options.profile !== 'compatible') {
    throw new AppHostError('APP_HOST_INVALID_CONFIG', `profile: expected "compatible" or "strict", got ${JSON.stringify(options.profile)}`);
  }
  if (!parsed && strict) return DEFAULT_APP_CSP;
  const list = (values: string[] | undefined, fallback = '') =>
    values?.length ? values.join(' ') : fallback;
  const res = list(parsed?.resourceDomains);
  const src = (base: string, extra: string) => [base, strict ? '' : extra, res].filter(Boolean).join(' ');
  // No ui.csp at all means no network (spec): 'none', not even 'self'.
  const connect = parsed ? `'self'${parsed.connectDomains?.length ? ` ${list(parsed.connectDomains)}` : ''}` : "'none'";
  return [
    "default-src 'none'",
    src("script-src 'self' 'unsafe-inline'", "'unsafe-eval' 'wasm-unsafe-eval' blob: data:"),
    src("style-src 'self' 'unsafe-inline'", 'blob: data:'),
    src("img-src 'self' data:", 'blob:'),
    src("media-src 'self' data:", 'blob:'),
    src("font-src 'self'", 'data: blob:'),
    ...(strict ? [] : [src("worker-src 'self'", 'blob:')]),
    `connect-src ${connect}`,
    `frame-src ${list(parsed?.frameDomains, "'none'")}`,
    "object-src 'none'",
    `base-uri ${list(parsed?.baseUriDomains, "'self'")}`,
  ].join('; ');
}
