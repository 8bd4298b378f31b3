/**
 * @module
 * Steps the reach specs (`--launch`/`--cdp`, the extension) take on the connector-less storefront
 * through a real MCP client, each with its assertions.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { resultText, type McpClient } from './fixtures';

const shipping = { name: 'Ada Lovelace', email: 'ada@example.com', address: '12 St James Square, London' };

/** Two mugs go into the cart (the page shows them); a quantity of the wrong type is refused by its schema. */
export async function addTwoMugs(page: Page, mcp: McpClient): Promise<void> {
  expect((await mcp.call('add_to_cart', { sku: 'stoneware-mug', quantity: 2 })).isError).toBeFalsy();
  await expect(page.getByTestId('cart-count')).toHaveText('2');
  const invalid = await mcp.call('add_to_cart', { sku: 'stoneware-mug', quantity: 'two' });
  expect(invalid.isError).toBe(true);
  expect(resultText(invalid)).toMatch(/quantity: expected integer, got string/);
}

/** The page registers `store_hours`: the client hears list_changed and can call it. */
export async function registerStoreHours(page: Page, mcp: McpClient): Promise<void> {
  const before = mcp.listChanged();
  await page.evaluate(() =>
    document.modelContext.registerTool({
      name: 'store_hours',
      description: 'Opening hours of the shop',
      inputSchema: { type: 'object', properties: {} },
      execute: async () => 'Mon–Sat 9–18',
    }),
  );
  await expect.poll(() => mcp.listChanged()).toBeGreaterThan(before);
  expect(resultText(await mcp.call('store_hours'))).toBe('Mon–Sat 9–18');
}

/** A checkout asks the person in the tab; confirmed, it places the order the page shows. Returns the dialog. */
export async function confirmCheckout(page: Page, mcp: McpClient): Promise<Locator> {
  const checkout = mcp.call('checkout', shipping);
  const dialog = page.getByRole('dialog', { name: 'Place order?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('2 × Stoneware Mug');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  const placed = await checkout;
  expect(placed.isError).toBeFalsy();
  await expect(page.getByTestId('order-confirmation')).toHaveAttribute('data-order-id', (placed.structuredContent as { orderId: string }).orderId);
  return dialog;
}

/** A call in flight (waiting on the checkout `dialog`) fails within 1 s of the tab closing, and the tools go. */
export async function closeTabDuringCheckout(page: Page, mcp: McpClient, dialog: Locator): Promise<void> {
  expect((await mcp.call('add_to_cart', { sku: 'linen-apron' })).isError).toBeFalsy();
  const pending = mcp.call('checkout', shipping);
  await expect(dialog).toBeVisible();
  const started = performance.now();
  await page.close();
  const gone = await pending;
  expect(performance.now() - started).toBeLessThan(1_000);
  expect(gone.isError).toBe(true);
  expect(resultText(gone)).toMatch(/^Tool "checkout" of page "Fernhill Supply" \(http:\/\/127\.0\.0\.1:\d+\) failed: the page disconnected/);
  await expect.poll(() => mcp.toolNames()).toEqual([]);
}
