/**
 * @module
 * `<mcp-app-frame>`: renders the MCP App (SEP-1865) of one tool call in a sandboxed iframe behind
 * a sandbox proxy on another origin, and speaks the host side of the protocol.
 */
import { getToolUiResourceUri, type AppBridge, type McpUiDisplayMode } from '@modelcontextprotocol/ext-apps/app-bridge';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { createAppIframe, createHostBridge } from './app-frame-setup';
import { loadAppResource, type AppResource } from './app-resource';
import { McpAppToolsEvent, callAppTool, listAppTools } from './app-tools';
import { decideDisplayMode } from './display-mode-policy';
import { AppHostError } from './errors';
import { FrameTransport } from './frame-transport';
import { observeHostContext, readHostContext } from './host-context';
import { guardProxySession } from './proxy-session';
import { parseSandboxBase, prepareSandboxLoad } from './sandbox-origin';
import {
  McpAppErrorEvent,
  McpAppInitializedEvent,
  McpAppLogEvent,
  McpAppMessageEvent,
  McpAppModelContextEvent,
  McpAppSizeEvent,
} from './mcp-app-events';
import { linkDialogStyles } from './link-confirm-dialog';
import { openAppLink } from './link-policy';
import { McpAppFloodEvent, createMessageRateLimiter, rateLimited } from './message-rate-limit';
import { forwardServerRequests } from './server-forwarding';

/** Shrinks this small are ignored: apps measuring their own iframe can otherwise shrink 1 px a frame. */
const SHRINK_TOLERANCE = 4;

interface Session {
  bridge: AppBridge;
  iframe: HTMLIFrameElement;
  initialized: boolean;
  inputSent: boolean;
  outcomeSent: boolean;
  height?: number;
  appTools: Tool[];
  appToolsListing?: number;
  /** Aborted when the session ends: closes a pending link dialog, stops the flood report. */
  stop: AbortController;
  confirming?: boolean;
  linkSpentUntil?: number;
}

type Outcome = { result: CallToolResult } | { cancelled: string | undefined };

/**
 * Hosts the MCP App of one tool call. Give it an SDK `client`, the `tool` (or a `resourceUri`),
 * the `toolInput`, the `toolResult` (value or promise) and the `sandbox` proxy URL on another origin.
 *
 * @fires mcp-app-initialized - the app completed its handshake
 * @fires mcp-app-open-link - cancelable; the app wants a link opened (default: new tab, noopener)
 * @fires mcp-app-message - cancelable; the app adds a message to the conversation
 * @fires mcp-app-model-context - the app updates what the model knows about it
 * @fires mcp-app-size - the element resized to the app's content
 * @fires mcp-app-log - the app logged something
 * @fires mcp-app-error - loading or running the app failed
 * @fires mcp-app-display-mode-request - cancelable; the app wants fullscreen/pip without a user action (cancel = approve)
 * @fires mcp-app-flood - the app exceeded its rate limits (counts of refused messages, at most once a second)
 * @fires mcp-app-tools - the tools the app registered changed (`appTools`)
 * @csspart link-dialog - the confirmation before opening a link outside the app's declared domains, or without a user action
 * @csspart frame - the sandbox iframe
 */
export class McpAppFrame extends LitElement {
  static override properties = {
    client: { attribute: false },
    tool: { attribute: false },
    resourceUri: { attribute: 'resource-uri' },
    toolInput: { attribute: false },
    toolInputPartial: { attribute: false },
    toolResult: { attribute: false },
    sandbox: {},
    allowSameSiteSandbox: { attribute: 'allow-same-site-sandbox', type: Boolean },
    displayModes: { attribute: false },
    displayMode: { attribute: 'display-mode', reflect: true },
    teardownTimeout: { attribute: 'teardown-timeout', type: Number },
  };

  static override styles = [linkDialogStyles, css`
    :host { display: block; position: relative; max-height: var(--mcp-app-frame-max-height, 4000px); }
    :host([hidden]) { display: none; }
    iframe { display: block; width: 100%; height: var(--mcp-app-frame-initial-height, 150px); border: 0; }
    iframe.border { border: var(--mcp-app-frame-border, 1px solid #8886); border-radius: var(--mcp-app-frame-radius, 8px); }
    :host([display-mode='fullscreen']) { position: fixed; inset: 0; z-index: 2147483000; background: Canvas; max-height: none; }
    :host([display-mode='pip']) { position: fixed; right: 16px; bottom: 16px; width: min(400px, 90vw); z-index: 2147483000; }
    :host([display-mode='fullscreen']) iframe { height: 100% !important; }
    :host([display-mode='pip']) iframe { max-height: 50vh; }
  `];

  /** SDK v1 `Client` connected to the MCP server that owns the tool. */
  declare client: Client | undefined;
  /** The tool (from `tools/list`) whose app to render; its `_meta.ui.resourceUri` names the app. */
  declare tool: Tool | undefined;
  /** A `ui://` URI to render instead of the tool's. */
  declare resourceUri: string | undefined;
  /** The tool call's arguments, sent once as `ui/notifications/tool-input`. */
  declare toolInput: Record<string, unknown> | undefined;
  /** Arguments still streaming in, sent as `tool-input-partial` until `toolInput` is set. */
  declare toolInputPartial: Record<string, unknown> | undefined;
  /** The call's result, or a promise of it; a rejected promise is sent as `tool-cancelled`. */
  declare toolResult: CallToolResult | Promise<CallToolResult> | undefined;
  /**
   * Base URL of the sandbox proxy (see `@webmcp-kit/app-host/proxy`), e.g. `http://localhost:8081/`:
   * each app loads from `<label>.<its host>`, which must be on another site than the page.
   */
  declare sandbox: string | undefined;
  /** Accept a sandbox on the page's own site (warns): the app could then read and set the page's cookies. @default false */
  declare allowSameSiteSandbox: boolean;
  /** Display modes the element offers the app. @default ['inline', 'fullscreen'] */
  declare displayModes: McpUiDisplayMode[];
  /** The current display mode (reflected as the `display-mode` attribute). @default 'inline' */
  declare displayMode: McpUiDisplayMode;
  /** How long {@link close} waits for the app to answer `ui/resource-teardown`, in ms. @default 2000 */
  declare teardownTimeout: number;

  /** The app's latest `ui/update-model-context` (each update replaces the previous one). */
  modelContext: McpAppModelContextEvent | undefined;

  #session: Session | undefined;
  #loadId = 0;
  #outcome: Outcome | undefined;
  #resultId = 0;
  #stopObserving: (() => void) | undefined;

  constructor() {
    super();
    this.displayModes = ['inline', 'fullscreen'];
    this.displayMode = 'inline';
    this.teardownTimeout = 2000;
    this.allowSameSiteSandbox = false;
  }

  protected override render() {
    return html`<slot name="fallback"></slot>`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stopObserving = observeHostContext(this, () => this.refreshHostContext());
    if (!this.#session && this.hasUpdated) void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopObserving?.();
    this.#stopObserving = undefined;
    this.#loadId++;
    // Removal already unloaded the iframe; call close() before removing to let the app say goodbye.
    this.#end();
  }

  /** Called instead of disconnect/connect by `moveBefore()`: keeping the iframe keeps the app alive. */
  connectedMoveCallback(): void {}

  protected override updated(changed: PropertyValues<this>): void {
    if (['client', 'tool', 'resourceUri', 'sandbox', 'allowSameSiteSandbox'].some((k) => changed.has(k as keyof McpAppFrame))) {
      void this.#load();
    }
    if (changed.has('toolResult')) this.#watchResult();
    if (changed.has('toolInput') || changed.has('toolInputPartial')) this.#flush();
    if (changed.has('displayModes') || changed.has('displayMode')) this.refreshHostContext();
  }

  /** Tools the running app registered itself (empty until it has initialized, or if it has none). */
  get appTools(): readonly Tool[] {
    return this.#session?.appTools ?? [];
  }

  /**
   * Calls a tool the app registered (`tools/call` sent to the app). Rejects with `AppHostError`
   * (`APP_HOST_CLOSED` when no app runs or it closes meanwhile, `APP_HOST_TOOL_NOT_FOUND` for a
   * name not in {@link appTools}) or the app's JSON-RPC error; the app has 30 s to answer.
   */
  async callAppTool(name: string, args?: Record<string, unknown>): Promise<CallToolResult> {
    const session = this.#session;
    if (!session?.initialized) {
      throw new AppHostError('APP_HOST_CLOSED', `<mcp-app-frame> callAppTool("${name}"): no app is running (not initialized yet, or closed)`);
    }
    return callAppTool(session.bridge, session.appTools, name, args, session.stop.signal);
  }

  /** Sends `tool-cancelled` (instead of a result) to the app. */
  cancelTool(reason?: string): void {
    this.#resultId++;
    this.#outcome = { cancelled: reason };
    this.#flush();
  }

  /** Re-reads theme, style variables and sizes, and tells the app what changed. */
  refreshHostContext(): void {
    const session = this.#session;
    if (session?.initialized) session.bridge.setHostContext(this.#hostContext());
  }

  /**
   * Sends `ui/resource-teardown`, waits for the app's answer (at most `teardownTimeout` ms), then
   * removes the iframe. Resolves `true` when the app answered in time. Call it before removing the
   * element: removal unloads the iframe at once.
   */
  async close(): Promise<boolean> {
    const session = this.#session;
    this.#loadId++;
    if (!session) return false;
    let answered = false;
    if (session.initialized) {
      answered = await session.bridge
        .teardownResource({}, { timeout: this.teardownTimeout })
        .then(() => true, () => false);
    }
    if (this.#session === session) this.#end();
    return answered;
  }

  #hostContext() {
    return readHostContext(this, this.displayMode, this.displayModes, this.tool);
  }

  #fail(error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    this.dispatchEvent(new McpAppErrorEvent(err));
  }

  #end(): void {
    const session = this.#session;
    this.#session = undefined;
    if (!session) return;
    session.stop.abort();
    void session.bridge.close().catch(() => {});
    session.iframe.remove();
  }

  async #load(): Promise<void> {
    const id = ++this.#loadId;
    this.#end();
    const { client } = this;
    if (!client || !this.isConnected || (!this.tool && !this.resourceUri)) return;
    try {
      const sandbox = parseSandboxBase(this.sandbox);
      const uri = this.resourceUri ?? getToolUiResourceUri(this.tool!);
      if (!uri) {
        throw new AppHostError('APP_HOST_INVALID_CONFIG', `<mcp-app-frame> tool "${this.tool!.name}" has no _meta.ui.resourceUri`);
      }
      const resource = await loadAppResource(client, uri);
      if (id !== this.#loadId || !this.isConnected) return;
      const load = await prepareSandboxLoad(sandbox, client, resource, this.allowSameSiteSandbox);
      if (id !== this.#loadId || !this.isConnected) return;

      const iframe = createAppIframe(resource, this.tool);
      this.renderRoot.append(iframe);
      const bridge = createHostBridge(client, resource, this.#hostContext());
      const session: Session = {
        bridge,
        iframe,
        initialized: false,
        inputSent: false,
        outcomeSent: false,
        appTools: [],
        stop: new AbortController(),
      };
      this.#session = session;
      this.#wire(session, client, resource);
      const transport = new FrameTransport(iframe.contentWindow!, load.url.origin);
      await bridge.connect(transport);
      guardProxySession(transport, iframe, load.nonce, (error) => {
        if (this.#session !== session) return;
        this.#end();
        this.#fail(error);
      });
      // The ready listener is in place before the proxy can load and announce itself.
      iframe.src = load.url.href;
    } catch (error) {
      if (id === this.#loadId) this.#fail(error);
    }
  }

  #wire(session: Session, client: Client, resource: AppResource): void {
    const { bridge } = session;
    const limiter = createMessageRateLimiter((refused) => {
      if (this.#session === session) this.dispatchEvent(new McpAppFloodEvent(refused));
    });
    session.stop.signal.addEventListener('abort', () => limiter.stop());
    bridge.onsandboxready = () => {
      void bridge.sendSandboxResourceReady({
        html: resource.html,
        ...(resource.csp ? { csp: resource.csp } : {}),
        ...(resource.permissions ? { permissions: resource.permissions } : {}),
      });
    };
    bridge.oninitialized = () => {
      // A second initialize (the view reloaded) gets the input and result again.
      session.initialized = true;
      session.inputSent = session.outcomeSent = false;
      bridge.setHostContext(this.#hostContext());
      this.dispatchEvent(new McpAppInitializedEvent(bridge.getAppVersion(), bridge.getAppCapabilities()));
      this.#flush();
      void this.#refreshAppTools(session);
    };
    bridge.setNotificationHandler(ToolListChangedNotificationSchema, () => void this.#refreshAppTools(session));
    bridge.onsizechange = ({ height, width }) => this.#resize(session, height, width);
    bridge.onopenlink = async ({ url }) => {
      if (!limiter.allow('ui/open-link')) throw rateLimited('ui/open-link');
      const name = bridge.getAppVersion()?.name ?? this.tool?.title ?? this.tool?.name ?? 'The app';
      return (await openAppLink(this, this.renderRoot as ShadowRoot, session, url, resource.csp, name)) ? {} : { isError: true };
    };
    bridge.onmessage = async ({ role, content }) => {
      if (!limiter.allow('ui/message')) throw rateLimited('ui/message');
      return this.dispatchEvent(new McpAppMessageEvent(role, content)) ? {} : { isError: true };
    };
    bridge.onupdatemodelcontext = async ({ content, structuredContent }) => {
      if (!limiter.allow('ui/update-model-context')) throw rateLimited('ui/update-model-context');
      this.modelContext = new McpAppModelContextEvent(content, structuredContent);
      this.dispatchEvent(this.modelContext);
      return {};
    };
    bridge.onrequestdisplaymode = async ({ mode }) => {
      const appModes = bridge.getAppCapabilities()?.availableDisplayModes;
      const next = decideDisplayMode(this, mode, this.displayMode, this.displayModes, appModes);
      if (next !== this.displayMode) {
        this.displayMode = next;
        await this.updateComplete;
      }
      return { mode: this.displayMode };
    };
    bridge.onloggingmessage = ({ level, data, logger }) => {
      if (limiter.allow('notifications/message')) this.dispatchEvent(new McpAppLogEvent(level, data, logger));
    };
    bridge.onerror = (error) => this.#fail(error);
    forwardServerRequests(bridge, client);
  }

  async #refreshAppTools(session: Session): Promise<void> {
    const listing = (session.appToolsListing = (session.appToolsListing ?? 0) + 1);
    // An app may declare tools yet answer tools/list with "method not found": it then has none.
    const tools = session.bridge.getAppCapabilities()?.tools ? await listAppTools(session.bridge).catch(() => []) : [];
    if (this.#session !== session || listing !== session.appToolsListing) return;
    session.appTools = tools;
    this.dispatchEvent(new McpAppToolsEvent(tools));
  }

  #resize(session: Session, height: number | undefined, width: number | undefined): void {
    if (height === undefined || !Number.isFinite(height) || height < 0) return;
    let next = Math.ceil(height);
    const max = parseFloat(getComputedStyle(this).maxHeight);
    if (Number.isFinite(max)) next = Math.min(next, max);
    const current = session.height;
    if (current !== undefined && (next === current || (next < current && current - next <= SHRINK_TOLERANCE))) return;
    session.height = next;
    session.iframe.style.height = `${next}px`;
    this.dispatchEvent(new McpAppSizeEvent(next, width));
  }

  #watchResult(): void {
    const id = ++this.#resultId;
    const value = this.toolResult;
    this.#outcome = undefined;
    if (value === undefined) return;
    Promise.resolve(value).then(
      (result) => {
        if (id === this.#resultId) (this.#outcome = { result }), this.#flush();
      },
      (error: unknown) => {
        if (id === this.#resultId) this.cancelTool(error instanceof Error ? error.message : String(error));
      },
    );
  }

  /** Sends what the app is owed, in protocol order: partial input, input once, then the outcome. */
  #flush(): void {
    const session = this.#session;
    if (!session?.initialized) return;
    const { bridge } = session;
    if (!session.inputSent) {
      if (this.toolInput === undefined && !this.#outcome) {
        if (this.toolInputPartial) void bridge.sendToolInputPartial({ arguments: this.toolInputPartial });
        return;
      }
      session.inputSent = true;
      void bridge.sendToolInput({ arguments: this.toolInput ?? {} });
    }
    const outcome = this.#outcome;
    if (!outcome || session.outcomeSent) return;
    session.outcomeSent = true;
    void ('result' in outcome
      ? bridge.sendToolResult(outcome.result)
      : bridge.sendToolCancelled(outcome.cancelled === undefined ? {} : { reason: outcome.cancelled }));
  }
}

if (!customElements.get('mcp-app-frame')) customElements.define('mcp-app-frame', McpAppFrame);

declare global {
  interface HTMLElementTagNameMap {
    'mcp-app-frame': McpAppFrame;
  }
}
