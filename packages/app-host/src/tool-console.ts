/**
 * `<mcp-tool-console>`: try an MCP server's tools by hand. Lists the tools a model would see, builds
 * a validated form from the chosen tool's input schema, calls it and shows the result — through the
 * tool's MCP App (`<mcp-app-frame>`) when it has one.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { createDraft, describeError, normalizeSchema, readDraft, setDraft, type Draft, type FieldError, type FormSchema } from './schema-form';
import { renderFields } from './schema-form-fields';
import { AppToolsView } from './app-tools-view';
import type { McpAppFrame } from './mcp-app-frame';
import { toolLabel } from './tool-label';
import { renderToolResult, toolResultStyles } from './tool-result-view';
import { McpToolCallEvent, McpToolResultEvent } from './tool-console-events';
import { filterModelVisibleTools } from './visibility';
import './mcp-app-frame';

interface CallState {
  id: number;
  tool: Tool;
  args: Record<string, unknown>;
  promise: Promise<CallToolResult>;
  controller: AbortController;
  result?: CallToolResult;
  error?: unknown;
}

/** The `ui://` resource of a tool's MCP App, from `_meta.ui.resourceUri` or the deprecated flat `_meta['ui/resourceUri']`. */
export function toolUiResourceUri(tool: Tool): string | undefined {
  const meta = tool._meta as { ui?: { resourceUri?: unknown }; 'ui/resourceUri'?: unknown } | undefined;
  const uri = meta?.ui?.resourceUri ?? meta?.['ui/resourceUri'];
  return typeof uri === 'string' && uri.startsWith('ui://') ? uri : undefined;
}

const toolTitle = (tool: Tool) => toolLabel(tool).title;
const LIST_CHANGED = 'notifications/tools/list_changed';
let calls = 0;

/**
 * Lists an MCP server's model-visible tools, builds a form from the chosen tool's JSON Schema,
 * validates it, calls the tool and shows the result (or the tool's MCP App). Follows
 * `notifications/tools/list_changed`.
 *
 * @fires mcp-tool-call - {@link McpToolCallEvent} before a call; cancelable.
 * @fires mcp-tool-result - {@link McpToolResultEvent} after a call settles.
 * @csspart tools - The fieldset listing the tools.
 * @csspart panel - The selected tool's form and result.
 * @csspart fieldset - Each nested object or array fieldset in the form.
 * @csspart call-button - The submit button.
 * @csspart result - The rendered result.
 * @cssprop [--mcp-console-font=inherit] - Font of the whole console.
 * @cssprop [--mcp-console-color=CanvasText] - Text colour.
 * @cssprop [--mcp-console-background=Canvas] - Background colour.
 * @cssprop [--mcp-console-border=color-mix(in srgb, currentColor 25%, transparent)] - Border colour of fields and cards.
 * @cssprop [--mcp-console-accent=#0b57d0] - Accent: primary button, selected tool.
 * @cssprop [--mcp-console-accent-text=white] - Text on the accent colour.
 * @cssprop [--mcp-console-focus-ring=var(--mcp-console-accent)] - Outline of the focused control.
 * @cssprop [--mcp-console-error=#b3261e] - Validation and error colour.
 * @cssprop [--mcp-console-muted=GrayText] - Secondary text (descriptions, hints).
 * @cssprop [--mcp-console-radius=6px] - Corner radius.
 * @cssprop [--mcp-console-gap=0.75rem] - Spacing unit.
 * @cssprop [--mcp-console-tools-width=18rem] - Width of the tool list column.
 * @cssprop [--mcp-console-code-font=ui-monospace, monospace] - Font of code and results.
 * @cssprop [--mcp-console-code-background=color-mix(in srgb, currentColor 6%, transparent)] - Background of results.
 */
export class McpToolConsole extends LitElement {
  static override properties = {
    client: { attribute: false },
    sandbox: {},
  };

  /** A connected SDK v1 `Client`. Setting it lists the tools and starts following `list_changed`. */
  declare client: Client | undefined;
  /** URL of the sandbox proxy (on another origin) passed to `<mcp-app-frame>` for tools with a UI. */
  declare sandbox: string | undefined;

  #tools: Tool[] = [];
  #listStatus = 'Connect a client to list its tools.';
  #selected: Tool | undefined;
  #schema: FormSchema = {};
  #draft: Draft = {};
  #errors: FieldError[] = [];
  #call: CallState | undefined;
  #status = '';
  #listing = 0;
  #handlerClient: Client | undefined;
  #appTools = new AppToolsView(this);

  /** The model-visible tools currently listed. */
  get tools(): readonly Tool[] {
    return this.#tools;
  }

  /** Re-lists the server's tools (called on `list_changed`; call it yourself if another party took over that notification). */
  async refresh(): Promise<void> {
    const client = this.client;
    const run = ++this.#listing;
    if (!client) return;
    const capabilities = client.getServerCapabilities();
    if (!capabilities?.tools) {
      this.#applyTools([], capabilities ? 'This server offers no tools.' : 'The client is not connected yet; call refresh() once it is.');
      return;
    }
    try {
      const tools: Tool[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : undefined);
        tools.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor && run === this.#listing);
      if (run !== this.#listing) return;
      const visible = filterModelVisibleTools(tools);
      this.#applyTools(visible, visible.length ? '' : 'This server offers no tools to a model.');
    } catch (error) {
      if (run === this.#listing) this.#applyTools([], `Could not list tools: ${(error as Error).message}`);
    }
  }

  /** Selects a tool by name (as if the user chose it); clears the selection when no such tool is listed. */
  select(name: string | undefined): void {
    const tool = this.#tools.find((t) => t.name === name);
    if (tool === this.#selected) return;
    this.#selected = tool;
    this.#schema = normalizeSchema(tool?.inputSchema);
    this.#draft = createDraft(this.#schema);
    this.#errors = [];
    // A result stays with the tool that produced it; a pending call still settles and fires its event.
    this.#call = undefined;
    this.#status = '';
    this.requestUpdate();
  }

  #applyTools(tools: Tool[], message: string): void {
    const had = this.#tools.length > 0 || this.#listStatus === '';
    this.#tools = tools;
    this.#listStatus = message;
    const previous = this.#selected;
    const same = previous && tools.find((t) => t.name === previous.name);
    if (same && JSON.stringify(same.inputSchema) === JSON.stringify(previous.inputSchema)) this.#selected = same;
    else this.select(same?.name);
    if (had) this.#status = `Tool list updated: ${tools.length} tool${tools.length === 1 ? '' : 's'}.`;
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client')) {
      this.#handlerClient?.removeNotificationHandler(LIST_CHANGED);
      this.#handlerClient = this.client;
      // A Client holds one handler per notification; whoever sets one later replaces ours, hence refresh().
      this.client?.setNotificationHandler(ToolListChangedNotificationSchema, () => this.refresh());
      this.#tools = [];
      this.#listStatus = this.client ? 'Loading tools…' : 'Connect a client to list its tools.';
      this.select(undefined);
      void this.refresh();
    }
  }

  get #pending(): boolean {
    return !!this.#call && this.#call.result === undefined && this.#call.error === undefined;
  }

  #onChange = (path: string[], leaf: Draft, focus?: string) => {
    this.#draft = setDraft(this.#draft, path, leaf);
    const key = path.join('\0');
    this.#errors = this.#errors.filter((e) => {
      const k = e.path.join('\0');
      return k !== key && !k.startsWith(`${key}\0`);
    });
    this.requestUpdate();
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(focus)}`)?.focus());
  };

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const tool = this.#selected;
    const client = this.client;
    if (!tool || !client || this.#pending) return;
    const schema = this.#schema;
    const { value, errors } = readDraft(schema, this.#draft);
    this.#errors = errors;
    if (errors.length) {
      this.#status = `${errors.length} problem${errors.length === 1 ? '' : 's'} to fix before calling ${toolTitle(tool)}.`;
      this.requestUpdate();
      await this.updateComplete;
      const invalid = this.renderRoot.querySelector('[aria-invalid="true"]');
      const target = invalid?.matches('fieldset') ? invalid.querySelector<HTMLElement>('input, select, textarea, button') : (invalid as HTMLElement | null);
      target?.focus();
      return;
    }
    if (!this.dispatchEvent(new McpToolCallEvent(tool, value))) return;
    const controller = new AbortController();
    const promise = client.callTool({ name: tool.name, arguments: value }, undefined, { signal: controller.signal }) as Promise<CallToolResult>;
    const call: CallState = { id: ++calls, tool, args: value, promise, controller };
    this.#call = call;
    this.#appTools.reset();
    this.#status = `Calling ${toolTitle(tool)}…`;
    this.requestUpdate();
    try {
      call.result = await promise;
      if (this.#call === call) this.#status = `${toolTitle(tool)} ${call.result.isError ? 'reported an error' : 'returned a result'}.`;
    } catch (error) {
      call.error = error ?? new Error('unknown error');
      if (this.#call === call) {
        this.#status = controller.signal.aborted ? `Cancelled the call to ${toolTitle(tool)}.` : `Calling ${toolTitle(tool)} failed: ${(error as Error)?.message ?? error}`;
      }
    }
    this.requestUpdate();
    this.dispatchEvent(new McpToolResultEvent(tool, value, call.result, call.error));
  }

  protected override render() {
    const tool = this.#selected;
    return html`
      <fieldset class="tools" part="tools">
        <legend>Tools</legend>
        ${this.#listStatus ? html`<p class="muted">${this.#listStatus}</p>` : nothing}
        ${this.#tools.map((t, i) => {
          const { source, description } = toolLabel(t);
          const ro = t.annotations?.readOnlyHint === true;
          const destructive = !ro && t.annotations?.destructiveHint === true;
          return html`<div class="tool">
            <input type="radio" name="tool" id="tool-${i}" .checked=${t === tool} aria-describedby="tool-${i}-desc"
              @change=${() => this.select(t.name)} />
            <label for="tool-${i}">${toolTitle(t)} <code>${t.name}</code></label>
            <div class="desc" id="tool-${i}-desc">
              ${source ? html`<span class="source">${source}</span>` : nothing}
              ${ro ? html`<span class="badge">Read-only</span>` : nothing}
              ${destructive ? html`<span class="badge warn">Destructive</span>` : nothing}
              ${t.annotations?.idempotentHint ? html`<span class="badge">Idempotent</span>` : nothing}
              ${toolUiResourceUri(t) ? html`<span class="badge">Has UI</span>` : nothing}
              ${description ?? ''}
            </div>
          </div>`;
        })}
      </fieldset>
      <section class="panel" part="panel" aria-labelledby="panel-title">
        ${tool ? this.#renderTool(tool) : html`<p id="panel-title" class="muted">Choose a tool to call it.</p>`}
        <p class="status" role="status">${this.#status}</p>
        <section class="output" aria-live="polite" aria-label="Result"
          @mcp-app-tools=${(e: Event) => (this.#appTools.frame = e.target as McpAppFrame, this.requestUpdate())}>
          ${this.#renderOutput()}${this.#appTools.render()}
        </section>
      </section>
    `;
  }

  #renderTool(tool: Tool) {
    const schema = this.#schema;
    const pending = this.#pending;
    const { title, source, description } = toolLabel(tool);
    return html`
      <h2 id="panel-title">${title}</h2>
      ${source ? html`<p class="muted source">${source}</p>` : nothing}
      ${description ? html`<p class="muted">${description}</p>` : nothing}
      <form novalidate aria-labelledby="panel-title" @submit=${this.#submit}>
        ${Object.keys(schema.properties ?? {}).length
          ? renderFields(schema, this.#draft, { errors: this.#errors, onChange: this.#onChange })
          : html`<p class="muted">This tool takes no arguments.</p>`}
        ${this.#errors.length
          ? html`<div class="summary" role="alert">
              <p>Fix ${this.#errors.length === 1 ? 'this problem' : `these ${this.#errors.length} problems`} first:</p>
              <ul>${this.#errors.map((e) => html`<li>${describeError(schema, e)}</li>`)}</ul>
            </div>`
          : nothing}
        <div>
          <button type="submit" part="call-button" class="primary" aria-disabled=${pending ? 'true' : 'false'}>Call ${toolTitle(tool)}</button>
          ${pending ? html`<button type="button" @click=${() => this.#call?.controller.abort(new Error('cancelled by the user'))}>Cancel</button>` : nothing}
        </div>
      </form>
    `;
  }

  #renderOutput() {
    const call = this.#call;
    if (!call) return nothing;
    const uri = toolUiResourceUri(call.tool);
    const frame =
      uri && this.sandbox
        ? keyed(
            call.id,
            html`<mcp-app-frame .client=${this.client} .tool=${call.tool} .toolInput=${call.args} .toolResult=${call.promise}
              .sandbox=${this.sandbox}></mcp-app-frame>`,
          )
        : uri
          ? html`<p class="muted">This tool has a UI; set the console's <code>sandbox</code> property to show it.</p>`
          : nothing;
    const body = call.result
      ? renderToolResult(call.result)
      : call.error !== undefined
        ? html`<p class="failed">Call failed: ${(call.error as Error)?.message ?? String(call.error)}</p>`
        : html`<p class="muted">Waiting for ${toolTitle(call.tool)}…</p>`;
    return html`${frame}${uri && this.sandbox && call.result ? html`<details><summary>Result sent to the app</summary>${body}</details>` : body}`;
  }

  static override styles = [
    css`
      :host {
        --_gap: var(--mcp-console-gap, 0.75rem);
        --_radius: var(--mcp-console-radius, 6px);
        --_border: var(--mcp-console-border, color-mix(in srgb, currentColor 25%, transparent));
        --_accent: var(--mcp-console-accent, #0b57d0);
        --_error: var(--mcp-console-error, #b3261e);
        --_muted: var(--mcp-console-muted, GrayText);
        --_bg: var(--mcp-console-background, Canvas);
        --_code: var(--mcp-console-code-font, ui-monospace, monospace);
        display: flex; flex-wrap: wrap; align-items: start; gap: var(--_gap);
        font: var(--mcp-console-font, inherit); color: var(--mcp-console-color, CanvasText); background: var(--_bg);
      }
      :host([hidden]) { display: none; }
      fieldset { border: 1px solid var(--_border); border-radius: var(--_radius); margin: 0; padding: var(--_gap);
        display: grid; gap: var(--_gap); min-width: 0; }
      .tools { flex: 0 1 var(--mcp-console-tools-width, 18rem); gap: 0.25rem; }
      .panel, form { display: grid; gap: var(--_gap); }
      .panel { flex: 1 1 20rem; min-width: 0; }
      .tool, .check { display: grid; grid-template-columns: auto 1fr; column-gap: 0.5rem; align-items: center; }
      .tool { padding: 0.375rem; border-radius: var(--_radius); }
      .tool:has(:checked) { outline: 2px solid var(--_accent); }
      .tool > div, .check > :not(input, label) { grid-column: 2; }
      h2 { margin: 0; font-size: 1.25em; }
      .field { display: grid; gap: 0.25rem; }
      input:not([type='checkbox'], [type='radio']), select, textarea, button {
        font: inherit; color: inherit; background: var(--_bg); padding: 0.375rem 0.5rem; min-width: 0;
        border: 1px solid var(--_border); border-radius: var(--_radius); }
      [aria-invalid='true']:not(fieldset) { border-color: var(--_error); }
      :focus-visible { outline: 3px solid var(--mcp-console-focus-ring, var(--_accent)); outline-offset: 2px; }
      .muted, .hint, .desc, figcaption { color: var(--_muted); font-size: 0.875em; margin: 0; }
      .required, .error, .failed, .summary, .warn { color: var(--_error); }
      .error { font-size: 0.875em; }
      .summary { border: 1px solid; border-radius: var(--_radius); padding: 0 0.75rem; }
      .items { margin: 0; padding-inline-start: 1.5rem; display: grid; gap: 0.375rem; }
      .items li { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
      .items li > :first-child { flex: 1 1 10rem; }
      .items .error { flex-basis: 100%; }
      button { cursor: pointer; justify-self: start; margin-inline-end: 0.5rem; }
      .primary { background: var(--_accent); border-color: transparent; color: var(--mcp-console-accent-text, #fff); }
      [aria-disabled='true'], :disabled { opacity: 0.6; cursor: default; }
      .source { display: block; }
      .app-tools, .app-tool { display: grid; gap: 0.5rem; }
      h3, h4 { margin: 0; }
      .badge { font-size: 0.75em; padding: 0 0.375rem; margin-inline-end: 0.25rem; border: 1px solid; border-radius: 1em; }
      .status, .block { margin: 0; }
      code, pre { font-family: var(--_code); }
      code { font-size: 0.875em; }
      mcp-app-frame { display: block; }
    `,
    toolResultStyles,
  ];
}

if (!customElements.get('mcp-tool-console')) customElements.define('mcp-tool-console', McpToolConsole);

declare global {
  interface HTMLElementTagNameMap {
    'mcp-tool-console': McpToolConsole;
  }
}
