/**
 * @module
 * `npm start`: starts the demo on fixed ports (env `DEMO_PORT`, `BRIDGE_PORT`, `SANDBOX_PORT`) and
 * prints where everything is, with the client token and ready-to-paste client configurations.
 */
import { banner } from './cli-banner';
import { startDemo } from './start-demo';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new Error(`${name} must be a port number (0–65535); got "${raw}"`);
  return Number(raw);
}

async function main(): Promise<void> {
  const verbose = process.argv.includes('--verbose');
  const demo = await startDemo({
    port: port('DEMO_PORT', 8080),
    bridgePort: port('BRIDGE_PORT', 8765),
    sandboxPort: port('SANDBOX_PORT', 8081),
    bridge: { logLevel: verbose ? 'info' : 'warn' },
  });
  process.stdout.write(banner(demo));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void demo.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = (error as Error).message;
  const hint = message.includes('EADDRINUSE') ? '\nAnother program uses that port: pick others with DEMO_PORT, BRIDGE_PORT and SANDBOX_PORT (0 = any free port).' : '';
  process.stderr.write(`Could not start the demo: ${message}${hint}\n`);
  process.exit(1);
});
