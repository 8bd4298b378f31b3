/** The per-app token buckets and the one warning that counts what they refused. */
import { expect, it } from 'vitest';
import { APP_RATE_LIMITS, createMessageRateLimiter, type RateLimitedMethod } from '../src/message-rate-limit';

it('allows the burst, refuses the rest, and reports all refusals in one call after a second', async () => {
  const reports: Partial<Record<RateLimitedMethod, number>>[] = [];
  const reported = new Promise<void>((resolve) => {
    const limiter = createMessageRateLimiter((refused) => (reports.push(refused), resolve()), {
      ...APP_RATE_LIMITS,
      'ui/message': { burst: 3, perSecond: 0 },
      'notifications/message': { burst: 1, perSecond: 0 },
    });
    const messages = Array.from({ length: 10 }, () => limiter.allow('ui/message'));
    expect(messages).toEqual([true, true, true, false, false, false, false, false, false, false]);
    expect([limiter.allow('notifications/message'), limiter.allow('notifications/message')]).toEqual([true, false]);
    expect(limiter.allow('ui/update-model-context')).toBe(true); // each method has its own bucket
  });
  await reported;
  expect(reports).toEqual([{ 'ui/message': 7, 'notifications/message': 1 }]);
});

it('refills at perSecond, and stop() cancels a pending report', async () => {
  let reports = 0;
  const limiter = createMessageRateLimiter(() => reports++, { ...APP_RATE_LIMITS, 'ui/open-link': { burst: 1, perSecond: 20 } });
  expect([limiter.allow('ui/open-link'), limiter.allow('ui/open-link')]).toEqual([true, false]);
  await new Promise((resolve) => setTimeout(resolve, 120)); // 20/s: a token after 50 ms
  expect(limiter.allow('ui/open-link')).toBe(true);
  limiter.stop();
  await new Promise((resolve) => setTimeout(resolve, 1100));
  expect(reports).toBe(0);
});
