/**
 * @module
 * Many pages over one WebSocket: a relay (the browser extension's service worker) opens a channel
 * per page document, carries each page's protocol frames on it, and closes it when the document
 * goes. Each channel joins the page hub as its own page, under the page's own origin.
 *
 * Relay → bridge: `{ c, open: { origin } }`, `{ c, f }` (one page frame, as text), `{ c, close: true }`,
 * `{ c: 0, ping: 1 }` (keeps an extension service worker alive). Bridge → relay: `{ c, f }`, `{ c, close: true }`.
 */
import { textProblem } from './json-limits';
import type { Logger } from './log';
import { CarriedPageChannel, type PageChannel, type PageEndpoint } from './page-channel';

/** WebSocket subprotocol of the multiplexed relay connection. */
export const PAGE_RELAY_PROTOCOL = 'webmcp-bridge.relay.v1';

/** The socket side the relay needs (a `ws` WebSocket satisfies it). */
export interface RelaySocket {
  readonly readyState: number;
  readonly OPEN: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (data: { toString(): string }, isBinary: boolean) => void): this;
  on(event: 'close', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
}

const MAX_CHANNELS = 512;
const MAX_CHANNEL_ID = 2 ** 31;

function pageOrigin(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2048 || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return /^https?:$/.test(url.protocol) && url.origin === value ? value : undefined;
}

/**
 * Serves one relay connection: every channel it opens is handed to `attach` as a page of the origin
 * it names (the relay itself was authenticated and its own origin allowed before this).
 */
export function serveRelay(socket: RelaySocket, attach: (channel: PageChannel, origin: string) => PageEndpoint, log: Logger): void {
  const channels = new Map<number, CarriedPageChannel>();
  const warn = (msg: string, extra: Record<string, unknown> = {}) => log({ level: 'warn', msg: `relay: ${msg}`, ...extra });
  socket.on('message', (data, isBinary) => {
    let msg: { c?: unknown; open?: { origin?: unknown }; f?: unknown; close?: unknown; ping?: unknown };
    const text = isBinary ? '' : data.toString();
    // The envelope is bounded like a page frame; the page frame inside is bounded again by the hub.
    const problem = textProblem(text, 'relay message');
    if (problem) return warn('message over a limit', { limit: problem });
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return warn('malformed message');
    }
    if (!msg || typeof msg !== 'object') return warn('malformed message');
    const c = msg.c;
    if (c === 0 && msg.ping !== undefined) return;
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 1 || c > MAX_CHANNEL_ID) return warn('message without a valid channel id (c)', { c: String(c).slice(0, 40) });
    if (msg.open !== undefined) {
      const origin = pageOrigin(msg.open?.origin);
      if (!origin) return warn('open: origin must be an http(s) origin', { c });
      if (channels.has(c)) return warn('open: channel already open', { c });
      if (channels.size >= MAX_CHANNELS) return warn(`open: more than ${MAX_CHANNELS} pages on one relay`, { c });
      // One relayed page: its frames travel on the relay connection, tagged `c`.
      const channel = new CarriedPageChannel(
        (frame) => socket.readyState === socket.OPEN && socket.send(JSON.stringify({ c, f: frame })),
        () => {
          channels.delete(c);
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ c, close: true }));
        },
      );
      channels.set(c, channel);
      channel.endpoint = attach(channel, origin);
      return;
    }
    const channel = channels.get(c);
    if (!channel) return;
    if (msg.close !== undefined) return channel.close();
    if (typeof msg.f === 'string') channel.receive(msg.f);
  });
  socket.on('close', () => {
    for (const channel of [...channels.values()]) channel.close();
  });
  socket.on('error', () => {});
}
