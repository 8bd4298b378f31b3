import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parseProxyCliArgs } from '../src/proxy/cli-args';
import { createSandboxProxyHandler, createSandboxProxyServer, DEFAULT_APP_CSP } from '../src/proxy/index';

const handler = createSandboxProxyHandler({ profile: 'strict', singleUse: false });
const get = (query = '', init?: RequestInit) => handler(new Request(`http://127.0.0.1:8081/sandbox${query}`, init));
let nonceCount = 0;
const freshNonce = () => `nonce-${String(++nonceCount).padStart(12, '0')}`;

describe('createSandboxProxyHandler', () => {
  it('strict profile: serves the proxy page with the spec default CSP as a header, not cached', async () => {
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
    const strict = createSandboxProxyHandler({ path: '/sandbox.html', hostOrigins: ['http://localhost:8080'], singleUse: false });
    expect(strict(new Request('http://127.0.0.1:8081/other')).status).toBe(404);
    const ok = strict(new Request('http://127.0.0.1:8081/sandbox.html'));
    expect(ok.headers.get('content-security-policy')).toMatch(/; frame-ancestors http:\/\/localhost:8080$/);
    expect(await ok.text()).toContain('["http://localhost:8080"]');
    expect(() => createSandboxProxyHandler({ hostOrigins: ['localhost:8080'] })).toThrow(
      'hostOrigins[0]: expected an origin like "https://app.example.com", got "localhost:8080"',
    );
  });
});

describe('createSandboxProxyHandler defaults: one origin per app, each load once, compatible CSP', () => {
  const proxy = createSandboxProxyHandler({ domain: 'sandbox.example.com' });
  const at = (host: string, query: string, init?: RequestInit) => proxy(new Request(`https://${host}/${query}`, init));

  it('serves only <label>.<domain> hosts, one DNS label deep', async () => {
    expect(at('app-1.sandbox.example.com', `?nonce=${freshNonce()}`).status).toBe(200);
    for (const host of ['sandbox.example.com', 'a.b.sandbox.example.com', 'evil.example.com', 'app-1.sandbox.example.com.evil.test']) {
      const response = at(host, `?nonce=${freshNonce()}`);
      expect(response.status, host).toBe(421);
      expect(await response.text()).toContain('one app per <label>.sandbox.example.com origin');
    }
    expect(() => createSandboxProxyHandler({ domain: 'https://x.test' })).toThrow('domain: expected a host name');
  });

  it('serves each nonce once: a reload with it, even with another csp, is 410', async () => {
    const nonce = freshNonce();
    expect(at('app-1.sandbox.example.com', `?nonce=${nonce}`, { method: 'HEAD' }).status).toBe(200); // HEAD doesn't use it up
    expect(at('app-1.sandbox.example.com', `?nonce=${nonce}`).status).toBe(200);
    const wider = encodeURIComponent(JSON.stringify({ connectDomains: ['https://evil.example'] }));
    const again = at('app-1.sandbox.example.com', `?csp=${wider}&nonce=${nonce}`);
    expect(again.status).toBe(410);
    expect(again.headers.get('content-security-policy')).toBeNull();
    expect(await again.text()).toContain('already served');
  });

  it('requires a well-formed nonce', async () => {
    expect(await at('app-1.sandbox.example.com', '').text()).toContain('nonce query parameter: required');
    expect(at('app-1.sandbox.example.com', '?nonce=short').status).toBe(400);
  });

  it('uses the compatible profile by default: eval, wasm and blob: workers inside, connect-src as declared', () => {
    const csp = encodeURIComponent(JSON.stringify({ connectDomains: ['https://api.example.com'] }));
    const policy = at('app-1.sandbox.example.com', `?csp=${csp}&nonce=${freshNonce()}`).headers.get('content-security-policy')!;
    expect(policy).toContain("'unsafe-eval' 'wasm-unsafe-eval' blob:");
    expect(policy).toContain("worker-src 'self' blob:");
    expect(policy).toContain("connect-src 'self' https://api.example.com;");
  });
});

describe('createSandboxProxyServer', () => {
  it('serves the handler over HTTP on loopback', async () => {
    const server = await createSandboxProxyServer();
    try {
      expect(server.url).toMatch(/^http:\/\/localhost:\d+\/$/);
      const port = new URL(server.url).port;
      // Node's resolver may not map *.localhost, so connect to 127.0.0.1 and name the app's host.
      const get = (query: string, host = `app-1.localhost:${port}`) =>
        new Promise<{ status: number; csp: string | undefined }>((resolve, reject) => {
          request({ host: '127.0.0.1', port, path: `/${query}`, headers: { host } }, (res) => {
            res.resume();
            resolve({ status: res.statusCode!, csp: res.headers['content-security-policy'] as string | undefined });
          }).on('error', reject).end();
        });
      const csp = encodeURIComponent('{"frameDomains":["https://f.test"]}');
      expect((await get(`?csp=${csp}&nonce=${freshNonce()}`)).csp).toContain('frame-src https://f.test;');
      expect((await get(`?csp=[1]&nonce=${freshNonce()}`)).status).toBe(400);
      expect((await get(`?nonce=${freshNonce()}`, `127.0.0.1:${port}`)).status).toBe(421);
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
      domain: 'localhost',
      strict: false,
      help: false,
    });
    expect(parseProxyCliArgs([])).toMatchObject({ port: 8081, host: '127.0.0.1', domain: 'localhost' });
    expect(parseProxyCliArgs(['--domain', 'sandbox.example.com', '--strict'])).toMatchObject({ domain: 'sandbox.example.com', strict: true });
  });

  it.each([
    [['--port', 'abc'], '--port: expected 0-65535, got "abc"'],
    [['--port'], '--port needs a value'],
    [['--verbose'], 'Unknown argument "--verbose"'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseProxyCliArgs(argv)).toThrow(message);
  });
});
