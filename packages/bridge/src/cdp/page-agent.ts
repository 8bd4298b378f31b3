/**
 * @module
 * The script the bridge evaluates in a page's main world over the DevTools Protocol. It does what
 * the connector (`../page/index.ts`) does, over a CDP binding instead of a WebSocket: announces the
 * page, publishes its tools on every `toolchange` and its prompts, resources and templates (the
 * page-offers registry) on every `change`, runs calls, offer requests and cancellations, and relays
 * confirmation pauses and resource updates. Standard WebMCP only, so native WebMCP (also Chromium < 152's
 * older shape) and any polyfill all work.
 *
 * {@link pageAgent} is sent as source text (`Function.prototype.toString`), so it must not use
 * anything from its module scope.
 */

/**
 * Installs the agent in this document. `binding` carries page → bridge frames: the name of the
 * `Runtime.addBinding` function (removed from the global object once captured), or the function
 * itself (the extension's relay); `tab` is the page's tab id. Returns the function that takes
 * bridge → page frames.
 */
export function pageAgent(binding: string | ((payload: string) => void), tab: string): (frame: string) => void {
  interface Tool {
    name: string;
    window?: unknown;
    origin?: string;
    [key: string]: unknown;
  }
  interface Context extends EventTarget {
    getTools(): Promise<Tool[]>;
    executeTool(tool: Tool, input?: object | string, options?: { signal?: AbortSignal }): Promise<string | null>;
  }
  const g = globalThis as unknown as Record<string | symbol, unknown>;
  // Installed once per document: at document start (before the page's scripts), or when the bridge
  // attaches to a page that was already open; a second install returns the first one's receiver.
  const mark = Symbol.for(`webmcp-kit.page-agent.${typeof binding == 'string' ? binding : ''}`);
  if (typeof binding == 'string' && g[mark]) return g[mark] as (frame: string) => void;
  const post = typeof binding == 'function' ? binding : (g[binding] as (payload: string) => void);
  // No binding in this document (yet): leave it to a later install rather than run deaf.
  if (typeof post != 'function') return () => {};
  // Page scripts that run after this point cannot reach the binding.
  if (typeof binding == 'string') delete g[binding];
  // A frame too big for the DevTools connection would end it for every page: drop it here.
  const MAX_FRAME = 64 * 1024 * 1024;
  let mc: Context | undefined;
  let tools = new Map<string, Tool>();
  const runs = new Map<number, AbortController>();
  let outbox: unknown[] = [];
  let generation = 0;
  let max = Infinity;
  let hidden = false;
  const flusher = new MessageChannel();
  const emit = (text: string) => {
    if (text.length <= MAX_FRAME) post(text);
  };
  flusher.port1.onmessage = () => {
    emit(JSON.stringify(outbox.length == 1 ? outbox[0] : outbox));
    outbox = [];
  };
  const send = (m: unknown) => {
    if (hidden) return;
    if (!outbox.length && !runs.size) emit(JSON.stringify(m));
    else if (outbox.push(m) == 1) flusher.port2.postMessage(0);
  };

  const sync = async () => {
    const mine = ++generation;
    const list = (await mc!.getTools()).filter((t) => !t.window || t.window === window);
    if (mine != generation) return;
    tools = new Map(list.map((t) => [t.name, t]));
    const registry = g[Symbol.for('webmcp-kit.tool-extensions')] as Map<string, Record<string, unknown>> | undefined;
    const resources: unknown[] = [];
    const wire = list.map(({ window: _w, origin: _o, ...tool }) => {
      const ext = registry?.get(tool.name);
      if (Array.isArray(ext?.resources)) resources.push(...(ext.resources as unknown[]));
      return { ...tool, outputSchema: ext?.outputSchema, _meta: ext?._meta };
    });
    send({ t: 'tools', tools: wire, resources, title: document.title });
  };

  // The page-offers registry (its contract is @webmcp-kit/webmcp's page-offers.ts), created as the define* helpers would.
  type Offer = { complete?: Record<string, Handler>; get?: Handler; read?: Handler; [k: string]: unknown };
  type Handler = (...args: never[]) => Promise<unknown>;
  const offers = (g[Symbol.for('webmcp-kit.page-offers')] ??= Object.assign(new EventTarget(), {
    prompts: new Map(),
    resources: new Map(),
    templates: new Map(),
  })) as EventTarget & Record<'prompts' | 'resources' | 'templates', Map<string, Offer>>;
  let offersQueued = false;
  const sendOffers = () => {
    offersQueued = false;
    const list = (map: Map<string, Offer>) => [...map.values()].map(({ get: _g, read: _r, complete, ...o }) => ({ ...o, complete: Object.keys(complete ?? {}) }));
    send({ t: 'offers', prompts: list(offers.prompts), resources: list(offers.resources), templates: list(offers.templates) });
  };
  const syncOffers = () => {
    if (!mc || offersQueued) return;
    offersQueued = true;
    queueMicrotask(sendOffers);
  };

  /** Runs request `id` with a signal aborted on cancel or page hide, and sends its answer. */
  const settle = async (id: number, work: (signal: AbortSignal) => Promise<unknown>) => {
    const ac = new AbortController();
    runs.set(id, ac);
    let out: unknown;
    try {
      out = await work(ac.signal);
    } catch (e) {
      const err = ((e as Error)?.cause ?? e) as Error & { code?: unknown };
      out = { t: 'error', id, name: err?.name || 'Error', message: err?.message ?? String(err), code: typeof err?.code == 'string' ? err.code : undefined };
    }
    runs.delete(id);
    if (!ac.signal.aborted) send(out);
  };

  const run = (id: number, name: string, args: object) =>
    settle(id, async (signal) => {
      const tool = tools.get(name);
      if (!tool) throw new DOMException(`No tool named "${name}" on this page`, 'NotFoundError');
      // Chromium < 152 (no toolactivated yet) takes the input as JSON text; the bridge parses its text schemas.
      const value = await mc!.executeTool(tool, 'ontoolactivated' in mc! ? args : JSON.stringify(args), { signal });
      if (value && value.length > max) throw new RangeError(`Result is ${value.length} characters, over the bridge's ${max}-byte limit`);
      return { t: 'result', id, value: value ?? null };
    });

  type OfferMessage = { t: string; id: number; name: string; args: Record<string, string>; uri: string; template?: string; vars: object; ref: string; of: string; arg: string; value: string };
  const offer = (m: OfferMessage) =>
    settle(m.id, async (signal) => {
      const o = m.t == 'prompt' ? offers.prompts.get(m.name) : m.t == 'read' ? (m.template == null ? offers.resources.get(m.uri) : offers.templates.get(m.template)) : (m.ref == 'prompt' ? offers.prompts : offers.templates).get(m.of);
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

  const interaction = (on: boolean) => (e: Event) =>
    send({ t: 'interaction', tool: String((e as CustomEvent<{ toolName?: string }>).detail?.toolName), on });

  const start = () => {
    if (mc) return;
    const found = (document as unknown as { modelContext?: Context }).modelContext;
    if (!found || typeof found.getTools != 'function') return;
    mc = found;
    document.removeEventListener('DOMContentLoaded', start);
    removeEventListener('load', start);
    send({ t: 'hello', tab, title: document.title, url: location.href });
    mc.addEventListener('toolchange', () => void sync());
    mc.addEventListener('toolinteractionstart', interaction(true));
    mc.addEventListener('toolinteractionend', interaction(false));
    offers.addEventListener('change', syncOffers);
    offers.addEventListener('updated', (e) => mc && send({ t: 'updated', uri: String((e as CustomEvent<{ uri?: string }>).detail?.uri) }));
    void sync();
    syncOffers();
  };
  // As the connector closes its socket: a leaving page answers nothing more (the bridge fails its
  // calls when the document goes), and its tools stop what they were doing.
  addEventListener('pagehide', () => {
    hidden = true;
    for (const ac of runs.values()) ac.abort();
  });
  // A page may install its polyfill after this runs: look again when its scripts have run.
  start();
  if (!mc) {
    document.addEventListener('DOMContentLoaded', start);
    addEventListener('load', start);
    // Over CDP, say once that this allowed page has nothing to expose (no native WebMCP, no polyfill).
    if (typeof binding == 'string') addEventListener('load', () => mc || post('"no-model-context"'), { once: true });
  }

  const receive = (frame: string) => {
    type Message = OfferMessage & { max: number };
    const data = JSON.parse(frame) as Message | Message[];
    for (const m of Array.isArray(data) ? data : [data]) {
      if (m.t == 'welcome') max = m.max;
      else if (m.t == 'call') void run(m.id, m.name, m.args);
      else if (m.t == 'prompt' || m.t == 'read' || m.t == 'complete') void offer(m);
      else if (m.t == 'cancel') runs.get(m.id)?.abort();
    }
  };
  if (typeof binding == 'string') Object.defineProperty(g, mark, { value: receive });
  return receive;
}
