/**
 * @module
 * `<McpApp>`: the ecosystem's React renderer for MCP Apps (`@mcp-ui/client`'s `AppRenderer`) with
 * webmcp-kit's security: the app's HTML and `_meta.ui.csp` are read by our loader and the CSP goes
 * to our sandbox proxy (which enforces it as an HTTP header, on its own site); calls from the app
 * pass our visibility guard (`_meta.ui.visibility` must include `"app"`).
 */
import { createElement, useCallback, useEffect, useState, type ReactElement } from 'react';
import { AppRenderer, type AppRendererProps } from '@mcp-ui/client';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { isToolVisibleTo, loadAppResource, toolUiResourceUri, type AppResource } from '@webmcp-kit/app-host';

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
  /** Shown while the app's resource loads. @default null */
  fallback?: ReactElement | null;
}

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

function refused(name: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: `Tool "${name}" is not available to apps (its _meta.ui.visibility excludes "app")` }] };
}

/** Renders a tool call's MCP App through webmcp-kit's sandbox proxy and visibility guard. */
export function McpApp(props: McpAppProps): ReactElement | null {
  const { client, toolName, sandboxProxyUrl, fallback = null, onCallTool, onError, ...rest } = props;
  const proxy = checkProxyUrl(sandboxProxyUrl);
  const [resource, setResource] = useState<AppResource | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  if (error !== undefined) throw error;

  useEffect(() => {
    let live = true;
    setResource(undefined);
    (async () => {
      const { tools } = await client.listTools();
      const tool = tools.find((t) => t.name === toolName);
      const uri = tool && toolUiResourceUri(tool);
      if (!uri) throw new TypeError(`<McpApp>: tool "${toolName}" ${tool ? 'has no ui:// resource (_meta.ui.resourceUri)' : 'is not listed by the server'}`);
      return loadAppResource(client, uri);
    })().then(
      (loaded) => live && setResource(loaded),
      (e: unknown) => live && (onError ? onError(e as Error) : setError(e)),
    );
    return () => {
      live = false;
    };
  }, [client, toolName]);

  const guardedCallTool = useCallback<NonNullable<AppRendererProps['onCallTool']>>(
    async (params, extra) => {
      const { tools } = await client.listTools();
      const tool: Tool | undefined = tools.find((t) => t.name === params.name);
      if (!tool || !isToolVisibleTo(tool, 'app')) return refused(params.name);
      if (onCallTool) return onCallTool(params, extra);
      return (await client.callTool(params)) as CallToolResult;
    },
    [client, onCallTool],
  );

  if (!resource) return fallback;
  const server = client.getServerCapabilities();
  // The client is not handed to AppRenderer: its AppBridge would then forward tools/call itself on
  // connect, replacing onCallTool and so bypassing the guard. Every request goes through us instead.
  return createElement(AppRenderer, {
    hostCapabilities: { openLinks: {}, serverTools: server?.tools, serverResources: server?.resources },
    onReadResource: (params) => client.readResource(params),
    onListResources: (params) => client.listResources(params),
    onListResourceTemplates: (params) => client.listResourceTemplates(params),
    onListPrompts: (params) => client.listPrompts(params),
    ...rest,
    toolName,
    toolResourceUri: resource.uri,
    html: resource.html,
    sandbox: { url: proxy, csp: resource.csp },
    onCallTool: guardedCallTool,
    onError,
  });
}
