/** A started third-party MCP server. */
export interface StartedMcpServer {
  url: string;
  origin: string;
  close(): Promise<void>;
}
/** The official MCP Apps example servers installed from npm. */
export type ExampleServer = 'basic-vanillajs' | 'debug' | 'map' | 'threejs' | 'pdf' | 'sheet-music' | 'transcript' | 'shadertoy';
export const EXAMPLE_SERVERS: ExampleServer[];
export function startMcpServer(name: ExampleServer, env?: Record<string, string>, args?: string[]): Promise<StartedMcpServer>;
export function startHostPage(entry: string): Promise<{ url: string; origin: string; close(): Promise<void> }>;
