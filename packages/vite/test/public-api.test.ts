/** Pins the public surface of `@webmcp-kit/vite`, and that it is Node-only server code. */
import { describe, expect, it } from 'vitest';
import * as api from '../src/index';

describe('public API', () => {
  it('exports', () => {
    expect(Object.keys(api).sort()).toEqual(['POLYFILL_PATH', 'WebMcpViteError', 'isWebMcpViteError', 'webmcp']);
  });

  it('is a dev-only plugin: apply is "serve"', () => {
    expect(api.webmcp()).toMatchObject({ name: 'webmcp-kit', apply: 'serve' });
  });
});
