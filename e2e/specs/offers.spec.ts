/**
 * A real MCP SDK client uses the storefront's prompt, resources and product template through the
 * bridge: lists them, gets the prompt, completes arguments, reads the cart and hears when the cart
 * changes, whether a tool or the person on the page changed it.
 */
import { McpError, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { expect, test } from '../support/fixtures';

/** The text of a read's first content (a JSON resource's is JSON). */
const textOf = (contents: ReadonlyArray<object>) => {
  const first = contents[0];
  return first && 'text' in first ? String(first.text) : '';
};

test('a client gets the compare_products prompt, reads the cart and hears when it changes', async ({ page, mcp, openStorefront }) => {
  await openStorefront(page);
  const { client } = mcp;
  const updated: string[] = [];
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));

  // The page's offers follow its tools over the same socket; wait until the bridge lists them.
  await expect.poll(async () => (await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['compare_products']);
  const [prompt] = (await client.listPrompts()).prompts;
  expect(prompt!.description).toContain('[Prompt of the web page "Fernhill Supply"');
  expect(prompt!.arguments?.map((a) => [a.name, a.required ?? false])).toEqual([['first', true], ['second', true], ['focus', false]]);
  expect(prompt!.arguments![0]!.description).toContain('SKU of the first product');
  const { resources } = await client.listResources();
  expect(resources.map((r) => r.uri).sort()).toEqual(['storefront://cart', 'storefront://catalog', 'ui://show_product/app.html']);
  const { resourceTemplates } = await client.listResourceTemplates();
  expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['storefront://products/{sku}']);

  // The prompt, with its arguments checked by the page's zod schema.
  const got = await client.getPrompt({ name: 'compare_products', arguments: { first: 'stoneware-mug', second: 'camp-mug', focus: 'gift' } });
  expect(got.description).toBe('Compare Stoneware Mug and Titanium Camp Mug');
  const message = got.messages[0]!;
  expect(message.role).toBe('user');
  expect(message.content).toMatchObject({ type: 'text', text: expect.stringContaining('focusing on gift') });
  expect((message.content as { text: string }).text).toMatch(/Stoneware Mug \(stoneware-mug\), \$[\d.]+/);
  await expect(page.locator('[data-testid=agent-activity] li[data-tool=compare_products]')).toBeVisible();

  const bad = await client.getPrompt({ name: 'compare_products', arguments: { first: 'stoneware-mug', second: 'nope' } }).catch((e: unknown) => e);
  expect(bad).toBeInstanceOf(McpError);
  expect((bad as McpError).code).toBe(-32602);
  expect((bad as McpError).message).toMatch(/arguments\.second: no product with SKU "nope"/);
  const missing = await client.getPrompt({ name: 'compare_products', arguments: { first: 'stoneware-mug' } }).catch((e: unknown) => e);
  expect((missing as McpError).code).toBe(-32602);
  expect((missing as McpError).message).toContain('missing required argument "second"');

  // Completion of a prompt argument and of the template's variable, from the catalog.
  const first = await client.complete({ ref: { type: 'ref/prompt', name: 'compare_products' }, argument: { name: 'first', value: 'wool' } });
  expect(first.completion.values).toEqual(['wool-socks', 'wool-throw']);
  const byName = await client.complete({ ref: { type: 'ref/prompt', name: 'compare_products' }, argument: { name: 'second', value: 'kettle' } });
  expect(byName.completion.values).toEqual(['pour-over-kettle']);
  const sku = await client.complete({ ref: { type: 'ref/resource', uri: 'storefront://products/{sku}' }, argument: { name: 'sku', value: 'desk' } });
  expect(sku.completion.values).toEqual(['desk-planner', 'desk-lamp']);

  const product = await client.readResource({ uri: 'storefront://products/radio' });
  expect(product.contents[0]!.mimeType).toBe('application/json');
  expect(JSON.parse(textOf(product.contents))).toMatchObject({ sku: 'radio', inCart: 0 });
  const unknown = await client.readResource({ uri: 'storefront://products/nope' }).catch((e: unknown) => e);
  expect((unknown as McpError).code).toBe(-32002);
  const catalog = JSON.parse(textOf((await client.readResource({ uri: 'storefront://catalog' })).contents)) as unknown[];
  expect(catalog).toHaveLength(30);

  // The cart: empty, then subscribed; a tool call and a click on the page each announce a change.
  const empty = await client.readResource({ uri: 'storefront://cart' });
  expect(JSON.parse(textOf(empty.contents))).toMatchObject({ items: [], itemCount: 0 });
  await client.subscribeResource({ uri: 'storefront://cart' });
  expect(updated).toEqual([]);

  const added = await mcp.call('add_to_cart', { sku: 'stoneware-mug', quantity: 2 });
  expect(added.isError).toBeFalsy();
  await expect.poll(() => updated).toContain('storefront://cart');
  const afterTool = JSON.parse(textOf((await client.readResource({ uri: 'storefront://cart' })).contents));
  expect(afterTool).toMatchObject({ itemCount: 2, items: [{ sku: 'stoneware-mug', quantity: 2 }] });

  const heard = updated.length;
  await page.goto(new URL('#/product/radio', page.url()).href);
  await page.getByRole('button', { name: 'Add Pocket Radio to cart' }).click();
  await expect.poll(() => updated.length).toBeGreaterThan(heard);
  expect(new Set(updated)).toEqual(new Set(['storefront://cart']));
  const afterClick = JSON.parse(textOf((await client.readResource({ uri: 'storefront://cart' })).contents));
  expect(afterClick).toMatchObject({ itemCount: 3 });
  expect(afterClick.items.map((i: { sku: string }) => i.sku)).toEqual(['stoneware-mug', 'radio']);

  // Withdrawn as registered: the prompt, resources and template go, the tools stay.
  await page.evaluate(() => window.webmcpDemo!.offers.unregister());
  await expect.poll(async () => (await client.listPrompts()).prompts).toEqual([]);
  expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['ui://show_product/app.html']);
  expect((await client.listResourceTemplates()).resourceTemplates).toEqual([]);
  expect(await mcp.toolNames()).toContain('add_to_cart');
});
