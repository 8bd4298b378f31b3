/**
 * @module
 * The one seam between the page registry and the ways a page can reach the bridge: a connector's
 * WebSocket satisfies it as is, and other sources (DevTools Protocol, extension relays) implement it
 * to speak the same frames (`protocol.ts`) without a socket.
 */

/** A page channel carrying protocol frames, shaped like the subset of a `ws` WebSocket the hub uses. */
export interface PageSocket {
  /** `OPEN` while frames can be sent. */
  readonly readyState: number;
  /** The `readyState` value meaning open (1, as in WebSocket). */
  readonly OPEN: number;
  /** Sends one frame (JSON text of a `BridgeMessage` or an array of them). */
  send(frame: string): void;
  /** Closes the channel; `close` is then emitted once. */
  close(code?: number, reason?: string): void;
  /** Closes the channel at once. */
  terminate(): void;
  on(event: 'message', listener: (frame: { toString(): string }, isBinary: boolean) => void): this;
  on(event: 'close', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
}
