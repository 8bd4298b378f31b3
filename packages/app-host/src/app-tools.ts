/**
 * @module
 * Tools an MCP App registers itself (`App.registerTool`): the host lists them with `tools/list`
 * and calls them with `tools/call`, sent to the app.
 */
import type { AppBridge } from '@modelcontextprotocol/ext-apps/app-bridge';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { AppHostError } from './errors';

/** Bounds on app tools (the spec's suggested limits). */
export const APP_TOOL_LIMITS = { maxTools: 50, callTimeoutMs: 30_000, maxResultBytes: 10_000_000 } as const;

/** The app's tools changed (after its handshake, or on its `notifications/tools/list_changed`). */
export class McpAppToolsEvent extends Event {
  constructor(readonly tools: readonly Tool[]) {
    super('mcp-app-tools', { bubbles: true, composed: true });
  }
}

/** Lists the app's tools, keeping the first {@link APP_TOOL_LIMITS}`.maxTools`. */
export async function listAppTools(bridge: AppBridge): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  do {
    const page = await bridge.listTools(cursor ? { cursor } : {}, { timeout: APP_TOOL_LIMITS.callTimeoutMs });
    tools.push(...(page.tools as Tool[]));
    cursor = page.nextCursor;
  } while (cursor && tools.length < APP_TOOL_LIMITS.maxTools);
  return tools.slice(0, APP_TOOL_LIMITS.maxTools);
}

/**
 * Calls the app's tool `name` with `args` after checking both; the app has at most
 * {@link APP_TOOL_LIMITS}`.callTimeoutMs` to answer, with at most `maxResultBytes` of JSON.
 */
export async function callAppTool(
  bridge: AppBridge,
  tools: readonly Tool[],
  name: unknown,
  args: unknown,
  signal?: AbortSignal,
): Promise<CallToolResult> {
  if (typeof name !== 'string') {
    throw new AppHostError('APP_HOST_INVALID_CONFIG', `callAppTool(name): expected a string, got ${typeof name}`);
  }
  if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) {
    throw new AppHostError('APP_HOST_INVALID_CONFIG', `callAppTool("${name}", args): expected an object, got ${Array.isArray(args) ? 'an array' : String(args)}`);
  }
  if (!tools.some((t) => t.name === name)) {
    throw new AppHostError(
      'APP_HOST_TOOL_NOT_FOUND',
      `The app has no tool "${name}" (its tools: ${tools.map((t) => JSON.stringify(t.name)).join(', ') || 'none'})`,
    );
  }
  const result = (await bridge.callTool(
    { name, arguments: (args ?? {}) as Record<string, unknown> },
    { timeout: APP_TOOL_LIMITS.callTimeoutMs, ...(signal ? { signal } : {}) },
  )) as CallToolResult;
  if (JSON.stringify(result).length > APP_TOOL_LIMITS.maxResultBytes) {
    throw new AppHostError('APP_HOST_INVALID_RESOURCE', `The app's result for "${name}" is larger than ${APP_TOOL_LIMITS.maxResultBytes} bytes`);
  }
  return result;
}

declare global {
  interface HTMLElementEventMap {
    'mcp-app-tools': McpAppToolsEvent;
  }
}
