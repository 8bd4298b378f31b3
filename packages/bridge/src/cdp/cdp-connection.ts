/**
 * @module
 * A minimal Chrome DevTools Protocol client over one browser WebSocket, with flattened target
 * sessions: commands resolve with their result, events arrive per session. Every command is
 * bounded by a timeout and fails at once when the connection closes.
 */
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { BridgeError } from '../errors';

/** A CDP event: its method, params and the flattened session it belongs to ('' = the browser). */
export interface CdpEvent {
  method: string;
  params: Record<string, unknown>;
  sessionId: string;
}

interface Pending {
  resolve(value: Record<string, unknown>): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** Options for {@link connectCdp}. */
export interface CdpConnectOptions {
  /** Bound of each command and of the connection itself. @default 10000 */
  timeoutMs?: number;
}

/** A DevTools Protocol connection. Emits `event` (CdpEvent) and `close`. */
export class CdpConnection extends EventEmitter {
  readonly #ws: WebSocket;
  readonly #pending = new Map<number, Pending>();
  readonly #timeoutMs: number;
  #seq = 0;
  #closed = false;

  constructor(ws: WebSocket, timeoutMs: number) {
    super();
    this.#ws = ws;
    this.#timeoutMs = timeoutMs;
    ws.on('message', (data) => this.#onMessage(String(data)));
    ws.on('close', () => this.#onClose());
    ws.on('error', () => {});
  }

  /** True once the browser connection is gone. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Sends a command (to a target when `sessionId` is given) and resolves with its result. */
  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    if (this.#closed) return Promise.reject(new Error(`CDP ${method}: the browser connection is closed`));
    const id = ++this.#seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`CDP ${method}: no answer within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      this.#ws.send(JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params }));
    });
  }

  /** Closes the connection (the browser keeps running). */
  close(): void {
    this.#ws.close();
    this.#onClose();
  }

  #onMessage(text: string): void {
    let msg: { id?: number; method?: string; params?: Record<string, unknown>; sessionId?: string; result?: Record<string, unknown>; error?: { message?: string } };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return;
    }
    if (typeof msg.id === 'number') {
      const pending = this.#pending.get(msg.id);
      if (!pending) return;
      this.#pending.delete(msg.id);
      clearTimeout(pending.timer);
      if (msg.error) pending.reject(new Error(`CDP: ${msg.error.message ?? 'error'}`));
      else pending.resolve(msg.result ?? {});
      return;
    }
    if (typeof msg.method === 'string') {
      this.emit('event', { method: msg.method, params: msg.params ?? {}, sessionId: msg.sessionId ?? '' } satisfies CdpEvent);
    }
  }

  #onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error('CDP: the browser connection closed'));
    }
    this.#pending.clear();
    this.emit('close');
  }
}

/**
 * Finds the browser WebSocket of a DevTools endpoint: a `ws://` URL is used as is, an `http://`
 * URL (e.g. `http://127.0.0.1:9222`) is asked for `/json/version`'s `webSocketDebuggerUrl`.
 */
export async function resolveCdpEndpoint(endpoint: string, timeoutMs = 10_000): Promise<string> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new BridgeError('WEBMCP_BRIDGE_INVALID_OPTION', `--cdp must be a URL like http://127.0.0.1:9222 or ws://…; got "${endpoint}"`);
  }
  if (url.protocol === 'ws:' || url.protocol === 'wss:') return url.href;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BridgeError('WEBMCP_BRIDGE_INVALID_OPTION', `--cdp must use http(s):// or ws(s)://; got "${url.protocol}"`);
  }
  const version = new URL('/json/version', url);
  let body: { webSocketDebuggerUrl?: unknown };
  try {
    const res = await fetch(version, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = (await res.json()) as typeof body;
  } catch (e) {
    throw new BridgeError(
      'WEBMCP_BRIDGE_CDP_FAILED',
      `Cannot reach the DevTools endpoint ${version.href}: ${(e as Error).message}. Start Chromium with --remote-debugging-port=9222 --user-data-dir=<a folder of its own>`,
      { cause: e },
    );
  }
  if (typeof body.webSocketDebuggerUrl !== 'string') {
    throw new BridgeError('WEBMCP_BRIDGE_CDP_FAILED', `${version.href} has no webSocketDebuggerUrl: is this a Chromium DevTools endpoint?`);
  }
  return body.webSocketDebuggerUrl;
}

/** Opens a DevTools Protocol connection to a browser (see {@link resolveCdpEndpoint} for `endpoint`). */
export async function connectCdp(endpoint: string, options: CdpConnectOptions = {}): Promise<CdpConnection> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const wsUrl = await resolveCdpEndpoint(endpoint, timeoutMs);
  const ws = new WebSocket(wsUrl, { maxPayload: 256 * 1024 * 1024, handshakeTimeout: timeoutMs, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', (e) =>
      reject(new BridgeError('WEBMCP_BRIDGE_CDP_FAILED', `Cannot open the DevTools WebSocket ${wsUrl}: ${e.message}`, { cause: e })),
    );
  });
  return new CdpConnection(ws, timeoutMs);
}
