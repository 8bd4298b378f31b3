/**
 * @module
 * The sandbox proxy as a Web-standard `(Request) => Response` handler: it serves the proxy page
 * with the app's Content-Security-Policy as an HTTP header (tamper-proof, unlike `<meta>`), each
 * load once, each app on its own `<label>.<domain>` origin.
 */
import { buildAppCsp, parseResourceCsp, type AppCspProfile } from '../csp';
import { AppHostError, isAppHostError } from '../errors';
import { createNonceRegistry, NONCE_PATTERN } from './load-nonces';
import { renderProxyPage } from './proxy-page';

/** Options for {@link createSandboxProxyHandler}. */
export interface SandboxProxyOptions {
  /**
   * Origins of the host pages allowed to frame the proxy (sent as `frame-ancestors` and checked by
   * the page). @default any origin other than the proxy's own
   */
  hostOrigins?: string[];
  /** Only this pathname serves the page; others get 404. @default every path */
  path?: string;
  /**
   * The sandbox domain: only `<label>.<domain>` hosts are served (one DNS label per app, e.g.
   * `app-3f2a….localhost` for `localhost`, `app-3f2a….sandbox.example.com` in production), so every
   * app gets its own origin; the bare domain and other hosts get 421. @default any host
   */
  domain?: string;
  /** `'strict'` drops the in-sandbox allowances of the default profile (see `AppCspProfile`). @default 'compatible' */
  profile?: AppCspProfile;
  /**
   * Each load must carry a fresh `nonce` query parameter (16–64 URL-safe characters), served once:
   * a reload or a second load with it gets 410, so an app can't reload its proxy under a wider
   * `csp`. Turn off only for hosts that can't send a nonce. @default true
   */
  singleUse?: boolean;
}

/** Longest accepted `csp` query value, in characters. */
const MAX_CSP_PARAM = 8192;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

const config = (message: string): never => {
  throw new AppHostError('APP_HOST_INVALID_CONFIG', message);
};

function checkOrigins(origins: string[] | undefined): string[] | undefined {
  return origins?.map((origin, i) => {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin) {
      config(`hostOrigins[${i}]: expected an origin like "https://app.example.com", got ${JSON.stringify(origin)}`);
    }
    return origin;
  });
}

function readCsp(raw: string | null, profile: AppCspProfile | undefined): string {
  if (raw !== null && raw.length > MAX_CSP_PARAM) {
    throw new AppHostError('APP_HOST_INVALID_CSP', `csp query parameter: longer than ${MAX_CSP_PARAM} characters`);
  }
  let declared: unknown;
  if (raw !== null) {
    try {
      declared = JSON.parse(raw);
    } catch (error) {
      throw new AppHostError('APP_HOST_INVALID_CSP', `csp query parameter: not valid JSON (${(error as Error).message})`);
    }
  }
  return buildAppCsp(parseResourceCsp(declared, 'csp'), profile ? { profile } : {});
}

/**
 * Creates the sandbox proxy handler. `GET <path>?csp=<JSON of _meta.ui.csp>&nonce=<fresh>` answers
 * the proxy page under the CSP {@link buildAppCsp} builds; a malformed `csp` or `nonce` gets a 400
 * naming the bad entry, a reused nonce 410, a host outside `<label>.<domain>` 421.
 */
export function createSandboxProxyHandler(options: SandboxProxyOptions = {}): (request: Request) => Response {
  const hostOrigins = checkOrigins(options.hostOrigins);
  const domain = options.domain?.toLowerCase();
  if (domain !== undefined && !/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(domain)) {
    config(`domain: expected a host name like "sandbox.example.com" or "localhost", got ${JSON.stringify(options.domain)}`);
  }
  if (options.profile !== undefined) buildAppCsp(undefined, { profile: options.profile });
  const singleUse = options.singleUse ?? true;
  const nonces = createNonceRegistry();
  const page = renderProxyPage(hostOrigins);
  return (request) => {
    const url = new URL(request.url);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return text(405, `Method ${request.method} not allowed: the sandbox proxy serves GET only.`, { allow: 'GET, HEAD' });
    }
    if (options.path !== undefined && url.pathname !== options.path) return text(404, 'Not found');
    if (domain !== undefined) {
      const host = url.hostname.toLowerCase();
      const label = host.endsWith(`.${domain}`) ? host.slice(0, -domain.length - 1) : '';
      if (!LABEL.test(label)) {
        return text(421, `Misdirected request: this sandbox proxy serves one app per <label>.${domain} origin, not ${host}.`);
      }
    }
    const nonce = url.searchParams.get('nonce');
    let policy: string;
    try {
      if (nonce !== null && !NONCE_PATTERN.test(nonce)) {
        throw new AppHostError('APP_HOST_INVALID_CONFIG', 'nonce query parameter: expected 16-64 characters of A-Z a-z 0-9 _ -');
      }
      if (singleUse && nonce === null) {
        throw new AppHostError('APP_HOST_INVALID_CONFIG', 'nonce query parameter: required, a fresh value per load');
      }
      policy = readCsp(url.searchParams.get('csp'), options.profile);
    } catch (error) {
      if (isAppHostError(error)) return text(400, `Invalid sandbox request: ${error.message}`);
      throw error;
    }
    // Claimed only by a GET that will serve the page, after every check passed.
    if (singleUse && request.method === 'GET' && !nonces.claim(nonce!)) {
      return text(410, 'Gone: this sandbox load was already served; the host must start a new one.');
    }
    if (hostOrigins?.length) policy += `; frame-ancestors ${hostOrigins.join(' ')}`;
    return new Response(request.method === 'HEAD' ? null : page, {
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': policy,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'cross-origin-resource-policy': 'cross-origin',
      },
    });
  };
}
