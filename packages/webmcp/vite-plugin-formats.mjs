// JSON Schema 2020-12 treats `format` as an annotation unless a schema opts into the
// format-assertion vocabulary; @cfworker/json-schema asserts formats. Swapping its format table
// for an empty one gives the spec's default behaviour and keeps ~2.5 KB gzip out of the page.
const STUB = '\0webmcp-kit-json-schema-formats';

/** Vite/Rollup plugin: `format` keywords are annotations only (JSON Schema 2020-12 default). */
export function formatsAsAnnotations() {
  return {
    name: 'webmcp-kit:formats-as-annotations',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === './format.js' && importer && importer.includes('@cfworker/json-schema')) return STUB;
      return null;
    },
    load(id) {
      return id === STUB ? 'export const format = {};' : null;
    },
  };
}
