/** Typed DOM events fired by `<mcp-tool-console>` around each tool call. */
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';

/**
 * Fired before the console calls a tool, after the form validated. Cancelable: call
 * `preventDefault()` to stop the call (e.g. to ask for confirmation first).
 */
export class McpToolCallEvent extends Event {
  /** The event's type name. */
  static readonly eventName = 'mcp-tool-call' as const;
  /** The tool about to be called. */
  readonly tool: Tool;
  /** The validated arguments that will be sent. */
  readonly arguments: Record<string, unknown>;

  constructor(tool: Tool, args: Record<string, unknown>) {
    super(McpToolCallEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.tool = tool;
    this.arguments = args;
  }
}

/** Fired after a tool call settles: `result` when the server answered (check `result.isError`), `error` when the request failed. */
export class McpToolResultEvent extends Event {
  /** The event's type name. */
  static readonly eventName = 'mcp-tool-result' as const;
  /** The tool that was called. */
  readonly tool: Tool;
  /** The arguments that were sent. */
  readonly arguments: Record<string, unknown>;
  /** The server's result, if it answered. */
  readonly result: CallToolResult | undefined;
  /** Why the request failed (protocol error, abort, disconnect), if it did. */
  readonly error: unknown;

  constructor(tool: Tool, args: Record<string, unknown>, result: CallToolResult | undefined, error?: unknown) {
    super(McpToolResultEvent.eventName, { bubbles: true, composed: true });
    this.tool = tool;
    this.arguments = args;
    this.result = result;
    this.error = error;
  }
}

declare global {
  interface HTMLElementEventMap {
    'mcp-tool-call': McpToolCallEvent;
    'mcp-tool-result': McpToolResultEvent;
  }
}
