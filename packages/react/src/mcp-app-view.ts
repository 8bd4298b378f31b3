/**
 * @module
 * The body of `<McpApp>`, loaded on first render (see mcp-app.ts): the ecosystem's React renderer for MCP Apps (`@mcp-ui/client`'s `AppRenderer`) with
 * webmcp-kit's security: the app's HTML and `_meta.ui.csp` are read by our loader and the CSP goes
 * to our sandbox proxy (which enforces it as an HTTP header), on the app's own origin and another
 * site than the page, loaded once under a fresh nonce, and closed if its proxy reloads or announces
 * itself again or with another nonce; calls from the app pass our visibility guard
 * (`_meta.ui.visibility` must include `"app"`).
 */
import { createElement, useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { AppRenderer, type AppRendererProps } from '@mcp-ui/client';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import {
  appOriginLabel,
  appSandboxUrl,
  createLoadNonce,
  guardProxyFrame,
  isSameSite,
  isToolVisibleTo,
  loadAppResource,
  serverKeyOf,
  toolUiResourceUri,
  type AppResource,
} from '@webmcp-kit/app-host';
import type { McpAppProps } from './mcp-app';

function refused(name: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: `Tool "${name}" is not available to apps (its _meta.ui.visibility excludes "app")` }] };
}

/**
 * The app's proxy load, as `<mcp-app-frame>` makes it: the app's own origin `<label>.<proxy host>`,
 * refused on the page's site (the app could read and set its cookies), with a fresh nonce the proxy
 * serves once. AppRenderer keeps our query and adds `csp`; it ignores the nonce the proxy echoes,
 * so the view checks it (guardProxyFrame).
 */
async function appProxyUrl(proxy: URL, client: McpAppProps['client'], resource: AppResource): Promise<URL> {
  const label = await appOriginLabel(serverKeyOf(client), resource.uri, resource.domain, proxy.hostname);
  const url = appSandboxUrl(proxy, label, '<McpApp>: sandboxProxyUrl');
  if (isSameSite(url, new URL(location.href))) {
    throw new TypeError(
      `<McpApp>: sandboxProxyUrl: the app's sandbox ${url.origin} is on the same site as this page (${location.origin}), ` +
        'so the app could read and set its cookies; serve the proxy on another site (e.g. localhost for a page on 127.0.0.1)',
    );
  }
  url.searchParams.set('nonce', createLoadNonce());
  return url;
}

/** Renders a tool call's MCP App; `proxy` was checked by `<McpApp>`. */
export default function McpAppView(props: McpAppProps & { proxy: URL }): ReactElement | null {
  const { client, toolName, sandboxProxyUrl: _url, proxy, fallback = null, onCallTool, onError, hostCapabilities, hostInfo, ...rest } = props;
  // undefined while loading; null once closed because its sandbox was tampered with.
  const [loaded, setLoaded] = useState<{ resource: AppResource; url: URL } | null>();
  const [error, setError] = useState<unknown>(undefined);
  const box = useRef<HTMLDivElement>(null);
  const report = useRef(onError);
  report.current = onError;
  if (error !== undefined) throw error;
  const fail = (e: unknown) => (report.current ? report.current(e as Error) : setError(e));

  useEffect(() => {
    let live = true;
    setLoaded(undefined);
    (async () => {
      const { tools } = await client.listTools();
      const tool = tools.find((t) => t.name === toolName);
      const uri = tool && toolUiResourceUri(tool);
      if (!uri) throw new TypeError(`<McpApp>: tool "${toolName}" ${tool ? 'has no ui:// resource (_meta.ui.resourceUri)' : 'is not listed by the server'}`);
      const resource = await loadAppResource(client, uri);
      // A new nonce per load (a remount loads again): the proxy answers a reused one with 410.
      return { resource, url: await appProxyUrl(proxy, client, resource) };
    })().then(
      (next) => live && setLoaded(next),
      (e: unknown) => live && fail(e),
    );
    return () => {
      live = false;
    };
  }, [client, toolName, proxy.href]);

  // In place before AppRenderer appends the proxy iframe to the box (from its own effect, after an await).
  useEffect(() => {
    if (box.current && loaded) {
      return guardProxyFrame(box.current, loaded.url, (e) => {
        setLoaded(null);
        fail(e);
      });
    }
  }, [loaded]);

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

  const server = client.getServerCapabilities();
  const host = [hostCapabilities ?? { openLinks: {}, serverTools: server?.tools, serverResources: server?.resources }, hostInfo] as const;
  // AppRenderer makes a new bridge, and so reloads the sandbox (whose nonce is spent: 410), when
  // either object changes: keep them while their content stays the same.
  const [stableCapabilities, stableInfo] = useMemo(() => host, [JSON.stringify(host)]);

  if (!loaded) return loaded === null ? null : fallback;
  const { resource, url } = loaded;
  // The client is not handed to AppRenderer: its AppBridge would then forward tools/call itself on
  // connect, replacing onCallTool and so bypassing the guard. Every request goes through us instead.
  // The box takes no layout (display: contents); it is where the guard finds the proxy iframe.
  return createElement(
    'div',
    { ref: box, style: { display: 'contents' } },
    createElement(AppRenderer, {
      onReadResource: (params) => client.readResource(params),
      onListResources: (params) => client.listResources(params),
      onListResourceTemplates: (params) => client.listResourceTemplates(params),
      onListPrompts: (params) => client.listPrompts(params),
      ...rest,
      hostCapabilities: stableCapabilities,
      hostInfo: stableInfo,
      toolName,
      toolResourceUri: resource.uri,
      html: resource.html,
      sandbox: { url, csp: resource.csp },
      onCallTool: guardedCallTool,
      onError,
    }),
  );
}
