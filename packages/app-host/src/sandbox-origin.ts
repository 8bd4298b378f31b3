/**
 * @module
 * Where an app's sandbox proxy is loaded from: its own origin `<label>.<sandbox host>`, with the
 * label derived from the server and the resource (or the resource's `_meta.ui.domain`), plus a
 * fresh nonce per load.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { AppHostError } from './errors';
import { isSameSite } from './same-site';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Derived labels start with this; a declared `_meta.ui.domain` can't, so it can't join another app's origin. */
const DERIVED_PREFIX = 'app-';

const hex = (bytes: ArrayBuffer | Uint8Array) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/** A fresh 32-hex-digit nonce for one proxy load. */
export function createLoadNonce(): string {
  return hex(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * What identifies the server for its apps' origins: the Streamable HTTP endpoint URL when the
 * client's transport has one, else the server's `serverInfo.name`.
 */
export function serverKeyOf(client: Client): string {
  // StreamableHTTPClientTransport / SSEClientTransport keep their endpoint in `_url` (not public API).
  const url = (client.transport as { _url?: unknown } | undefined)?._url;
  if (url instanceof URL) return url.href;
  return `name:${client.getServerVersion()?.name ?? ''}`;
}

/**
 * The DNS label of an app's origin: the resource's `_meta.ui.domain` when it declares one (a label
 * such as `"my-app"`, or `"my-app.<sandbox host>"`), else `app-` + 32 hex digits of
 * SHA-256(server key, resource URI). Throws `APP_HOST_INVALID_RESOURCE` for an unusable domain.
 */
export async function appOriginLabel(serverKey: string, uri: string, domain: unknown, sandboxHost: string): Promise<string> {
  if (domain !== undefined) {
    const value = typeof domain === 'string' ? domain.toLowerCase().replace(/^https?:\/\//, '').replace(/\/$/, '') : '';
    const label = value.endsWith(`.${sandboxHost}`) ? value.slice(0, -sandboxHost.length - 1) : value;
    if (!LABEL.test(label) || label.startsWith(DERIVED_PREFIX)) {
      throw new AppHostError(
        'APP_HOST_INVALID_RESOURCE',
        `MCP App resource ${uri}: _meta.ui.domain: expected one DNS label such as "my-app" (or "my-app.${sandboxHost}"), ` +
          `not starting with "${DERIVED_PREFIX}", got ${JSON.stringify(domain)}`,
      );
    }
    return label;
  }
  if (!crypto.subtle) {
    throw new AppHostError('APP_HOST_INVALID_CONFIG', 'MCP App hosts need a secure context (https or localhost) to derive app origins');
  }
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${serverKey}\n${uri}`));
  return DERIVED_PREFIX + hex(digest).slice(0, 32);
}

/** Checks `<mcp-app-frame sandbox>`: an http(s) URL on another origin than the page. */
export function parseSandboxBase(sandbox: string | undefined): URL {
  let url: URL;
  try {
    url = new URL(sandbox ?? '', location.href);
  } catch {
    throw new AppHostError('APP_HOST_INVALID_CONFIG', `<mcp-app-frame> sandbox: not a URL: ${JSON.stringify(sandbox)}`);
  }
  if (!sandbox || !/^https?:$/.test(url.protocol)) {
    throw new AppHostError('APP_HOST_INVALID_CONFIG', '<mcp-app-frame> sandbox: required, the http(s) URL of the sandbox proxy page');
  }
  if (url.origin === location.origin) {
    throw new AppHostError(
      'APP_HOST_INVALID_CONFIG',
      `<mcp-app-frame> sandbox: must be on another origin than the page (both are ${url.origin}), or the app could reach the page`,
    );
  }
  return url;
}

/**
 * The app's proxy URL: `sandbox` with `<label>.` in front of its host name, so each app gets its
 * own origin. `sandbox` must use a host name, not an IP address (no subdomains of an address);
 * `where` names the setting in the error.
 */
export function appSandboxUrl(sandbox: URL, label: string, where = '<mcp-app-frame> sandbox'): URL {
  if (/^[\d.]+$|^\[/.test(sandbox.hostname)) {
    throw new AppHostError(
      'APP_HOST_INVALID_CONFIG',
      `${where}: ${sandbox.origin} is an IP address; use a host name whose subdomains reach the proxy ` +
        `(e.g. http://localhost:${sandbox.port || 80}/ locally, https://<your sandbox domain>/ in production) so each app gets its own origin`,
    );
  }
  const url = new URL(sandbox.href);
  url.hostname = `${label}.${sandbox.hostname}`;
  return url;
}

/** One load of an app's sandbox proxy: the URL to set as the iframe's `src`, and its nonce. */
export interface SandboxLoad {
  url: URL;
  nonce: string;
}

/**
 * Prepares an app's proxy load: its own origin ({@link appOriginLabel}, {@link appSandboxUrl}),
 * the declared `csp` and a fresh nonce. A proxy on the page's own site is refused with
 * `APP_HOST_SAME_SITE_SANDBOX` (the app could read and set the page's cookies) unless
 * `allowSameSite`, which only warns.
 */
export async function prepareSandboxLoad(
  sandbox: URL,
  client: Client,
  resource: { uri: string; csp?: unknown; domain?: unknown },
  allowSameSite: boolean,
): Promise<SandboxLoad> {
  const label = await appOriginLabel(serverKeyOf(client), resource.uri, resource.domain, sandbox.hostname);
  const url = appSandboxUrl(sandbox, label);
  if (isSameSite(url, new URL(location.href))) {
    const why = `the sandbox ${url.origin} is on the same site as this page (${location.origin}), so the app could read and set its cookies`;
    if (!allowSameSite) {
      throw new AppHostError(
        'APP_HOST_SAME_SITE_SANDBOX',
        `<mcp-app-frame> sandbox: ${why}. Serve the proxy on another site (e.g. *.localhost for a page on 127.0.0.1), ` +
          'or opt in with the allow-same-site-sandbox attribute',
      );
    }
    console.warn(`<mcp-app-frame allow-same-site-sandbox>: ${why}.`);
  }
  if (resource.csp) url.searchParams.set('csp', JSON.stringify(resource.csp));
  const nonce = createLoadNonce();
  url.searchParams.set('nonce', nonce);
  return { url, nonce };
}
