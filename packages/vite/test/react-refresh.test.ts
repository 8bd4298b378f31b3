/**
 * `useTool` under React Fast Refresh in a real `vite dev` (`@vitejs/plugin-react` + `webmcp()`):
 * editing a component keeps its tool registered once, with at most one list_changed per edit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { chromium, type Browser, type Page } from 'playwright';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';
import { webmcp, type WebMcpPluginApi } from '../src/index';
import { connectClient, listChangedBy, WAIT_MS, createEditor, type WatchedClient } from './support';

const app = (description: string, answer: string) => `
import { useTool } from '@webmcp-kit/react';

export function App() {
  useTool({ name: 'ping', description: ${JSON.stringify(description)}, readOnly: true, execute: () => ${JSON.stringify(answer)} });
  return <p id="app">${answer}</p>;
}
`;

let root: string;
let server: ViteDevServer;
let browser: Browser;
let page: Page;
let watched: WatchedClient;
let edit: (path: string, content: string) => Promise<void>;

beforeAll(async () => {
  // Inside the repository so the app resolves react and @webmcp-kit/react from its node_modules.
  root = mkdtempSync(fileURLToPath(new URL('./.tmp-refresh-', import.meta.url)));
  writeFileSync(join(root, 'index.html'), '<!doctype html><html><head><title>refresh</title></head><body><div id="root"></div><script type="module" src="/main.jsx"></script></body></html>');
  writeFileSync(
    join(root, 'main.jsx'),
    "import { StrictMode } from 'react';\nimport { createRoot } from 'react-dom/client';\nimport { App } from './app.jsx';\ncreateRoot(document.getElementById('root')).render(<StrictMode><App /></StrictMode>);\n",
  );
  writeFileSync(join(root, 'app.jsx'), app('Answers ping v1', 'pong v1'));
  const plugin = webmcp({ port: 0, printConfig: false });
  server = await createServer({
    root,
    configFile: false,
    logLevel: 'warn',
    plugins: [react(), plugin],
    server: { host: '127.0.0.1', port: 0 },
    optimizeDeps: { include: ['react', 'react-dom/client', 'react/jsx-dev-runtime'] },
  });
  await server.listen();
  edit = createEditor(server.watcher);
  browser = await chromium.launch(chromiumLaunchOptions());
  page = await browser.newPage();
  await page.goto(server.resolvedUrls!.local[0]!);
  await page.locator('#app').waitFor({ timeout: WAIT_MS });
  watched = await connectClient((plugin as Plugin<WebMcpPluginApi>).api!.bridge!);
}, 60_000);

afterAll(async () => {
  await watched?.client.close();
  await browser?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('useTool with React Fast Refresh', () => {
  it('keeps one registration across edits: none for a new execute, one list_changed for a new description', async () => {
    await watched.waitForTools((t) => t.filter((x) => x.name === 'ping').length === 1, 'initial');
    await page.evaluate(() => ((window as { marker?: number }).marker = 1));

    const quiet = await listChangedBy(watched, page, 'execute edit', async () => {
      await edit(join(root, 'app.jsx'), app('Answers ping v1', 'pong v2'));
      await expect.poll(() => page.locator('#app').textContent(), { timeout: WAIT_MS }).toBe('pong v2');
    });
    expect(quiet).toBe(0);
    expect((await watched.client.callTool({ name: 'ping', arguments: {} })).content).toEqual([{ type: 'text', text: 'pong v2' }]);

    const one = await listChangedBy(watched, page, 'description edit', async () => {
      await edit(join(root, 'app.jsx'), app('Answers ping v3', 'pong v3'));
      await watched.waitForTools((t) => t.some((x) => x.description?.startsWith('Answers ping v3')), 'description v3');
    });
    expect(one).toBe(1);
    const tools = await watched.client.listTools();
    expect(tools.tools.filter((t) => t.name === 'ping')).toHaveLength(1);
    expect(await page.evaluate(() => (window as { marker?: number }).marker)).toBe(1); // no reload
  });
});
