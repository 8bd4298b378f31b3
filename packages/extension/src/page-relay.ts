/**
 * @module
 * Isolated-world content script of enabled sites: relays the main-world agent's frames to the
 * service worker over a port and back, and replays the page's announcement when the service worker
 * restarts (MV3 stops idle workers).
 */
/// <reference types="chrome" />
import { PAGE_PORT, WINDOW_TAG } from './messages';

const INSTALLED = Symbol.for('webmcp-kit.extension-relay');
const g = globalThis as unknown as Record<symbol, boolean>;
if (!g[INSTALLED]) {
  g[INSTALLED] = true;
  let port: chrome.runtime.Port | undefined;
  let hello: string | undefined;
  let tools: string | undefined;
  let gone = false;

  const kinds = (frame: string): string[] => {
    try {
      const data = JSON.parse(frame) as { t?: string } | Array<{ t?: string }>;
      return (Array.isArray(data) ? data : [data]).map((m) => String(m?.t));
    } catch {
      return [];
    }
  };

  const open = (): chrome.runtime.Port | undefined => {
    try {
      port = chrome.runtime.connect({ name: PAGE_PORT });
    } catch {
      port = undefined; // the extension was reloaded or removed: this page is on its own now
      return undefined;
    }
    port.onMessage.addListener((frame: unknown) => {
      if (typeof frame === 'string') window.postMessage({ [WINDOW_TAG]: 'down', f: frame }, '*');
    });
    port.onDisconnect.addListener(() => {
      port = undefined;
      if (gone) return;
      const again = open();
      if (hello) again?.postMessage(hello);
      if (tools) again?.postMessage(tools);
    });
    return port;
  };
  open();

  window.addEventListener('message', (event) => {
    const data = event.data as Record<string, unknown> | null;
    if (event.source !== window || data?.[WINDOW_TAG] !== 'up' || typeof data.f !== 'string') return;
    const frame = data.f;
    const seen = kinds(frame);
    if (seen.includes('hello')) hello = frame;
    if (seen.includes('tools')) tools = frame;
    port?.postMessage(frame);
  });
  addEventListener('pagehide', () => {
    gone = true;
    port?.disconnect();
  });
}
