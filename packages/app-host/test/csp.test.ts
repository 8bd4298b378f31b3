import { describe, expect, it } from 'vitest';
import { buildAppCsp, DEFAULT_APP_CSP, parseResourceCsp } from '../src/csp';
import { isAppHostError } from '../src/errors';

const directives = (policy: string) =>
  Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));

describe('buildAppCsp', () => {
  it("strict: uses the spec's no-network default when the resource declares no ui.csp", () => {
    expect(buildAppCsp(undefined, { profile: 'strict' })).toBe(DEFAULT_APP_CSP);
    expect(directives(DEFAULT_APP_CSP)).toEqual({
      'default-src': "'none'",
      'script-src': "'self' 'unsafe-inline'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data:",
      'media-src': "'self' data:",
      'object-src': "'none'",
      'connect-src': "'none'",
    });
  });

  const declared = {
    connectDomains: ['https://api.example.com', 'wss://live.example.com'],
    resourceDomains: ['https://*.cdn.example.com', 'https://cdn.example.com'],
    frameDomains: ['https://www.youtube.com'],
    baseUriDomains: ['https://base.example.com'],
  };

  it('strict: maps each declared field to the directives the spec names, and nothing else', () => {
    const policy = buildAppCsp(declared, { profile: 'strict' });
    const res = 'https://*.cdn.example.com https://cdn.example.com';
    expect(directives(policy)).toEqual({
      'default-src': "'none'",
      'script-src': `'self' 'unsafe-inline' ${res}`,
      'style-src': `'self' 'unsafe-inline' ${res}`,
      'img-src': `'self' data: ${res}`,
      'media-src': `'self' data: ${res}`,
      'font-src': `'self' ${res}`,
      'connect-src': "'self' https://api.example.com wss://live.example.com",
      'frame-src': 'https://www.youtube.com',
      'object-src': "'none'",
      'base-uri': 'https://base.example.com',
    });
    expect(policy).not.toMatch(/unsafe-eval|blob:|worker-src|\*(?!\.)/);
  });

  it('compatible (default): allows eval, wasm and blob: workers inside, but egress stays exactly as declared', () => {
    const res = 'https://*.cdn.example.com https://cdn.example.com';
    expect(directives(buildAppCsp(declared))).toEqual({
      'default-src': "'none'",
      'script-src': `'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' blob: data: ${res}`,
      'style-src': `'self' 'unsafe-inline' blob: data: ${res}`,
      'img-src': `'self' data: blob: ${res}`,
      'media-src': `'self' data: blob: ${res}`,
      'font-src': `'self' data: blob: ${res}`,
      'worker-src': `'self' blob: ${res}`,
      'connect-src': "'self' https://api.example.com wss://live.example.com",
      'frame-src': 'https://www.youtube.com',
      'object-src': "'none'",
      'base-uri': 'https://base.example.com',
    });
    const none = directives(buildAppCsp(undefined));
    expect([none['connect-src'], none['frame-src'], none['worker-src']]).toEqual(["'none'", "'none'", "'self' blob:"]);
    expect(() => buildAppCsp(undefined, { profile: 'loose' as never })).toThrow('profile: expected "compatible" or "strict", got "loose"');
  });

  it("falls back to frame-src 'none' and base-uri 'self' and drops duplicates", () => {
    const d = directives(buildAppCsp({ connectDomains: ['https://a.test', 'https://a.test'] }));
    expect(d['frame-src']).toBe("'none'");
    expect(d['base-uri']).toBe("'self'");
    expect(d['connect-src']).toBe("'self' https://a.test");
  });
});

describe('parseResourceCsp', () => {
  it.each([
    [{ connectDomains: ["'unsafe-eval'"] }, `ui.csp.connectDomains[0]: expected an origin like "https://api.example.com" or "https://*.example.com", got "'unsafe-eval'"`],
    [{ resourceDomains: ['https://ok.test', 'https://x.test; script-src *'] }, 'ui.csp.resourceDomains[1]:'],
    [{ frameDomains: ['*'] }, 'ui.csp.frameDomains[0]:'],
    [{ connectDomains: ['javascript:alert(1)'] }, 'ui.csp.connectDomains[0]:'],
    [{ connectDomains: ['https://a.test\r\nX: y'] }, 'ui.csp.connectDomains[0]:'],
    [{ baseUriDomains: [42] }, 'ui.csp.baseUriDomains[0]:'],
    [{ connectDomains: 'https://a.test' }, 'ui.csp.connectDomains: expected an array of origins, got string'],
    [['https://a.test'], 'ui.csp: expected an object, got an array'],
    [{ connectDomains: Array.from({ length: 65 }, (_, i) => `https://h${i}.test`) }, 'at most 64 entries, got 65'],
  ])('rejects %j', (value, message) => {
    let error: unknown;
    try {
      parseResourceCsp(value);
    } catch (e) {
      error = e;
    }
    expect(isAppHostError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'APP_HOST_INVALID_CSP', message: expect.stringContaining(message) });
  });

  it('keeps only the known fields and accepts ports, paths and wildcard subdomains', () => {
    expect(
      parseResourceCsp({ connectDomains: ['http://127.0.0.1:8080', 'https://a.test/api/', 'https://*.b.test:*'], other: 1 }),
    ).toEqual({ connectDomains: ['http://127.0.0.1:8080', 'https://a.test/api/', 'https://*.b.test:*'] });
    expect(parseResourceCsp(null)).toBeUndefined();
  });
});
