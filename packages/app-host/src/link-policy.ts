/**
 * @module
 * Which links an app may open without asking the user, and opening them so that the browser's
 * answer (opened or blocked) reaches the app.
 */
import type { ResourceCsp } from './csp';
import { hasTransientActivation } from './display-mode-policy';
import { confirmAppLink } from './link-confirm-dialog';
import { McpAppOpenLinkEvent } from './mcp-app-events';

const PARTS = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*\.)?([^:/]+)(?::(\d+|\*))?(\/.*)?$/i;

/** True when `url` matches one CSP host source like `https://api.example.com` or `https://*.example.com/docs/`. */
export function matchesHostSource(url: URL, source: string): boolean {
  const m = PARTS.exec(source);
  if (!m) return false;
  const [, scheme, wildcard, host, port, path] = m;
  const protocol = url.protocol.slice(0, -1);
  if (scheme ? scheme.toLowerCase() !== protocol : protocol !== 'https' && protocol !== 'http') return false;
  const name = host!.toLowerCase();
  if (wildcard ? !url.hostname.endsWith(`.${name}`) : url.hostname !== name) return false;
  if (port !== '*' && (url.port || defaultPort(protocol)) !== (port ?? defaultPort(scheme?.toLowerCase() ?? protocol))) return false;
  if (!path) return true;
  return path.endsWith('/') ? url.pathname.startsWith(path) : url.pathname === path;
}

/**
 * How long one user activation lasts (Chromium's transient activation duration). After the element
 * opens a link, links within this time need a confirmation even if the page still looks activated:
 * one opened link per activation, whether or not the browser consumed it.
 */
export const ACTIVATION_LIFETIME_MS = 5000;

const defaultPort = (scheme: string) => ({ http: '80', https: '443', ws: '80', wss: '443' })[scheme] ?? '';

/** True when `url` lies inside a domain the app declared in `_meta.ui.csp` (any of its lists). */
export function isDeclaredLink(url: URL, csp: ResourceCsp | undefined): boolean {
  if (!csp) return false;
  const sources = [csp.connectDomains, csp.resourceDomains, csp.frameDomains, csp.baseUriDomains].flat();
  return sources.some((source) => source !== undefined && matchesHostSource(url, source));
}

/**
 * Opens `href` in a new tab without giving it a handle on this page, and says whether the browser
 * opened it. (`noopener` would make `window.open` return `null` even on success, hiding a blocked popup.)
 */
export function openInNewTab(href: string): boolean {
  const opened = window.open(href, '_blank');
  if (!opened) return false;
  opened.opener = null;
  return true;
}

/** Per-app state of the link policy. */
export interface LinkState {
  /** A confirmation is showing: further links are refused meanwhile. */
  confirming?: boolean;
  /**
   * Until then, an unconfirmed link would reuse an activation already spent: by an opened link, or
   * by the user refusing one (the click on *Cancel* activated the page too).
   */
  linkSpentUntil?: number;
  /** Aborted when the app goes away (closes a pending confirmation as refused). */
  stop: AbortController;
}

/**
 * The element's answer to the app's `ui/open-link`: http(s) only; fires the cancelable
 * `mcp-app-open-link` on `host`; confirms with the user (dialog in `root`) a link outside the
 * declared domains or without a fresh user activation; then opens it. Resolves whether it opened.
 */
export async function openAppLink(
  host: HTMLElement,
  root: ShadowRoot,
  state: LinkState,
  url: string,
  csp: ResourceCsp | undefined,
  appName: string,
): Promise<boolean> {
  let link: URL;
  try {
    link = new URL(url);
  } catch {
    return false;
  }
  if (!/^https?:$/.test(link.protocol)) return false;
  const declared = isDeclaredLink(link, csp);
  if (!host.dispatchEvent(new McpAppOpenLinkEvent(link.href, !declared))) return false;
  // Each opened tab spends one user activation; without a fresh one, or for a link outside the
  // declared domains, the user confirms (that click is the activation).
  const fresh = hasTransientActivation() && performance.now() >= (state.linkSpentUntil ?? 0);
  if (!declared || !fresh) {
    if (state.confirming) return false;
    state.confirming = true;
    const confirmed = await confirmAppLink(root, link, appName, !declared, state.stop.signal);
    state.confirming = false;
    if (!confirmed) {
      // The click or key that said no activated this page: the app's next link must not use it.
      state.linkSpentUntil = performance.now() + ACTIVATION_LIFETIME_MS;
      return false;
    }
  }
  if (!openInNewTab(link.href)) return false;
  state.linkSpentUntil = performance.now() + ACTIVATION_LIFETIME_MS;
  return true;
}
