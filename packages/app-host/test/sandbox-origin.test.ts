import { describe, expect, it } from 'vitest';
import { isAppHostError } from '../src/errors';
import { isSameSite, siteOf } from '../src/same-site';
import { appOriginLabel, appSandboxUrl, createLoadNonce } from '../src/sandbox-origin';
import { NONCE_PATTERN } from '../src/proxy/load-nonces';

const url = (href: string) => new URL(href);

describe('isSameSite', () => {
  it.each([
    ['http://127.0.0.1:5173/', 'http://app-1.localhost:8081/', false],
    ['http://localhost:5173/', 'http://app-1.localhost:8081/', false],
    ['http://host.localhost:5173/', 'http://app-1.host.localhost:8081/', true],
    ['https://chat.example.com/', 'https://app-1.sandbox.example.com/', true],
    ['https://chat.example.com/', 'http://app-1.sandbox.example.com/', true], // non-Secure cookies cross schemes
    ['https://chat.example.com/', 'https://app-1.sandbox.example-usercontent.com/', false],
    ['http://127.0.0.1:1/', 'http://127.0.0.1:2/', true],
    ['http://[::1]:1/', 'http://127.0.0.1:2/', false],
  ])('%s vs %s → %s', (a, b, same) => {
    expect(isSameSite(url(a), url(b))).toBe(same);
    expect(isSameSite(url(b), url(a))).toBe(same);
  });

  it('never calls two hosts different when they share a registrable domain (any extra labels in front)', () => {
    const prefixes = [[], ['a'], ['x', 'y'], ['app-1', 'sandbox'], ['deep', 'er', 'still']];
    for (const domain of ['example.com', 'host.localhost', 'github.io', 'co.uk']) {
      for (const a of prefixes) {
        for (const b of prefixes) {
          expect(isSameSite(url(`https://${[...a, domain].join('.')}/`), url(`https://${[...b, domain].join('.')}/`))).toBe(true);
        }
      }
    }
    expect(siteOf('A.B.Example.COM.')).toBe('example.com');
  });
});

describe('app origins', () => {
  it('derives a stable app- label per server and resource, different for any other pair', async () => {
    const a = await appOriginLabel('http://127.0.0.1:3001/mcp', 'ui://x/app.html', undefined, 'localhost');
    expect(a).toMatch(/^app-[0-9a-f]{32}$/);
    expect(await appOriginLabel('http://127.0.0.1:3001/mcp', 'ui://x/app.html', undefined, 'localhost')).toBe(a);
    expect(await appOriginLabel('http://127.0.0.1:3002/mcp', 'ui://x/app.html', undefined, 'localhost')).not.toBe(a);
    expect(await appOriginLabel('http://127.0.0.1:3001/mcp', 'ui://x/other.html', undefined, 'localhost')).not.toBe(a);
  });

  it("takes _meta.ui.domain as a label or a host under the sandbox domain, and refuses anything else", async () => {
    expect(await appOriginLabel('s', 'ui://x', 'my-app', 'sandbox.test')).toBe('my-app');
    expect(await appOriginLabel('s', 'ui://x', 'https://My-App.sandbox.test', 'sandbox.test')).toBe('my-app');
    for (const bad of ['app-0123', 'a.b', 'evil.other.test', '-x', 42, '']) {
      const error = await appOriginLabel('s', 'ui://x', bad, 'sandbox.test').catch((e: unknown) => e);
      expect(isAppHostError(error) && error.code, JSON.stringify(bad)).toBe('APP_HOST_INVALID_RESOURCE');
    }
  });

  it('puts the label in front of the sandbox host, and refuses IP addresses', () => {
    expect(appSandboxUrl(url('https://sandbox.test/p/'), 'my-app').href).toBe('https://my-app.sandbox.test/p/');
    expect(appSandboxUrl(url('http://localhost:8081/'), 'app-1').href).toBe('http://app-1.localhost:8081/');
    expect(() => appSandboxUrl(url('http://127.0.0.1:8081/'), 'app-1')).toThrow('is an IP address; use a host name');
    expect(() => appSandboxUrl(url('http://[::1]:8081/'), 'app-1')).toThrow('is an IP address');
  });

  it('makes fresh nonces the proxy accepts', () => {
    const nonces = new Set(Array.from({ length: 100 }, createLoadNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(NONCE_PATTERN);
  });
});
