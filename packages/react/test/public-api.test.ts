/** Pins the public surface of `@webmcp-kit/react`. */
import { describe, expect, it } from 'vitest';
import * as api from '../src/index';

describe('public API', () => {
  it('exports useTool and McpApp', () => {
    expect(Object.keys(api).sort()).toEqual(['McpApp', 'useTool']);
  });
});
