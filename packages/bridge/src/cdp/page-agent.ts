/**
 * @module
 * The script the bridge evaluates in a page's main world over the DevTools Protocol. It does what
 * the connector (`../page/index.ts`) does, over a CDP binding instead of a WebSocket: announces the
 * page, publishes its tools on every `toolchange`, runs calls and cancellations, and relays
 * confirmation pauses. Standard WebMCP only, so native WebMCP and any polyfill both work.
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
    executeTool(tool: Tool, input?: object, options?: { signal?: AbortSignal }): Promise<string | null>;
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

  const run = async (id: number, name: string, args: object) => {
    const ac = new AbortController();
    runs.set(id, ac);
    let out: unknown;
    try {
      const tool = tools.get(name);
      if (!tool) throw new DOMException(`No tool named "${name}" on this page`, 'NotFoundError');
      const value = await mc!.executeTool(tool, args, { signal: ac.signal });
      out = { t: 'result', id, value: value ?? null };
      if (value && value.length > max) throw new RangeError(`Result is ${value.length} characters, over the bridge's ${max}-byte limit`);
    } catch (e) {
      const err = ((e as Error)?.cause ?? e) as Error;
      out = { t: 'error', id, name: err?.name || 'Error', message: err?.message ?? String(err) };
    }
    runs.delete(id);
    if (!ac.signal.aborted) send(out);
  };

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
    void sync();
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
  }

  const receive = (frame: string) => {
    const data = JSON.parse(frame) as { t: string; id: number; name: string; args: object; max: number } | Array<{ t: string; id: number; name: string; args: object; max: number }>;
    for (const m of Array.isArray(data) ? data : [data]) {
      if (m.t == 'welcome') max = m.max;
      else if (m.t == 'call') void run(m.id, m.name, m.args);
      else if (m.t == 'cancel') runs.get(m.id)?.abort();
    }
  };
  if (typeof binding == 'string') Object.defineProperty(g, mark, { value: receive });
  return receive;
}
