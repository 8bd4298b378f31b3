/**
 * @module
 * The sandbox proxy as a Web-standard `(Request) => Response` handler: it serves the proxy page
 * with the app's Content-Security-Policy as an HTTP header (tamper-proof, unlike `<meta>`).
 */
import { buildAppCsp, parseResourceCsp } from '../csp';
import { AppHostError, isAppHostError } from '../errors';
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
}

/** Longest accepted `csp` query value, in characters. */
const MAX_CSP_PARAM = 8192;

function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/**
 * Creates the sandbox proxy handler. `GET <path>?csp=<JSON of _meta.ui.csp>` answers the proxy
 * page under the CSP {@link buildAppCsp} builds (the spec default without `csp`); a malformed
 * `csp` gets a 400 naming the bad entry.
 */
export function createSandboxProxyHandler(options: SandboxProxyOptions = {}): (request: Request) => Response {
  const hostOrigins = options.hostOrigins?.map((origin, i) => {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin) {
      throw new AppHostError(
        'APP_HOST_INVALID_CONFIG',
        `hostOrigins[${i}]: expected an origin like "https://app.example.com", got ${JSON.stringify(origin)}`,
      );
    }
    return origin;
  });
  const page = renderProxyPage(hostOrigins);
  return (request) => {
    const url = new URL(request.url);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return text(405, `Method ${request.method} not allowed: the sandbox proxy serves GET only.`, { allow: 'GET, HEAD' });
    }
    if (options.path !== undefined && url.pathname !== options.path) return text(404, 'Not found');
    const raw = url.searchParams.get('csp');
    let policy: string;
    try {
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
      policy = buildAppCsp(parseResourceCsp(declared, 'csp'));
    } catch (error) {
      if (isAppHostError(error)) return text(400, `Invalid sandbox request: ${error.message}`);
      throw error;
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
