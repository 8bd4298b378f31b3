/**
 * The agent console renders `show_product`'s product card (an MCP App behind the sandbox proxy),
 * and the card's button adds to the cart of the storefront tab, through the bridge.
 */
import { expect, test } from '../support/fixtures';

test('the console shows the product card app and its button fills the storefront cart', async ({ page, context, demo, openStorefront }) => {
  await openStorefront(page);
  const consolePage = await context.newPage();
  await consolePage.goto(demo.consoleUrl);
  await expect(consolePage.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');

  await consolePage.getByRole('radio', { name: /\bshow_product$/ }).check();
  await consolePage.getByRole('textbox', { name: /^sku/ }).fill('stoneware-mug');
  await consolePage.getByRole('button', { name: /^Call Show product card/ }).click();

  // The storefront opens the product as the tool runs.
  await expect(page.getByTestId('product-page')).toHaveAttribute('data-sku', 'stoneware-mug');
  await expect(page.getByTestId('in-cart')).toHaveText('Not in your cart yet');

  const card = consolePage.frameLocator('mcp-app-frame iframe').frameLocator('iframe');
  await expect(card.getByRole('heading', { name: 'Stoneware Mug' })).toBeVisible({ timeout: 10_000 });
  await card.getByLabel('Quantity').fill('3');
  await card.getByRole('button', { name: 'Add to cart' }).click();
  await expect(card.getByText(/Added 3 to the cart/)).toBeVisible();

  await expect(page.getByRole('link', { name: 'Cart, 3 items' })).toBeVisible();
  await expect(page.getByTestId('in-cart')).toContainText('3 in your cart');
  await expect(page.locator('[data-testid=agent-activity] li[data-tool=add_to_cart]')).toContainText('Stoneware Mug');
});
