/** One column, and its `move_task_from_<status>` tool (registered while the column is shown). */
import { z } from 'zod';
import { useTool } from '@webmcp-kit/react';
import { COLUMN_TITLES, STATUSES, type Status, type Task } from './tasks';

interface ColumnProps {
  status: Status;
  tasks: Task[];
  onMove(id: number, to: Status): void;
}

export function Column({ status, tasks, onMove }: ColumnProps) {
  useTool(
    {
      name: `move_task_from_${status}`,
      description: `Moves a task out of the "${COLUMN_TITLES[status]}" column to another column.`,
      readOnly: false,
      input: z.object({
        id: z.number().int().describe(`Id of a task now in "${COLUMN_TITLES[status]}"`),
        to: z.enum(STATUSES).describe('Target column'),
      }),
      confirm: { skip: true, reason: 'moving a task is shown on the board and moved back as easily' },
      execute: ({ id, to }) => {
        const task = tasks.find((t) => t.id === id);
        if (!task) throw new Error(`No task ${id} in "${COLUMN_TITLES[status]}"; call list_tasks for the ids`);
        onMove(id, to);
        return { moved: { ...task, status: to } };
      },
    },
    [status],
  );

  return (
    <section className="column" aria-labelledby={`col-${status}`}>
      <h2 id={`col-${status}`}>
        {COLUMN_TITLES[status]} <span className="count">{tasks.length}</span>
      </h2>
      <ul>
        {tasks.map((t) => (
          <li key={t.id} data-task-id={t.id}>
            {t.title}
          </li>
        ))}
      </ul>
    </section>
  );
}
