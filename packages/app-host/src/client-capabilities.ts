/**
 * @module
 * What an MCP client must advertise for servers to offer their app tools.
 */
import { RESOURCE_MIME_TYPE } from '@modelcontextprotocol/ext-apps/app-bridge';

/**
 * Client capabilities announcing MCP Apps support (`extensions["io.modelcontextprotocol/ui"]`);
 * pass them to `new Client(info, { capabilities: MCP_APPS_CLIENT_CAPABILITIES })`.
 */
export const MCP_APPS_CLIENT_CAPABILITIES = {
  extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: [RESOURCE_MIME_TYPE] } },
};
