/**
 * Which links an app may open without the external-link confirmation: CSP host-source matching of
 * the link against every list in the app's `_meta.ui.csp`.
 */
import { describe, expect, it } from 'vitest';
import { isDeclaredLink, matchesHostSource } from '../src/link-policy';

const matches = (url: string, source: string) => matchesHostSource(new URL(url), source);

describe('matchesHostSource', () => {
  it('matches scheme, host, port and path like a CSP host source', () => {
    expect(matches('https://api.example.com/docs', 'https://api.example.com')).toBe(true);
    expect(matches('https://api.example.com:443/x', 'https://api.example.com')).toBe(true);
    expect(matches('http://api.example.com/x', 'https://api.example.com')).toBe(false);
    expect(matches('https://api.example.com:8443/x', 'https://api.example.com')).toBe(false);
    expect(matches('https://api.example.com:8443/x', 'https://api.example.com:8443')).toBe(true);
    expect(matches('https://api.example.com:8443/x', 'https://api.example.com:*')).toBe(true);
    expect(matches('https://evil-api.example.com/', 'https://api.example.com')).toBe(false);
    expect(matches('https://api.example.com.evil.org/', 'https://api.example.com')).toBe(false);
  });

  it('takes a leading *. as any subdomain (not the bare domain) and a path as exact or, with a trailing slash, a prefix', () => {
    expect(matches('https://a.b.cdn.example.com/x.js', 'https://*.cdn.example.com')).toBe(true);
    expect(matches('https://cdn.example.com/x.js', 'https://*.cdn.example.com')).toBe(false);
    expect(matches('https://example.com/docs/a', 'https://example.com/docs/')).toBe(true);
    expect(matches('https://example.com/docsx', 'https://example.com/docs/')).toBe(false);
    expect(matches('https://example.com/docs', 'https://example.com/docs')).toBe(true);
    expect(matches('https://example.com/docs/a', 'https://example.com/docs')).toBe(false);
  });

  it('treats a source without a scheme as http or https, and never matches garbage', () => {
    expect(matches('https://example.com/', 'example.com')).toBe(true);
    expect(matches('http://example.com/', 'example.com')).toBe(true);
    expect(matches('https://example.com/', '*')).toBe(false);
    expect(matches('https://example.com/', '')).toBe(false);
  });
});

describe('isDeclaredLink', () => {
  it('looks in every _meta.ui.csp list, and an app that declares nothing declares no link', () => {
    const csp = { connectDomains: ['https://api.example.com'], resourceDomains: ['https://*.cdn.example.com'], frameDomains: ['https://maps.example.org'] };
    expect(isDeclaredLink(new URL('https://api.example.com/a'), csp)).toBe(true);
    expect(isDeclaredLink(new URL('https://x.cdn.example.com/a'), csp)).toBe(true);
    expect(isDeclaredLink(new URL('https://maps.example.org/a'), csp)).toBe(true);
    expect(isDeclaredLink(new URL('https://elsewhere.example.org/'), csp)).toBe(false);
    expect(isDeclaredLink(new URL('https://api.example.com/a'), undefined)).toBe(false);
    expect(isDeclaredLink(new URL('https://api.example.com/a'), {})).toBe(false);
  });
});
