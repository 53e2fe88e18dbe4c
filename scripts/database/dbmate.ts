import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { resolveBinary } from 'dbmate';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const migrationsDir = join(projectRoot, 'db', 'migrations');
export const schemaFile = join(projectRoot, 'db', 'schema.sql');

const run = promisify(execFile);

/** Run a dbmate command against a database; throws with dbmate's own output on failure. */
export async function dbmate(databaseUrl: string, ...command: string[]): Promise<string> {
  try {
    const { stdout } = await run(
      resolveBinary(),
      ['--url', databaseUrl, '--migrations-dir', migrationsDir, '--schema-file', schemaFile, '--no-dump-schema', ...command],
      { cwd: projectRoot },
    );
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`dbmate ${command.join(' ')} failed:\n${stdout}${stderr}`);
  }
}

/** Create the database if needed and apply every pending migration. */
export async function migrate(databaseUrl: string): Promise<void> {
  await dbmate(databaseUrl, 'up');
}
