/**
 * @module
 * `@webmcp-kit/app-host`: Lit web components that host MCP Apps (SEP-1865) in sandboxed iframes.
 */

// The element and its events.
export { McpAppFrame } from './mcp-app-frame';
export {
  McpAppErrorEvent,
  McpAppInitializedEvent,
  McpAppLogEvent,
  McpAppMessageEvent,
  McpAppModelContextEvent,
  McpAppOpenLinkEvent,
  McpAppSizeEvent,
} from './mcp-app-events';

// Host policies: display modes, rate limits, links, and the app's own tools.
export { McpAppDisplayModeRequestEvent, decideDisplayMode, hasTransientActivation } from './display-mode-policy';
export {
  APP_RATE_LIMITS,
  McpAppFloodEvent,
  createMessageRateLimiter,
  type RateLimit,
  type RateLimitedMethod,
} from './message-rate-limit';
export { ACTIVATION_LIFETIME_MS, isDeclaredLink, matchesHostSource, openAppLink, openInNewTab, type LinkState } from './link-policy';
export { confirmAppLink } from './link-confirm-dialog';
export { APP_TOOL_LIMITS, McpAppToolsEvent, callAppTool, listAppTools } from './app-tools';

// Visibility rules, for hosts that show tools to a model.
export { filterModelVisibleTools, isToolVisibleTo, type ToolAudience } from './visibility';

// The CSP an app runs under (also used by the sandbox proxy).
export { buildAppCsp, parseResourceCsp, DEFAULT_APP_CSP, type AppCspProfile, type ResourceCsp } from './csp';

// Lower-level pieces for custom hosts.
export { loadAppResource, type AppResource } from './app-resource';
export { appOriginLabel, appSandboxUrl, createLoadNonce, serverKeyOf } from './sandbox-origin';
export { isSameSite } from './same-site';
export { FrameTransport } from './frame-transport';
export { guardProxyFrame } from './proxy-session';
export { AppHostError, isAppHostError, type AppHostErrorCode } from './errors';
export { MCP_APPS_CLIENT_CAPABILITIES } from './client-capabilities';

// The tool console (lists, forms, calls and renders a server's tools).
export { McpToolConsole, toolUiResourceUri } from './tool-console';
export { McpToolCallEvent, McpToolResultEvent } from './tool-console-events';
