import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';

// A migration never changes once committed: a database that ran it would
// never run the new text. Each file is compared, as it is in the working
// tree, with its text in the commit that added it.

const migrationsDir = join(projectRoot, 'db', 'migrations');

/**
 * Migrations changed after they were added, before this check existed: each
 * is held to its text in the commit named here, its last change. (Some of
 * these changes came after the file had landed on main; the rule is now
 * enforced.)
 */
const frozenLater: Record<string, string> = {
  '20261124000300_api_key.sql': '7d39e1b1fa7119bfea872bd76bbae8e27fbf2d6f',
  '20261124000600_check_request.sql': '7d39e1b1fa7119bfea872bd76bbae8e27fbf2d6f',
  '20261124001000_openapi.sql': '4176ca92eefd1bd538e1020fa949089f3776d557',
  '20261124002100_record_events.sql': '9d991b1d167142082c0a5ad47ebb75ae209efaf0',
  '20261124002200_create_many_and_idempotency.sql': '9d991b1d167142082c0a5ad47ebb75ae209efaf0',
  '20261124002400_find.sql': '86544a7d755f89d616408500277f2216d627d4fe',
  '20261124003000_follow.sql': '7826c9b7be8959f8428eae02d74e27b18e207749',
  '20261128000100_input_bounds.sql': 'cea931075ef62c0f6c450d1efc63683293671a6e',
  '20261128000300_large_payloads.sql': '46c96a6ec166079d8d446c75ff7a1d179aa94760',
  '20261128000500_amqp_ingest.sql': '919c187f839d50a6901e78bf4d854a465d5cd80f',
  '20261128000600_partitions.sql': '54935fd649e886331bcc7a8e1078a6d484e00c1b',
  '20261128000700_retention.sql': '54935fd649e886331bcc7a8e1078a6d484e00c1b',
  '20261128000800_log_sequence.sql': 'f31659d57755177c1422ffe537493a635185d587',
  '20261128001000_follow_positions.sql': '338bac4393ec3b68bc52108440f2c3f0318823c4',
};

const git = (...args: string[]) => execFileSync('git', args, { cwd: projectRoot, encoding: 'utf8', maxBuffer: 64 << 20 });

function historyProblem(): string | null {
  try {
    if (git('rev-parse', '--is-shallow-repository').trim() === 'true') return 'a shallow clone holds no history to compare with';
    return null;
  } catch {
    return 'not a git checkout';
  }
}

/** The commit that first added the file, or null for a file not committed yet. */
function addingCommit(file: string): string | null {
  const commits = git('log', '--diff-filter=A', '--format=%H', '--', `db/migrations/${file}`).trim().split('\n').filter(Boolean);
  return commits.at(-1) ?? null;
}

const noHistory = historyProblem();

describe.skipIf(noHistory !== null)(`committed migrations${noHistory ? ` (skipped: ${noHistory})` : ''}`, () => {
  const files = readdirSync(migrationsDir).filter((file) => file.endsWith('.sql')).sort();

  it('are each unchanged since the commit that added them', () => {
    const changed: string[] = [];
    for (const file of files) {
      const baseline = frozenLater[file] ?? addingCommit(file);
      if (baseline === null) continue;
      const committed = git('show', `${baseline}:db/migrations/${file}`);
      if (committed !== readFileSync(join(migrationsDir, file), 'utf8')) {
        changed.push(`${file} differs from ${baseline.slice(0, 10)}: write the change as a new migration`);
      }
    }
    expect(changed).toEqual([]);
  });

  it('are never deleted or renamed once committed', () => {
    const everAdded = new Set(git('log', '--diff-filter=A', '--name-only', '--format=', '--', 'db/migrations/')
      .split('\n').filter((path) => path.endsWith('.sql')).map((path) => path.replace('db/migrations/', '')));
    expect([...everAdded].filter((file) => !files.includes(file))).toEqual([]);
  });

  it('name only files that exist in the list of those frozen later', () => {
    expect(Object.keys(frozenLater).filter((file) => !files.includes(file))).toEqual([]);
  });
});
