/** The board's state: tasks in three columns. */
export const STATUSES = ['todo', 'doing', 'done'] as const;
export type Status = (typeof STATUSES)[number];

export interface Task {
  id: number;
  title: string;
  status: Status;
}

export const INITIAL_TASKS: Task[] = [
  { id: 1, title: 'Write the README', status: 'todo' },
  { id: 2, title: 'Try the Vite plugin', status: 'doing' },
  { id: 3, title: 'Install webmcp-kit', status: 'done' },
];

export const COLUMN_TITLES: Record<Status, string> = { todo: 'To do', doing: 'Doing', done: 'Done' };
