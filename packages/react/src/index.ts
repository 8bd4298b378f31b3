/**
 * @module
 * `@webmcp-kit/react`: `useTool` ties a WebMCP tool to a component's lifetime; `<McpApp>` renders a
 * tool's MCP App with `@mcp-ui/client` behind webmcp-kit's sandbox proxy and visibility guard.
 */
export { useTool } from './use-tool';
export type { UseToolOptions } from './use-tool';
export { McpApp } from './mcp-app';
export type { McpAppProps } from './mcp-app';
