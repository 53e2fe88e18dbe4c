import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolveBinary } from 'dbmate';
import { migrationsDir } from '../../scripts/database/dbmate.ts';

/**
 * Apply the migrations older than `version` (e.g. '20261128000600') with
 * dbmate, as an install made before that migration existed: the later ones
 * are then applied by the usual migrate().
 */
export async function migrateUntil(databaseUrl: string, version: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lib_event-migrations-'));
  try {
    for (const file of readdirSync(migrationsDir).filter((name) => name < version)) {
      symlinkSync(join(migrationsDir, file), join(dir, file));
    }
    await promisify(execFile)(resolveBinary(), ['--url', databaseUrl, '--migrations-dir', dir, '--no-dump-schema', 'up']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
