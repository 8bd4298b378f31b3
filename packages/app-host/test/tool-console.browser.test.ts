import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { McpToolConsole } from '../src/tool-console';
import { McpToolCallEvent, McpToolResultEvent } from '../src/tool-console-events';

declare module 'vitest' {
  interface ProvidedContext {
    webmcpMode: 'polyfill' | 'native';
  }
}

// 1×1 transparent PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** A real SDK server in the page, with tools whose schemas cover every kind of form field. */
function createServer() {
  const received: Record<string, unknown>[] = [];
  const server = new McpServer({ name: 'console-test', version: '1.0.0' });
  server.registerTool(
    'plan-trip',
    {
      title: 'Plan a trip',
      description: 'Books a trip for a group.',
      inputSchema: {
        destination: z.string().min(2).describe('City or station'),
        mode: z.enum(['train', 'plane', 'car']),
        travellers: z.number().int().min(1),
        budget: z.number().min(0).optional(),
        flexible: z.boolean().optional(),
        address: z.object({ city: z.string(), zip: z.string().regex(/^\d{5}$/).optional() }).describe('Pick-up address'),
        tags: z.array(z.string()).optional(),
      },
      outputSchema: { booked: z.boolean(), travellers: z.number() },
    },
    async (args) => {
      received.push(args);
      return {
        content: [{ type: 'text', text: `Booked ${args.travellers} to ${args.destination}` }],
        structuredContent: { booked: true, travellers: args.travellers },
      };
    },
  );
  server.registerTool(
    'get-status',
    { title: 'Get status', description: 'Reports the shop status.', annotations: { readOnlyHint: true } },
    async () => ({
      content: [
        { type: 'text', text: 'All systems go' },
        { type: 'image', data: PNG, mimeType: 'image/png' },
        { type: 'resource', resource: { uri: 'file:///status.txt', mimeType: 'text/plain', text: 'uptime 99.9%' } },
        { type: 'resource_link', uri: 'https://example.com/report', name: 'report', title: 'Full report' },
      ],
    }),
  );
  server.registerTool('fail', { description: 'Always fails.' }, async () => {
    throw new Error('out of stock');
  });
  const aborted: string[] = [];
  server.registerTool('slow', { description: 'Waits until cancelled.' }, (extra) =>
    new Promise((_, reject) =>
      extra.signal.addEventListener('abort', () => {
        aborted.push(String(extra.requestId));
        reject(new Error('aborted'));
      }),
    ),
  );
  server.registerTool('app-refresh', { description: 'For the app only.', _meta: { ui: { visibility: ['app'] } } }, async () => ({ content: [] }));
  server.registerTool(
    'show-chart',
    { title: 'Show chart', inputSchema: { days: z.number().int() }, _meta: { ui: { resourceUri: 'ui://chart/app.html' } } },
    async ({ days }) => ({ content: [{ type: 'text', text: `chart of ${days} days` }] }),
  );
  return { server, received, aborted };
}

describe.skipIf(inject('webmcpMode') === 'native')('<mcp-tool-console>', () => {
  const { server, received, aborted } = createServer();
  const client = new Client({ name: 'console-test-client', version: '1.0.0' });
  let el: McpToolConsole;
  const radio = (name: string | RegExp) => page.getByRole('radio', { name });
  const events: Event[] = [];
  // toHaveFocus() compares document.activeElement, which is the host for anything inside its shadow root.
  const hasFocus = (locator: ReturnType<typeof page.getByRole>) =>
    expect.poll(() => el.shadowRoot!.activeElement).toBe(locator.element());

  beforeAll(async () => {
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(a), client.connect(b)]);
    el = document.createElement('mcp-tool-console');
    el.client = client;
    for (const type of ['mcp-tool-call', 'mcp-tool-result']) document.addEventListener(type, (e) => events.push(e));
    document.body.append(el);
  });
  afterAll(async () => {
    el.remove();
    await client.close();
  });

  it('lists only model-visible tools, with titles, descriptions and a read-only mark', async () => {
    await expect.element(radio(/Plan a trip/)).toBeVisible();
    expect(el.tools.map((t) => t.name)).toEqual(['plan-trip', 'get-status', 'fail', 'slow', 'show-chart']);
    await expect.element(radio(/Get status/)).toHaveAccessibleDescription(/Read-only.*Reports the shop status/);
    await expect.element(radio(/Plan a trip/)).toHaveAccessibleDescription('Books a trip for a group.');
    await expect.element(radio(/Show chart/)).toHaveAccessibleDescription(/Has UI/);
    await expect.element(radio(/app-refresh/)).not.toBeInTheDocument();
  });

  it("the console's form validates and calls", async () => {
    await radio(/Plan a trip/).click();
    const call = page.getByRole('button', { name: 'Call Plan a trip' });
    await call.click();
    const alert = page.getByRole('alert');
    await expect.element(alert).toHaveTextContent(/destination: is required/);
    await expect.element(alert).toHaveTextContent(/mode: is required/);
    await expect.element(alert).toHaveTextContent(/travellers: is required/);
    await expect.element(alert).toHaveTextContent(/address › city: is required/);
    const destination = page.getByRole('textbox', { name: 'destination' });
    await hasFocus(destination);
    await expect.element(destination).toHaveAttribute('aria-invalid', 'true');
    await expect.element(destination).toHaveAccessibleDescription(/City or station.*is required/);
    expect(received).toHaveLength(0);

    // Wrong values get messages naming what is wrong; nothing is sent.
    await destination.fill('P');
    await page.getByRole('combobox', { name: 'mode' }).selectOptions('plane');
    await page.getByRole('textbox', { name: 'travellers' }).fill('1.5');
    await page.getByRole('textbox', { name: 'budget' }).fill('cheap');
    await page.getByRole('textbox', { name: 'city' }).fill('Lyon');
    await page.getByRole('textbox', { name: 'zip' }).fill('69OO1');
    await call.click();
    await expect.element(alert).toHaveTextContent(/destination: needs at least 2 character\(s\), got 1/);
    await expect.element(alert).toHaveTextContent(/travellers: expected an integer, got 1.5/);
    await expect.element(alert).toHaveTextContent(/budget: expected a number, got "cheap"/);
    await expect.element(alert).toHaveTextContent(/address › zip: must match the pattern/);
    await expect.element(page.getByRole('group', { name: 'address' })).toHaveAccessibleDescription('Pick-up address');
    expect(received).toHaveLength(0);

    await destination.fill('Paris');
    await page.getByRole('textbox', { name: 'travellers' }).fill('3');
    await page.getByRole('textbox', { name: 'budget' }).fill('');
    await page.getByRole('textbox', { name: 'zip' }).fill('69001');
    await page.getByRole('checkbox', { name: 'flexible' }).click();
    const addTag = page.getByRole('button', { name: 'Add tags' });
    await addTag.click();
    await hasFocus(page.getByRole('textbox', { name: 'tags 1' }));
    await userEvent.keyboard('rail');
    await addTag.click();
    await page.getByRole('textbox', { name: 'tags 2' }).fill('family');
    await addTag.click();
    await page.getByRole('button', { name: 'Remove tags 3' }).click();
    events.length = 0;
    await call.click();

    await expect.element(alert).not.toBeInTheDocument();
    await expect.element(page.getByText('Booked 3 to Paris')).toBeVisible();
    await expect.element(page.getByRole('figure', { name: 'Structured content' })).toHaveTextContent('"booked": true');
    expect(received).toEqual([
      { destination: 'Paris', mode: 'plane', travellers: 3, flexible: true, address: { city: 'Lyon', zip: '69001' }, tags: ['rail', 'family'] },
    ]);
    expect(events.map((e) => e.type)).toEqual(['mcp-tool-call', 'mcp-tool-result']);
    const [before, after] = events as [McpToolCallEvent, McpToolResultEvent];
    expect(before).toBeInstanceOf(McpToolCallEvent);
    expect(before.arguments).toEqual(received[0]);
    expect(after.result?.structuredContent).toEqual({ booked: true, travellers: 3 });
    await expect.element(page.getByRole('status')).toHaveTextContent('Plan a trip returned a result.');
  });

  it('is operable by keyboard alone and shows images, resources and links', async () => {
    el.select(undefined);
    const start = document.createElement('button');
    start.textContent = 'start';
    document.body.prepend(start);
    start.focus();
    await userEvent.keyboard('{Tab}');
    await hasFocus(radio(/Plan a trip/));
    await userEvent.keyboard('{ArrowDown}');
    await expect.element(radio(/Get status/)).toBeChecked();
    await userEvent.keyboard('{Tab}');
    await hasFocus(page.getByRole('button', { name: 'Call Get status' }));
    await userEvent.keyboard('{Enter}');
    const output = page.getByRole('region', { name: 'Result' });
    await expect.element(output).toHaveTextContent(/All systems go/);
    await expect.element(page.getByRole('img', { name: 'Image returned by the tool (image/png)' })).toBeVisible();
    await expect.element(page.getByRole('figure', { name: /Resource file:\/\/\/status.txt/ })).toHaveTextContent('uptime 99.9%');
    await expect.element(page.getByRole('link', { name: 'Full report' })).toHaveAttribute('href', 'https://example.com/report');
    start.remove();
  });

  it('shows tool errors, and a canceled mcp-tool-call sends nothing', async () => {
    el.select('fail');
    await page.getByRole('button', { name: 'Call fail' }).click();
    await expect.element(page.getByText('The tool reported an error.')).toBeVisible();
    await expect.element(page.getByText(/out of stock/)).toBeVisible();

    el.select('plan-trip');
    const veto = (e: Event) => e.preventDefault();
    el.addEventListener('mcp-tool-call', veto);
    const count = received.length;
    await page.getByRole('textbox', { name: 'destination' }).fill('Rome');
    await page.getByRole('combobox', { name: 'mode' }).selectOptions('car');
    await page.getByRole('textbox', { name: 'travellers' }).fill('2');
    await page.getByRole('textbox', { name: 'city' }).fill('Rome');
    events.length = 0;
    await page.getByRole('button', { name: 'Call Plan a trip' }).click();
    await expect.poll(() => events.map((e) => e.type)).toEqual(['mcp-tool-call']);
    el.removeEventListener('mcp-tool-call', veto);
    // Enter in a text field submits, as in any form.
    await page.getByRole('textbox', { name: 'city' }).click();
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => received.length).toBe(count + 1);
    expect(received.at(-1)).toEqual({ destination: 'Rome', mode: 'car', travellers: 2, address: { city: 'Rome' } });
  });

  it('cancels a pending call', async () => {
    el.select('slow');
    events.length = 0;
    await page.getByRole('button', { name: 'Call slow' }).click();
    await expect.element(page.getByRole('status')).toHaveTextContent('Calling slow…');
    await expect.element(page.getByRole('button', { name: 'Call slow' })).toHaveAttribute('aria-disabled', 'true');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.element(page.getByRole('status')).toHaveTextContent('Cancelled the call to slow.');
    await expect.poll(() => aborted).toHaveLength(1);
    await expect.element(page.getByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
    expect((events.at(-1) as McpToolResultEvent).error).toBeInstanceOf(Error);
  });

  it('follows tools/list_changed', async () => {
    const late = server.registerTool('late-tool', { title: 'Late tool', description: 'Added after connect.' }, async () => ({
      content: [{ type: 'text', text: 'late' }],
    }));
    await expect.element(radio(/Late tool/)).toBeVisible();
    await expect.element(page.getByRole('status')).toHaveTextContent('Tool list updated: 6 tools.');
    el.select('late-tool');
    late.remove();
    await expect.element(radio(/Late tool/)).not.toBeInTheDocument();
    await expect.element(page.getByText('Choose a tool to call it.')).toBeVisible();
  });

  it('renders <mcp-app-frame> with the client, tool, input and result promise for a tool with a UI', async () => {
    el.select('show-chart');
    await page.getByRole('textbox', { name: 'days' }).fill('7');
    await page.getByRole('button', { name: 'Call Show chart' }).click();
    await expect.element(page.getByText(/set the console's sandbox property/)).toBeVisible();
    await expect.element(page.getByText('chart of 7 days')).toBeVisible();

    el.sandbox = 'http://127.0.0.1:1/sandbox.html';
    await el.updateComplete;
    const frame = el.shadowRoot!.querySelector('mcp-app-frame') as unknown as Record<string, unknown>;
    expect(frame).not.toBeNull();
    expect(frame.client).toBe(client);
    expect(frame.sandbox).toBe('http://127.0.0.1:1/sandbox.html');
    expect((frame.tool as { name: string }).name).toBe('show-chart');
    expect(frame.toolInput).toEqual({ days: 7 });
    expect(((await frame.toolResult) as CallToolResult).content).toEqual([{ type: 'text', text: 'chart of 7 days' }]);
  });
});

describe.skipIf(inject('webmcpMode') === 'native')('<mcp-tool-console> with tools of web pages (webmcp-kit bridge)', () => {
  it("shows each page tool's title once, with its page and origin as secondary text", async () => {
    // The shape the bridge gives a page tool: page and origin in the title, the description and _meta.
    const where = '"Fernhill Supply" http://127.0.0.1:8080';
    const server = new McpServer({ name: 'bridge-like', version: '1.0.0' });
    server.registerTool(
      'show_product',
      {
        title: `Show product card (${where})`,
        description: `Opens a product page.\n\n[Tool of the web page ${where}]`,
        _meta: { 'webmcp-kit/page': { origin: 'http://127.0.0.1:8080', title: 'Fernhill Supply', url: 'http://127.0.0.1:8080/', tabId: 1, toolName: 'show_product' } },
      },
      async () => ({ content: [{ type: 'text', text: 'shown' }] }),
    );
    const client = new Client({ name: 'console-test-client', version: '1.0.0' });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(a), client.connect(b)]);
    const el = document.createElement('mcp-tool-console');
    el.client = client;
    document.body.append(el);
    try {
      const radio = page.getByRole('radio', { name: 'Show product card show_product', exact: true });
      await expect.element(radio).toBeVisible();
      await expect.element(radio).toHaveAccessibleDescription('Fernhill Supply · http://127.0.0.1:8080 Opens a product page.');
      await radio.click();
      await expect.element(page.getByRole('heading', { name: 'Show product card', exact: true })).toBeVisible();
      await expect.element(page.getByRole('button', { name: 'Call Show product card', exact: true })).toBeVisible();
      const text = el.shadowRoot!.textContent!;
      expect(text).not.toContain(where);
      expect(text).not.toContain('[Tool of the web page');
      expect(text.match(/Fernhill Supply · http:\/\/127\.0\.0\.1:8080/g)).toHaveLength(2); // the list and the panel
    } finally {
      el.remove();
      await client.close();
    }
  });
});
