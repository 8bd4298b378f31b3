/** Call clocks (one shared timer): each call times out after its own time, paused ones wait, answered and cancelled ones never fire. */
import { describe, expect, it } from 'vitest';
import { errorResult } from '../src/results';
import { armCall, holdCall, startCall, type PendingCall } from '../src/pending-call';

/** Starts a call whose timeout answers "timed out" and records when; `sent` lists what reached the page. */
function start(calls: Map<number, PendingCall>, id: number, timeoutMs: number, signal?: AbortSignal) {
  const sent: string[] = [];
  const t0 = performance.now();
  const arm = (call: PendingCall) => armCall(call, () => call.finish(errorResult(`timed out after ${Math.round(performance.now() - t0)} ms`), 'timeout'));
  const done = startCall(calls, id, 'tool', `call ${id}`, { timeoutMs, progressIntervalMs: 60_000, signal }, {
    arm,
    cancel: (callId) => sent.push(`cancel ${callId}`),
    send: () => sent.push(`call ${id}`),
  });
  return { done, sent, arm };
}

const bounded = <T>(p: Promise<T>, ms = 5_000) => Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms))]);

describe('call clocks', () => {
  it('times out each call after its own time, whatever order they started in, and none that was answered', async () => {
    const calls = new Map<number, PendingCall>();
    const slow = start(calls, 1, 400);
    const fast = start(calls, 2, 60);
    const answered = start(calls, 3, 30);
    calls.get(3)!.finish({ content: [{ type: 'text', text: 'ok' }] }, 'ok');
    expect((await answered.done).outcome).toBe('ok');
    const f = await bounded(fast.done);
    expect(f.outcome).toBe('timeout');
    expect(calls.has(1)).toBe(true);
    const s = await bounded(slow.done);
    expect(s.outcome).toBe('timeout');
    const ms = (r: { result: { content: unknown } }) => Number(/after (\d+) ms/.exec(JSON.stringify(r.result.content))![1]);
    expect(ms(f)).toBeGreaterThanOrEqual(59);
    expect(ms(s)).toBeGreaterThanOrEqual(399);
    expect(calls.size).toBe(0);
  });

  it('stops a paused call\'s clock and restarts it with the time left', async () => {
    const calls = new Map<number, PendingCall>();
    const c = start(calls, 1, 80);
    const call = calls.get(1)!;
    holdCall(call, true, c.arm, 'Waiting for the MCP client');
    await new Promise((r) => setTimeout(r, 200));
    expect(calls.has(1)).toBe(true);
    holdCall(call, false, c.arm, 'answered');
    expect((await bounded(c.done)).outcome).toBe('timeout');
  });

  it('a cancelled call tells the page, answers within 10 ms (its listener is added once it has run that long), and its clock never fires', async () => {
    const calls = new Map<number, PendingCall>();
    const ac = new AbortController();
    const c = start(calls, 7, 50, ac.signal);
    const t0 = performance.now();
    ac.abort();
    const r = await bounded(c.done);
    expect(r.outcome).toBe('cancelled');
    // 10 ms bound, with room for a loaded machine's timer lateness.
    expect(performance.now() - t0).toBeLessThan(500);
    expect(c.sent).toEqual(['call 7', 'cancel 7']);
    await new Promise((res) => setTimeout(res, 120));
    expect(c.sent).toEqual(['call 7', 'cancel 7']);
  });

  it('a call cancelled after it has run a while is answered as its signal aborts', async () => {
    const calls = new Map<number, PendingCall>();
    const ac = new AbortController();
    const c = start(calls, 8, 5_000, ac.signal);
    await new Promise((res) => setTimeout(res, 60));
    expect(calls.has(8)).toBe(true);
    ac.abort();
    // The listener answers synchronously, inside abort().
    expect(calls.has(8)).toBe(false);
    expect((await c.done).outcome).toBe('cancelled');
    expect(c.sent).toEqual(['call 8', 'cancel 8']);
  });
});
