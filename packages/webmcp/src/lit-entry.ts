/**
 * @module
 * `@webmcp-kit/webmcp/lit`: {@link ToolController}, a Lit reactive controller tying a tool to an
 * element's connection. Its own entry so the root entry stays free of it.
 */
export { ToolController } from './tool-controller';
export type { ToolControllerHost, ToolControllerOptions } from './tool-controller';
