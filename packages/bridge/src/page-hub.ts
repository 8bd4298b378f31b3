/**
 * @module
 * The shared registry of connected pages: their sockets, tools, resources and in-flight calls.
 * Every MCP session reads it; it tells them when the tool or resource lists change.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { BridgeMessage, PageMessage, WireResource, WireTool } from './protocol';
import type { Logger } from './log';
import type { PageSocket } from './page-socket';
import { errorResult, toCallResult } from './results';
import { TOOL_NAME_PATTERN, ToolNamer } from './tool-names';
import { validateAgainst } from './validation';

/** A connected page as clients see it. */
export interface PageInfo {
  id: string;
  tab: string;
  origin: string;
  title: string;
  url: string;
}

/** A tool of a connected page under its exposed name. */
export interface ExposedTool {
  name: string;
  page: PageInfo;
  tool: WireTool;
  inputSchema: Record<string, unknown>;
}

/** How a tool call ended (the audit log's `outcome`). */
export type CallOutcome = 'ok' | 'tool_error' | 'timeout' | 'cancelled' | 'page_gone' | 'too_large';

/** Options of one forwarded call. */
export interface CallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called with a human-readable status while the call waits (for progress notifications). */
  onProgress?: (message: string) => void;
  progressIntervalMs: number;
}

interface PendingCall {
  id: number;
  tool: string;
  label: string;
  remainingMs: number;
  resumedAt: number;
  paused: boolean;
  timer?: NodeJS.Timeout;
  heartbeat?: NodeJS.Timeout;
  options: CallOptions;
  finish(result: CallToolResult, outcome: CallOutcome): void;
}

interface PageRecord extends PageInfo {
  socket: PageSocket;
  hello: boolean;
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
}

const MAX_TOOLS_PER_PAGE = 1000;

function describePage(p: PageInfo): string {
  return `page "${p.title || p.url}" (${p.origin})`;
}

function clip(value: unknown, max: number): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/**
 * Shared page/tool registry. Emits `toolschange` and `resourceschange` when what clients see
 * changes, `page` when a page is accepted and `pagegone` when it leaves.
 */
export class PageHub extends EventEmitter {
  readonly #pages = new Map<string, PageRecord>();
  readonly #namer = new ToolNamer();
  readonly #releases = new Map<string, NodeJS.Timeout>();
  #exposed = new Map<string, ExposedTool>();
  #exposedKey = '';
  #resourcesKey = '';
  #seq = 0;
  readonly #options: PageHubOptions;

  constructor(options: PageHubOptions) {
    super();
    this.#options = options;
  }

  /** Counts for `/healthz`. */
  stats(): { pages: number; tools: number } {
    let pages = 0;
    for (const p of this.#pages.values()) if (p.hello) pages++;
    return { pages, tools: this.#exposed.size };
  }

  /** Connected pages. */
  pages(): PageInfo[] {
    return [...this.#pages.values()].filter((p) => p.hello).map(({ id, tab, origin, title, url }) => ({ id, tab, origin, title, url }));
  }

  /** Every tool of every connected page, under exposed names. */
  tools(): ExposedTool[] {
    return [...this.#exposed.values()];
  }

  /** Looks up a tool by exposed name. */
  lookup(name: string): ExposedTool | undefined {
    return this.#exposed.get(name);
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

  /** Takes ownership of an authenticated page socket, or of any channel speaking the same frames. */
  attach(socket: PageSocket, origin: string): void {
    const page: PageRecord = {
      id: randomUUID(),
      tab: '',
      origin,
      title: '',
      url: '',
      socket,
      hello: false,
      tools: [],
      resources: [],
      calls: new Map(),
      interactions: new Map(),
      outbox: [],
    };
    this.#pages.set(page.id, page);
    const helloTimer = setTimeout(() => {
      if (!page.hello) socket.close(1008, 'no hello');
    }, this.#options.helloTimeoutMs);
    socket.on('message', (data, isBinary) => {
      let frame: PageMessage | PageMessage[];
      try {
        frame = JSON.parse(isBinary ? '' : data.toString()) as PageMessage | PageMessage[];
      } catch {
        this.#options.log({ level: 'warn', msg: 'page sent a malformed message', origin });
        return;
      }
      for (const msg of Array.isArray(frame) ? frame : [frame]) this.#onMessage(page, msg);
    });
    socket.on('close', () => {
      clearTimeout(helloTimer);
      this.#onClose(page);
    });
    socket.on('error', () => {});
  }

  /** Closes every page socket. */
  closeAll(): void {
    for (const p of this.#pages.values()) p.socket.terminate();
    for (const t of this.#releases.values()) clearTimeout(t);
    this.#releases.clear();
  }

  /** Forwards a call to the page owning `exposed` and resolves with its MCP result. */
  call(exposed: ExposedTool, args: Record<string, unknown>, options: CallOptions): Promise<{ result: CallToolResult; outcome: CallOutcome }> {
    const page = this.#pages.get(exposed.page.id);
    const label = `Tool "${exposed.name}" of ${describePage(exposed.page)}`;
    if (!page || page.socket.readyState !== page.socket.OPEN) {
      return Promise.resolve({ result: errorResult(`${label} is unavailable: the page disconnected`), outcome: 'page_gone' });
    }
    return new Promise((resolve) => {
      const id = ++this.#seq;
      const call: PendingCall = {
        id,
        tool: exposed.tool.name,
        label,
        remainingMs: options.timeoutMs,
        resumedAt: Date.now(),
        paused: false,
        options,
        finish: (result, outcome) => {
          if (!page.calls.delete(id)) return;
          clearTimeout(call.timer);
          clearInterval(call.heartbeat);
          options.signal?.removeEventListener('abort', onAbort);
          resolve({ result, outcome });
        },
      };
      const onAbort = () => {
        this.#send(page, { t: 'cancel', id });
        call.finish(errorResult(`${label} was cancelled`), 'cancelled');
      };
      page.calls.set(id, call);
      this.#arm(page, call);
      if (options.onProgress) {
        const onProgress = options.onProgress;
        call.heartbeat = setInterval(
          () => onProgress(call.paused ? 'Waiting for the user in the page' : 'Running in the page'),
          options.progressIntervalMs,
        );
      }
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.#send(page, { t: 'call', id, name: exposed.tool.name, args });
    });
  }

  #arm(page: PageRecord, call: PendingCall): void {
    call.resumedAt = Date.now();
    call.timer = setTimeout(() => {
      this.#send(page, { t: 'cancel', id: call.id });
      call.finish(errorResult(`${call.label} timed out after ${call.options.timeoutMs} ms`), 'timeout');
    }, call.remainingMs);
  }

  #send(page: PageRecord, msg: BridgeMessage): void {
    const open = page.socket.readyState === page.socket.OPEN;
    // Alone (nothing queued, at most this call in flight): no batch to wait for, send right away.
    if (open && page.outbox.length === 0 && page.calls.size <= 1) return page.socket.send(JSON.stringify(msg));
    if (page.outbox.push(msg) > 1) return;
    setImmediate(() => {
      const batch = page.outbox;
      page.outbox = [];
      if (page.socket.readyState === page.socket.OPEN) page.socket.send(JSON.stringify(batch.length === 1 ? batch[0] : batch));
    });
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
    if (msg.t === 'result' || msg.t === 'error') {
      const call = page.calls.get(msg.id);
      if (!call) return;
      if (msg.t === 'error') {
        return call.finish(errorResult(`${call.label} failed: ${clip(msg.name, 200)}: ${clip(msg.message, 10_000)}`), 'tool_error');
      }
      const value = typeof msg.value === 'string' ? msg.value : null;
      const bytes = value === null ? 0 : Buffer.byteLength(value);
      if (bytes > this.#options.maxResultBytes) {
        return call.finish(
          errorResult(`${call.label} returned ${bytes} bytes, over the bridge's ${this.#options.maxResultBytes}-byte result limit (maxResultBytes)`),
          'too_large',
        );
      }
      const tool = page.tools.find((t) => t.name === call.tool);
      const result = toCallResult(value, call.label, tool?.outputSchema !== undefined);
      if (tool?.outputSchema && !result.isError) {
        const problem = result.structuredContent
          ? validateAgainst(tool.outputSchema as object, result.structuredContent)
          : 'no structuredContent although the tool declares an outputSchema';
        if (problem) return call.finish(errorResult(`${call.label} returned an invalid result: ${problem}`), 'tool_error');
      }
      call.finish(result, result.isError ? 'tool_error' : 'ok');
    }
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
    page.hello = true;
    clearTimeout(this.#releases.get(tab));
    this.#releases.delete(tab);
    this.#send(page, { t: 'welcome', tab, max: this.#options.maxResultBytes });
    this.#options.log({ level: 'info', msg: 'page connected', origin: page.origin, tab, title: page.title });
    this.emit('page', this.pages().find((p) => p.id === page.id));
  }

  #onTools(page: PageRecord, tools: unknown, resources: unknown): void {
    const accepted: WireTool[] = [];
    for (const t of Array.isArray(tools) ? tools.slice(0, MAX_TOOLS_PER_PAGE) : []) {
      const tool = t as WireTool;
      if (!tool || typeof tool.name !== 'string' || !TOOL_NAME_PATTERN.test(tool.name) || typeof tool.description !== 'string') {
        this.#options.log({ level: 'warn', msg: 'page tool skipped: invalid name or description', origin: page.origin, tool: clip(tool?.name, 200) });
        continue;
      }
      const schema = tool.inputSchema;
      if (schema !== undefined && (typeof schema !== 'object' || schema === null || Array.isArray(schema) || ((schema as { type?: unknown }).type ?? 'object') !== 'object')) {
        this.#options.log({ level: 'warn', msg: 'page tool skipped: inputSchema must be an object schema', origin: page.origin, tool: tool.name });
        continue;
      }
      accepted.push(tool);
    }
    page.tools = accepted;
    page.resources = (Array.isArray(resources) ? resources : []).filter(
      (r): r is WireResource => !!r && typeof r.uri === 'string' && typeof r.mimeType === 'string' && typeof r.text === 'string',
    );
    this.#recompute();
  }

  #onInteraction(page: PageRecord, tool: string, on: boolean): void {
    const before = page.interactions.get(tool) ?? 0;
    const after = Math.max(0, before + (on ? 1 : -1));
    page.interactions.set(tool, after);
    if ((before === 0) === (after === 0)) return;
    for (const call of page.calls.values()) {
      if (call.tool !== tool) continue;
      if (after > 0 && !call.paused) {
        clearTimeout(call.timer);
        call.remainingMs -= Date.now() - call.resumedAt;
        call.paused = true;
        call.options.onProgress?.('Waiting for the user in the page');
      } else if (after === 0 && call.paused) {
        call.paused = false;
        this.#arm(page, call);
        call.options.onProgress?.('The user responded; running in the page');
      }
    }
  }

  #onClose(page: PageRecord): void {
    this.#pages.delete(page.id);
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
      }, this.#options.nameGraceMs).unref(),
    );
    this.#recompute();
    this.emit('pagegone', page.id);
  }

  #recompute(): void {
    const exposed = new Map<string, ExposedTool>();
    for (const p of this.#pages.values()) {
      if (!p.hello) continue;
      const info: PageInfo = { id: p.id, tab: p.tab, origin: p.origin, title: p.title, url: p.url };
      for (const tool of p.tools) {
        const name = this.#namer.assign(p.tab, tool.name);
        const schema = (tool.inputSchema ?? {}) as Record<string, unknown>;
        exposed.set(name, { name, page: info, tool, inputSchema: { type: 'object', ...schema } });
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
