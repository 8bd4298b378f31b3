/**
 * @module
 * The console's section for the tools an MCP App registers itself: each with a JSON arguments
 * field, a call button and its result.
 */
import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpAppFrame } from './mcp-app-frame';
import { renderToolResult } from './tool-result-view';
import { toolLabel } from './tool-label';

type Outcome = { pending: true } | { result: CallToolResult } | { error: string };

/** State and template of the "Tools of this app" section; `frame` is the app the console shows. */
export class AppToolsView {
  frame: McpAppFrame | undefined;
  #args = new Map<string, string>();
  #outcomes = new Map<string, Outcome>();

  constructor(readonly host: ReactiveControllerHost) {}

  /** Forgets arguments and results (a new call shows a new app). */
  reset(frame?: McpAppFrame): void {
    this.frame = frame;
    this.#args.clear();
    this.#outcomes.clear();
  }

  async #call(event: SubmitEvent, frame: McpAppFrame, tool: Tool): Promise<void> {
    event.preventDefault();
    const previous = this.#outcomes.get(tool.name);
    if (previous && 'pending' in previous) return;
    let args: unknown;
    try {
      args = JSON.parse(this.#args.get(tool.name) ?? '{}');
    } catch (error) {
      this.#outcomes.set(tool.name, { error: `Arguments: not JSON (${(error as Error).message})` });
      return this.host.requestUpdate();
    }
    this.#outcomes.set(tool.name, { pending: true });
    this.host.requestUpdate();
    try {
      this.#outcomes.set(tool.name, { result: await frame.callAppTool(tool.name, args as Record<string, unknown>) });
    } catch (error) {
      this.#outcomes.set(tool.name, { error: (error as Error)?.message ?? String(error) });
    }
    this.host.requestUpdate();
  }

  render() {
    const frame = this.frame;
    const tools = frame?.appTools ?? [];
    if (!frame || !tools.length) return nothing;
    return html`<section class="app-tools" aria-labelledby="app-tools-title">
      <h3 id="app-tools-title">Tools of this app</h3>
      ${tools.map((tool, i) => {
        const { title, description } = toolLabel(tool);
        const outcome = this.#outcomes.get(tool.name);
        const id = `app-tool-${i}`;
        return html`<form class="app-tool" aria-labelledby="${id}-title" @submit=${(e: SubmitEvent) => this.#call(e, frame, tool)}>
          <h4 id="${id}-title">${title} <code>${tool.name}</code></h4>
          ${description ? html`<p class="muted">${description}</p>` : nothing}
          <label for="${id}-args">Arguments (JSON)</label>
          <textarea id="${id}-args" rows="2" .value=${this.#args.get(tool.name) ?? '{}'}
            @input=${(e: Event) => this.#args.set(tool.name, (e.target as HTMLTextAreaElement).value)}></textarea>
          <div><button type="submit" aria-disabled=${outcome && 'pending' in outcome ? 'true' : 'false'}>Call ${title}</button></div>
          ${!outcome
            ? nothing
            : 'pending' in outcome
              ? html`<p class="muted" role="status">Calling ${title}…</p>`
              : 'error' in outcome
                ? html`<p class="failed" role="alert">Call failed: ${outcome.error}</p>`
                : renderToolResult(outcome.result)}
        </form>`;
      })}
    </section>`;
  }
}
