/** The board: three columns, and the tools an agent uses on them (each tied to a component). */
import { useState } from 'react';
import { z } from 'zod';
import { useTool } from '@webmcp-kit/react';
import { Column } from './column';
import { INITIAL_TASKS, STATUSES, type Task } from './tasks';

export function App() {
  const [tasks, setTasks] = useState<Task[]>(INITIAL_TASKS);
  const [nextId, setNextId] = useState(INITIAL_TASKS.length + 1);

  useTool({
    name: 'list_tasks',
    description: 'Lists the tasks on the board with their id, title and status (todo, doing, done).',
    readOnly: true,
    execute: () => ({ tasks }),
  });

  useTool({
    name: 'add_task',
    description: 'Adds a task to the "To do" column and returns it.',
    readOnly: false,
    input: z.object({ title: z.string().trim().min(1).max(200).describe('What needs doing') }),
    confirm: { skip: true, reason: 'the new task shows on the board at once and can be moved or ignored' },
    execute: ({ title }) => {
      const task: Task = { id: nextId, title, status: 'todo' };
      setNextId(nextId + 1);
      setTasks((all) => [...all, task]);
      return { task };
    },
  });

  return (
    <main>
      <h1>Task board</h1>
      <p className="hint">Ask your MCP client to list, add or move tasks.</p>
      <div className="board">
        {STATUSES.map((status) => (
          <Column
            key={status}
            status={status}
            tasks={tasks.filter((t) => t.status === status)}
            onMove={(id, to) => setTasks((all) => all.map((t) => (t.id === id ? { ...t, status: to } : t)))}
          />
        ))}
      </div>
    </main>
  );
}
