/**
 * @module
 * The shared registry of connected pages: their channels, tools, prompts, resources and in-flight
 * calls and requests. Every MCP session reads it; it tells them when what they list changes.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { BridgeError } from './errors';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { MAX_JSON_DEPTH, valueProblem } from './json-limits';
import type { Logger } from './log';
import { CLOSE_INTERNAL, CLOSE_POLICY, type PageChannel, type PageEndpoint } from './page-channel';
import { armCall, settleWait, startCall, trackInteraction, type CallHooks, type PendingCall } from './pending-call';
import { acceptResources, acceptTools, callLabel, clip, info, pathOf, type CallOptions, type CallOutcome, type ExposedTool, type PageInfo } from './page-tools';
import type { BridgeMessage, PageMessage } from './protocol';
import { errorResult, settleResult } from './results';
import { ToolIndex } from './tool-index';
import { acceptOffers } from './offer-lists';
import { offerFailure, startOfferRequest, type OfferRequestOptions } from './offer-requests';
import { OfferIndex } from './page-offers';
import { MAX_URI_CHARS } from './uri-templates';
import { createPageRecord, readFrame, sendToPage, type OfferAsk, type PageRecord } from './page-record';

export type { CallOptions, CallOutcome, ExposedTool, PageInfo } from './page-tools';
export type { OfferAsk } from './page-record';

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
 * Shared page/tool registry. Emits `toolschange`, `promptschange` and `resourceschange` when what
 * clients see changes, `resourceupdated` (uri) when a page says a resource changed, `page` when a
 * page is accepted and `pagegone` when it leaves.
 */
export class PageHub extends EventEmitter {
  readonly #pages = new Map<string, PageRecord>();
  /** Tools clients see, by exposed name. */
  readonly #tools: ToolIndex;
  /** Fires when a tab's tool list arrives or its names are released (ends reload waits). */
  readonly #settle = new EventEmitter();
  readonly #releases = new Map<string, NodeJS.Timeout>();
  /** Prompts, resources and templates clients see. */
  readonly offers: OfferIndex;
  #seq = 0;
  #shutdown: string | undefined;
  readonly #options: PageHubOptions;

  constructor(options: PageHubOptions) {
    super();
    this.#options = options;
    this.#tools = new ToolIndex(options.primaryOrigin);
    this.offers = new OfferIndex(options.primaryOrigin);
    this.#settle.setMaxListeners(0);
  }

  /** The error text calls get once the bridge is shutting down. */
  get shutdownMessage(): string | undefined {
    return this.#shutdown;
  }

  /** The origin whose tools keep bare names, once known. */
  get primaryOrigin(): string | undefined {
    return this.#tools.primary;
  }

  /** Counts for `/healthz`. */
  stats(): { pages: number; tools: number } {
    let pages = 0;
    for (const p of this.#pages.values()) if (p.hello) pages++;
    return { pages, tools: this.#tools.size };
  }

  /** Connected pages. */
  pages(): PageInfo[] {
    return [...this.#pages.values()].filter((p) => p.hello).map(info);
  }

  /** Every tool of every connected page, under exposed names. */
  tools(): ExposedTool[] {
    return this.#tools.list();
  }

  /** Looks up a tool by exposed name. */
  lookup(name: string): ExposedTool | undefined {
    return this.#tools.get(name);
  }

  /**
   * Looks up a tool by exposed name, waiting up to `waitMs` when the name belongs to a tab that is
   * reloading (disconnected within its grace period, or reconnected without its tool list yet).
   */
  resolve(name: string, waitMs: number, signal?: AbortSignal): Promise<ExposedTool | undefined> {
    return settleWait(this.#settle, () => this.#tools.get(name), () => this.#reloading(name), waitMs, signal);
  }

  /**
   * Resolves with `find()` once it gives a value, waiting up to `waitMs` while a tab of `tabs()`
   * (those that offered it last) is reloading, as {@link resolve} does for tools.
   */
  awaitOffer<T>(find: () => T | undefined, tabs: () => Array<string | undefined>, waitMs: number, signal?: AbortSignal): Promise<T | undefined> {
    return settleWait(this.#settle, find, () => tabs().some((tab) => this.#offersReloading(tab)), waitMs, signal);
  }

  /** True when `tab` is disconnected within its grace period, or reconnected without its offers yet. */
  #offersReloading(tab: string | undefined): boolean {
    if (this.#shutdown || tab === undefined) return false;
    if (this.#releases.has(tab)) return true;
    for (const p of this.#pages.values()) if (p.tab === tab && p.hello && !p.offersSeen) return true;
    return false;
  }

  #reloading(name: string): boolean {
    if (this.#shutdown) return false;
    const tab = this.#tools.ownerTab(name);
    if (tab === undefined) return false;
    if (this.#releases.has(tab)) return true;
    for (const p of this.#pages.values()) if (p.tab === tab && p.hello && !p.toolsSeen) return true;
    return false;
  }

  /**
   * Sends an offer request to `page` (a prompt, a read, a completion) and resolves with its reply
   * value, unvalidated; rejects with a {@link BridgeError} on timeout, cancellation, the page's
   * error or its leaving.
   */
  requestOffer(target: PageInfo, ask: OfferAsk, label: string, options: OfferRequestOptions): Promise<unknown> {
    const page = this.#pages.get(target.id);
    if (this.#shutdown) return Promise.reject(new BridgeError('WEBMCP_BRIDGE_OFFER_PAGE_GONE', this.#shutdown));
    if (!page || !page.channel.open) return Promise.reject(new BridgeError('WEBMCP_BRIDGE_OFFER_PAGE_GONE', `${label} is unavailable: the page disconnected`));
    const id = ++this.#seq;
    return startOfferRequest(page.requests, id, label, options, {
      send: () => this.#guard(page, () => this.#send(page, { ...ask, id } as BridgeMessage)),
      cancel: () => this.#guard(page, () => this.#send(page, { t: 'cancel', id })),
    });
  }

  /** Tells a page (console warning) and the log that something it sent was refused, and why. */
  warnPage(target: PageInfo, msg: string, problem: string): void {
    this.#options.log({ level: 'warn', msg, origin: target.origin, tab: target.tab, problem });
    const page = this.#pages.get(target.id);
    if (page) this.#guard(page, () => this.#send(page, { t: 'warn', message: problem }));
  }

  /**
   * Takes an authenticated page channel (the WebSocket at `/page`, or any other page source) and
   * returns what the channel feeds incoming frames and its closing to. Every frame is bounded
   * (depth {@link MAX_JSON_DEPTH}) before it is parsed; a frame over a bound closes the page with a
   * reason naming it, and an unexpected failure closes that page only.
   */
  attach(channel: PageChannel, origin: string): PageEndpoint {
    // Checked as updates leave the rate limiter, so a flood costs at most its rate in template matches.
    const updated = (uri: string) => this.offers.serves(page.id, uri) && this.emit('resourceupdated', uri);
    const page: PageRecord = createPageRecord(channel, origin, updated, (p, problem) => this.warnPage(p, 'page resource updates limited', problem));
    this.#pages.set(page.id, page);
    const helloTimer = setTimeout(() => {
      if (!page.hello) channel.close(CLOSE_POLICY, 'no hello');
    }, this.#options.helloTimeoutMs);
    return {
      receive: (text) => {
        try {
          this.#onFrame(page, text);
        } catch (e) {
          this.#fail(page, e);
        }
      },
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
      this.#fail(page, e);
    }
  }

  /** A page's handler threw: close that page (failing its calls). */
  #fail(page: PageRecord, e: unknown): void {
    this.#options.log({ level: 'error', msg: 'page handler failed; closing the page', origin: page.origin, tab: page.tab, error: String((e as Error)?.message) });
    try {
      page.channel.close(CLOSE_INTERNAL, 'bridge error');
    } catch {
      // already closing
    }
    this.#onClose(page);
  }

  #onFrame(page: PageRecord, text: string | undefined): void {
    const read = readFrame(text, this.#options.maxFrameChars);
    if ('limit' in read) return this.#overLimit(page, read.limit);
    const { frame } = read;
    if (frame === undefined) return this.#options.log({ level: 'warn', msg: 'page sent a malformed message', origin: page.origin });
    if (!Array.isArray(frame)) return this.#onMessage(page, frame);
    for (const msg of frame) this.#onMessage(page, msg);
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
    for (const p of this.#pages.values()) {
      for (const call of [...p.calls.values()]) call.finish(errorResult(message), 'shutdown');
      for (const r of [...p.requests.values()]) r.finish({ error: new BridgeError('WEBMCP_BRIDGE_OFFER_PAGE_GONE', message) });
    }
    this.#settle.emit('settle');
  }

  /** Number of calls in flight. */
  inFlight(): number {
    let n = 0;
    for (const p of this.#pages.values()) n += p.calls.size + p.requests.size;
    return n;
  }

  /** Forwards a call to the page owning `exposed` and resolves with its MCP result. */
  call(exposed: ExposedTool, args: Record<string, unknown>, options: CallOptions): Promise<{ result: CallToolResult; outcome: CallOutcome }> {
    if (this.#shutdown) return Promise.resolve({ result: errorResult(this.#shutdown), outcome: 'shutdown' });
    const page = this.#pages.get(exposed.page.id);
    if (!page || !page.channel.open) {
      return Promise.resolve({ result: errorResult(`${callLabel(exposed)} is unavailable: the page disconnected`), outcome: 'page_gone' });
    }
    const deep = valueProblem(args, 'the arguments value');
    if (deep) return Promise.resolve({ result: errorResult(`Invalid arguments for tool "${exposed.name}": ${deep}`), outcome: 'too_large' });
    // The label is built only if a message needs it.
    return startCall(page.calls, ++this.#seq, exposed.tool.name, () => callLabel(exposed), options, (page.hooks ??= this.#hooks(page)), args);
  }

  /** What a page's calls need from the hub, made once per page (no closures per call). */
  #hooks(page: PageRecord): CallHooks {
    const timeout = (call: PendingCall) =>
      this.#guard(page, () => {
        this.#send(page, { t: 'cancel', id: call.id });
        call.finish(errorResult(`${call.label} timed out after ${call.options.timeoutMs} ms`), 'timeout');
      });
    return {
      arm: (call) => armCall(call, timeout),
      cancel: (callId) => this.#guard(page, () => this.#send(page, { t: 'cancel', id: callId })),
      send: (call, args) => {
        try {
          this.#send(page, { t: 'call', id: call.id, name: call.tool, args });
        } catch (e) {
          this.#fail(page, e);
        }
      },
    };
  }

  #arm(page: PageRecord, call: PendingCall): void {
    (page.hooks ??= this.#hooks(page)).arm(call);
  }

  #send(page: PageRecord, msg: BridgeMessage): void {
    sendToPage(page, msg, (run) => this.#guard(page, run));
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
    if (msg.t === 'offers') return this.#onOffers(page, msg as unknown as Record<string, unknown>);
    if (msg.t === 'updated') {
      // Only for what this page serves (checked on the way out): no page can make clients re-read another's resources.
      if (typeof msg.uri === 'string' && msg.uri.length <= MAX_URI_CHARS) page.updates.push(msg.uri);
      return;
    }
    const request = (msg.t === 'reply' || msg.t === 'error') && page.requests.get(msg.id);
    if (request) {
      if (msg.t === 'reply') return request.finish({ value: msg.value });
      const problem = `${request.label} failed: ${clip(msg.name, 200)}: ${clip(msg.message, 10_000)}`;
      return request.finish({ error: new BridgeError(offerFailure(msg.name, msg.code), problem) });
    }
    if (msg.t === 'result' || msg.t === 'error') {
      const call = page.calls.get(msg.id);
      if (!call) return;
      if (msg.t === 'error') {
        return call.finish(errorResult(`${call.label} failed: ${clip(msg.name, 200)}: ${clip(msg.message, 10_000)}`), 'tool_error');
      }
      const tool = page.toolsByName.get(call.tool);
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
    this.offers.pinPrimary(page.origin);
    if (this.#tools.pinPrimary(page.origin)) {
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
    page.toolsByName = new Map(accepted.map((t) => [t.name, t]));
    page.toolsSeen = true;
    page.resources = acceptResources(resources);
    const warning = warnings.slice(0, 10).join('; ');
    if (warning && warning !== page.warned) this.#send(page, { t: 'warn', message: warning });
    page.warned = warning;
    this.#recompute();
    this.#settle.emit('settle');
  }

  #onOffers(page: PageRecord, msg: Record<string, unknown>): void {
    const { lists, warnings } = acceptOffers(msg);
    page.offers = lists;
    page.offersSeen = true;
    const warning = warnings.slice(0, 10).join('; ');
    if (warning && warning !== page.offersWarned) this.warnPage(page, 'page offers skipped', warning);
    page.offersWarned = warning;
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
    for (const r of [...page.requests.values()]) {
      r.finish({ error: new BridgeError('WEBMCP_BRIDGE_OFFER_PAGE_GONE', `${r.label} failed: the page disconnected before it answered`) });
    }
    page.updates.stop();
    if (!page.hello) return;
    this.#options.log({ level: 'info', msg: 'page disconnected', origin: page.origin, tab: page.tab });
    const tab = page.tab;
    this.#releases.set(
      tab,
      setTimeout(() => {
        this.#releases.delete(tab);
        if (![...this.#pages.values()].some((p) => p.tab === tab)) {
          this.#tools.release(tab);
          this.offers.release(tab);
        }
        this.#settle.emit('settle');
      }, this.#options.nameGraceMs).unref(),
    );
    this.#recompute();
    this.emit('pagegone', page.id);
  }

  #recompute(): void {
    if (this.#tools.recompute(this.#pages.values())) this.emit('toolschange');
    const changed = this.offers.recompute([...this.#pages.values()].filter((p) => p.hello).map((p) => ({ info: info(p), ui: p.resources, offers: p.offers, seen: p.offersSeen })));
    if (changed.prompts) this.emit('promptschange');
    if (changed.resources) this.emit('resourceschange');
  }
}
