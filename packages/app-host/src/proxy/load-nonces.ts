/**
 * @module
 * Single-use load nonces: each proxy page load must carry a fresh `nonce`, so an app that reaches
 * the proxy document can't reload it (with a wider `csp`) under the same nonce.
 */

/** Shape of a load nonce: 16–64 URL-safe characters (the element sends 32 hex digits). */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** Remembers the nonces already served, oldest evicted first past `max` (memory stays bounded). */
export function createNonceRegistry(max = 100_000): { claim(nonce: string): boolean } {
  const seen = new Set<string>();
  return {
    /** True the first time `nonce` is claimed, false on every later claim. */
    claim(nonce) {
      if (seen.has(nonce)) return false;
      seen.add(nonce);
      if (seen.size > max) seen.delete(seen.values().next().value!);
      return true;
    },
  };
}
