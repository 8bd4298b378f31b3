/**
 * @module
 * The shared registry of connected pages: their channels, tools, resources and in-flight calls.
 * Every MCP session reads it; it tells them when the tool or resource lists change.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { MAX_JSON_DEPTH, textProblem, valueProblem } from './json-limits';
import type { Logger } from './log';
import { CLOSE_INTERNAL, CLOSE_POLICY, type PageChannel, type PageEndpoint } from './page-channel';
import { armCall, startCall, trackInteraction, type PendingCall } from './pending-call';
import { acceptResources, acceptTools, clip, describePage, info, pathOf, type CallOptions, type CallOutcome, type ExposedTool, type PageInfo } from './page-tools';
import type { BridgeMessage, PageMessage, WireResource, WireTool } from './protocol';
import { errorResult, settleResult } from './results';
import { ToolNamer } from './tool-names';

export type { CallOptions, CallOutcome, ExposedTool, PageInfo } from './page-tools';

interface PageRecord extends PageInfo {
  channel: PageChannel;
  hello: boolean;
  /** A tool list arrived since the hello. */
  toolsSeen: boolean;
  /** The last warning sent to the page (not repeated). */
  warned: string;
  tools: WireTool[];
  resources: WireResource[];
  calls: Map<number, PendingCall>;
  interactions: Map<string, number>;
  /** Messages batched into the next frame. */
  outbox: BridgeMessage[];
}

/** Options for {@link PageHub}. */
export interface PageHubOptions {
  log: Logger;
  maxResultBytes: number;
  /** How long a disconnected tab keeps its tool names. */
  nameGraceMs: number;
  /** How long a page has to send its hello. */
  helloTimeoutMs: number;
  /** Origin whose tools keep bare names; pinned to the first page's origin when undefined. */
  primaryOrigin?: string;
  /**
   * Longest page frame in characters. The WebSocket at `/page` enforces its own `maxPayload`;
   * channels without one (DevTools Protocol, extension relay) are held to this. @default no bound
   */
  maxFrameChars?: number;
}

/**
 * Shared page/tool registry. Emits `toolschange` and `resourceschange` when what clients see
 * changes, `page` when a page is accepted and `pagegone` when it leaves.
 */
export class PageHub extends EventEmitter {
  readonly #pages = new Map<string, PageRecord>();
  readonly #namer: ToolNamer;
  /** Fires when a tab's tool list arrives or its names are released (ends reload waits). */
  readonly #settle = new EventEmitter();
  readonly #releases = new Map<string, NodeJS.Timeout>();
  #exposed = new Map<string, ExposedTool>();
  #exposedKey = '';
  #resourcesKey = '';
  #seq = 0;
  #shutdown: string | undefined;
  readonly #options: PageHubOptions;

  constructor(options: PageHubOptions) {
    super();
    this.#options = options;
    this.#namer = new ToolNamer(options.primaryOrigin);
    this.#settle.setMaxListeners(0);
  }

  /** The error text calls get once the bridge is shutting down. */
  get shutdownMessage(): string | undefined {
    return this.#shutdown;
  }

  /** The origin whose tools keep bare names, once known. */
  get primaryOrigin(): string | undefined {
    return this.#namer.primary;
  }

  /** Counts for `/healthz`. */
  stats(): { pages: number; tools: number } {
    let pages = 0;
    for (const p of this.#pages.values()) if (p.hello) pages++;
    return { pages, tools: this.#exposed.size };
  }

  /** Connected pages. */
  pages(): PageInfo[] {
    return [...this.#pages.values()].filter((p) => p.hello).map(info);
  }

  /** Every tool of every connected page, under exposed names. */
  tools(): ExposedTool[] {
    return [...this.#exposed.values()];
  }

  /** Looks up a tool by exposed name. */
  lookup(name: string): ExposedTool | undefined {
    return this.#exposed.get(name);
  }

  /**
   * Looks up a tool by exposed name, waiting up to `waitMs` when the name belongs to a tab that is
   * reloading (disconnected within its grace period, or reconnected without its tool list yet).
   */
  resolve(name: string, waitMs: number, signal?: AbortSignal): Promise<ExposedTool | undefined> {
    const found = this.#exposed.get(name);
    if (found || !this.#reloading(name) || signal?.aborted) return Promise.resolve(found);
    return new Promise((resolve) => {
      const done = (tool: ExposedTool | undefined) => {
        clearTimeout(timer);
        this.#settle.off('settle', check);
        signal?.removeEventListener('abort', stop);
        resolve(tool);
      };
      const check = () => {
        const tool = this.#exposed.get(name);
        if (tool || !this.#reloading(name)) done(tool);
      };
      const stop = () => done(undefined);
      const timer = setTimeout(stop, waitMs);
      this.#settle.on('settle', check);
      signal?.addEventListener('abort', stop, { once: true });
    });
  }

  #reloading(name: string): boolean {
    if (this.#shutdown) return false;
    const owner = this.#namer.ownerOf(name);
    if (!owner) return false;
    if (this.#releases.has(owner.tab)) return true;
    for (const p of this.#pages.values()) if (p.tab === owner.tab && p.hello && !p.toolsSeen) return true;
    return false;
  }

  /** Every resource (MCP App UI) of every connected page; the first page to offer a URI serves it. */
  resources(): Array<WireResource & { page: PageInfo }> {
    const seen = new Map<string, WireResource & { page: PageInfo }>();
    for (const p of this.#pages.values()) {
      if (!p.hello) continue;
      for (const r of p.resources) if (!seen.has(r.uri)) seen.set(r.uri, { ...r, page: p });
    }
    return [...seen.values()];
  }

  /**
   * Takes an authenticated page channel (the WebSocket at `/page`, or any other page source) and
   * returns what the channel feeds incoming frames and its closing to. Every frame is bounded
   * (depth {@link MAX_JSON_DEPTH}) before it is parsed; a frame over a bound closes the page with a
   * reason naming it, and an unexpected failure closes that page only.
   */
  attach(channel: PageChannel, origin: string): PageEndpoint {
    const page: PageRecord = {
      id: randomUUID(),
      tab: '',
      origin,
      title: '',
      url: '',
      path: '',
      channel,
      hello: false,
      toolsSeen: false,
      warned: '',
      tools: [],
      resources: [],
      calls: new Map(),
      interactions: new Map(),
      outbox: [],
    };
    this.#pages.set(page.id, page);
    const helloTimer = setTimeout(() => {
      if (!page.hello) channel.close(CLOSE_POLICY, 'no hello');
    }, this.#options.helloTimeoutMs);
    return {
      receive: (text) => this.#guard(page, () => this.#onFrame(page, text)),
      closed: () => {
        clearTimeout(helloTimer);
        this.#guard(page, () => this.#onClose(page));
      },
    };
  }

  /** Runs a page's handler; an unexpected exception closes that page (failing its calls), never the process. */
  #guard(page: PageRecord, handler: () => void): void {
    try {
      handler();
    } catch (e) {
      this.#options.log({ level: 'error', msg: 'page handler failed; closing the page', origin: page.origin, tab: page.tab, error: String((e as Error)?.message) });
      try {
        page.channel.close(CLOSE_INTERNAL, 'bridge error');
      } catch {
        // already closing
      }
      this.#onClose(page);
    }
  }

  #onFrame(page: PageRecord, text: string | undefined): void {
    if (text === undefined) return this.#options.log({ level: 'warn', msg: 'page sent a malformed message', origin: page.origin });
    const max = this.#options.maxFrameChars;
    if (max !== undefined && text.length > max) return this.#overLimit(page, `page frame over ${max} characters (maxPayload)`);
    const problem = textProblem(text, 'page frame');
    if (problem) return this.#overLimit(page, problem);
    let frame: PageMessage | PageMessage[];
    try {
      frame = JSON.parse(text) as PageMessage | PageMessage[];
    } catch {
      return this.#options.log({ level: 'warn', msg: 'page sent a malformed message', origin: page.origin });
    }
    for (const msg of Array.isArray(frame) ? frame : [frame]) this.#onMessage(page, msg);
  }

  /** Closes a page that went over a bound, saying which, to the page and in the log. */
  #overLimit(page: PageRecord, problem: string): void {
    this.#options.log({ level: 'warn', msg: 'page closed: over a limit', origin: page.origin, tab: page.tab, limit: problem });
    page.channel.close(CLOSE_POLICY, problem);
  }

  /** Closes every page channel. */
  closeAll(): void {
    for (const p of this.#pages.values()) p.channel.terminate();
    for (const t of this.#releases.values()) clearTimeout(t);
    this.#releases.clear();
  }

  /** Answers every call in flight, and every later one, with an error result carrying `message` (shutdown). */
  failAll(message: string): void {
    this.#shutdown = message;
    for (const p of this.#pages.values()) for (const call of [...p.calls.values()]) call.finish(errorResult(message), 'shutdown');
    this.#settle.emit('settle');
  }

  /** Number of calls in flight. */
  inFlight(): number {
    let n = 0;
    for (const p of this.#pages.values()) n += p.calls.size;
    return n;
  }

  /** Forwards a call to the page owning `exposed` and resolves with its MCP result. */
  call(exposed: ExposedTool, args: Record<string, unknown>, options: CallOptions): Promise<{ result: CallToolResult; outcome: CallOutcome }> {
    if (this.#shutdown) return Promise.resolve({ result: errorResult(this.#shutdown), outcome: 'shutdown' });
    const page = this.#pages.get(exposed.page.id);
    const label = `Tool "${exposed.name}" of ${describePage(exposed.page)}`;
    if (!page || !page.channel.open) {
      return Promise.resolve({ result: errorResult(`${label} is unavailable: the page disconnected`), outcome: 'page_gone' });
    }
    const deep = valueProblem(args, 'the arguments value');
    if (deep) return Promise.resolve({ result: errorResult(`Invalid arguments for tool "${exposed.name}": ${deep}`), outcome: 'too_large' });
    const id = ++this.#seq;
    return startCall(page.calls, id, exposed.tool.name, label, options, {
      arm: (call) => this.#arm(page, call),
      cancel: (callId) => this.#send(page, { t: 'cancel', id: callId }),
      send: () => this.#guard(page, () => this.#send(page, { t: 'call', id, name: exposed.tool.name, args })),
    });
  }

  #arm(page: PageRecord, call: PendingCall): void {
    armCall(call, () =>
      this.#guard(page, () => {
        this.#send(page, { t: 'cancel', id: call.id });
        call.finish(errorResult(`${call.label} timed out after ${call.options.timeoutMs} ms`), 'timeout');
      }),
    );
  }

  #send(page: PageRecord, msg: BridgeMessage): void {
    // Alone (nothing queued, at most this call in flight): no batch to wait for, send right away.
    if (page.channel.open && page.outbox.length === 0 && page.calls.size <= 1) return this.#write(page, msg);
    if (page.outbox.push(msg) > 1) return;
    setImmediate(() =>
      this.#guard(page, () => {
        const batch = page.outbox;
        page.outbox = [];
        if (page.channel.open) this.#write(page, batch.length === 1 ? batch[0]! : batch);
      }),
    );
  }

  #write(page: PageRecord, payload: BridgeMessage | BridgeMessage[]): void {
    // Every value in a message was bounded on entry (call arguments, client answers), so the
    // envelope and a batch are at most two levels deeper: no second depth walk per call here.
    let text: string;
    try {
      text = JSON.stringify(payload);
    } catch {
      throw new RangeError('a message to the page could not be serialized');
    }
    page.channel.send(text);
  }

  #onMessage(page: PageRecord, msg: PageMessage): void {
    if (!msg || typeof msg !== 'object') return;
    if (msg.t === 'hello') return this.#onHello(page, msg);
    if (!page.hello) return;
    if (msg.t === 'tools') {
      if (typeof msg.title === 'string') page.title = clip(msg.title, 300);
      return this.#onTools(page, msg.tools, msg.resources);
    }
    if (msg.t === 'interaction') return this.#onInteraction(page, String(msg.tool), msg.on === true);
    if (msg.t === 'progress' || msg.t === 'log') {
      // Frames of unknown or finished calls are late, not hostile: ignored.
      const call = page.calls.get(msg.id);
      const refused = call?.notes.fromPage(msg);
      if (call && refused) this.#refuseNote(page, call.tool, refused);
      return;
    }
    if (msg.t === 'ask') return this.#onAsk(page, msg);
    if (msg.t === 'result' || msg.t === 'error') {
      const call = page.calls.get(msg.id);
      if (!call) return;
      if (msg.t === 'error') {
        return call.finish(errorResult(`${call.label} failed: ${clip(msg.name, 200)}: ${clip(msg.message, 10_000)}`), 'tool_error');
      }
      const tool = page.tools.find((t) => t.name === call.tool);
      const { result, outcome, refused } = settleResult(msg.value, call.label, tool, this.#options.maxResultBytes);
      if (refused) this.#options.log({ level: 'warn', msg: 'tool result refused: over a limit', origin: page.origin, tab: page.tab, tool: call.tool, limit: refused });
      call.finish(result, outcome);
    }
  }

  /** Passes a call's `sample`/`elicit` request to its client and the answer (or why not) back to the page. */
  #onAsk(page: PageRecord, msg: Extract<PageMessage, { t: 'ask' }>): void {
    const rid = msg.rid;
    if (!Number.isSafeInteger(rid)) return;
    const answer = (m: { value?: unknown; error?: string }) => this.#guard(page, () => this.#send(page, { t: 'answer', rid, ...m }));
    const call = page.calls.get(msg.id);
    if (!call) return answer({ error: 'the call is over' });
    call.asks.handle(msg.kind, msg.params, answer, (problem) =>
      this.#options.log({ level: 'warn', msg: 'client request refused or failed', origin: page.origin, tab: page.tab, tool: call.tool, problem }),
    );
  }

  /** Tells the page (console warning) and the log why a tool's progress or log message was dropped. */
  #refuseNote(page: PageRecord, tool: string, problem: string): void {
    this.#options.log({ level: 'warn', msg: 'tool notification refused', origin: page.origin, tab: page.tab, tool, problem });
    this.#send(page, { t: 'warn', message: `tool "${tool}": ${problem}` });
  }

  #onHello(page: PageRecord, msg: Extract<PageMessage, { t: 'hello' }>): void {
    if (page.hello) return;
    let tab = clip(msg.tab, 128);
    const live = [...this.#pages.values()].some((p) => p !== page && p.hello && p.tab === tab);
    // A duplicated browser tab copies sessionStorage, hence the tab id: give the copy its own.
    if (!/^[A-Za-z0-9-]{8,128}$/.test(tab) || live) tab = randomUUID();
    page.tab = tab;
    page.title = clip(msg.title, 300);
    page.url = clip(msg.url, 2048);
    page.path = pathOf(page.url);
    page.hello = true;
    if (this.#namer.pinPrimary(page.origin)) {
      this.#options.log({ level: 'info', msg: 'primary origin pinned: its tools keep bare names (set primaryOrigin / --primary-origin to choose)', origin: page.origin });
    }
    clearTimeout(this.#releases.get(tab));
    this.#releases.delete(tab);
    this.#send(page, { t: 'welcome', tab, max: this.#options.maxResultBytes });
    this.#options.log({ level: 'info', msg: 'page connected', origin: page.origin, tab, title: page.title });
    this.emit('page', info(page));
  }

  #onTools(page: PageRecord, tools: unknown, resources: unknown): void {
    const { accepted, warnings } = acceptTools(tools, (msg, fields) => this.#options.log({ level: 'warn', msg, origin: page.origin, tab: page.tab, ...fields }));
    page.tools = accepted;
    page.toolsSeen = true;
    page.resources = acceptResources(resources);
    const warning = warnings.slice(0, 10).join('; ');
    if (warning && warning !== page.warned) this.#send(page, { t: 'warn', message: warning });
    page.warned = warning;
    this.#recompute();
    this.#settle.emit('settle');
  }

  #onInteraction(page: PageRecord, tool: string, on: boolean): void {
    trackInteraction(page.interactions, page.calls.values(), tool, on, (call) => this.#arm(page, call));
  }

  #onClose(page: PageRecord): void {
    if (!this.#pages.delete(page.id)) return;
    for (const call of [...page.calls.values()]) {
      call.finish(errorResult(`${call.label} failed: the page disconnected before the call finished`), 'page_gone');
    }
    if (!page.hello) return;
    this.#options.log({ level: 'info', msg: 'page disconnected', origin: page.origin, tab: page.tab });
    const tab = page.tab;
    this.#releases.set(
      tab,
      setTimeout(() => {
        this.#releases.delete(tab);
        if (![...this.#pages.values()].some((p) => p.tab === tab)) this.#namer.release(tab);
        this.#settle.emit('settle');
      }, this.#options.nameGraceMs).unref(),
    );
    this.#recompute();
    this.emit('pagegone', page.id);
  }

  #recompute(): void {
    const exposed = new Map<string, ExposedTool>();
    for (const p of this.#pages.values()) {
      if (!p.hello) continue;
      const page = info(p);
      for (const tool of p.tools) {
        const name = this.#namer.assign(p.origin, p.tab, tool.name);
        const schema = (tool.inputSchema ?? {}) as Record<string, unknown>;
        exposed.set(name, { name, page, tool, inputSchema: { type: 'object', ...schema } });
      }
    }
    this.#exposed = exposed;
    const key = JSON.stringify([...exposed.values()].map((e) => [e.name, e.tool, e.page.title, e.page.origin]));
    if (key !== this.#exposedKey) {
      this.#exposedKey = key;
      this.emit('toolschange');
    }
    const rkey = JSON.stringify(this.resources().map((r) => [r.uri, r.mimeType, r.name, r.text, r._meta]));
    if (rkey !== this.#resourcesKey) {
      this.#resourcesKey = rkey;
      this.emit('resourceschange');
    }
  }
}
