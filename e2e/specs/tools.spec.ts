/**
 * A real MCP SDK client lists and calls the storefront's tools through the bridge, and the
 * storefront tab shows what the calls did.
 */
import { STOREFRONT_TOOLS, expect, resultText, test } from '../support/fixtures';

test('a client lists the storefront tools and add_to_cart fills the cart the page shows', async ({ page, mcp, openStorefront }) => {
  await openStorefront(page);

  const { tools } = await mcp.client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual([...STOREFRONT_TOOLS]);
  const search = tools.find((t) => t.name === 'search_products')!;
  expect(search.annotations?.readOnlyHint).toBe(true);
  expect(search.description).toContain('[Tool of the web page "Fernhill Supply"');
  expect(tools.find((t) => t.name === 'checkout')!.annotations?.destructiveHint).toBe(true);

  const found = await mcp.call('search_products', { query: 'mug' });
  expect(found.isError).toBeFalsy();
  const items = (found.structuredContent as { items: Array<{ sku: string }> }).items;
  expect(items.map((i) => i.sku)).toContain('stoneware-mug');
  await expect(page.getByRole('searchbox', { name: 'Search products' })).toHaveValue('mug');

  await expect(page.getByRole('link', { name: 'Cart, 0 items' })).toBeVisible();
  const added = await mcp.call('add_to_cart', { sku: 'stoneware-mug', quantity: 2 });
  expect(added.isError).toBeFalsy();
  expect(added.structuredContent).toMatchObject({ itemCount: 2, added: { sku: 'stoneware-mug', quantity: 2, inCart: 2 } });
  await expect(page.getByRole('link', { name: 'Cart, 2 items' })).toBeVisible();
  await expect(page.getByTestId('cart-count')).toHaveText('2');
  await expect(page.locator('[data-testid=agent-activity] li[data-tool=add_to_cart]')).toBeVisible();

  const cart = await mcp.call('get_cart');
  expect(cart.structuredContent).toMatchObject({ itemCount: 2, items: [{ sku: 'stoneware-mug', quantity: 2 }] });
  await expect(page.locator('[data-testid=cart-line][data-sku=stoneware-mug]')).toBeVisible();
  await expect(page.getByLabel(/^Quantity of /)).toHaveValue('2');

  // Mistakes come back as results the agent can act on, and change nothing.
  const unknown = await mcp.call('add_to_cart', { sku: 'nope' });
  expect(unknown.isError).toBe(true);
  expect(resultText(unknown)).toContain('No product with SKU "nope"');
  const invalid = await mcp.call('add_to_cart', { sku: 'stoneware-mug', quantity: 'two' });
  expect(invalid.isError).toBe(true);
  expect(resultText(invalid)).toMatch(/quantity: expected integer, got string/);
  await expect(page.getByTestId('cart-count')).toHaveText('2');
  await page.screenshot({ path: '/tmp/e2e-storefront.png', fullPage: false });
});
