/** A started third-party MCP server. */
export interface StartedMcpServer {
  url: string;
  origin: string;
  close(): Promise<void>;
}
export function startMcpServer(name: 'debug' | 'basic-vanillajs', env?: Record<string, string>): Promise<StartedMcpServer>;
export function startHostPage(entry: string): Promise<{ url: string; origin: string; close(): Promise<void> }>;
