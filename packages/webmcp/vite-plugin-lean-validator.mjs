// The page bundle's @cfworker/json-schema, cut down to how input-validator.ts uses it.
// - It builds a `keywordLocation` (a JSON pointer into the schema, from `${schemaLocation}/…`
//   templates) for every error record; input-validator reads only `keyword`, `error` and
//   `instanceLocation`, and the records never leave it: the pointers go (~370 B gzip).
// - input-validator always asks for draft 2020-12 without short-circuiting: `draft === '…'` and
//   `stop = shortCircuit` become constants, and Terser drops the older drafts' branches.
// - dereference.js's `__absolute_uri__` marks, which nothing reads, go.
// Validation results and messages are unchanged: test/iife-validator.test.ts compares the built
// bundle with the source, so a change to how input-validator calls the validator fails there.

/** How input-validator.ts calls the validator (`new Validator(schema, DRAFT, SHORT_CIRCUIT)`). */
const DRAFT = '2020-12';
const SHORT_CIRCUIT = false;

// dereference.js marks every subschema with a hidden `__absolute_uri__` that nothing reads (only
// `__absolute_ref__` is read, by validate.js): the marking goes.
const ABSOLUTE_URI = /\n {4}if \(schema\.__absolute_uri__ === undefined\) \{\n[^}]*\}\);\n {4}\}/;
function withoutAbsoluteUri(code, id) {
  if (!ABSOLUTE_URI.test(code)) throw new Error(`${id}: unexpected shape; update vite-plugin-lean-validator.mjs`);
  return { code: code.replace(ABSOLUTE_URI, ''), map: null };
}

/** Vite/Rollup plugin: @cfworker/json-schema's validate.js and dereference.js as input-validator.ts uses them. */
export function leanValidator() {
  return {
    name: 'webmcp-kit:lean-validator',
    transform(code, id) {
      if (/@cfworker[\\/]json-schema[\\/].*[\\/]dereference\.js$/.test(id)) return withoutAbsoluteUri(code, id);
      if (!/@cfworker[\\/]json-schema[\\/].*[\\/]validate\.js$/.test(id)) return null;
      const cuts = [];
      const found = { keywordLocation: 0, draft: 0, shortCircuit: 0 };
      const visit = (node) => {
        // `${schemaLocation}/…` and `${keywordLocation}/…` only ever build keywordLocation values.
        if (node.type === 'TemplateLiteral' && /^(schema|keyword)Location$/.test(node.expressions[0]?.name) && !node.quasis[0].value.raw) {
          return void cuts.push([node.start, node.end, '0']);
        }
        if (node.type === 'BinaryExpression' && node.left.name === 'draft' && node.operator === '===' && node.right.type === 'Literal') {
          found.draft++;
          return void cuts.push([node.start, node.end, String(node.right.value === DRAFT)]);
        }
        if (node.type === 'AssignmentExpression' && node.right.name === 'shortCircuit') {
          found.shortCircuit++;
          return void cuts.push([node.right.start, node.right.end, String(SHORT_CIRCUIT)]);
        }
        if (node.type === 'ObjectExpression') {
          node.properties.forEach((prop, i) => {
            if (prop.key?.name !== 'keywordLocation') return;
            cuts.push([prop.start, node.properties[i + 1]?.start ?? prop.end]);
            found.keywordLocation++;
          });
        }
        for (const value of Object.values(node)) {
          for (const child of Array.isArray(value) ? value : [value]) {
            if (typeof child?.type === 'string' && !(child.type === 'Property' && child.key.name === 'keywordLocation')) visit(child);
          }
        }
      };
      visit(this.parse(code));
      // A new version of the validator that no longer matches: say so rather than ship it half-cut.
      if (found.keywordLocation < 40 || found.draft < 3 || found.shortCircuit < 5) {
        throw new Error(`${id}: unexpected shape (${JSON.stringify(found)}); update vite-plugin-lean-validator.mjs`);
      }
      let out = code;
      for (const [start, end, by = ''] of cuts.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + by + out.slice(end);
      return { code: out, map: null };
    },
  };
}
