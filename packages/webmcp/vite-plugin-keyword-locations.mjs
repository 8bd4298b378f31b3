// @cfworker/json-schema builds a `keywordLocation` (a JSON pointer into the schema, from
// `${schemaLocation}/…` templates) for every error record. input-validator.ts reads only `keyword`,
// `error` and `instanceLocation`, and the records never leave it, so the page bundle drops the
// pointers: ~370 B gzip. Validation results and messages are unchanged
// (test/iife-validator.test.ts compares the built bundle with the source).

/** Vite/Rollup plugin: @cfworker/json-schema's validate.js without the unread `keywordLocation`s. */
export function withoutKeywordLocations() {
  return {
    name: 'webmcp-kit:without-keyword-locations',
    transform(code, id) {
      if (!/@cfworker[\\/]json-schema[\\/].*[\\/]validate\.js$/.test(id)) return null;
      const cuts = [];
      let properties = 0;
      const visit = (node) => {
        // `${schemaLocation}/…` and `${keywordLocation}/…` only ever build keywordLocation values.
        if (node.type === 'TemplateLiteral' && /^(schema|keyword)Location$/.test(node.expressions[0]?.name) && !node.quasis[0].value.raw) {
          return void cuts.push([node.start, node.end, '0']);
        }
        if (node.type === 'ObjectExpression') {
          node.properties.forEach((prop, i) => {
            if (prop.key?.name !== 'keywordLocation') return;
            cuts.push([prop.start, node.properties[i + 1]?.start ?? prop.end]);
            properties++;
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
      if (properties < 40) throw new Error(`${id}: expected ~52 keywordLocation properties, found ${properties}; update vite-plugin-keyword-locations.mjs`);
      let out = code;
      for (const [start, end, by = ''] of cuts.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + by + out.slice(end);
      return { code: out, map: null };
    },
  };
}
