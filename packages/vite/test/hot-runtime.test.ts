/** Which modules the plugin wraps for HMR, and how (the browser side is tested in dev-server.test.ts). */
import { describe, expect, it } from 'vitest';
import { hotRuntimeScript, isToolModule, wrapToolModule } from '../src/hot-runtime';

describe('isToolModule', () => {
  it.each([
    ['/app/src/tools.ts', 'document.modelContext.registerTool({})', true],
    ['/app/src/tools.js?t=123', 'registerTools([a, b])', true],
    ['/app/src/board.tsx', 'useTool({ name: "x" })', false],
    ['/app/node_modules/lib/index.js', 'registerTool({})', false],
    ['\0virtual:thing', 'registerTool({})', false],
    ['/app/src/style.css', 'registerTool(', false],
  ])('%s → %s', (id, code, expected) => {
    expect(isToolModule(id, code)).toBe(expected);
  });

  it('never wraps a module twice', () => {
    expect(isToolModule('/app/t.js', wrapToolModule('registerTool({})'))).toBe(false);
  });
});

describe('wrapToolModule', () => {
  it('keeps line numbers and self-accepts a module that exports nothing', () => {
    const code = "import x from './x';\ndocument.modelContext.registerTool(x);";
    const wrapped = wrapToolModule(code);
    expect(wrapped.split('\n')[1]).toBe('document.modelContext.registerTool(x);');
    expect(wrapped).toContain('import.meta.hot.accept()');
    expect(wrapped).toMatch(/__webmcpScope\?\.leave\(\)/);
  });

  it('leaves HMR acceptance to the importers of a module that exports', () => {
    expect(wrapToolModule('export const tools = []; registerTools(tools);')).not.toContain('accept()');
  });
});

describe('hotRuntimeScript', () => {
  it('is a self-contained script (parses on its own, no imports)', () => {
    const script = hotRuntimeScript();
    expect(() => new Function(script)).not.toThrow();
    expect(script).not.toMatch(/\bimport\b|\brequire\(/);
  });
});
