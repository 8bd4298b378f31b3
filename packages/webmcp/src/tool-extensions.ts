/**
 * @module
 * MCP-specific extras of a page tool that the WebMCP API cannot carry (output schema, `_meta`,
 * `ui://` resources of an MCP App). Kept in a well-known per-window map so the bridge connector,
 * loaded as a separate script, can read them.
 */

/** A resource a page offers with a tool, e.g. an MCP App (`ui://…`, `text/html;profile=mcp-app`). */
export interface ToolResource {
  uri: string;
  name?: string;
  mimeType: string;
  text: string;
  _meta?: Record<string, unknown>;
}

/** MCP extras of one tool. */
export interface ToolExtension {
  outputSchema?: object;
  _meta?: Record<string, unknown>;
  resources?: ToolResource[];
}

/** The well-known key: `globalThis[TOOL_EXTENSIONS_KEY]` is a `Map<toolName, ToolExtension>`. */
export const TOOL_EXTENSIONS_KEY = Symbol.for('webmcp-kit.tool-extensions');

/** The extensions map of a window, created on first use. */
export function getToolExtensions(win: object = globalThis): Map<string, ToolExtension> {
  const store = win as Record<symbol, Map<string, ToolExtension> | undefined>;
  return (store[TOOL_EXTENSIONS_KEY] ??= new Map());
}
