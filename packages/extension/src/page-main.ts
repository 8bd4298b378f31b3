/**
 * @module
 * Main-world content script of enabled sites: runs the bridge's page agent over the page's own
 * `document.modelContext` (native or any polyfill) and carries its frames to and from the
 * isolated-world relay through `window.postMessage`.
 */
import { pageAgent } from '../../bridge/src/cdp/page-agent';
import { WINDOW_TAG } from './messages';

const INSTALLED = Symbol.for('webmcp-kit.extension-agent');
const g = globalThis as unknown as Record<symbol, boolean>;
if (!g[INSTALLED]) {
  g[INSTALLED] = true;
  // The service worker gives each tab its id; the agent's own is replaced there.
  const receive = pageAgent((frame) => window.postMessage({ [WINDOW_TAG]: 'up', f: frame }, '*'), '');
  window.addEventListener('message', (event) => {
    const data = event.data as Record<string, unknown> | null;
    if (event.source !== window || data?.[WINDOW_TAG] !== 'down' || typeof data.f !== 'string') return;
    try {
      receive(data.f);
    } catch {
      // A malformed frame (a page can post one too) is dropped.
    }
  });
}
