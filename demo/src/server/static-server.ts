/**
 * @module
 * The demo's web server: serves the built pages from `dist/client` on loopback, injects each page's
 * configuration (bridge URL and token) into its HTML, and sends a strict CSP.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/** What the server injects into the pages and allows in their CSP; read on every request. */
export interface PageSettings {
  /** Whether the storefront gets the bridge URL and token (and so connects). @default true */
  connector?: boolean;
  /** Base URL of the bridge, e.g. `http://127.0.0.1:8765`. */
  bridgeUrl: string;
  pageToken: string;
  mcpUrl: string;
  clientToken: string | undefined;
  /** Sandbox proxy base URL, e.g. `http://localhost:8081/` (apps load from `app-….localhost:8081`, another site than 127.0.0.1). */
  sandboxUrl: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

const CONFIG_SLOT = '<script type="application/json" id="webmcp-demo-config">{}</script>';

function jsonForHtml(value: unknown): string {
  // JSON inside <script> must not be able to close the element.
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function origin(url: string): string {
  return new URL(url).origin;
}

/** `http://*.localhost:8081` for `http://localhost:8081/`: the proxy serves each app on its own subdomain. */
function appOrigins(sandboxUrl: string): string {
  const url = new URL(sandboxUrl);
  return `${url.protocol}//*.${url.host}`;
}

function csp(page: 'storefront' | 'console', s: PageSettings): string {
  const bridge = origin(s.bridgeUrl);
  const connect = page === 'storefront' ? `'self' ${bridge.replace(/^http/, 'ws')}` : `'self' ${bridge}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect}`,
    `frame-src ${page === 'console' ? appOrigins(s.sandboxUrl) : "'none'"}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Options for {@link createStaticServer}. */
export interface StaticServerOptions {
  /** Folder with the built pages. */
  root: string;
  /** Current settings (the bridge can restart, so they are read per request). */
  settings: () => PageSettings;
  /** Port the server listens on, for the Host check (set once listening). */
  port: () => number;
}

/**
 * Creates the demo web server. Only loopback Host headers are answered (a DNS-rebinding page
 * can't read the injected tokens), and no CORS headers are sent, so other origins can't either.
 */
export function createStaticServer(options: StaticServerOptions): Server {
  const allowedHost = (host: string | undefined) => {
    const port = options.port();
    return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
  };

  async function page(res: ServerResponse, file: string, which: 'storefront' | 'console', search: URLSearchParams): Promise<void> {
    const s = options.settings();
    let body = await readFile(file, 'utf8');
    const config = which === 'storefront'
      ? s.connector === false ? {} : { bridge: { url: s.bridgeUrl, pageToken: s.pageToken } }
      : { mcpUrl: s.mcpUrl, clientToken: s.clientToken, sandboxUrl: s.sandboxUrl };
    body = body.replace(CONFIG_SLOT, `<script type="application/json" id="webmcp-demo-config">${jsonForHtml(config)}</script>`);
    // ?autosubmit=1 turns the declarative newsletter tool into an auto-submitting one. It is set
    // in the HTML so native WebMCP sees it when it first parses the form.
    if (which === 'storefront' && search.get('autosubmit') === '1') {
      body = body.replace('<form id="newsletter"', '<form id="newsletter" toolautosubmit');
    }
    res.writeHead(200, {
      'content-type': TYPES['.html']!,
      'cache-control': 'no-store',
      'content-security-policy': csp(which, s),
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHost(req.headers.host)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end(`Forbidden: Host "${req.headers.host ?? ''}" is not this demo's loopback address`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      return void res.end(`Method ${req.method} not allowed`);
    }
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end('Bad path');
      return;
    }
    if (path === '/' || path === '/index.html') return page(res, join(options.root, 'index.html'), 'storefront', url.searchParams);
    if (path === '/console' || path === '/console.html') return page(res, join(options.root, 'console.html'), 'console', url.searchParams);
    const file = normalize(join(options.root, path));
    if (!file.startsWith(options.root + sep) || file.endsWith('.html') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end(`Not found: ${path}`);
    }
    const immutable = path.startsWith('/assets/');
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Internal error: ${(error as Error).message}`);
    });
  });
}
