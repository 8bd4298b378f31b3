/**
 * @module
 * The two halves `<mcp-app-frame>` builds for each app: the sandbox iframe, and the host-side
 * `AppBridge` announcing what the host and the app's server offer.
 */
import { AppBridge, buildAllowAttribute, type McpUiHostCapabilities, type McpUiHostContext } from '@modelcontextprotocol/ext-apps/app-bridge';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { AppResource } from './app-resource';

const HOST_INFO = { name: 'webmcp-kit app-host', version: '0.1.0' };
const MODALITIES = { text: {}, image: {}, audio: {}, resource: {}, resourceLink: {}, structuredContent: {} };

/** The sandbox iframe for `resource` (not yet loaded: the caller sets `src` once it listens). */
export function createAppIframe(resource: AppResource, tool: Tool | undefined): HTMLIFrameElement {
  const iframe = document.createElement('iframe');
  iframe.setAttribute('part', 'frame');
  iframe.title = tool?.title ?? tool?.name ?? 'MCP App';
  iframe.sandbox.value = 'allow-scripts allow-same-origin allow-forms';
  iframe.referrerPolicy = 'origin';
  const allow = buildAllowAttribute(resource.permissions);
  if (allow) iframe.allow = allow;
  if (resource.prefersBorder) iframe.classList.add('border');
  return iframe;
}

/** The host side of the protocol, offering what `client`'s server declares and `resource` asks for. */
export function createHostBridge(client: Client, resource: AppResource, hostContext: McpUiHostContext): AppBridge {
  const server = client.getServerCapabilities() ?? {};
  const capabilities: McpUiHostCapabilities = {
    openLinks: {},
    logging: {},
    message: MODALITIES,
    updateModelContext: MODALITIES,
    ...(server.tools ? { serverTools: {} } : {}),
    ...(server.resources ? { serverResources: {} } : {}),
    sandbox: {
      ...(resource.permissions ? { permissions: resource.permissions } : {}),
      ...(resource.csp ? { csp: resource.csp } : {}),
    },
  };
  // No client given to AppBridge: it would forward any tools/call unguarded and take over the
  // client's list_changed handlers, which other code on the page (the console) relies on.
  return new AppBridge(null, HOST_INFO, capabilities, { hostContext });
}
