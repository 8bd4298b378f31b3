/**
 * @module
 * "Same site" without the Public Suffix List, erring towards "same": two hosts are on different
 * sites only when their last two DNS labels differ (or, for IP addresses, the addresses differ).
 */

const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

/** The part of a host name that decides its site here: an IP address, else its last two labels. */
export function siteOf(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return IP.test(host) ? host : host.split('.').slice(-2).join('.');
}

/**
 * True when `a` and `b` may be on the same site, so cookies set by one reach the other. Scheme
 * and port are ignored (non-`Secure` cookies cross both). A registrable domain always ends with its
 * host's last two labels, so "different" here is never wrong; a shared public suffix such as
 * `co.uk` or `github.io` only makes it say "same" too often.
 */
export function isSameSite(a: URL, b: URL): boolean {
  return siteOf(a.hostname) === siteOf(b.hostname);
}
