/**
 * `checkout` asks the person in the storefront tab, with the order summary, before ordering:
 * Confirm places the order, Cancel gives the agent an error result and orders nothing.
 */
import type { Page } from '@playwright/test';
import { expect, resultText, test } from '../support/fixtures';

const shipping = { name: 'Ada Lovelace', email: 'ada@example.com', address: '12 St James Square, London' };

const placedOrders = (page: Page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem('webmcp-demo.orders') ?? '[]') as Array<{ id: string }>);

test.beforeEach(async ({ page, mcp, openStorefront }) => {
  await openStorefront(page);
  expect((await mcp.call('add_to_cart', { sku: 'stoneware-mug', quantity: 2 })).isError).toBeFalsy();
  await expect(page.getByTestId('cart-count')).toHaveText('2');
});

test('confirming the dialog places the order', async ({ page, mcp }) => {
  const call = mcp.call('checkout', shipping);
  const dialog = page.getByRole('dialog', { name: 'Place order?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('2 × Stoneware Mug');
  await expect(dialog).toContainText('$36.00');
  await expect(dialog).toContainText('Ada Lovelace, 12 St James Square, London');
  await dialog.getByRole('button', { name: 'Confirm' }).click();

  const result = await call;
  expect(result.isError).toBeFalsy();
  const { orderId } = result.structuredContent as { orderId: string };
  expect(orderId).toEqual(expect.any(String));
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('order-confirmation')).toHaveAttribute('data-order-id', orderId);
  await expect(page.getByTestId('order-id')).toContainText(orderId);
  await expect(page.getByTestId('cart-count')).toHaveText('0');
  expect((await placedOrders(page)).map((o) => o.id)).toEqual([orderId]);
});

test('cancelling the dialog returns an error result and orders nothing', async ({ page, mcp }) => {
  const call = mcp.call('checkout', shipping);
  const dialog = page.getByRole('dialog', { name: 'Place order?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  const result = await call;
  expect(result.isError).toBe(true);
  expect(resultText(result)).toBe('The user declined the order. Nothing was ordered.');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('order-confirmation')).toHaveCount(0);
  await expect(page.getByTestId('cart-count')).toHaveText('2');
  expect(await placedOrders(page)).toEqual([]);
  expect((await mcp.call('get_cart')).structuredContent).toMatchObject({ itemCount: 2 });
});
