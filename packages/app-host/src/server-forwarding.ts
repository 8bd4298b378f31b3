/**
 * @module
 * What an app may ask of the MCP server through the host: calls to tools whose
 * `_meta.ui.visibility` includes "app", resource reads and listings, prompt listings.
 */
import type { AppBridge } from '@modelcontextprotocol/ext-apps/app-bridge';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { AppHostError } from './errors';
import { isToolVisibleTo } from './visibility';

/** Answers the app's server requests through `client`, for each capability the server declares. */
export function forwardServerRequests(bridge: AppBridge, client: Client): void {
  const server = client.getServerCapabilities() ?? {};
  if (server.tools) {
    const cache: { tools?: Map<string, Tool> } = {};
    bridge.oncalltool = async (params, extra) => {
      const tool = await findTool(cache, client, params.name);
      if (!isToolVisibleTo(tool, 'app')) {
        throw new AppHostError(
          'APP_HOST_TOOL_NOT_VISIBLE',
          `Tool "${params.name}" is not callable by the app: its _meta.ui.visibility ` +
            `${JSON.stringify((tool._meta?.ui as { visibility?: unknown }).visibility)} lacks "app"`,
        );
      }
      return (await client.callTool(params, undefined, { signal: extra.signal })) as CallToolResult;
    };
  }
  if (server.resources) {
    bridge.onreadresource = (params, extra) => client.readResource(params, { signal: extra.signal });
    bridge.onlistresources = (params, extra) => client.listResources(params, { signal: extra.signal });
    bridge.onlistresourcetemplates = (params, extra) =>
      client.listResourceTemplates(params, { signal: extra.signal });
  }
  if (server.prompts) bridge.onlistprompts = (params, extra) => client.listPrompts(params, { signal: extra.signal });
}

/** The server's tool `name`, from the cached `tools/list`, listed again once when it is missing. */
async function findTool(cache: { tools?: Map<string, Tool> }, client: Client, name: string): Promise<Tool> {
  for (let attempt = 0; attempt < 2; attempt++) {
    if (!cache.tools || attempt) {
      const tools = new Map<string, Tool>();
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : undefined);
        for (const tool of page.tools) tools.set(tool.name, tool);
        cursor = page.nextCursor;
      } while (cursor && tools.size < 10_000);
      cache.tools = tools;
    }
    const tool = cache.tools.get(name);
    if (tool) return tool;
  }
  throw new AppHostError('APP_HOST_TOOL_NOT_FOUND', `Tool "${name}" is not offered by the server (tools/list)`);
}
