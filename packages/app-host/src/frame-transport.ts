/**
 * @module
 * The host end of the postMessage channel to the sandbox proxy, checking origin and source.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * An MCP `Transport` over `postMessage` to one frame: accepts only messages whose `source` is that
 * frame's window and whose `origin` is the sandbox origin, and posts only to that origin (never `*`).
 */
export class FrameTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;

  readonly #listener = (event: MessageEvent) => {
    if (event.source !== this.target || event.origin !== this.origin) return;
    const parsed = JSONRPCMessageSchema.safeParse(event.data);
    if (parsed.success) this.onmessage?.(parsed.data);
    else if ((event.data as { jsonrpc?: unknown } | null)?.jsonrpc === '2.0') {
      this.onerror?.(new Error(`Invalid JSON-RPC message from the app: ${parsed.error.message}`));
    }
  };

  constructor(
    readonly target: Window,
    readonly origin: string,
  ) {}

  async start(): Promise<void> {
    window.addEventListener('message', this.#listener);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.target.postMessage(message, this.origin);
  }

  async close(): Promise<void> {
    window.removeEventListener('message', this.#listener);
    this.onclose?.();
  }
}
