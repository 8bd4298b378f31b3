/** Page-supplied resource templates: bounded, and matched in linear time (RE2) whatever the template. */
import { describe, expect, it } from 'vitest';
import { compileTemplate, matchTemplate, MAX_TEMPLATE_EXPRESSIONS, type CompiledTemplate } from '../src/uri-templates';

const compiled = (text: string) => compileTemplate(text) as CompiledTemplate;

describe('resource templates', () => {
  it('matches like the SDK UriTemplate: simple, path and query expressions', () => {
    const t = compiled('test://template/{id}/data');
    expect(t.variables).toEqual(['id']);
    expect(matchTemplate(t, 'test://template/123/data')).toEqual({ id: '123' });
    expect(matchTemplate(t, 'test://template/1/2/data')).toBeUndefined();
    expect(matchTemplate(t, 'test://other')).toBeUndefined();
    expect(matchTemplate(compiled('shop://{sku}{?color,size}'), 'shop://a1?color=red&size=m')).toEqual({ sku: 'a1', color: 'red', size: 'm' });
  });

  it('refuses templates over a bound or malformed, saying which', () => {
    expect(compileTemplate('x://' + '{a}'.repeat(MAX_TEMPLATE_EXPRESSIONS + 1))).toMatch(/17 expressions, over 16/);
    expect(compileTemplate('x://' + 'a'.repeat(2000) + '{a}')).toMatch(/over 1024/);
    expect(compileTemplate('x://plain')).toMatch(/no \{variable\}/);
    expect(compileTemplate('x://{a')).toMatch(/no \{variable\}|malformed/);
  });

  it('matches a backtracking-prone template against a long URI in linear time', () => {
    const t = compiled('x:' + Array.from({ length: MAX_TEMPLATE_EXPRESSIONS }, (_, i) => `{+a${i}}`).join('') + 'z');
    const started = performance.now();
    expect(matchTemplate(t, 'x:' + 'a'.repeat(4000) + '!')).toBeUndefined();
    // JavaScript's RegExp would take hours on this (16 nested (.+) groups, no match).
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
