/**
 * @module
 * webmcp-bridge: exposes the WebMCP tools of open pages to MCP clients over Streamable HTTP or
 * stdio. The page side lives in `@webmcp-kit/bridge/page`.
 */
export { createBridge } from './bridge';
export type { Bridge, BridgeOptions, BridgeStats } from './bridge';
export { BridgeError, isBridgeError } from './errors';
export type { BridgeErrorCode } from './errors';
export type { LogEntry, LogLevel, LogSink } from './log';
export type { PageInfo } from './page-hub';
export { BRIDGE_VERSION } from './mcp-server';
export { PAGE_PROTOCOL, PAGE_SOCKET_PATH } from './protocol';
export { PAGE_RELAY_PROTOCOL } from './page-relay';
export type { BridgeMessage, PageMessage, WireResource, WireTool } from './protocol';
export { parseCliArgs, startBanner } from './cli-options';
export { connectBrowser } from './browser-reach';
export type { ConnectBrowserOptions, ConnectedBrowser } from './browser-reach';
export type { BannerBrowser } from './cli-options';
export type { PageChannel, PageEndpoint } from './page-channel';
