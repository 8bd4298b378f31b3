/**
 * Rendering a `tools/call` result for people: text, images, audio, embedded resources, resource
 * links and `structuredContent`. All server text goes through Lit bindings (escaped), and media are
 * only shown from `data:` URLs whose MIME type is checked, so a result cannot inject markup.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { CallToolResult, ContentBlock } from '@modelcontextprotocol/sdk/types.js';

const MEDIA_TYPE = /^(image|audio)\/[\w.+-]+$/i;

/** Renders a tool result's content blocks and structured content. */
export function renderToolResult(result: CallToolResult): TemplateResult {
  const blocks = Array.isArray(result.content) ? result.content : [];
  return html`<div class="result ${result.isError ? 'is-error' : ''}" part="result">
    ${result.isError ? html`<p class="error-heading"><strong>The tool reported an error.</strong></p>` : nothing}
    ${blocks.map(renderBlock)}
    ${result.structuredContent !== undefined
      ? html`<figure class="block structured">
          <figcaption>Structured content</figcaption>
          <pre>${JSON.stringify(result.structuredContent, null, 2)}</pre>
        </figure>`
      : nothing}
    ${blocks.length === 0 && result.structuredContent === undefined ? html`<p class="muted">The tool returned no content.</p>` : nothing}
  </div>`;
}

function renderBlock(block: ContentBlock): TemplateResult {
  switch (block.type) {
    case 'text':
      return html`<pre class="block text">${block.text}</pre>`;
    case 'image':
    case 'audio':
      return renderMedia(block.type, block.mimeType, block.data);
    case 'resource': {
      const res = block.resource;
      const body =
        'text' in res && typeof res.text === 'string'
          ? html`<pre>${res.text}</pre>`
          : 'blob' in res && typeof res.blob === 'string'
            ? res.mimeType && MEDIA_TYPE.test(res.mimeType)
              ? renderMedia(res.mimeType.startsWith('audio/') ? 'audio' : 'image', res.mimeType, res.blob)
              : html`<p class="muted">Binary content, ${Math.floor((res.blob.length * 3) / 4)} bytes.</p>`
            : nothing;
      return html`<figure class="block resource">
        <figcaption>Resource <code>${res.uri}</code>${res.mimeType ? html` (${res.mimeType})` : nothing}</figcaption>
        ${body}
      </figure>`;
    }
    case 'resource_link': {
      const label = block.title ?? block.name;
      return html`<p class="block link">
        Resource link:
        ${/^https?:/i.test(block.uri)
          ? html`<a href=${block.uri} target="_blank" rel="noopener noreferrer">${label}</a>`
          : html`<span>${label}</span>`}
        <code>${block.uri}</code>${block.description ? html` — ${block.description}` : nothing}
      </p>`;
    }
    default:
      return html`<pre class="block unknown">${JSON.stringify(block, null, 2)}</pre>`;
  }
}

function renderMedia(kind: 'image' | 'audio', mimeType: string, data: string): TemplateResult {
  if (!MEDIA_TYPE.test(mimeType) || !mimeType.toLowerCase().startsWith(kind)) {
    return html`<p class="block muted">Skipped ${kind} with unsupported type ${mimeType}.</p>`;
  }
  const src = `data:${mimeType};base64,${data}`;
  return kind === 'image'
    ? html`<img class="block" src=${src} alt="Image returned by the tool (${mimeType})" />`
    : html`<audio class="block" controls src=${src} aria-label="Audio returned by the tool (${mimeType})"></audio>`;
}

/** Styles for {@link renderToolResult}; they use the console's private `--_*` variables. */
export const toolResultStyles = css`
  .result { display: grid; gap: var(--_gap); }
  .is-error { border-inline-start: 4px solid var(--_error); padding-inline-start: 0.75rem; }
  pre { margin: 0; padding: 0.5rem; white-space: pre-wrap; overflow-wrap: anywhere; border-radius: var(--_radius);
    background: var(--mcp-console-code-background, color-mix(in srgb, currentColor 6%, transparent)); }
  img { max-width: 100%; height: auto; }
  figure { display: grid; gap: 0.25rem; margin: 0; }
`;
