/**
 * Turning a tool's JSON Schema into form fields, and the form's draft back into a typed, validated
 * arguments object. Pure logic (no DOM) so it runs anywhere; the Lit templates live in
 * `schema-form-fields.ts`.
 */

/** The subset of JSON Schema the console's form understands; anything else becomes a JSON field. */
export interface FormSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, FormSchema>;
  required?: string[];
  items?: FormSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
}

/** How a schema is edited: one kind of control per kind. */
export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'object' | 'array' | 'json';

/**
 * The form's editable state. Leaves hold what the user typed (strings), a checkbox state, or for
 * enums the chosen option's index as a string; `undefined` means "not set".
 */
export type Draft = string | boolean | undefined | Draft[] | { [key: string]: Draft };

/** A validation problem at one field, e.g. `{ path: ['address', 'zip'], message: '…' }`. */
export interface FieldError {
  path: string[];
  message: string;
}

const PRIMITIVES = new Set(['string', 'number', 'integer', 'boolean']);

type RawSchema = FormSchema & { $ref?: string; $defs?: Record<string, unknown>; definitions?: Record<string, unknown>; anyOf?: unknown[]; oneOf?: unknown[] };

/**
 * Simplifies a tool's input schema for the form: resolves local `$ref`s (`#/$defs/…`,
 * `#/definitions/…`) and unwraps the nullable `anyOf: [X, {type: 'null'}]` that pydantic and zod emit
 * for optional fields. Cyclic references are left as raw JSON fields.
 */
export function normalizeSchema(schema: unknown, root: unknown = schema, seen: readonly string[] = []): FormSchema {
  if (!isRecord(schema)) return {};
  let s = schema as RawSchema;
  if (typeof s.$ref === 'string') {
    const ref = s.$ref;
    const target = ref.startsWith('#/') && !seen.includes(ref)
      ? ref.slice(2).split('/').reduce<unknown>((node, key) => (isRecord(node) ? node[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), root)
      : undefined;
    if (!isRecord(target)) return { title: s.title, description: s.description };
    const { $ref: _, ...rest } = s;
    return normalizeSchema({ ...target, ...rest }, root, [...seen, ref]);
  }
  const variants = s.anyOf ?? s.oneOf;
  if (Array.isArray(variants)) {
    const real = variants.filter((v) => !(isRecord(v) && v.type === 'null'));
    if (real.length !== 1) return { title: s.title, description: s.description, default: s.default };
    const { anyOf: _a, oneOf: _o, ...rest } = s;
    s = { ...(normalizeSchema(real[0], root, seen) as RawSchema), ...rest };
  }
  const out: FormSchema = { ...s };
  if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, normalizeSchema(v, root, seen)]));
  if (s.items) out.items = normalizeSchema(s.items, root, seen);
  if (out.default === null) delete out.default;
  return out;
}

function mainType(schema: FormSchema): string | undefined {
  const t = schema.type;
  return Array.isArray(t) ? t.find((x) => x !== 'null') : t;
}

/** The control kind for a schema: enums, primitives, objects, arrays of primitives, else raw JSON. */
export function fieldKind(schema: FormSchema): FieldKind {
  if (Array.isArray(schema.enum) || 'const' in schema) return 'enum';
  const type = mainType(schema);
  if (type === 'object') return 'object';
  if (type === 'array') {
    const items = schema.items;
    return items && (Array.isArray(items.enum) || PRIMITIVES.has(mainType(items) ?? '')) ? 'array' : 'json';
  }
  return type && PRIMITIVES.has(type) ? (type as FieldKind) : 'json';
}

/** The options of an enum field (`const` counts as a one-option enum). */
export function enumOptions(schema: FormSchema): unknown[] {
  return Array.isArray(schema.enum) ? schema.enum : [schema.const];
}

/** Whether an array field is a set of checkboxes (items are an enum) rather than a list of inputs. */
export function isChoiceArray(schema: FormSchema): boolean {
  return fieldKind(schema) === 'array' && fieldKind(schema.items ?? {}) === 'enum';
}

/** The initial draft for a schema, taken from its `default` where one is given. */
export function createDraft(schema: FormSchema, value: unknown = schema.default): Draft {
  switch (fieldKind(schema)) {
    case 'object': {
      const obj = isRecord(value) ? value : {};
      const out: Record<string, Draft> = {};
      for (const [key, sub] of Object.entries(schema.properties ?? {})) out[key] = createDraft(sub, obj[key] ?? sub.default);
      return out;
    }
    case 'array': {
      const list = Array.isArray(value) ? value : [];
      if (isChoiceArray(schema)) {
        const opts = enumOptions(schema.items ?? {});
        return opts.map((o) => list.some((v) => sameValue(v, o)));
      }
      return list.map((v) => createDraft(schema.items ?? {}, v));
    }
    case 'enum': {
      const index = enumOptions(schema).findIndex((o) => sameValue(o, value));
      return index < 0 ? undefined : String(index);
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'json':
      return value === undefined ? undefined : JSON.stringify(value, null, 2);
    default:
      return value === undefined || value === null ? undefined : String(value);
  }
}

/** A copy of `draft` with the leaf at `path` replaced (immutable, so Lit sees the change). */
export function setDraft(draft: Draft, path: readonly (string | number)[], leaf: Draft): Draft {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(draft)) {
    const copy = draft.slice();
    copy[head as number] = setDraft(copy[head as number], rest, leaf);
    return copy;
  }
  const obj = isRecord(draft) ? (draft as Record<string, Draft>) : {};
  return { ...obj, [head]: setDraft(obj[head], rest, leaf) };
}

/** A field's human label: its `title`, else its property name. */
export function fieldLabel(schema: FormSchema, name: string): string {
  return schema.title ?? name;
}

/** Result of reading a draft: the typed arguments, and every problem found (empty when valid). */
export interface DraftReading {
  value: Record<string, unknown>;
  errors: FieldError[];
}

/** Reads the draft back into typed arguments for `tools/call`, validating every field against the schema. */
export function readDraft(schema: FormSchema, draft: Draft): DraftReading {
  const errors: FieldError[] = [];
  const value = readObject(schema, draft, [], errors) ?? {};
  return { value, errors };
}

function readObject(schema: FormSchema, draft: Draft, path: string[], errors: FieldError[]): Record<string, unknown> | undefined {
  const obj = isRecord(draft) ? (draft as Record<string, Draft>) : {};
  const required = new Set(schema.required ?? []);
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    const here = [...path, key];
    const kind = fieldKind(sub);
    // An optional nested object the user left untouched is omitted rather than sent half-empty.
    if (kind === 'object' && !required.has(key) && isBlank(obj[key])) continue;
    const v = readField(sub, obj[key], here, errors);
    if (v === undefined) {
      if (required.has(key)) errors.push({ path: here, message: 'is required' });
      continue;
    }
    if (Array.isArray(v) && v.length === 0 && !required.has(key)) continue;
    out[key] = v;
  }
  return out;
}

function readField(schema: FormSchema, draft: Draft, path: string[], errors: FieldError[]): unknown {
  const fail = (message: string) => {
    errors.push({ path, message });
    return null;
  };
  switch (fieldKind(schema)) {
    case 'object':
      return readObject(schema, draft, path, errors);
    case 'array': {
      const items = schema.items ?? {};
      let list: unknown[];
      if (isChoiceArray(schema)) {
        const opts = enumOptions(items);
        list = opts.filter((_, i) => Array.isArray(draft) && draft[i] === true);
      } else {
        const drafts = Array.isArray(draft) ? draft : [];
        list = [];
        drafts.forEach((d, i) => {
          const v = readField(items, d, [...path, String(i)], errors);
          if (v === undefined) errors.push({ path: [...path, String(i)], message: 'is empty; fill it in or remove it' });
          else list.push(v);
        });
      }
      if (schema.minItems !== undefined && list.length < schema.minItems) return fail(`needs at least ${schema.minItems} item(s), got ${list.length}`);
      if (schema.maxItems !== undefined && list.length > schema.maxItems) return fail(`allows at most ${schema.maxItems} item(s), got ${list.length}`);
      if (schema.uniqueItems && new Set(list.map((v) => JSON.stringify(v))).size !== list.length) return fail('items must be unique');
      return list;
    }
    case 'enum':
      return typeof draft === 'string' && draft !== '' ? enumOptions(schema)[Number(draft)] : undefined;
    case 'boolean':
      return typeof draft === 'boolean' ? draft : undefined;
    case 'json': {
      if (typeof draft !== 'string' || draft.trim() === '') return undefined;
      try {
        return JSON.parse(draft) as unknown;
      } catch (error) {
        return fail(`must be valid JSON (${(error as Error).message})`);
      }
    }
    case 'number':
    case 'integer':
      return typeof draft === 'string' && draft.trim() !== '' ? readNumber(schema, draft.trim(), fail) : undefined;
    default:
      return typeof draft === 'string' && draft !== '' ? readString(schema, draft, fail) : undefined;
  }
}

function readNumber(schema: FormSchema, text: string, fail: (m: string) => null): number | null {
  const n = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text) ? Number(text) : NaN;
  const integer = fieldKind(schema) === 'integer';
  if (!Number.isFinite(n)) return fail(`expected ${integer ? 'an integer' : 'a number'}, got "${text}"`);
  if (integer && !Number.isInteger(n)) return fail(`expected an integer, got ${text}`);
  const { minimum: min, maximum: max, exclusiveMinimum: xmin, exclusiveMaximum: xmax, multipleOf: step } = schema;
  if (min !== undefined && n < min) return fail(`must be at least ${min}, got ${n}`);
  if (max !== undefined && n > max) return fail(`must be at most ${max}, got ${n}`);
  if (typeof xmin === 'number' && n <= xmin) return fail(`must be greater than ${xmin}, got ${n}`);
  if (typeof xmax === 'number' && n >= xmax) return fail(`must be less than ${xmax}, got ${n}`);
  if (step && Math.abs(n / step - Math.round(n / step)) > 1e-9) return fail(`must be a multiple of ${step}, got ${n}`);
  return n;
}

function readString(schema: FormSchema, text: string, fail: (m: string) => null): string | null {
  const length = [...text].length;
  if (schema.minLength !== undefined && length < schema.minLength) return fail(`needs at least ${schema.minLength} character(s), got ${length}`);
  if (schema.maxLength !== undefined && length > schema.maxLength) return fail(`allows at most ${schema.maxLength} character(s), got ${length}`);
  if (schema.pattern !== undefined) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(schema.pattern, 'u');
    } catch {
      // The server sent a pattern this browser cannot compile; let the server judge the value.
    }
    if (re && !re.test(text)) return fail(`must match the pattern ${schema.pattern}`);
  }
  return text;
}

/** Human text for one error, e.g. `Address › Zip code: must match the pattern ^\d{5}$`. */
export function describeError(schema: FormSchema, error: FieldError): string {
  const names: string[] = [];
  let s: FormSchema | undefined = schema;
  for (const segment of error.path) {
    const kind: FieldKind | undefined = s && fieldKind(s);
    s = kind === 'array' ? s?.items : s?.properties?.[segment];
    names.push(kind === 'array' ? `item ${Number(segment) + 1}` : fieldLabel(s ?? {}, segment));
  }
  return `${names.join(' › ') || 'Arguments'}: ${error.message}`;
}

function isBlank(draft: Draft): boolean {
  if (draft === undefined || draft === '') return true;
  if (Array.isArray(draft)) return draft.every((d) => d === false || isBlank(d));
  if (typeof draft === 'object') return Object.values(draft).every(isBlank);
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
