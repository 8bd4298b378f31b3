/**
 * @module
 * Keeps an app's sandbox fixed for its life: the proxy announces itself once, with the nonce it was
 * loaded with, and never loads again. The app shares the proxy document's origin, so it can reload
 * or navigate that document (e.g. with a wider `?csp=`); anything like that ends the app.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { AppHostError } from './errors';
import type { FrameTransport } from './frame-transport';

const READY = 'ui/notifications/sandbox-proxy-ready';

/** The rules over one proxy load; `message` is false for a message not to pass on. */
function createProxyRules(nonce: string, onTamper: (error: AppHostError) => void) {
  let ready = false;
  let loads = 0;
  let tampered = false;
  const tamper = (why: string) => {
    if (!tampered) {
      tampered = true;
      onTamper(new AppHostError('APP_HOST_SANDBOX_RELOADED', `The app's sandbox proxy ${why}; the app was closed so it can't run under another policy`));
    }
    return false;
  };
  return {
    message(message: unknown): boolean {
      if (tampered) return false;
      const { method, params } = (message ?? {}) as { method?: unknown; params?: { nonce?: unknown } };
      if (method === READY) {
        const echoed = params?.nonce;
        if (ready) return tamper('announced itself again (reloaded or navigated)');
        if (echoed !== nonce) return tamper(`announced itself with the wrong nonce ${JSON.stringify(echoed ?? null)}`);
        ready = true;
      }
      return true;
    },
    load(): void {
      if (++loads > 1) tamper('loaded a second document (reloaded or navigated)');
    },
  };
}

/**
 * Guards one proxy iframe (call after the bridge connected, before setting `src`): passes the first
 * `sandbox-proxy-ready` carrying `nonce`; a second one, a wrong nonce or a second `load` of the
 * iframe calls `onTamper` once with an `APP_HOST_SANDBOX_RELOADED` error and is not passed on.
 * Returns a function that removes the guard.
 */
export function guardProxySession(
  transport: FrameTransport,
  iframe: HTMLIFrameElement,
  nonce: string,
  onTamper: (error: AppHostError) => void,
): () => void {
  const rules = createProxyRules(nonce, onTamper);
  const pass = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    if (rules.message(message)) pass?.(message);
  };
  const onLoad = () => rules.load();
  iframe.addEventListener('load', onLoad);
  return () => {
    iframe.removeEventListener('load', onLoad);
    transport.onmessage = pass;
  };
}

/**
 * The same guard for proxy iframes that other code appends and talks to (e.g. `@mcp-ui/client`'s
 * `AppRenderer`, which reads their messages from `window`): call it before that code runs, with the
 * element they are added into and the URL they load (its `nonce` query parameter is the load's).
 * Each iframe added anywhere in `container` is guarded; its `message` events are seen before
 * listeners added without `capture`, and those the rules refuse, or from an origin other than
 * `url`'s, never reach them. On tamper the iframe is removed, then `onTamper` is called once.
 * Returns a function that removes the guard.
 */
export function guardProxyFrame(container: Element, url: URL, onTamper: (error: AppHostError) => void): () => void {
  const nonce = url.searchParams.get('nonce');
  if (!nonce) throw new AppHostError('APP_HOST_INVALID_CONFIG', `guardProxyFrame: url: expected a nonce query parameter, got ${url.href}`);
  const guarded = new Map<HTMLIFrameElement, () => void>();
  const guard = (iframe: HTMLIFrameElement) => {
    const rules = createProxyRules(nonce, (error) => {
      iframe.remove();
      onTamper(error);
    });
    const onMessage = (event: MessageEvent) => {
      const frame = iframe.contentWindow;
      if (!frame || event.source !== frame) return;
      if (event.origin !== url.origin || !rules.message(event.data)) event.stopImmediatePropagation();
    };
    const onLoad = () => rules.load();
    window.addEventListener('message', onMessage, true);
    iframe.addEventListener('load', onLoad);
    guarded.set(iframe, () => {
      window.removeEventListener('message', onMessage, true);
      iframe.removeEventListener('load', onLoad);
    });
  };
  // Runs as a microtask after an iframe is added, before it can load or post anything.
  const observer = new MutationObserver(() => {
    for (const iframe of container.querySelectorAll('iframe')) if (!guarded.has(iframe)) guard(iframe);
  });
  observer.observe(container, { childList: true, subtree: true });
  return () => {
    observer.disconnect();
    for (const stop of guarded.values()) stop();
  };
}
