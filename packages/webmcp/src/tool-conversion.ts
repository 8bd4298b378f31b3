/**
 * @module
 * WebIDL-style conversion and checks of `registerTool`/`executeTool` arguments, with native
 * Chromium's exact messages. Everything here throws synchronously; callers turn throws into
 * rejections where the spec returns a promise.
 */
import { MESSAGES, domError, idlTypeError } from './errors';
import type {
  ModelContextRegisterToolOptions,
  ModelContextTool,
  RegisteredTool,
  ToolAnnotations,
  ToolExecuteCallback,
} from './types';

/** A tool after conversion: what the registry stores. */
export interface ToolRecord {
  name: string;
  title: string;
  description: string;
  /** JSON text of `inputSchema` (the spec stores it serialized). */
  schemaJson?: string;
  annotations?: Required<ToolAnnotations>;
  execute: ToolExecuteCallback;
  exposedTo: string[];
}

const NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const ANNOTATION_KEYS = ['consequentialHint', 'debugging', 'readOnlyHint', 'untrustedContentHint'] as const;

const isObject = (value: unknown): value is object =>
  (typeof value === 'object' && value !== null) || typeof value === 'function';

function member(op: string, dict: string, key: string, message: string): TypeError {
  return idlTypeError(op, `Failed to read the '${key}' property from '${dict}': ${message}`);
}

function required(op: string, dict: string, source: Record<string, unknown>, key: string): unknown {
  const value = source[key];
  if (value === undefined) throw member(op, dict, key, 'Required member is undefined.');
  return value;
}

/** WebIDL's USVString conversion: lone surrogates become U+FFFD. */
export function toUSVString(value: unknown): string {
  return String(value).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** True when `origin` is potentially trustworthy (https, wss, loopback http, localhost). */
export function isTrustworthyOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol === 'https:' || url.protocol === 'wss:') return true;
  if (url.protocol !== 'http:' && url.protocol !== 'ws:') return false;
  const host = url.hostname;
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

function originList(op: string, dict: string, key: string, value: unknown, message: string): string[] {
  if (value === undefined) return [];
  if (!isObject(value) || typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw member(op, dict, key, 'The provided value cannot be converted to a sequence.');
  }
  const origins: string[] = [];
  for (const entry of value as Iterable<unknown>) {
    const text = toUSVString(entry);
    if (!isTrustworthyOrigin(text)) throw domError('SecurityError', message);
    origins.push(new URL(text).origin);
  }
  return origins;
}

/** Converts and checks a `ModelContextTool` and its options, as `registerTool` does. */
export function convertTool(
  tool: unknown,
  options: unknown,
  op = 'registerTool',
): { record: ToolRecord; signal?: AbortSignal } {
  const dict = 'ModelContextTool';
  if (!isObject(tool)) throw idlTypeError(op, `The provided value is not of type '${dict}'.`);
  const source = tool as Record<string, unknown>;
  // Members are read in lexicographic order, as WebIDL dictionaries are.
  let annotations: Required<ToolAnnotations> | undefined;
  const rawAnnotations = source.annotations;
  if (rawAnnotations !== undefined && rawAnnotations !== null) {
    if (!isObject(rawAnnotations)) {
      throw member(op, dict, 'annotations', "The provided value is not of type 'ToolAnnotations'.");
    }
    const hints = rawAnnotations as Record<string, unknown>;
    annotations = {} as Required<ToolAnnotations>;
    for (const key of ANNOTATION_KEYS) annotations[key] = Boolean(hints[key]);
  }
  const description = String(required(op, dict, source, 'description'));
  const execute = required(op, dict, source, 'execute');
  if (typeof execute !== 'function') throw member(op, dict, 'execute', 'The given value is not a function.');
  const inputSchema = source.inputSchema;
  if (inputSchema !== undefined && !isObject(inputSchema)) {
    throw member(op, dict, 'inputSchema', "Failed to convert value to 'object'.");
  }
  const name = String(required(op, dict, source, 'name'));
  const title = source.title === undefined ? '' : toUSVString(source.title);

  const optionsDict = 'ModelContextRegisterToolOptions';
  if (options !== undefined && options !== null && !isObject(options)) {
    throw idlTypeError(op, `The provided value is not of type '${optionsDict}'.`);
  }
  const opts = (options ?? {}) as Record<string, unknown>;
  const rawExposedTo = opts.exposedTo;
  const signal = opts.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw member(op, optionsDict, 'signal', "Failed to convert value to 'AbortSignal'.");
  }

  let schemaJson: string | undefined;
  if (inputSchema !== undefined) {
    try {
      schemaJson = JSON.stringify(inputSchema);
    } catch (error) {
      throw idlTypeError(op, (error as Error).message);
    }
    if (schemaJson === undefined) throw idlTypeError(op, 'invalid input schema: toJSON() returns undefined');
  }
  if (!NAME.test(name)) throw domError('InvalidStateError', MESSAGES.invalidName);
  if (description === '') throw domError('InvalidStateError', MESSAGES.noDescription);
  const exposedTo = originList(op, optionsDict, 'exposedTo', rawExposedTo, MESSAGES.exposedTo);
  return {
    record: { name, title, description, schemaJson, annotations, execute: execute as ToolExecuteCallback, exposedTo },
    signal: signal as AbortSignal | undefined,
  };
}

/** Checks `fromOrigins` of `getTools` and returns the origins. */
export function convertFromOrigins(options: unknown): string[] {
  const opts = (isObject(options) ? options : {}) as Record<string, unknown>;
  return originList('getTools', 'ModelContextGetToolOptions', 'fromOrigins', opts.fromOrigins, MESSAGES.fromOrigins);
}

/** Converts the `RegisteredTool` and input arguments of `executeTool`. */
export function convertExecuteArguments(
  tool: unknown,
  input: unknown,
): { tool: Pick<RegisteredTool, 'name' | 'origin' | 'window'>; input: Record<string, unknown> } {
  const op = 'executeTool';
  const dict = 'RegisteredTool';
  if (!isObject(tool)) throw idlTypeError(op, `The provided value is not of type '${dict}'.`);
  const source = tool as Record<string, unknown>;
  required(op, dict, source, 'description');
  const name = String(required(op, dict, source, 'name'));
  const origin = String(required(op, dict, source, 'origin'));
  const win = required(op, dict, source, 'window') as Window;
  if (input !== undefined && !isObject(input)) {
    throw idlTypeError(op, 'invalid input object: value is not an object');
  }
  return { tool: { name, origin, window: win }, input: (input ?? {}) as Record<string, unknown> };
}

/** Builds the fresh `RegisteredTool` copy `getTools` returns for a record. */
export function toRegisteredTool(record: Omit<ToolRecord, 'execute'>, owner: Window, origin: string): RegisteredTool {
  // Keys in the order native Chromium returns them (dictionary members, lexicographic).
  const tool = {} as RegisteredTool;
  if (record.annotations) tool.annotations = { ...record.annotations };
  tool.description = record.description;
  if (record.schemaJson !== undefined) tool.inputSchema = JSON.parse(record.schemaJson) as object;
  tool.name = record.name;
  tool.origin = origin;
  tool.title = record.title;
  tool.window = owner;
  return tool;
}

/** Serializes a tool's return value as `executeTool` resolves it (native: strings as is, else JSON). */
export function serializeResult(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return String(value);
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text;
}

/**
 * The input as JSON text, taken once when `executeTool` is called (as the spec serializes it):
 * what is validated, confirmed and run is this copy, whatever the caller changes later.
 */
export function snapshotInput(input: Record<string, unknown>): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(input);
  } catch (error) {
    throw idlTypeError('executeTool', (error as Error).message);
  }
  if (json === undefined) throw idlTypeError('executeTool', 'invalid input object: toJSON() returns undefined');
  return json;
}
