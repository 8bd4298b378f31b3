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
  let ready = false;
  let loads = 0;
  let tampered = false;
  const tamper = (why: string) => {
    if (tampered) return;
    tampered = true;
    onTamper(new AppHostError('APP_HOST_SANDBOX_RELOADED', `The app's sandbox proxy ${why}; the app was closed so it can't run under another policy`));
  };
  const pass = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    if (tampered) return;
    if ('method' in message && message.method === READY) {
      const echoed = (message.params as { nonce?: unknown } | undefined)?.nonce;
      if (ready) return tamper('announced itself again (reloaded or navigated)');
      if (echoed !== nonce) return tamper(`announced itself with the wrong nonce ${JSON.stringify(echoed ?? null)}`);
      ready = true;
    }
    pass?.(message);
  };
  const onLoad = () => {
    if (++loads > 1) tamper('loaded a second document (reloaded or navigated)');
  };
  iframe.addEventListener('load', onLoad);
  return () => {
    iframe.removeEventListener('load', onLoad);
    transport.onmessage = pass;
  };
}
