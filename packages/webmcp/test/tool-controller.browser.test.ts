/**
 * `ToolController` in real Chromium (polyfill and native): a Lit element's tool is registered while
 * the element is connected, gone when it is removed, back when it returns, and runs with the
 * element's current state.
 */
import { LitElement, html } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installModelContext } from '../src/install';
import { ToolController } from '../src/lit-entry';
import { getTool } from './setup';

installModelContext();

class TaskCount extends LitElement {
  static override properties = { count: { type: Number } };
  declare count: number;
  readonly tool = new ToolController(this, {
    name: 'task_count',
    description: 'Counts the tasks on the board',
    readOnly: true,
    input: z.object({ plus: z.number().int() }),
    execute: ({ plus }) => ({ count: this.count + plus }),
  });
  constructor() {
    super();
    this.count = 3;
  }
  override render() {
    return html`<p>${this.count} ${this.tool.registered ? 'registered' : 'pending'}</p>`;
  }
}
customElements.define('task-count', TaskCount);

const names = async () => (await document.modelContext.getTools()).map((t) => t.name);
const elements: Element[] = [];
afterEach(() => elements.splice(0).forEach((e) => e.remove()));

describe('ToolController', () => {
  it('registers on hostConnected and unregisters on hostDisconnected', async () => {
    const el = document.createElement('task-count') as TaskCount;
    expect(await names()).not.toContain('task_count');
    elements.push(document.body.appendChild(el));
    await expect.poll(() => el.tool.registered).toBe(true);
    await expect.poll(() => el.shadowRoot?.textContent).toContain('registered');
    el.count = 5;
    const text = await document.modelContext.executeTool(await getTool('task_count'), { plus: 2 });
    expect(JSON.parse(text ?? 'null')).toEqual({ count: 7 });

    el.remove();
    expect(el.tool.registered).toBe(false);
    expect(await names()).not.toContain('task_count');

    document.body.appendChild(el);
    await expect.poll(() => el.tool.registered).toBe(true);
    expect((await names()).filter((n) => n === 'task_count')).toHaveLength(1);
  });

  it('survives a move (disconnect + connect in one task) with one registration', async () => {
    const el = document.createElement('task-count') as TaskCount;
    const a = document.body.appendChild(document.createElement('div'));
    const b = document.body.appendChild(document.createElement('div'));
    elements.push(a, b);
    a.appendChild(el);
    await expect.poll(() => el.tool.registered).toBe(true);
    b.appendChild(el);
    await expect.poll(() => el.tool.registered).toBe(true);
    expect((await names()).filter((n) => n === 'task_count')).toHaveLength(1);
  });

  it('reports a taken name as its error instead of throwing', async () => {
    const first = document.body.appendChild(document.createElement('task-count')) as TaskCount;
    elements.push(first);
    await expect.poll(() => first.tool.registered).toBe(true);
    const second = document.body.appendChild(document.createElement('task-count')) as TaskCount;
    elements.push(second);
    await expect.poll(() => (second.tool.error as DOMException | undefined)?.name).toBe('InvalidStateError');
    expect(second.tool.registered).toBe(false);
  });

  it('checks the definition up front with a named error', () => {
    const host = { addController() {}, requestUpdate() {} };
    expect(() => new ToolController(host, { name: 'x', description: 'y', execute: () => 1 } as never)).toThrow(/readOnly is required/);
  });
});
