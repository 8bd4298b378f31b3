/**
 * The React task board (demo/task-board) in `vite dev` with @webmcp-kit/vite: the dev server is
 * started here from the demo's own vite.config.ts, a real MCP SDK client reaches the board's
 * useTool tools through the plugin's bridge, and what it does shows on the page.
 */
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { expect, test } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';

const root = fileURLToPath(new URL('../../demo/task-board/', import.meta.url));
const BOARD_TOOLS = ['add_task', 'list_tasks', 'move_task_from_doing', 'move_task_from_done', 'move_task_from_todo'];

interface PluginApi {
  bridge?: { mcpUrl: string; clientToken?: string };
}

let server: ViteDevServer;
let client: Client;
const changed = new EventTarget();

const text = (result: CallToolResult) => (result.content?.[0]?.type === 'text' ? result.content[0].text : '');

async function toolNames(): Promise<string[]> {
  return (await client.listTools()).tools.map((t) => t.name).sort();
}

/** Resolves once tools/list shows exactly `names`, re-checking on each list_changed; bounded. */
function waitForNames(names: string[], timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let last: string[] = [];
    const timer = setTimeout(() => {
      changed.removeEventListener('change', probe);
      reject(new Error(`tools/list is ${JSON.stringify(last)}, expected ${JSON.stringify(names)}`));
    }, timeoutMs);
    const probe = () =>
      void toolNames().then((now) => {
        last = now;
        if (JSON.stringify(now) !== JSON.stringify(names)) return;
        clearTimeout(timer);
        changed.removeEventListener('change', probe);
        resolve();
      }, () => {});
    changed.addEventListener('change', probe);
    probe();
  });
}

test.beforeAll(async () => {
  const saved = process.env.WEBMCP_BRIDGE_PORT;
  process.env.WEBMCP_BRIDGE_PORT = '0'; // the demo's webmcp() reads it: a free port, not 8765
  try {
    server = await createServer({
      root,
      configFile: `${root}vite.config.ts`,
      logLevel: 'warn',
      server: { host: '127.0.0.1', port: 0 },
    });
  } finally {
    if (saved === undefined) delete process.env.WEBMCP_BRIDGE_PORT;
    else process.env.WEBMCP_BRIDGE_PORT = saved;
  }
  await server.listen();
  const bridge = (server.config.plugins.find((p) => p.name === 'webmcp-kit')?.api as PluginApi | undefined)?.bridge;
  if (!bridge) throw new Error('the webmcp() plugin did not start a bridge');
  client = new Client({ name: 'task-board-e2e', version: '1.0.0' });
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed.dispatchEvent(new Event('change')));
  await client.connect(
    new StreamableHTTPClientTransport(new URL(bridge.mcpUrl), { requestInit: { headers: { authorization: `Bearer ${bridge.clientToken}` } } }),
  );
});

test.afterAll(async () => {
  await client?.close();
  await server?.close();
});

test('an MCP client lists and calls the board\'s useTool tools through the plugin\'s bridge', async ({ page }) => {
  await page.goto(server.resolvedUrls!.local[0]!);
  await expect(page.getByRole('heading', { name: 'Task board' })).toBeVisible();
  // StrictMode mounts twice: still exactly one registration per tool.
  await waitForNames(BOARD_TOOLS);

  const listed = JSON.parse(text((await client.callTool({ name: 'list_tasks', arguments: {} })) as CallToolResult));
  expect(listed.tasks.map((t: { title: string }) => t.title)).toEqual(['Write the README', 'Try the Vite plugin', 'Install webmcp-kit']);

  const added = (await client.callTool({ name: 'add_task', arguments: { title: 'Ship the task board' } })) as CallToolResult;
  expect(added.isError).toBeFalsy();
  const todo = page.getByRole('region', { name: /To do/ });
  await expect(todo.getByText('Ship the task board')).toBeVisible();
  const { task } = JSON.parse(text(added));

  const moved = (await client.callTool({ name: 'move_task_from_todo', arguments: { id: task.id, to: 'done' } })) as CallToolResult;
  expect(moved.isError).toBeFalsy();
  await expect(page.getByRole('region', { name: /Done/ }).getByText('Ship the task board')).toBeVisible();
  await expect(todo.getByText('Ship the task board')).toHaveCount(0);

  // The tools read the latest state: list_tasks sees the move without re-registering.
  const after = JSON.parse(text((await client.callTool({ name: 'list_tasks', arguments: {} })) as CallToolResult));
  expect(after.tasks).toContainEqual({ id: task.id, title: 'Ship the task board', status: 'done' });

  // Bad input gets a clear error from the zod schema, and the board is unchanged.
  const bad = (await client.callTool({ name: 'add_task', arguments: { title: '' } })) as CallToolResult;
  expect(bad.isError).toBe(true);
  expect(text(bad)).toMatch(/title/);
  await expect(page.getByRole('listitem')).toHaveCount(4);
});
