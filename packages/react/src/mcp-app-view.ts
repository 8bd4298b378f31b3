/**
 * @module
 * The body of `<McpApp>`, loaded on first render (see mcp-app.ts): the ecosystem's React renderer for MCP Apps (`@mcp-ui/client`'s `AppRenderer`) with
 * webmcp-kit's security: the app's HTML and `_meta.ui.csp` are read by our loader and the CSP goes
 * to our sandbox proxy (which enforces it as an HTTP header, on its own site); calls from the app
 * pass our visibility guard (`_meta.ui.visibility` must include `"app"`).
 */
import { createElement, useCallback, useEffect, useState, type ReactElement } from 'react';
import { AppRenderer, type AppRendererProps } from '@mcp-ui/client';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { isToolVisibleTo, loadAppResource, toolUiResourceUri, type AppResource } from '@webmcp-kit/app-host';
import type { McpAppProps } from './mcp-app';

function refused(name: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: `Tool "${name}" is not available to apps (its _meta.ui.visibility excludes "app")` }] };
}

/** Renders a tool call's MCP App; `proxy` was checked by `<McpApp>`. */
export default function McpAppView(props: McpAppProps & { proxy: URL }): ReactElement | null {
  const { client, toolName, sandboxProxyUrl: _url, proxy, fallback = null, onCallTool, onError, ...rest } = props;
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
