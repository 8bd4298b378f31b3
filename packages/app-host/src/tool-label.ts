/**
 * @module
 * How the console names a tool: its title once, and — for tools of a web page exposed by the
 * webmcp-kit bridge — the page and origin as secondary text instead of a suffix on every title.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

/** A tool's title, where it comes from (page · origin, if known) and its own description. */
export interface ToolLabel {
  title: string;
  source: string | undefined;
  description: string | undefined;
}

/** `_meta` key the bridge puts on page tools: `{ origin, title, url, tabId, toolName }`. */
const PAGE_META = 'webmcp-kit/page';

/**
 * Reads a tool's label. For a bridge page tool, the bridge's ` ("Page" origin)` title suffix and
 * `[Tool of the web page …]` description suffix are taken off and given as `source` instead.
 */
export function toolLabel(tool: Tool): ToolLabel {
  const base = tool.title ?? tool.annotations?.title ?? tool.name;
  const page = tool._meta?.[PAGE_META] as { title?: unknown; origin?: unknown } | undefined;
  if (typeof page?.origin !== 'string') return { title: base, source: undefined, description: tool.description };
  const pageTitle = typeof page.title === 'string' && page.title ? page.title : undefined;
  const where = `${pageTitle ? `"${pageTitle}" ` : ''}${page.origin}`;
  const title = base.endsWith(` (${where})`) ? base.slice(0, -(where.length + 3)) : base;
  const suffix = `\n\n[Tool of the web page ${where}]`;
  const description = tool.description?.endsWith(suffix) ? tool.description.slice(0, -suffix.length) : tool.description;
  return { title, source: pageTitle ? `${pageTitle} · ${page.origin}` : page.origin, description };
}
