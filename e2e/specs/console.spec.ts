/**
 * The agent console lists each page tool's title once (page and origin as secondary text), renders
 * `show_product`'s product card (an MCP App behind the sandbox proxy), and the card's button adds
 * to the cart of the storefront tab, through the bridge.
 */
import { expect, test } from '../support/fixtures';

test('the console shows the product card app and its button fills the storefront cart', async ({ page, context, demo, openStorefront }) => {
  await openStorefront(page);
  const consolePage = await context.newPage();
  await consolePage.goto(demo.consoleUrl);
  await expect(consolePage.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');

  // Each title appears once; the page and origin are secondary text (not a suffix on every title).
  const radio = consolePage.getByRole('radio', { name: 'Show product card show_product', exact: true });
  await expect(radio).toHaveAccessibleDescription(/^Fernhill Supply · http:\/\/[\w.]+:\d+ /);
  await expect(consolePage.locator('mcp-tool-console')).toContainText('Show product card show_product'); // its shadow text is read
  await expect(consolePage.locator('mcp-tool-console')).not.toContainText('("Fernhill Supply"');
  await radio.check();
  await expect(consolePage.getByRole('heading', { name: 'Show product card', exact: true })).toBeVisible();
  await consolePage.getByRole('textbox', { name: /^sku/ }).fill('stoneware-mug');
  await consolePage.getByRole('button', { name: 'Call Show product card', exact: true }).click();

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
