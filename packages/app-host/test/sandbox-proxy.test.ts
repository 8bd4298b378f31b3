import { describe, expect, it } from 'vitest';
import { parseProxyCliArgs } from '../src/proxy/cli-args';
import { createSandboxProxyHandler, createSandboxProxyServer, DEFAULT_APP_CSP } from '../src/proxy/index';

const handler = createSandboxProxyHandler();
const get = (query = '', init?: RequestInit) => handler(new Request(`http://127.0.0.1:8081/sandbox${query}`, init));

describe('createSandboxProxyHandler', () => {
  it('serves the proxy page with the default CSP as a header, not cached', async () => {
    const response = get();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(DEFAULT_APP_CSP);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    expect(page).toContain('ui/notifications/sandbox-');
    expect(page).not.toMatch(/\beval\(|new Function|<meta[^>]+http-equiv/i);
  });

  it("sends the policy built from the resource's declared csp", () => {
    const csp = encodeURIComponent(JSON.stringify({ connectDomains: ['https://api.example.com'] }));
    expect(get(`?csp=${csp}`).headers.get('content-security-policy')).toContain("connect-src 'self' https://api.example.com;");
  });

  it.each([
    ['?csp=%7Bnot-json', 'csp query parameter: not valid JSON'],
    [`?csp=${encodeURIComponent('{"connectDomains":["https://a.test; script-src *"]}')}`, 'csp.connectDomains[0]: expected an origin'],
    [`?csp=${'x'.repeat(9000)}`, 'longer than 8192 characters'],
  ])('answers 400 naming the problem for %s', async (query, message) => {
    const response = get(query);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-security-policy')).toBeNull();
    expect(await response.text()).toContain(message);
  });

  it('serves GET/HEAD only, on the configured path, framed only by the configured hosts', async () => {
    expect(get('', { method: 'POST' }).status).toBe(405);
    const strict = createSandboxProxyHandler({ path: '/sandbox.html', hostOrigins: ['http://localhost:8080'] });
    expect(strict(new Request('http://127.0.0.1:8081/other')).status).toBe(404);
    const ok = strict(new Request('http://127.0.0.1:8081/sandbox.html'));
    expect(ok.headers.get('content-security-policy')).toMatch(/; frame-ancestors http:\/\/localhost:8080$/);
    expect(await ok.text()).toContain('["http://localhost:8080"]');
    expect(() => createSandboxProxyHandler({ hostOrigins: ['localhost:8080'] })).toThrow(
      'hostOrigins[0]: expected an origin like "https://app.example.com", got "localhost:8080"',
    );
  });
});

describe('createSandboxProxyServer', () => {
  it('serves the handler over HTTP on loopback', async () => {
    const server = await createSandboxProxyServer();
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const response = await fetch(`${server.url}?csp=${encodeURIComponent('{"frameDomains":["https://f.test"]}')}`);
      expect(response.headers.get('content-security-policy')).toContain('frame-src https://f.test;');
      expect((await fetch(`${server.url}?csp=[1]`)).status).toBe(400);
    } finally {
      await server.close();
    }
  });
});

describe('sandbox proxy CLI arguments (npx @webmcp-kit/app-host)', () => {
  it('reads --port, --host and repeated --host-origin, in both spellings', () => {
    expect(parseProxyCliArgs(['--port', '9000', '--host=::1', '--host-origin', 'http://a.test', '--host-origin=http://b.test'])).toEqual({
      port: 9000,
      host: '::1',
      hostOrigins: ['http://a.test', 'http://b.test'],
      help: false,
    });
    expect(parseProxyCliArgs([])).toMatchObject({ port: 8081, host: '127.0.0.1' });
  });

  it.each([
    [['--port', 'abc'], '--port: expected 0-65535, got "abc"'],
    [['--port'], '--port needs a value'],
    [['--verbose'], 'Unknown argument "--verbose"'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseProxyCliArgs(argv)).toThrow(message);
  });
});
