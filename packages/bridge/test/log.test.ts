/** The stderr log: lines leave in order, together, soon after they are logged (never in the way of a call's answer). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, writeStderr } from '../src/log';

afterEach(() => vi.restoreAllMocks());

/** Records what is written to stderr; `firstWrite` settles on the first write, or fails after 1 s. */
function captureStderr(): { writes: string[]; firstWrite: Promise<void> } {
  const writes: string[] = [];
  let wrote!: () => void;
  const firstWrite = new Promise<void>((resolve, reject) => {
    wrote = resolve;
    setTimeout(() => reject(new Error('nothing written within 1 s')), 1000).unref();
  });
  firstWrite.catch(() => {}); // a test that writes synchronously never awaits it
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    wrote();
    return true;
  });
  return { writes, firstWrite };
}

describe('stderr log', () => {
  it('writes the lines of a burst in one write, in order, after the current task and within 25 ms', async () => {
    const { writes, firstWrite } = captureStderr();
    const log = createLogger();
    const t0 = performance.now();
    log({ level: 'info', msg: 'first', n: 1 });
    log({ level: 'warn', msg: 'second', deep: { a: { b: 1 } } });
    log({ level: 'debug', msg: 'below the level' });
    expect(writes).toEqual([]);
    await firstWrite;
    // 25 ms bound, with room for a loaded machine's timer lateness.
    expect(performance.now() - t0).toBeLessThan(500);
    expect(writes).toHaveLength(1);
    const lines = writes[0]!.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', msg: 'first', n: 1 });
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'warn', msg: 'second', deep: { a: { b: 1 } } });
    expect(lines).toHaveLength(3);
  });

  it('writes plain text (the banner) at once, after the lines logged before it', () => {
    const { writes } = captureStderr();
    createLogger()({ level: 'info', msg: 'listening' });
    writeStderr('banner\n');
    expect(writes).toHaveLength(1);
    const [line, banner] = writes[0]!.split('\n');
    expect(JSON.parse(line!)).toMatchObject({ msg: 'listening' });
    expect(banner).toBe('banner');
  });

  it('writes each entry as the JSON of its time and its fields, in order (flat, nested or with a time of its own)', async () => {
    const { writes, firstWrite } = captureStderr();
    const log = createLogger();
    const entries = [
      { level: 'info' as const, msg: 'tool call', audit: true, session: undefined, tool: 'a"b\\c\n', ms: 0.3, n: null },
      { level: 'info' as const, msg: 'nested', arguments: { q: [1, { r: 'é' }] } },
      { level: 'info' as const, msg: 'own time', time: 'kept' },
    ];
    for (const e of entries) log(e);
    await firstWrite;
    const lines = writes.join('').split('\n').slice(0, -1);
    expect(lines).toHaveLength(3);
    const time = (JSON.parse(lines[0]!) as { time: string }).time;
    expect(new Date(time).toISOString()).toBe(time);
    expect(lines[0]).toBe(JSON.stringify({ time, ...entries[0] }));
    expect(lines[1]).toBe(JSON.stringify({ time: (JSON.parse(lines[1]!) as { time: string }).time, ...entries[1] }));
    expect(JSON.parse(lines[2]!)).toEqual({ time: 'kept', level: 'info', msg: 'own time' });
  });

  it('still writes an entry too deep to serialize, without its nested fields', async () => {
    const { writes, firstWrite } = captureStderr();
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) deep = { deep };
    createLogger()({ level: 'info', msg: 'hostile', arguments: deep });
    await firstWrite;
    expect(JSON.parse(writes[0]!)).toMatchObject({ level: 'info', msg: 'hostile', omitted: 'nested fields too deep to log' });
  });
});
