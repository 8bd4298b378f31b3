/**
 * @module
 * What the extension's parts say to each other: the popup and options page ask the service worker
 * (`ExtensionRequest`), content scripts relay page frames over a port, and the service worker
 * speaks the bridge's relay protocol over one WebSocket.
 */

/** Name of the port a page relay opens to the service worker. */
export const PAGE_PORT = 'webmcp-page';

/** Tag of the `window.postMessage` envelope between the main-world agent and the page relay. */
export const WINDOW_TAG = '__webmcpKitExtension';

/** Settings kept in `chrome.storage.local`. */
export interface Settings {
  bridgeUrl: string;
  pageToken: string;
  /** Origins the user enabled, e.g. `https://shop.example`. */
  sites: string[];
}

/** The bridge URL used until the user sets one. */
export const DEFAULT_BRIDGE_URL = 'http://127.0.0.1:8765';

/** Popup/options → service worker. */
export type ExtensionRequest =
  | { type: 'status'; tabId?: number }
  | { type: 'enable'; origin: string; tabId?: number }
  | { type: 'disable'; origin: string };

/** Service worker → popup/options. */
export interface ExtensionStatus {
  /** True while the bridge connection is open. */
  connected: boolean;
  /** Why the last connection attempt failed, if it did. */
  problem?: string;
  /** Tools of the asked-for tab. */
  tools?: number;
  sites: string[];
}

/** What the service worker keeps in `chrome.storage.session` under `status` (extension pages only). */
export interface PublishedStatus {
  connected: boolean;
  problem?: string;
  /** Tool count per tab id. */
  tools: Record<string, number>;
}

/** The origin of an http(s) URL, or undefined for anything else. */
export function webOrigin(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const u = new URL(url);
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
}

/** The host permission pattern covering an origin on any port (what the user grants). */
export function permissionPattern(origin: string): string {
  const u = new URL(origin);
  return `${u.protocol}//${u.hostname}/*`;
}

/** The content-script match pattern of exactly one origin. */
export function matchPattern(origin: string): string {
  return `${origin}/*`;
}
