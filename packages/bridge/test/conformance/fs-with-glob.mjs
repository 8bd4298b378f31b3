// node:fs plus a globSync stub (Node 20 has none; only conformance's tier-check calls it).
import fs from 'node:fs';

export * from 'node:fs';
export default fs;
export function globSync() {
  throw new Error('fs.globSync needs Node >= 22 (only `conformance tier-check` uses it)');
}
