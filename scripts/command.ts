import { parseArgs, type ParseArgsConfig } from 'node:util';

// What every command of this project does alike: --help, a one-line usage
// for an unknown option, the database's message and hint on failure,
// DATABASE_URL named when the database cannot be reached, and a non-zero
// exit on failure.

export interface CommandSpec<O extends NonNullable<ParseArgsConfig['options']>> {
  /** How to run it, e.g. "npm run key:create -- --name <consumer> --role <access>". */
  usage: string;
  /** What it does and what it reads, printed under the usage by --help. */
  description: string;
  options?: O;
  /** Whether it takes words after the options (a subcommand). */
  positionals?: boolean;
}

/** Exit codes: 1 a failure, 2 a command line that cannot be run. */
export class UsageError extends Error {}

/** Parse the command line; --help prints the usage and exits 0, a bad one exits 2 with the usage in one line. */
export function parseCommand<O extends NonNullable<ParseArgsConfig['options']>>(spec: CommandSpec<O>, args = process.argv.slice(2)) {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`Usage: ${spec.usage}\n\n${spec.description}`);
    process.exit(0);
  }
  try {
    return parseArgs({ args, options: spec.options ?? ({} as O), allowPositionals: spec.positionals ?? false, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message.split('\n')[0]}. Usage: ${spec.usage} (--help for more)`);
    process.exit(2);
  }
}

/** Connection failures: the server is not there, or does not let this login in. */
const unreachable = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|connection refused|no such host|timeout expired|password authentication failed|database "[^"]*" does not exist|role "[^"]*" does not exist/i;

/** The one line (or few) a command prints when it fails. */
export function failureMessage(error: unknown): string {
  const e = error as Partial<{ message: string; code: string; detail: string; hint: string }>;
  const message = e.message ?? String(error);
  const lines = [message];
  if (e.detail) lines.push(`detail: ${e.detail}`);
  if (e.hint) lines.push(`hint: ${e.hint}`);
  const connection = ['28P01', '28000', '3D000', '57P03'].includes(e.code ?? '') || (!/^[0-9A-Z]{5}$/.test(e.code ?? '') && unreachable.test(message));
  if (connection) {
    lines.push(process.env.DATABASE_URL
      ? 'Cannot reach the database DATABASE_URL names: check it, and that the server runs.'
      : 'Cannot reach the database npm start runs: start it with npm start, or set DATABASE_URL.');
  }
  return lines.join('\n');
}

/** Run a command's main: on failure print failureMessage and exit 1 (2 for a UsageError). */
export function runCommand(main: () => Promise<void>): void {
  main().then(
    () => {
      // Leave the exit code to the event loop emptying.
    },
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(error.message);
        process.exit(2);
      }
      console.error(failureMessage(error));
      process.exit(1);
    },
  );
}
