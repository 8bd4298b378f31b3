/** Shared by the dev-server tests: an MCP SDK client on the plugin's bridge that counts list_changed. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright';

export const WAIT_MS = 15_000;

/** chokidar drops a second `change` of one path within 50 ms of the first (its change throttle). */
const WATCHER_THROTTLE_MS = 50;

/**
 * Writes a file the dev server watches, once the watcher's change throttle for it has passed, so
 * the edit cannot be dropped as a duplicate of the previous one (people edit seconds apart; these
 * tests edit as fast as HMR answers).
 */
export function createEditor(watcher: { on(event: 'change', cb: (path: string) => void): unknown }) {
  const lastChange = new Map<string, number>();
  watcher.on('change', (path) => void lastChange.set(path, performance.now()));
  return async (path: string, content: string): Promise<void> => {
    const since = performance.now() - (lastChange.get(path) ?? -Infinity);
    if (since < WATCHER_THROTTLE_MS * 2) await new Promise((resolve) => setTimeout(resolve, WATCHER_THROTTLE_MS * 2 - since));
    writeFileSync(path, content);
  };
}

/** A connected client and what the tests watch on it. */
export interface WatchedClient {
  client: Client;
  /** `tools/list_changed` notifications received so far. */
  listChanged(): number;
  /** Resolves when `check` passes, re-checking on every list_changed; bounded by WAIT_MS. */
  waitForTools(check: (tools: Tool[]) => boolean, label?: string): Promise<Tool[]>;
}

export async function connectClient(bridge: { mcpUrl: string; clientToken: string | undefined }): Promise<WatchedClient> {
  const client = new Client({ name: 'vite-plugin-test', version: '1.0.0' });
  const changes = new EventTarget();
  let count = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    count++;
    changes.dispatchEvent(new Event('changed'));
  });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(bridge.mcpUrl), { requestInit: { headers: { authorization: `Bearer ${bridge.clientToken}` } } }),
  );
  const waitForTools = (check: (tools: Tool[]) => boolean, label = 'tools') =>
    new Promise<Tool[]>((resolve, reject) => {
      let last: Tool[] = [];
      const timer = setTimeout(() => {
        changes.removeEventListener('changed', probe);
        reject(new Error(`${label}: tools/list did not reach the expected state in time; last: ${JSON.stringify(last.map((t) => t.description))}`));
      }, WAIT_MS);
      const probe = () => {
        client.listTools().then(({ tools }) => {
          last = tools;
          if (!check(tools)) return;
          clearTimeout(timer);
          changes.removeEventListener('changed', probe);
          resolve(tools);
        }, () => {});
      };
      changes.addEventListener('changed', probe);
      probe();
    });
  return { client, listChanged: () => count, waitForTools };
}

/**
 * How many list_changed an action caused: after it, a sentinel tool is registered in the page; its
 * notification is ordered after any the action caused, so counting up to it is exact.
 */
export async function listChangedBy(watched: WatchedClient, page: Page, label: string, action: () => Promise<void>): Promise<number> {
  const before = watched.listChanged();
  await action();
  await page.evaluate(() =>
    (document as unknown as { modelContext: { registerTool(t: object, o: object): Promise<void> } }).modelContext.registerTool(
      { name: 'sentinel', description: 'marks the end of an update', execute: () => 'ok' },
      { signal: ((window as { sentinel?: AbortController }).sentinel = new AbortController()).signal },
    ),
  );
  await watched.waitForTools((t) => t.some((x) => x.name === 'sentinel'), `sentinel after ${label}`);
  const count = watched.listChanged() - before - 1;
  await page.evaluate(() => (window as { sentinel?: AbortController }).sentinel?.abort());
  await watched.waitForTools((t) => !t.some((x) => x.name === 'sentinel'), `sentinel removed after ${label}`);
  return count;
}
