/**
 * @module
 * The service worker: one WebSocket to the bridge (relay protocol, page token from the options
 * page) carrying every enabled tab's frames on its own channel; registers the content scripts of
 * the sites the user enables; shows each tab's tool count on the badge.
 */
/// <reference types="chrome" />
import { PAGE_PORT, type ExtensionRequest, type ExtensionStatus, type PublishedStatus, DEFAULT_BRIDGE_URL, matchPattern, webOrigin } from './messages';
import { loadSettings } from './settings';

// Kept in step with @webmcp-kit/bridge (src/page-relay.ts, src/protocol.ts); not imported, so the
// worker carries none of the bridge's Node code.
const RELAY_PROTOCOL = 'webmcp-bridge.relay.v1';
const TOKEN_PREFIX = 'token.';
const SOCKET_PATH = '/page';
const KEEPALIVE_MS = 20_000;
const MAX_BACKOFF_MS = 5_000;

interface Channel {
  port: chrome.runtime.Port;
  tabId: number;
  origin: string;
  hello?: string;
  tools?: string;
  count: number;
}

const channels = new Map<number, Channel>();
let seq = 0;
let ws: WebSocket | undefined;
let connected = false;
let problem: string | undefined;
let delay = 250;
let retry: ReturnType<typeof setTimeout> | undefined;

function wsSend(message: object): void {
  if (connected) ws!.send(JSON.stringify(message));
}

function announce(c: number, channel: Channel): void {
  wsSend({ c, open: { origin: channel.origin } });
  if (channel.hello) wsSend({ c, f: channel.hello });
  if (channel.tools) wsSend({ c, f: channel.tools });
}

/** Publishes the connection state and tool counts for the popup and options page (no polling). */
function publish(): void {
  const tools: Record<string, number> = {};
  for (const ch of channels.values()) tools[ch.tabId] = (tools[ch.tabId] ?? 0) + ch.count;
  const status: PublishedStatus = { connected, problem, tools };
  void chrome.storage.session.set({ status }).catch(() => {});
}

function badge(tabId: number): void {
  let count = 0;
  for (const ch of channels.values()) if (ch.tabId === tabId) count += ch.count;
  void chrome.action.setBadgeText({ tabId, text: count ? String(count) : '' }).catch(() => {});
  publish();
}

async function connect(): Promise<void> {
  clearTimeout(retry);
  const old = ws;
  ws = undefined;
  connected = false;
  old?.close();
  const { bridgeUrl, pageToken } = await loadSettings();
  if (!pageToken) {
    problem = 'No page token yet: set it in the options page.';
    return publish();
  }
  const url = new URL(SOCKET_PATH, bridgeUrl || DEFAULT_BRIDGE_URL);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  let socket: WebSocket;
  try {
    socket = new WebSocket(url, [RELAY_PROTOCOL, TOKEN_PREFIX + pageToken]);
  } catch (e) {
    problem = `Cannot connect to ${url.href}: ${(e as Error).message}`;
    return publish();
  }
  ws = socket;
  socket.onopen = () => {
    if (ws !== socket) return;
    connected = true;
    problem = undefined;
    delay = 250;
    for (const [c, channel] of channels) announce(c, channel);
    publish();
  };
  socket.onmessage = (event) => {
    let msg: { c?: number; f?: unknown; close?: unknown };
    try {
      msg = JSON.parse(String(event.data)) as typeof msg;
    } catch {
      return;
    }
    const channel = typeof msg.c === 'number' ? channels.get(msg.c) : undefined;
    if (channel && typeof msg.f === 'string') channel.port.postMessage(msg.f);
  };
  socket.onclose = (event) => {
    if (ws !== socket) return;
    ws = undefined;
    connected = false;
    // The handshake's HTTP status is hidden from scripts; 1006 before any open means refused.
    problem = `Not connected to ${bridgeUrl} (code ${event.code}): is webmcp-bridge running, with --allow-origin ${location.origin} and this page token?`;
    publish();
    retry = setTimeout(() => void connect(), delay);
    delay = Math.min(delay * 2, MAX_BACKOFF_MS);
  };
}

/** Gives the page the tab id the bridge sees (stable per tab, so tool names survive reloads). */
function withTab(frame: string, tabId: number): string {
  try {
    const data = JSON.parse(frame) as { t?: string; tab?: string } | Array<{ t?: string; tab?: string }>;
    const list = Array.isArray(data) ? data : [data];
    if (!list.some((m) => m?.t === 'hello')) return frame;
    for (const m of list) if (m?.t === 'hello') m.tab = `chrome-tab-${tabId}`;
    return JSON.stringify(data);
  } catch {
    return frame;
  }
}

function toolCount(frame: string): number | undefined {
  try {
    const data = JSON.parse(frame) as { t?: string; tools?: unknown } | Array<{ t?: string; tools?: unknown }>;
    let count: number | undefined;
    for (const m of Array.isArray(data) ? data : [data]) if (m?.t === 'tools' && Array.isArray(m.tools)) count = m.tools.length;
    return count;
  } catch {
    return undefined;
  }
}

function closeChannel(c: number): void {
  const channel = channels.get(c);
  if (!channel) return;
  channels.delete(c);
  wsSend({ c, close: true });
  badge(channel.tabId);
}

chrome.runtime.onConnect.addListener((port) => {
  const tabId = port.sender?.tab?.id;
  const origin = webOrigin(port.sender?.url);
  if (port.name !== PAGE_PORT || tabId === undefined || !origin || port.sender?.frameId !== 0) return port.disconnect();
  const c = ++seq;
  const channel: Channel = { port, tabId, origin, count: 0 };
  channels.set(c, channel);
  wsSend({ c, open: { origin } });
  port.onMessage.addListener((raw: unknown) => {
    if (typeof raw !== 'string') return;
    const frame = withTab(raw, tabId);
    if (frame !== raw) channel.hello = frame;
    const count = toolCount(frame);
    if (count !== undefined) {
      channel.tools = frame;
      channel.count = count;
      badge(tabId);
    }
    wsSend({ c, f: frame });
  });
  port.onDisconnect.addListener(() => closeChannel(c));
});

// A closed tab fails its calls at once, without waiting for its port to notice.
chrome.tabs.onRemoved.addListener((tabId) => {
  for (const [c, channel] of channels) if (channel.tabId === tabId) closeChannel(c);
});

async function registerSite(origin: string, tabId?: number): Promise<void> {
  const id = [...origin].map((ch) => ch.charCodeAt(0).toString(16)).join('');
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: [`main-${id}`] });
  if (!existing.length) {
    await chrome.scripting.registerContentScripts([
      { id: `main-${id}`, matches: [matchPattern(origin)], js: ['page-main.js'], world: 'MAIN', runAt: 'document_start', persistAcrossSessions: true },
      { id: `relay-${id}`, matches: [matchPattern(origin)], js: ['page-relay.js'], runAt: 'document_start', persistAcrossSessions: true },
    ]);
  }
  if (tabId !== undefined) {
    await chrome.scripting.executeScript({ target: { tabId }, files: ['page-relay.js'] });
    await chrome.scripting.executeScript({ target: { tabId }, files: ['page-main.js'], world: 'MAIN' });
  }
}

async function unregisterSite(origin: string): Promise<void> {
  const id = [...origin].map((ch) => ch.charCodeAt(0).toString(16)).join('');
  await chrome.scripting.unregisterContentScripts({ ids: [`main-${id}`, `relay-${id}`] }).catch(() => {});
  for (const [c, channel] of channels) {
    if (channel.origin !== origin) continue;
    channel.port.disconnect();
    closeChannel(c);
  }
}

async function handle(request: ExtensionRequest): Promise<ExtensionStatus> {
  const settings = await loadSettings();
  let sites = settings.sites;
  if (request.type === 'enable') {
    const origin = webOrigin(request.origin);
    if (!origin) throw new Error(`Only http(s) sites can be enabled; got "${request.origin}"`);
    if (!sites.includes(origin)) sites = [...sites, origin];
    await chrome.storage.local.set({ sites });
    await registerSite(origin, request.tabId);
  } else if (request.type === 'disable') {
    sites = sites.filter((s) => s !== request.origin);
    await chrome.storage.local.set({ sites });
    await unregisterSite(request.origin);
  }
  let tools: number | undefined;
  if (request.type === 'status' && request.tabId !== undefined) {
    tools = 0;
    for (const ch of channels.values()) if (ch.tabId === request.tabId) tools += ch.count;
  }
  return { connected, problem, tools, sites };
}

chrome.runtime.onMessage.addListener((request: ExtensionRequest, sender, reply) => {
  // Only the extension's own pages (popup, options) may ask; content scripts never do.
  const ownPage = sender.tab === undefined || sender.url?.startsWith(`chrome-extension://${chrome.runtime.id}/`) === true;
  if (sender.id !== chrome.runtime.id || !ownPage) return false;
  handle(request).then(reply, (e: unknown) => reply({ error: (e as Error).message }));
  return true;
});

chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && (changes.bridgeUrl || changes.pageToken)) void connect();
});

// An open, active WebSocket keeps an MV3 service worker alive (Chrome 116+).
setInterval(() => wsSend({ c: 0, ping: 1 }), KEEPALIVE_MS);
void chrome.action.setBadgeBackgroundColor({ color: '#3b5bdb' });
void connect();
