/**
 * @module
 * The text channel between the bridge and one page. The {@link PageHub} speaks the page protocol
 * over any {@link PageChannel}; the WebSocket at `/page` is one, adapted here, and other page
 * sources (e.g. a DevTools protocol session) plug in the same way through `PageHub.attach`.
 */
import type { WebSocket } from 'ws';

/** WebSocket close code for a frame over a bound (RFC 6455 "policy violation"). */
export const CLOSE_POLICY = 1008;
/** WebSocket close code for a page closed after an unexpected bridge-side failure. */
export const CLOSE_INTERNAL = 1011;

/** One page's outgoing side: what the hub needs to talk to a page. */
export interface PageChannel {
  /** Sends one protocol frame (JSON text). */
  send(text: string): void;
  /** Closes the channel; `reason` is shown to the page (at most 123 bytes). */
  close(code: number, reason: string): void;
  /** Drops the channel at once (bridge shutdown). */
  terminate(): void;
  /** True while frames can be sent. */
  readonly open: boolean;
}

/** One page's incoming side, returned by `PageHub.attach`: feed it what the page sends. */
export interface PageEndpoint {
  /** A frame the page sent (JSON text; `undefined` for a frame that was not text). */
  receive(text: string | undefined): void;
  /** The channel closed (either side). */
  closed(): void;
}

/**
 * A {@link PageChannel} carried by another connection (a DevTools session, an extension relay):
 * frames go out through `deliver` and come in through {@link receive}; closing, from either side,
 * calls `onClose` once and tells the {@link endpoint}.
 */
export class CarriedPageChannel implements PageChannel {
  #open = true;
  /** Where incoming frames go: set to what `PageHub.attach` returned. */
  endpoint?: PageEndpoint;
  readonly #deliver: (frame: string) => void;
  readonly #onClose: () => void;

  constructor(deliver: (frame: string) => void, onClose: () => void) {
    this.#deliver = deliver;
    this.#onClose = onClose;
  }

  get open(): boolean {
    return this.#open;
  }

  send(frame: string): void {
    if (this.#open) this.#deliver(frame);
  }

  /** A frame the page sent; ignored once closed. */
  receive(frame: string): void {
    if (this.#open) this.endpoint?.receive(frame);
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#onClose();
    this.endpoint?.closed();
  }

  terminate(): void {
    this.close();
  }
}

/** Attaches an authenticated page WebSocket to a hub's {@link PageEndpoint}. */
export function attachPageSocket(attach: (channel: PageChannel) => PageEndpoint, socket: WebSocket): void {
  const endpoint = attach({
    send: (text) => socket.send(text),
    close: (code, reason) => socket.close(code, reason.slice(0, 120)),
    terminate: () => socket.terminate(),
    get open() {
      return socket.readyState === socket.OPEN;
    },
  });
  socket.on('message', (data, isBinary) => endpoint.receive(isBinary ? undefined : data.toString()));
  socket.on('close', () => endpoint.closed());
  socket.on('error', () => {});
}
