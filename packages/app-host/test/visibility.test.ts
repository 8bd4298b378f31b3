import { describe, expect, it } from 'vitest';
import { filterModelVisibleTools, isToolVisibleTo } from '../src/visibility';

const tool = (name: string, visibility?: unknown) => ({
  name,
  inputSchema: { type: 'object' as const },
  ...(visibility === undefined ? {} : { _meta: { ui: { resourceUri: 'ui://x', visibility } } }),
});

describe('visibility', () => {
  it('treats a missing visibility as visible to both, and an explicit list exactly', () => {
    expect(isToolVisibleTo(tool('plain'), 'app')).toBe(true);
    expect(isToolVisibleTo(tool('plain'), 'model')).toBe(true);
    expect(isToolVisibleTo(tool('app', ['app']), 'model')).toBe(false);
    expect(isToolVisibleTo(tool('model', ['model']), 'app')).toBe(false);
    expect(isToolVisibleTo(tool('none', []), 'app')).toBe(false);
    expect(isToolVisibleTo(tool('none', []), 'model')).toBe(false);
    expect(isToolVisibleTo(tool('odd', ['app', 'other']), 'app')).toBe(true);
  });

  it('filterModelVisibleTools drops the tools whose visibility lacks "model"', () => {
    const tools = [tool('both'), tool('app-only', ['app']), tool('model-only', ['model']), tool('none', []), tool('both2', ['app', 'model'])];
    expect(filterModelVisibleTools(tools).map((t) => t.name)).toEqual(['both', 'model-only', 'both2']);
  });
});
