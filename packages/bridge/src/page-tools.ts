/**
 * @module
 * What the hub accepts from a page: the shapes clients see (pages, exposed tools, call outcomes)
 * and the checks a page's tool list goes through before any client sees it.
 */
import type { CallSink } from './call-notifications';
import { parseBounded } from './json-limits';
import type { WireResource, WireTool } from './protocol';
import { unsupportedPattern } from './safe-patterns';
import { TOOL_NAME_PATTERN } from './tool-names';

/** A connected page as clients see it. */
export interface PageInfo {
  id: string;
  tab: string;
  origin: string;
  title: string;
  /** The page's full URL as it reported it (query and fragment included). */
  url: string;
  /** The path of the page's URL, without query or fragment. */
  path: string;
}

/** A tool of a connected page under its exposed name. */
export interface ExposedTool {
  name: string;
  page: PageInfo;
  tool: WireTool;
  inputSchema: Record<string, unknown>;
}

/** How a tool call ended (the audit log's `outcome`). */
export type CallOutcome = 'ok' | 'tool_error' | 'timeout' | 'cancelled' | 'page_gone' | 'too_large' | 'shutdown';

/** Options of one forwarded call. */
export interface CallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Where the call's progress (heartbeat and the tool's own) and log messages go. */
  sink?: CallSink;
  /** Heartbeat interval (`--heartbeat`). */
  progressIntervalMs: number;
}

/** Most tools the bridge takes from one page; the rest are dropped with a warning. */
export const MAX_TOOLS_PER_PAGE = 1000;

/** `page "<title>" (<origin>)`, for messages. */
export function describePage(p: PageInfo): string {
  return `page "${p.title || p.url}" (${p.origin})`;
}

/** `Tool "<exposed name>" of page "<title>" (<origin>)`, for a call's messages. */
export function callLabel(e: ExposedTool): string {
  return `Tool "${e.name}" of ${describePage(e.page)}`;
}

/** A string field of a page message, clipped; anything else becomes ''. */
export function clip(value: unknown, max: number): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** The public view of a page record. */
export function info({ id, tab, origin, title, url, path }: PageInfo): PageInfo {
  return { id, tab, origin, title, url, path };
}

/** The path of a page URL (no query, no fragment), or '' if it does not parse. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

/**
 * Keeps the well-formed tools of a page's list (at most {@link MAX_TOOLS_PER_PAGE}) and says what
 * was dropped and why: `warn` gets one log line per problem, `warnings` go to the page.
 */
export function acceptTools(tools: unknown, warn: (msg: string, fields: Record<string, unknown>) => void): { accepted: WireTool[]; warnings: string[] } {
  const accepted: WireTool[] = [];
  const warnings: string[] = [];
  const skip = (msg: string, tool: string, why: string) => {
    warn(msg, { tool, ...(why === msg ? {} : { reason: why }) });
    warnings.push(`tool "${tool}" skipped: ${why}`);
  };
  const list = Array.isArray(tools) ? tools : [];
  if (list.length > MAX_TOOLS_PER_PAGE) {
    warn('page over the tool limit: extra tools dropped', { tools: list.length, limit: `maxToolsPerPage ${MAX_TOOLS_PER_PAGE}` });
    warnings.push(`this page offers ${list.length} tools; the bridge exposes the first ${MAX_TOOLS_PER_PAGE} (limit maxToolsPerPage ${MAX_TOOLS_PER_PAGE})`);
  }
  for (const t of list.slice(0, MAX_TOOLS_PER_PAGE)) {
    const tool = t as WireTool;
    if (!tool || typeof tool.name !== 'string' || !TOOL_NAME_PATTERN.test(tool.name) || typeof tool.description !== 'string') {
      skip('page tool skipped: invalid name or description', clip(tool?.name, 200), 'invalid name or description');
      continue;
    }
    let schema = tool.inputSchema;
    // Chromium < 152's native getTools() gives the schema as JSON text.
    if (typeof schema === 'string') {
      try {
        schema = parseBounded(schema, 'inputSchema');
      } catch (error) {
        skip('page tool skipped: inputSchema text is not a JSON schema', tool.name, `inputSchema is a string that does not parse as JSON (${(error as Error).message})`);
        continue;
      }
    }
    if (schema !== undefined && (typeof schema !== 'object' || schema === null || Array.isArray(schema) || ((schema as { type?: unknown }).type ?? 'object') !== 'object')) {
      skip('page tool skipped: inputSchema must be an object schema', tool.name, 'inputSchema must be an object schema');
      continue;
    }
    const input = unsupportedPattern(schema);
    const output = unsupportedPattern(tool.outputSchema);
    if (input || output) {
      skip('page tool skipped: unsupported pattern', tool.name, input ? `inputSchema.${input}` : `outputSchema.${output}`);
      continue;
    }
    accepted.push(schema === tool.inputSchema ? tool : { ...tool, inputSchema: schema });
  }
  return { accepted, warnings };
}

/** Keeps the well-formed resources (MCP App UIs) of a page's list. */
export function acceptResources(resources: unknown): WireResource[] {
  return (Array.isArray(resources) ? resources : []).filter(
    (r): r is WireResource => !!r && typeof r.uri === 'string' && typeof r.mimeType === 'string' && typeof r.text === 'string',
  );
}
