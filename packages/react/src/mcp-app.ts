/**
 * @module
 * `<McpApp>`: the ecosystem's React renderer for MCP Apps (`@mcp-ui/client`'s `AppRenderer`) with
 * webmcp-kit's security: the app's HTML and `_meta.ui.csp` are read by our loader and the CSP goes
 * to our sandbox proxy (which enforces it as an HTTP header, on its own site); calls from the app
 * pass our visibility guard (`_meta.ui.visibility` must include `"app"`). The renderer and its
 * dependencies are loaded on first render, so apps that only use `useTool` never ship them.
 */
import { createElement, lazy, Suspense, type ReactElement } from 'react';
import type { AppRendererProps } from '@mcp-ui/client';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

type Passed = Omit<AppRendererProps, 'client' | 'sandbox' | 'html' | 'toolResourceUri' | 'toolName' | 'onCallTool'>;

/** Props of {@link McpApp}. */
export interface McpAppProps extends Passed {
  /** A connected MCP client of the server that owns the tool. */
  client: Client;
  /** The tool whose UI (`_meta.ui.resourceUri`) is shown. */
  toolName: string;
  /**
   * URL of webmcp-kit's sandbox proxy (`createSandboxProxyServer` or `mcp-app-sandbox-proxy`) on a
   * different site from this page, e.g. `http://sandbox.localhost:8081/`.
   */
  sandboxProxyUrl: string | URL;
  /** Runs a call the app makes, after the visibility guard. @default forwards to `client` */
  onCallTool?: AppRendererProps['onCallTool'];
  /** Shown while the renderer and the app's resource load. @default null */
  fallback?: ReactElement | null;
}

const McpAppView = lazy(() => import('./mcp-app-view'));

function checkProxyUrl(value: string | URL): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TypeError(`<McpApp>: sandboxProxyUrl: expected an http(s) URL, got ${JSON.stringify(String(value))}`);
  }
  if (typeof location !== 'undefined' && url.origin === location.origin) {
    throw new TypeError(`<McpApp>: sandboxProxyUrl: the sandbox proxy must not share this page's origin (${url.origin}); serve it on its own site`);
  }
  return url;
}

/** Renders a tool call's MCP App through webmcp-kit's sandbox proxy and visibility guard. */
export function McpApp(props: McpAppProps): ReactElement {
  const proxy = checkProxyUrl(props.sandboxProxyUrl);
  return createElement(Suspense, { fallback: props.fallback ?? null }, createElement(McpAppView, { ...props, proxy }));
}
