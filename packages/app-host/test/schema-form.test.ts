import { describe, expect, it } from 'vitest';
import { createDraft, describeError, fieldKind, normalizeSchema, readDraft, setDraft, type FormSchema } from '../src/schema-form';

const schema: FormSchema = {
  type: 'object',
  required: ['name', 'count', 'size', 'address'],
  properties: {
    name: { type: 'string', title: 'Name', minLength: 2, maxLength: 5 },
    count: { type: 'integer', minimum: 1, maximum: 10 },
    ratio: { type: ['number', 'null'], exclusiveMinimum: 0, multipleOf: 0.5 },
    size: { enum: [1, 'M', { big: true }] },
    kind: { const: 'fixed' },
    gift: { type: 'boolean', default: false },
    address: {
      type: 'object',
      title: 'Address',
      required: ['city'],
      properties: { city: { type: 'string' }, zip: { type: 'string', title: 'Zip code', pattern: '^\\d{5}$' } },
    },
    billing: { type: 'object', required: ['iban'], properties: { iban: { type: 'string' } } },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 2, uniqueItems: true },
    days: { type: 'array', items: { enum: ['mon', 'tue', 'wed'] }, minItems: 1 },
    extra: { type: 'array', items: { type: 'object' } },
  },
};

describe('schema form', () => {
  it('picks one control kind per schema, falling back to JSON for what a form cannot express', () => {
    const p = schema.properties!;
    expect(Object.fromEntries(Object.entries(p).map(([k, s]) => [k, fieldKind(s)]))).toEqual({
      name: 'string', count: 'integer', ratio: 'number', size: 'enum', kind: 'enum', gift: 'boolean',
      address: 'object', billing: 'object', tags: 'array', days: 'array', extra: 'json',
    });
  });

  it('reads a filled draft into typed arguments, omitting untouched optional fields', () => {
    let draft = createDraft(schema);
    expect(draft).toMatchObject({ gift: false, days: [false, false, false], tags: [] });
    for (const [path, leaf] of [
      [['name'], 'Ada'],
      [['count'], ' 3 '],
      [['ratio'], '2.5'],
      [['size'], '2'],
      [['address', 'city'], 'Lyon'],
      [['tags'], ['a', 'b']],
      [['days'], [false, true, true]],
      [['extra'], '[{"x":1}]'],
    ] as const) draft = setDraft(draft, path as unknown as string[], leaf as never);
    expect(readDraft(schema, draft)).toEqual({
      errors: [],
      value: {
        name: 'Ada', count: 3, ratio: 2.5, size: { big: true }, gift: false, address: { city: 'Lyon' },
        tags: ['a', 'b'], days: ['tue', 'wed'], extra: [{ x: 1 }],
      },
    });
  });

  it('reports every problem with its field path, the expectation and what it got', () => {
    const draft = setDraft(
      setDraft(
        setDraft(setDraft(setDraft(createDraft(schema), ['name'], 'A'), ['count'], '1e1x'), ['ratio'], '0.7'),
        ['address', 'zip'],
        '123',
      ),
      ['tags'],
      ['a', 'a', undefined],
    );
    const { errors } = readDraft(schema, setDraft(setDraft(draft, ['extra'], '{oops'), ['billing', 'iban'], undefined));
    expect(errors.map((e) => describeError(schema, e))).toEqual([
      'Name: needs at least 2 character(s), got 1',
      'count: expected an integer, got "1e1x"',
      'ratio: must be a multiple of 0.5, got 0.7',
      'size: is required',
      'Address › city: is required',
      'Address › Zip code: must match the pattern ^\\d{5}$',
      'tags › item 3: is empty; fill it in or remove it',
      'tags: items must be unique',
      'days: needs at least 1 item(s), got 0',
      expect.stringMatching(/^extra: must be valid JSON \(.+\)$/),
    ]);
  });

  it('checks number bounds, integer-ness and string length', () => {
    const read = (count: string, name = 'Abc') =>
      readDraft(schema, { ...(createDraft(schema) as object), name, count, size: '0', address: { city: 'x' }, days: [true, false, false] }).errors.map(
        (e) => describeError(schema, e),
      );
    expect(read('0')).toEqual(['count: must be at least 1, got 0']);
    expect(read('11')).toEqual(['count: must be at most 10, got 11']);
    expect(read('2.5')).toEqual(['count: expected an integer, got 2.5']);
    expect(read('10', 'Abcdef')).toEqual(['Name: allows at most 5 character(s), got 6']);
    expect(read('10')).toEqual([]);
  });

  it('unwraps pydantic/zod nullable anyOf and resolves local $refs, leaving cycles as JSON', () => {
    // The shape FastMCP (pydantic) emits for `def f(count: Optional[int] = None, address: Address, node: Node)`.
    const pydantic = normalizeSchema({
      type: 'object',
      required: ['address'],
      $defs: {
        Address: { type: 'object', title: 'Address', required: ['city'], properties: { city: { type: 'string', title: 'City' } } },
        Node: { type: 'object', properties: { next: { $ref: '#/$defs/Node' } } },
      },
      properties: {
        count: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }], default: null, title: 'Count' },
        address: { $ref: '#/$defs/Address', description: 'Where to deliver' },
        node: { $ref: '#/$defs/Node' },
        either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      },
    });
    const p = pydantic.properties!;
    expect(p.count).toMatchObject({ type: 'integer', minimum: 1, title: 'Count' });
    expect(p.count).not.toHaveProperty('default');
    expect(p.address).toMatchObject({ type: 'object', title: 'Address', description: 'Where to deliver', required: ['city'] });
    expect(fieldKind(p.node!)).toBe('object');
    expect(fieldKind(p.node!.properties!.next!)).toBe('json');
    expect(fieldKind(p.either!)).toBe('json');
    const draft = setDraft(setDraft(createDraft(pydantic), ['count'], '0'), ['either'], '"x"');
    expect(readDraft(pydantic, draft).errors.map((e) => describeError(pydantic, e))).toEqual([
      'Count: must be at least 1, got 0',
      'Address › City: is required',
    ]);
    expect(readDraft(pydantic, setDraft(setDraft(draft, ['count'], '2'), ['address', 'city'], 'Oslo')).value).toEqual({
      count: 2,
      address: { city: 'Oslo' },
      either: 'x',
    });
  });
});
