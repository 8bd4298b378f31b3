/** @module The extension's settings in `chrome.storage.local`, with defaults and validation. */
/// <reference types="chrome" />
import { DEFAULT_BRIDGE_URL, type Settings } from './messages';

/** Reads the settings, filling defaults. */
export async function loadSettings(): Promise<Settings> {
  const stored = (await chrome.storage.local.get(['bridgeUrl', 'pageToken', 'sites'])) as Partial<Settings>;
  return {
    bridgeUrl: typeof stored.bridgeUrl === 'string' && stored.bridgeUrl ? stored.bridgeUrl : DEFAULT_BRIDGE_URL,
    pageToken: typeof stored.pageToken === 'string' ? stored.pageToken : '',
    sites: Array.isArray(stored.sites) ? stored.sites.filter((s): s is string => typeof s === 'string') : [],
  };
}

/** What is wrong with a bridge URL and page token, or undefined when both are usable. */
export function settingsProblem(bridgeUrl: string, pageToken: string): string | undefined {
  if (!URL.canParse(bridgeUrl) || !/^https?:$/.test(new URL(bridgeUrl).protocol)) {
    return `Bridge URL must be an http(s) URL like ${DEFAULT_BRIDGE_URL}; got "${bridgeUrl}"`;
  }
  if (!/^[A-Za-z0-9._~-]{16,512}$/.test(pageToken)) return 'Page token must be the 16–512 characters webmcp-bridge printed (A-Z a-z 0-9 . _ ~ -)';
  return undefined;
}
