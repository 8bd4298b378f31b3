/**
 * @module
 * `@webmcp-kit/vite`: `plugins: [webmcp()]` gives `vite dev` a webmcp-bridge, the WebMCP polyfill,
 * the page connector (with its token, never in source files) and tool-aware HMR.
 */
export { webmcp, POLYFILL_PATH } from './plugin';
export type { WebMcpPluginOptions } from './options';
export type { WebMcpPluginApi } from './plugin';
export { WebMcpViteError, isWebMcpViteError } from './errors';
export type { WebMcpViteErrorCode } from './errors';
