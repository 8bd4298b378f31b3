/**
 * @module
 * For `vite preview` with `preview: true`: serves the built HTML pages with the page tags added at
 * request time, so tokens still never land in files (not even in the build output).
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import type { HtmlTagDescriptor } from 'vite';

const escapeAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Serializes script tags as Vite would inject them. */
export function serializeTags(tags: HtmlTagDescriptor[]): string {
  return tags
    .map(({ tag, attrs, children }) => {
      const a = Object.entries(attrs ?? {})
        .map(([k, v]) => (v === true ? ` ${k}` : v === false || v === undefined ? '' : ` ${k}="${escapeAttr(String(v))}"`))
        .join('');
      return `<${tag}${a}>${typeof children === 'string' ? children : ''}</${tag}>`;
    })
    .join('');
}

/** Adds `tags` at the start of `<head>` (or of the document when it has none). */
export function injectIntoHead(html: string, tags: string): string {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) return tags + html;
  const at = head.index + head[0].length;
  return html.slice(0, at) + tags + html.slice(at);
}

/**
 * A connect middleware answering GET/HEAD for HTML pages of `outDir` (`/`, `/x/`, `/x.html`, and
 * extension-less paths falling back to `/index.html`, as an SPA preview does) with the tags added.
 */
export function createPreviewHtmlMiddleware(outDir: string, tags: () => HtmlTagDescriptor[]) {
  const root = resolve(outDir);
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://preview.invalid').pathname);
    } catch {
      return next();
    }
    const last = path.slice(path.lastIndexOf('/') + 1);
    const candidates = path.endsWith('/') ? [`${path}index.html`] : last.endsWith('.html') ? [path] : last.includes('.') ? [] : [`${path}.html`, '/index.html'];
    if (!candidates.length) return next();
    void (async () => {
      for (const candidate of candidates) {
        const file = resolve(join(root, candidate));
        if (file !== root && !file.startsWith(root + sep)) continue; // never outside outDir
        let html: string;
        try {
          html = await readFile(file, 'utf8');
        } catch {
          continue;
        }
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
        res.end(req.method === 'HEAD' ? undefined : injectIntoHead(html, serializeTags(tags())));
        return;
      }
      next();
    })().catch(next);
  };
}
