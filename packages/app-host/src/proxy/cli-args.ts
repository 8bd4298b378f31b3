/**
 * @module
 * Argument parsing for the sandbox proxy CLI (`npx @webmcp-kit/app-host`).
 */
import { AppHostError } from '../errors';

/** The CLI's usage line. */
export const PROXY_CLI_USAGE =
  'Usage: npx @webmcp-kit/app-host [--port <n>] [--host <addr>] [--domain <name>] [--strict] [--host-origin <origin>]...';

/** Parsed CLI options (`help` when `--help`/`-h` was given). */
export interface ProxyCliArgs {
  port: number;
  host: string;
  hostOrigins: string[];
  /** Apps are served on `<label>.<domain>`. */
  domain: string;
  /** The strict CSP profile. */
  strict: boolean;
  help: boolean;
}

/** Parses `argv` (without node and the script); throws an error naming the bad flag. */
export function parseProxyCliArgs(argv: readonly string[]): ProxyCliArgs {
  const out: ProxyCliArgs = { port: 8081, host: '127.0.0.1', hostOrigins: [], domain: 'localhost', strict: false, help: false };
  const bad = (message: string): never => {
    throw new AppHostError('APP_HOST_INVALID_CONFIG', `${message}. ${PROXY_CLI_USAGE}`);
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? bad(`${flag} needs a value`);
    if (flag === '--port') {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) > 65535) bad(`--port: expected 0-65535, got "${v}"`);
      out.port = Number(v);
    } else if (flag === '--host') out.host = value();
    else if (flag === '--host-origin') out.hostOrigins.push(value());
    else if (flag === '--domain') out.domain = value();
    else if (flag === '--strict') out.strict = true;
    else if (flag === '--help' || flag === '-h') out.help = true;
    else bad(`Unknown argument "${argv[i]}"`);
  }
  return out;
}
