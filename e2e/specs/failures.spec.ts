/**
 * What clients see when things break: a tab closed mid-call, a bridge restart, a second tab.
 */
import { createHash } from 'node:crypto';
import { STOREFRONT_TOOLS, connectClient, expect, resultText, test } from '../support/fixtures';

test('closing the storefront tab mid-call fails the call within 1 s', async ({ page, mcp, openStorefront }) => {
  await openStorefront(page);
  await mcp.call('add_to_cart', { sku: 'stoneware-mug' });
  // checkout waits for the person (and the bridge pauses its timeout meanwhile): a call in flight.
  const call = mcp.call('checkout', { name: 'Ada Lovelace', email: 'ada@example.com', address: '12 St James Square' }).then(
    (result) => ({ result, error: undefined }),
    (error: unknown) => ({ result: undefined, error }),
  );
  await expect(page.getByRole('dialog', { name: 'Place order?' })).toBeVisible();

  const started = performance.now();
  await page.close();
  const outcome = await call;
  const elapsed = performance.now() - started;
  expect(elapsed).toBeLessThan(1_000);
  expect(outcome.error).toBeUndefined();
  expect(outcome.result?.isError).toBe(true);
  expect(resultText(outcome.result!)).toMatch(/^Tool "checkout" of page "Fernhill Supply" \(http:\/\/127\.0\.0\.1:\d+\) failed: the page disconnected/);
  await expect.poll(() => mcp.toolNames()).toEqual([]);
});

test('restarting the bridge brings the tools back, announced with tools/list_changed', async ({ page, context, demo, mcp, openStorefront }) => {
  await openStorefront(page);
  // Offline holds the tab's reconnection back until the new client listens, so the client sees
  // the tools come back as a list_changed rather than finding them already there.
  await context.setOffline(true);
  await demo.restartBridge();
  await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-state', 'connecting');
  // A restart ends every MCP session: the old client must initialize a new one.
  await expect(mcp.toolNames()).rejects.toThrow(/Session not found/);
  const again = await connectClient(demo, demo.clientToken);
  try {
    expect(await again.toolNames()).toEqual([]);
    await context.setOffline(false);
    await expect.poll(() => again.listChanged(), { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => again.toolNames()).toEqual([...STOREFRONT_TOOLS]);
    await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-state', 'connected');
    expect((await again.call('add_to_cart', { sku: 'linen-apron' })).isError).toBeFalsy();
    await expect(page.getByTestId('cart-count')).toHaveText('1');
  } finally {
    await again.client.close();
  }
});

test('a second storefront tab gets namespaced tool names, and its calls reach that tab', async ({ page, context, mcp, openStorefront }) => {
  const first = await openStorefront(page);
  expect(first).toMatchObject(Object.fromEntries(STOREFRONT_TOOLS.map((n) => [n, n])));
  const secondPage = await context.newPage();
  const second = await openStorefront(secondPage);

  const tabId = await secondPage.evaluate(() => window.webmcpDemo!.connection!.tabId);
  const suffix = createHash('sha256').update(tabId).digest('hex').slice(0, 4);
  expect(second).toEqual(Object.fromEntries(STOREFRONT_TOOLS.map((n) => [n, `${n}_${suffix}`])));
  const { tools } = await mcp.client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual([...STOREFRONT_TOOLS, ...Object.values(second)].sort());
  const namespaced = tools.find((t) => t.name === second.get_product)!;
  expect(namespaced._meta?.['webmcp-kit/page']).toMatchObject({ tabId, toolName: 'get_product' });

  expect((await mcp.call(second.get_product!, { sku: 'stoneware-mug' })).isError).toBeFalsy();
  await expect(secondPage.getByTestId('product-page')).toHaveAttribute('data-sku', 'stoneware-mug');
  expect((await mcp.call('get_product', { sku: 'linen-apron' })).isError).toBeFalsy();
  await expect(page.getByTestId('product-page')).toHaveAttribute('data-sku', 'linen-apron');
  await expect(secondPage.getByTestId('product-page')).toHaveAttribute('data-sku', 'stoneware-mug');
});
