/**
 * @module
 * Page side of webmcp-bridge: publishes this document's WebMCP tools to a bridge over a WebSocket,
 * runs the calls the bridge forwards, and reconnects when the bridge restarts. Standard WebMCP API
 * only (`getTools`, `executeTool`, `toolchange`), so it works over native WebMCP or any polyfill,
 * including Chromium < 152's older native shape (JSON-text schemas and inputs).
 * Prompts, resources and templates come from the page-offers registry
 * (`globalThis[Symbol.for('webmcp-kit.page-offers')]`), read by its well-known key so that
 * `@webmcp-kit/webmcp` is never bundled here.
 *
 * @example
 * ```ts
 * import { connect } from '@webmcp-kit/bridge/page';
 * connect({ url: 'http://127.0.0.1:8765', token: 'PAGE_TOKEN' });
 * ```
 */
import type { BridgeMessage, PageMessage, WireResource, WireTool } from '../protocol';
import { PAGE_PROTOCOL, PAGE_SOCKET_PATH, PAGE_TOKEN_PROTOCOL_PREFIX } from '../protocol';

/** `TOOL_NOTIFY` of @webmcp-kit/webmcp: where a tool's `reportProgress`/`log`/`sample`/`elicit` calls arrive. */
const NOTIFY: unique symbol = Symbol.for('webmcp-kit.notify') as never;
/**
 * `TOOL_CANCEL` of @webmcp-kit/webmcp: where its polyfill hands over a call's cancel function, and a
 * property of the contexts that do (an older polyfill or native WebMCP does not: they get a signal).
 */
const CANCEL: unique symbol = Symbol.for('webmcp-kit.cancel') as never;

/** The subset of WebMCP's `RegisteredTool` the page side reads. */
export interface PageRegisteredTool {
  name: string;
  title?: string;
  description: string;
  /** An object schema; JSON text on Chromium < 152 (the bridge parses it). */
  inputSchema?: object | string;
  annotations?: object;
  window?: unknown;
  origin?: string;
}

/** The subset of WebMCP's `ModelContext` the page side uses. */
export interface PageModelContext extends EventTarget {
  getTools(): Promise<PageRegisteredTool[]>;
  /** `input` is JSON text where the context has no `ontoolactivated` (Chromium < 152). */
  executeTool(
    tool: PageRegisteredTool,
    input?: object | string,
    options?: { signal?: AbortSignal; [NOTIFY]?: (m: { t: string }) => unknown; [CANCEL]?: (cancel: () => void) => void },
  ): Promise<string | null>;
}

/** Options for {@link connect}. */
export interface ConnectOptions {
  /** The bridge's base URL, e.g. `http://127.0.0.1:8765`. */
  url: string;
  /** The bridge's page token (printed by `webmcp-bridge` at start). */
  token: string;
  /** The model context to publish. @default document.modelContext */
  modelContext?: PageModelContext;
}

/** A live page ↔ bridge connection, returned by {@link connect}. */
export interface BridgeConnection {
  /** True while the bridge has accepted this page. */
  readonly connected: boolean;
  /** This tab's id (kept in `sessionStorage`, so it survives reloads). */
  readonly tabId: string;
  /** Disconnects for good and stops reconnecting. */
  close(): void;
}

const TAB_KEY = 'webmcp-bridge.tab';
const EXTENSIONS = Symbol.for('webmcp-kit.tool-extensions');
/** `PAGE_OFFERS_KEY` of @webmcp-kit/webmcp: this window's prompts, resources and templates. */
const OFFERS = Symbol.for('webmcp-kit.page-offers');

type Handler = ((...args: never[]) => Promise<unknown>) & object;

/** A tool call on a context that takes a cancel hook: cancelled like an AbortController, without one. */
class HookedRun {
  readonly signal = { aborted: false };
  cancel?: () => void;
  abort() {
    this.signal.aborted = true;
    this.cancel?.();
  }
}
type Run = AbortController | HookedRun;
type Offer = { complete?: Record<string, Handler>; get?: Handler; read?: Handler; [k: string]: unknown };
/** The page-offers registry (the contract in @webmcp-kit/webmcp's `page-offers.ts`), read structurally. */
interface Offers extends EventTarget {
  prompts: Map<string, Offer>;
  resources: Map<string, Offer>;
  templates: Map<string, Offer>;
}
const MAX_BACKOFF_MS = 1000;
/** Wait after the bridge closed this page for going over a limit (it would only do so again). */
const POLICY_BACKOFF_MS = 10_000;

const warn = (message: string) => console.warn(`webmcp-bridge: ${message}`);

function store(tab: string): string {
  try {
    sessionStorage.setItem(TAB_KEY, tab);
  } catch {
    // Storage can be blocked (sandboxed frames); the id then lives as long as the page.
  }
  return tab;
}

function savedTab(): string | null {
  try {
    return sessionStorage.getItem(TAB_KEY);
  } catch {
    return null;
  }
}

/** Connects this page's WebMCP tools to a webmcp-bridge server and keeps them in sync. */
export function connect(options: ConnectOptions): BridgeConnection {
  const mc = options?.modelContext ?? (document as unknown as { modelContext?: PageModelContext }).modelContext;
  if (!mc) throw new TypeError('connect(): document.modelContext is missing; enable WebMCP or load a polyfill first');
  if (typeof options.url != 'string' || typeof options.token != 'string' || !options.token) {
    throw new TypeError('connect(): options.url and options.token must be non-empty strings');
  }
  // Chromium < 152 (which has no toolactivated yet) takes the input as JSON text; objects fail to parse.
  const textInput = !('ontoolactivated' in mc);
  // webmcp-kit's polyfill: an AbortSignal's listener per call cost more than the rest of a call's page work.
  const hooked = CANCEL in mc;
  const socketUrl = new URL(PAGE_SOCKET_PATH, options.url);
  socketUrl.protocol = socketUrl.protocol == 'https:' ? 'wss:' : 'ws:';
  let tab = store(savedTab() || crypto.randomUUID());
  let ws: WebSocket | undefined;
  let welcomed = false;
  let closed = false;
  let delay = 100;
  let max = Infinity;
  let generation = 0;
  let tools = new Map<string, PageRegisteredTool>();
  const runs = new Map<number, Run>();
  // The tool's open `sample`/`elicit` requests, by request id.
  const asks = new Map<number, [(v: unknown) => void, (e: Error) => void]>();
  let rid = 0;
  let outbox: PageMessage[] = [];
  // Created here when no define* helper ran yet, exactly as they create it, so either may come first.
  const offers: Offers = ((globalThis as Record<symbol, Offers>)[OFFERS] ??= Object.assign(new EventTarget(), {
    prompts: new Map(),
    resources: new Map(),
    templates: new Map(),
  }));
  // A MessageChannel task, unlike a timer, is not throttled in background tabs.
  const flusher = new MessageChannel();
  flusher.port1.onmessage = () => {
    if (ws?.readyState == 1) ws.send(JSON.stringify(outbox.length == 1 ? outbox[0] : outbox));
    outbox = [];
  };
  const send = (m: PageMessage) => {
    // Alone (nothing queued, no other call running): no batch to wait for, send right away.
    if (!outbox.length && !runs.size) ws?.readyState == 1 && ws.send(JSON.stringify(m));
    else if (outbox.push(m) == 1) flusher.port2.postMessage(0);
  };

  const sync = async () => {
    const mine = ++generation;
    const list = (await mc.getTools()).filter((t) => !t.window || t.window === window);
    if (mine != generation) return;
    tools = new Map(list.map((t) => [t.name, t]));
    const registry = (globalThis as Record<symbol, Map<string, Record<string, unknown>> | undefined>)[EXTENSIONS];
    const resources: WireResource[] = [];
    const wire = list.map(({ window: _w, origin: _o, ...tool }): WireTool => {
      const ext = registry?.get(tool.name);
      if (ext?.resources) resources.push(...(ext.resources as WireResource[]));
      return { ...tool, outputSchema: ext?.outputSchema, _meta: ext?._meta as WireTool['_meta'] };
    });
    send({ t: 'tools', tools: wire, resources, title: document.title });
  };

  let offersQueued = false;
  // Registering several offers fires one `change` each: one list per task is enough.
  const syncOffers = () => {
    if (offersQueued) return;
    offersQueued = true;
    queueMicrotask(sendOffers);
  };
  const sendOffers = () => {
    offersQueued = false;
    // Handlers stay here; `complete` becomes the names that have one.
    const list = (map: Map<string, Offer>) => [...map.values()].map(({ get: _g, read: _r, complete, ...o }) => ({ ...o, complete: Object.keys(complete ?? {}) }));
    send({ t: 'offers', prompts: list(offers.prompts) as never, resources: list(offers.resources) as never, templates: list(offers.templates) as never });
  };

  /**
   * Runs request `id`, aborted on cancel or disconnect, and sends its answer (`reply` or `error`).
   * `work` gets an AbortController, or (a tool call, `hook`, on webmcp-kit's polyfill) a {@link HookedRun}.
   */
  const run = async <R extends Run>(id: number, work: (ac: R) => Promise<PageMessage>, hook?: boolean) => {
    const ac = (hook ? new HookedRun() : new AbortController()) as R;
    runs.set(id, ac);
    let out: PageMessage;
    try {
      out = await work(ac);
    } catch (e) {
      // webmcp-kit keeps the tool's own error as `cause` of the generic UnknownError.
      const err = ((e as Error)?.cause ?? e) as Error & { code?: unknown };
      out = { t: 'error', id, name: err?.name || 'Error', message: err?.message ?? String(err), code: typeof err?.code == 'string' ? err.code : undefined };
    }
    runs.delete(id);
    if (!ac.signal.aborted) send(out);
  };

  const call = (id: number, name: string, args: Record<string, unknown>) =>
    run(id, async (ac: Run) => {
      const tool = tools.get(name);
      if (!tool) throw new DOMException(`No tool named "${name}" on this page`, 'NotFoundError');
      // The bridge checks and bounds these; once the call is over they are dropped here.
      const notify = (m: { t: string; params?: unknown }) => {
        if (m.t != 'sample' && m.t != 'elicit') return runs.get(id) == ac && send({ ...m, id } as PageMessage);
        if (runs.get(id) != ac) return Promise.reject(new Error(`${m.t}(): the call is over`));
        send({ t: 'ask', id, rid: ++rid, kind: m.t, params: m.params });
        return new Promise((...settle) => asks.set(rid, settle));
      };
      const input = textInput ? JSON.stringify(args) : args;
      const value = await mc.executeTool(tool, input, ac instanceof HookedRun ? { [NOTIFY]: notify, [CANCEL]: (cancel) => (ac.cancel = cancel) } : { signal: ac.signal, [NOTIFY]: notify });
      if (value && value.length > max) throw new RangeError(`Result is ${value.length} characters, over the bridge's ${max}-byte limit`);
      return { t: 'result', id, value: value ?? null };
    }, hooked);

  /** Answers the bridge's prompt, read and completion requests from the registry. */
  const offer = (m: Extract<BridgeMessage, { t: 'prompt' | 'read' | 'complete' }>) =>
    run(m.id, async ({ signal }: AbortController) => {
      const o =
        m.t == 'prompt'
          ? offers.prompts.get(m.name)
          : m.t == 'read'
            ? m.template == null
              ? offers.resources.get(m.uri)
              : offers.templates.get(m.template)
            : (m.ref == 'prompt' ? offers.prompts : offers.templates).get(m.of);
      // The bridge's error names the prompt or resource; it was removed since the bridge listed it.
      if (!o) throw new DOMException('no longer offered by this page', 'NotFoundError');
      const context = { signal } as never;
      const value =
        m.t == 'prompt'
          ? await o.get!(m.args as never, context)
          : m.t == 'read'
            ? await (m.template == null ? o.read!(context) : o.read!(m.uri as never, m.vars as never, context))
            : ((await o.complete?.[m.arg]?.(m.value as never, { arguments: m.args, signal } as never)) ?? []);
      return { t: 'reply', id: m.id, value };
    });

  const onMessage = (event: MessageEvent) => {
    const data = JSON.parse(event.data) as BridgeMessage | BridgeMessage[];
    for (const m of Array.isArray(data) ? data : [data]) {
      if (m.t == 'welcome') {
        tab = store(m.tab);
        max = m.max;
        welcomed = true;
      } else if (m.t == 'call') void call(m.id, m.name, m.args);
      else if (m.t == 'prompt' || m.t == 'read' || m.t == 'complete') void offer(m);
      else if (m.t == 'cancel') runs.get(m.id)?.abort();
      else if (m.t == 'warn') warn(m.message);
      else if (m.t == 'answer') {
        const settle = asks.get(m.rid);
        asks.delete(m.rid);
        if (m.error == null) settle?.[0](m.value);
        else settle?.[1](new Error(m.error));
      }
    }
  };

  const open = () => {
    if (closed) return;
    const socket = new WebSocket(socketUrl, [PAGE_PROTOCOL, PAGE_TOKEN_PROTOCOL_PREFIX + options.token]);
    ws = socket;
    socket.onopen = () => {
      delay = 100;
      send({ t: 'hello', tab, title: document.title, url: location.href });
      void sync();
      syncOffers();
    };
    socket.onmessage = onMessage;
    socket.onclose = (e) => {
      if (ws != socket) return;
      ws = undefined;
      outbox = [];
      welcomed = false;
      for (const ac of runs.values()) ac.abort();
      runs.clear();
      for (const [, fail] of asks.values()) fail(new Error('the bridge disconnected'));
      asks.clear();
      // 1008/1009: the bridge refused something this page sent; the reason names the limit.
      const refused = (e.code == 1008 || e.code == 1009) && e.reason;
      if (refused) warn(`the bridge closed this page's connection: ${e.reason}`);
      if (!closed) setTimeout(open, refused ? POLICY_BACKOFF_MS : delay);
      delay = Math.min(delay * 2, MAX_BACKOFF_MS);
    };
  };

  const interaction = (on: boolean) => (e: Event) =>
    send({ t: 'interaction', tool: String((e as CustomEvent<{ toolName?: string }>).detail?.toolName), on });
  const listeners: Array<[EventTarget, string, (e: Event) => void]> = [
    [mc, 'toolchange', () => void sync()],
    [mc, 'toolinteractionstart', interaction(true)],
    [mc, 'toolinteractionend', interaction(false)],
    [offers, 'change', syncOffers],
    [offers, 'updated', (e) => send({ t: 'updated', uri: String((e as CustomEvent<{ uri?: string }>).detail?.uri) })],
    [window, 'pagehide', () => ws?.close()],
  ];
  for (const [target, type, listener] of listeners) target.addEventListener(type, listener);
  open();

  return {
    get connected() {
      return welcomed;
    },
    get tabId() {
      return tab;
    },
    close() {
      closed = true;
      for (const [target, type, listener] of listeners) target.removeEventListener(type, listener);
      ws?.close();
      flusher.port1.close();
    },
  };
}
