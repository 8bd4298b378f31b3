// Node 20 lacks fs.globSync, which @modelcontextprotocol/conformance 0.1.16 imports (only its
// tier-check command uses it). `node --import ./register.mjs …/conformance/dist/index.js` redirects
// that package's `fs` import to fs plus a globSync that says why it is missing.
import { register } from 'node:module';

register('./loader.mjs', import.meta.url);
