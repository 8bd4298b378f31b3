/**
 * The declarative newsletter form (`<form toolname="newsletter_signup">`): without
 * `toolautosubmit` the agent fills it and the person submits it; with it, the call submits at once.
 */
import { expect, test } from '../support/fixtures';

test('without toolautosubmit the call fills the form and waits for the person to subscribe', async ({ page, mcp, openStorefront }) => {
  await openStorefront(page);
  const form = page.locator('#newsletter');
  await expect(form).not.toHaveAttribute('toolautosubmit');
  const { tools } = await mcp.client.listTools();
  const tool = tools.find((t) => t.name === 'newsletter_signup')!;
  expect(tool.inputSchema).toMatchObject({ properties: { email: { type: 'string' }, topic: { enum: expect.arrayContaining(['kitchen']) } }, required: ['email'] });

  let settled = false;
  const call = mcp.call('newsletter_signup', { email: 'grace@example.com', topic: 'kitchen' });
  void call.finally(() => (settled = true));
  await expect(form.getByLabel('Email')).toHaveValue('grace@example.com');
  await expect(form.getByLabel('Interested in')).toHaveValue('kitchen');
  // Filled, not submitted: nothing subscribed and the agent still waits.
  await expect(page.getByTestId('newsletter-status')).toHaveText('');
  expect(settled).toBe(false);

  await form.getByRole('button', { name: 'Subscribe' }).click();
  const result = await call;
  expect(result.isError).toBeFalsy();
  expect(JSON.stringify(result.content)).toContain('Subscribed grace@example.com to the kitchen newsletter.');
  await expect(page.getByTestId('newsletter-status')).toHaveText('Subscribed grace@example.com to the kitchen newsletter. Thank you!');
  await expect(page.locator('[data-testid=agent-activity] li[data-tool=newsletter_signup]')).toBeVisible();
});

test('with toolautosubmit the call submits the form itself', async ({ page, mcp, openStorefront }) => {
  await openStorefront(page, '?autosubmit=1');
  await expect(page.locator('#newsletter')).toHaveAttribute('toolautosubmit');

  const result = await mcp.call('newsletter_signup', { email: 'alan@example.com', topic: 'audio' });
  expect(result.isError).toBeFalsy();
  expect(JSON.stringify(result.content)).toContain('Subscribed alan@example.com to the audio newsletter.');
  await expect(page.getByTestId('newsletter-status')).toHaveText('Subscribed alan@example.com to the audio newsletter. Thank you!');
  await expect(page.locator('[data-testid=agent-activity] li[data-tool=newsletter_signup]')).toBeVisible();
});
