/**
 * @module
 * The sandbox proxy page: framed by the host on another origin, it renders the app's HTML in an
 * inner iframe (which inherits the page's CSP header) and relays JSON-RPC both ways. Plain DOM
 * script, no `eval`, so it runs under any policy the proxy sends.
 */

/** `sandbox` tokens the host may ask for on the inner frame; anything else is dropped. */
const INNER_SANDBOX_TOKENS = [
  'allow-scripts',
  'allow-same-origin',
  'allow-forms',
  'allow-popups',
  'allow-popups-to-escape-sandbox',
  'allow-modals',
  'allow-downloads',
];

// Kept as a plain function so its source is the page's script (no bundler, no eval).
function proxyMain(allowedHosts: string[] | null, sandboxTokens: string[]): void {
  const PREFIX = 'ui/notifications/sandbox-';
  const fail = (why: string) => {
    document.body.textContent = `MCP App sandbox proxy: ${why}`;
  };
  // ancestorOrigins can't be stripped by a referrer policy; the referrer is the fallback elsewhere.
  let host = location.ancestorOrigins?.[0] ?? '';
  if (!host) {
    try {
      host = new URL(document.referrer).origin;
    } catch {
      host = '';
    }
  }
  if (window.parent === window) return fail('open it inside an MCP Apps host, not directly.');
  if (!host || host === 'null' || host === location.origin) {
    return fail('the host page must be on another origin.');
  }
  if (allowedHosts && !allowedHosts.includes(host)) return fail(`host ${host} is not allowed.`);
  let inner: HTMLIFrameElement | undefined;
  const toHost = (message: unknown) => window.parent.postMessage(message, host);
  const render = (params: Record<string, unknown>) => {
    if (inner || typeof params.html !== 'string') return;
    const frame = document.createElement('iframe');
    const asked = typeof params.sandbox === 'string' ? params.sandbox.split(/\s+/) : sandboxTokens.slice(0, 3);
    frame.setAttribute('sandbox', asked.filter((t) => sandboxTokens.includes(t)).join(' '));
    const perms = (params.permissions ?? {}) as Record<string, unknown>;
    const allow = ['camera', 'microphone', 'geolocation', 'clipboardWrite']
      .filter((p) => perms[p])
      .map((p) => (p === 'clipboardWrite' ? 'clipboard-write' : p));
    if (allow.length) frame.setAttribute('allow', allow.join('; '));
    frame.title = 'MCP App';
    document.body.append(frame);
    inner = frame;
    // document.write keeps the proxy's origin (srcdoc/blob would be opaque and break storage/WebGL).
    const doc = frame.contentDocument!;
    doc.open();
    doc.write(params.html);
    doc.close();
  };
  window.addEventListener('message', (event) => {
    const message = event.data as { jsonrpc?: unknown; method?: unknown; params?: unknown } | null;
    if (!message || typeof message !== 'object' || message.jsonrpc !== '2.0') return;
    const reserved = typeof message.method === 'string' && message.method.startsWith(PREFIX);
    if (event.source === window.parent && event.origin === host) {
      if (message.method === `${PREFIX}resource-ready`) render((message.params ?? {}) as Record<string, unknown>);
      else if (!reserved) inner?.contentWindow?.postMessage(message, location.origin);
    } else if (inner && event.source === inner.contentWindow && event.origin === location.origin) {
      if (!reserved) toHost(message);
    }
  });
  // The host checks this is the nonce it loaded us with; the server serves each nonce once.
  toHost({ jsonrpc: '2.0', method: `${PREFIX}proxy-ready`, params: { nonce: new URLSearchParams(location.search).get('nonce') } });
}

const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** The proxy page's HTML; `hostOrigins` (when given) are the only origins it serves. */
export function renderProxyPage(hostOrigins?: readonly string[]): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>MCP App sandbox</title>
<style>html,body{margin:0;height:100%;overflow:hidden;background:transparent}iframe{display:block;border:0;width:100%;height:100%}</style>
</head><body><script>(${proxyMain.toString()})(${json(hostOrigins ?? null)},${json(INNER_SANDBOX_TOKENS)});</script></body></html>`;
}
