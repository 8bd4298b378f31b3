/**
 * @module
 * The MCP Apps sandbox proxy: a Web-standard handler any server can mount, and a Node server.
 */
export { createSandboxProxyHandler, type SandboxProxyOptions } from './sandbox-proxy-handler';
export {
  createSandboxProxyServer,
  type SandboxProxyServer,
  type SandboxProxyServerOptions,
} from './sandbox-proxy-server';
export { buildAppCsp, parseResourceCsp, DEFAULT_APP_CSP, type AppCspProfile, type ResourceCsp } from '../csp';
export { AppHostError, isAppHostError, type AppHostErrorCode } from '../errors';
