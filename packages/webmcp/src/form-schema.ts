/**
 * @module
 * JSON Schema synthesis from a form's controls, matching what native Chromium 156 generates for
 * declarative form tools (measured control by control in the `browser-native` test project).
 */

/** A control that can hold a tool parameter. */
export type FormControl = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** How a parameter maps onto controls. */
export type FieldKind = 'text' | 'number' | 'boolean' | 'radio' | 'checkboxes' | 'select' | 'multiselect';

/** One tool parameter: a name and the control(s) behind it. */
export interface FormField {
  name: string;
  kind: FieldKind;
  controls: FormControl[];
}

const SKIPPED_TYPES = /^(hidden|file|submit|image|reset|button)$/;
const NUMERIC_TYPES = /^(number|range)$/;
const DATE_HINT = "Dates MUST be provided in 'YYYY-MM-DD' format.";
// Native 156 puts these regular expressions in `format` (not `pattern`); we copy it to match.
const FORMATS: Record<string, string> = {
  date: 'date',
  'datetime-local': '^[0-9]{4}-(0[1-9]|1[0-2])-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]$',
  time: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  month: '^[0-9]{4}-(0[1-9]|1[0-2])$',
  week: '^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$',
  color: '^#[0-9a-zA-Z]{6}$',
};

// Tag names rather than instanceof: the document may belong to another window (realm).
function isParameter(el: Element): el is FormControl {
  return /^(input|select|textarea)$/.test(el.localName) && !el.matches(':disabled')
    && !(el as HTMLInputElement).readOnly && !SKIPPED_TYPES.test((el as HTMLInputElement).type);
}

/**
 * The form's parameters in document order. A name shared by several controls is one parameter
 * only for a radio group or a checkbox group; any other clash drops the name, as native does.
 */
export function formFields(form: HTMLFormElement): FormField[] {
  const groups = new Map<string, FormControl[]>();
  for (const el of form.elements) {
    if (!isParameter(el)) continue;
    const list = groups.get(el.name);
    if (list) list.push(el);
    else groups.set(el.name, [el]);
  }
  const fields: FormField[] = [];
  for (const [name, controls] of groups) {
    const types = new Set(controls.map((c) => c.type));
    const type = controls[0]!.type;
    let kind: FieldKind | undefined;
    if (types.size === 1 && type === 'radio') kind = 'radio';
    else if (types.size === 1 && type === 'checkbox') kind = controls.length > 1 ? 'checkboxes' : 'boolean';
    else if (controls.length === 1) {
      kind = type === 'select-multiple' ? 'multiselect'
        : type === 'select-one' ? 'select'
        : NUMERIC_TYPES.test(type) ? 'number' : 'text';
    }
    if (kind) fields.push({ name, kind, controls });
  }
  return fields;
}

/** Text of an element's `<label>`s without the control's own text (a `<select>`'s options), joined by "; ". */
function labelText(control: FormControl): string {
  const texts: string[] = [];
  for (const label of [...(control.labels ?? [])]) {
    let text = '';
    const walker = label.ownerDocument.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!control.contains(node)) text += node.nodeValue;
    }
    if ((text = text.trim())) texts.push(text);
  }
  return texts.join('; ');
}

function description(control: FormControl): string {
  return control.getAttribute('toolparamdescription') || labelText(control) || control.getAttribute('aria-description') || '';
}

/** The values a field accepts, as `const`s with titles: an option's raw text, a radio's or checkbox's label if any. */
function choices(field: FormField): { anyOf: object[]; enum: string[] } {
  const el = field.controls[0];
  const pairs: Array<[string, string | undefined]> = el?.localName === 'select'
    ? Array.from((el as HTMLSelectElement).options, (o) => [o.value, o.textContent ?? ''])
    : field.controls.map((c) => [c.value, labelText(c) || undefined]);
  return {
    anyOf: pairs.map(([value, title]) => (title === undefined ? { type: 'string', const: value } : { type: 'string', const: value, title })),
    enum: pairs.map(([value]) => value),
  };
}

function num(el: FormControl, attr: string): number | undefined {
  const raw = el.getAttribute(attr);
  const value = raw === null || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

function fieldSchema(field: FormField): Record<string, unknown> {
  const el = field.controls[0]!;
  switch (field.kind) {
    case 'boolean':
      return { type: 'boolean' };
    case 'radio':
    case 'select':
      return { type: 'string', ...choices(field) };
    case 'checkboxes':
    case 'multiselect':
      return { type: 'array', items: { type: 'string', ...choices(field) }, uniqueItems: true };
    case 'number': {
      const range = el.type === 'range';
      const step = el.getAttribute('step');
      const s: Record<string, unknown> = { type: 'number' };
      const min = num(el, 'min') ?? (range ? 0 : undefined);
      let max = num(el, 'max') ?? (range ? 100 : undefined);
      // A range's maximum never goes below its minimum (HTML clamps it).
      if (range && max! < min!) max = min;
      if (min !== undefined) s.minimum = min;
      if (max !== undefined) s.maximum = max;
      if (step?.trim().toLowerCase() !== 'any') {
        const value = num(el, 'step');
        s.multipleOf = value !== undefined && value > 0 ? value : 1;
      }
      return s;
    }
    default: {
      const s: Record<string, unknown> = { type: 'string' };
      const format = Object.hasOwn(FORMATS, el.type) ? FORMATS[el.type] : undefined;
      if (format) s.format = format;
      const pattern = el.localName === 'input' ? el.getAttribute('pattern') : null;
      if (pattern !== null) s.pattern = pattern;
      return s;
    }
  }
}

/** The property schema of one field, with its description. */
function propertySchema(field: FormField): Record<string, unknown> {
  const s = fieldSchema(field);
  // Native describes only single controls; a radio or checkbox group has none.
  let text = field.controls.length === 1 ? description(field.controls[0]!) : '';
  if (s.format === 'date') text = text ? `${text} (${DATE_HINT})` : DATE_HINT;
  if (text) s.description = text;
  return s;
}

/**
 * The JSON Schema of a declarative form tool's input, generated from the form's controls exactly
 * as native Chromium does: property per control name, types from the input type, `enum`/`anyOf`
 * for selects and radio or checkbox groups, `required`, and descriptions from
 * `toolparamdescription`, else the `<label>` text, else `aria-description`.
 * @example
 * ```ts
 * formInputSchema(document.querySelector('form')!);
 * // { type: 'object', properties: { q: { type: 'string', description: 'Search' } }, required: ['q'] }
 * ```
 */
export function formInputSchema(form: HTMLFormElement): object {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const field of formFields(form)) {
    properties[field.name] = propertySchema(field);
    if (field.controls.some((c) => c.required)) required.push(field.name);
  }
  return { type: 'object', properties, required };
}

/**
 * The values a form's controls hold now, shaped like the input its tool's schema describes
 * (numbers, booleans, arrays); empty controls are left out, so `required` can tell.
 */
export function formValues(form: HTMLFormElement): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const { name, kind, controls } of formFields(form)) {
    const el = controls[0]!;
    let value: unknown;
    if (kind === 'boolean') value = (el as HTMLInputElement).checked;
    else if (kind === 'checkboxes') value = controls.filter((c) => (c as HTMLInputElement).checked).map((c) => c.value);
    else if (kind === 'radio') value = controls.find((c) => (c as HTMLInputElement).checked)?.value;
    else if (kind === 'multiselect') value = Array.from((el as HTMLSelectElement).selectedOptions, (o) => o.value);
    else if (el.value !== '') value = kind === 'number' ? Number(el.value) : el.value;
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) values[name] = value;
  }
  return values;
}
