/** @module Options of `webmcp()`, their `WEBMCP_BRIDGE_*` environment defaults and validation. */
import { WebMcpViteError } from './errors';

/** Options for `webmcp()`. Each one left out falls back to its `WEBMCP_BRIDGE_*` variable. */
export interface WebMcpPluginOptions {
  /** Bridge port; a bridge already listening there is reused. 0 picks a free one. @default WEBMCP_BRIDGE_PORT or 8765 */
  port?: number;
  /** Page token (16–512 of A-Z a-z 0-9 . _ ~ -); needed to reuse a running bridge. @default WEBMCP_BRIDGE_PAGE_TOKEN or generated */
  pageToken?: string;
  /** Client bearer token. @default WEBMCP_BRIDGE_CLIENT_TOKEN or generated */
  clientToken?: string;
  /** Page origins the bridge accepts (`scheme://host:*` matches any port). @default WEBMCP_BRIDGE_ALLOW_ORIGIN (comma-separated) or the bridge's `http://localhost:*`, `http://127.0.0.1:*` */
  allowOrigin?: string[];
  /** Load the `@webmcp-kit/webmcp` script include (polyfill where WebMCP is missing). @default true */
  polyfill?: boolean;
  /** Print the one-line client configuration when the bridge is ready. @default true */
  printConfig?: boolean;
  /** Also in `vite preview`: start the bridge and add the tags to built pages as they are served (never to files). @default false */
  preview?: boolean;
}

/** Options after defaults and validation. */
export interface ResolvedOptions {
  port: number;
  pageToken: string | undefined;
  clientToken: string | undefined;
  allowOrigin: string[] | undefined;
  polyfill: boolean;
  printConfig: boolean;
  preview: boolean;
}

const TOKEN = /^[A-Za-z0-9._~-]{16,512}$/;

function invalid(field: string, expected: string, got: unknown): WebMcpViteError {
  const shown = typeof got === 'string' ? JSON.stringify(got.length > 40 ? `${got.slice(0, 40)}…` : got) : String(got);
  return new WebMcpViteError('WEBMCP_VITE_INVALID_OPTION', `webmcp(): ${field}: expected ${expected}, got ${shown}`);
}

function env(name: string, source: NodeJS.ProcessEnv): string | undefined {
  const v = source[name];
  return v === undefined || v === '' ? undefined : v;
}

/** Applies environment defaults and checks every option, naming the field (or variable) that is wrong. */
export function resolveOptions(options: WebMcpPluginOptions = {}, source: NodeJS.ProcessEnv = process.env): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw invalid('options', 'an object', options);
  const envPort = env('WEBMCP_BRIDGE_PORT', source);
  let port: number = options.port ?? 8765;
  let portField = 'port';
  if (options.port === undefined && envPort !== undefined) {
    portField = 'WEBMCP_BRIDGE_PORT';
    port = /^\d+$/.test(envPort) ? Number(envPort) : NaN;
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw invalid(portField, 'a whole number from 0 to 65535', portField === 'port' ? options.port : envPort);

  const token = (field: string, value: unknown, variable: string): string | undefined => {
    const v = value ?? env(variable, source);
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !TOKEN.test(v)) {
      throw invalid(value === undefined ? variable : field, '16–512 characters of A-Z a-z 0-9 . _ ~ -', v);
    }
    return v;
  };
  const pageToken = token('pageToken', options.pageToken, 'WEBMCP_BRIDGE_PAGE_TOKEN');
  const clientToken = token('clientToken', options.clientToken, 'WEBMCP_BRIDGE_CLIENT_TOKEN');

  let allowOrigin = options.allowOrigin;
  let originField = 'allowOrigin';
  if (allowOrigin === undefined) {
    const v = env('WEBMCP_BRIDGE_ALLOW_ORIGIN', source);
    if (v !== undefined) {
      originField = 'WEBMCP_BRIDGE_ALLOW_ORIGIN';
      allowOrigin = v.split(',').map((s) => s.trim()).filter(Boolean);
    }
  }
  if (allowOrigin !== undefined) {
    if (!Array.isArray(allowOrigin)) throw invalid(originField, 'an array of origins', allowOrigin);
    allowOrigin.forEach((o, i) => {
      if (typeof o !== 'string' || o === '*' || !/^[a-z][a-z0-9+.-]*:\/\/[^/]+$/i.test(o)) {
        throw invalid(`${originField}[${i}]`, 'an origin like http://localhost:* (no path, no "*")', o);
      }
    });
  }
  for (const field of ['polyfill', 'printConfig', 'preview'] as const) {
    if (options[field] !== undefined && typeof options[field] !== 'boolean') throw invalid(field, 'a boolean', options[field]);
  }
  return {
    port,
    pageToken,
    clientToken,
    allowOrigin,
    polyfill: options.polyfill ?? true,
    printConfig: options.printConfig ?? true,
    preview: options.preview ?? false,
  };
}
