/**
 * @module
 * `@webmcp-kit/webmcp/install`: importing it installs WebMCP into the current window
 * (polyfill, or a layer on native WebMCP) and re-exports the root entry.
 */
import { installModelContext } from './install';

installModelContext();

export * from './index';
