import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { prometheusMissing, promtool } from '../support/prometheus.ts';

// The example alerting rules (db/prometheus/alerts.yml): promtool accepts
// them, its unit tests (alerts.test.yml) show them firing and staying quiet,
// and every lib_event metric they name is one GET /rpc/metrics serves.

const dir = join(projectRoot, 'db', 'prometheus');
const missing = prometheusMissing();
if (missing) console.warn(`alert rules: promtool checks skip: ${missing}`);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

it.skipIf(missing)('promtool check rules accepts them', () => {
  const checked = promtool(['check', 'rules', join(dir, 'alerts.yml')]);
  expect(checked.output).toContain('SUCCESS');
  expect(checked.code).toBe(0);
});

it.skipIf(missing)('promtool test rules: each alert fires when its metrics say so', () => {
  const tested = promtool(['test', 'rules', join(dir, 'alerts.test.yml')]);
  expect(tested.output).toContain('SUCCESS');
  expect(tested.code).toBe(0);
});

it('names only metrics that lib_events.metrics() serves, and has a runbook section for each alert', async () => {
  const rules = readFileSync(join(dir, 'alerts.yml'), 'utf8');
  const named = new Set(rules.match(/\blib_event_[a-z_]+/g));
  const { rows: [row] } = await db.admin.query<{ text: string }>('select lib_events.metrics() as text');
  const served = new Set([...row!.text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
  expect([...named].filter((name) => !served.has(name))).toEqual([]);

  const operations = readFileSync(join(projectRoot, 'db', 'operations.md'), 'utf8');
  const alerts = [...rules.matchAll(/- alert: (\S+)/g)].map((m) => m[1]!);
  expect(alerts.length).toBeGreaterThan(5);
  for (const alert of alerts) {
    expect(rules, alert).toContain(`runbook: db/operations.md#${alert.toLowerCase()}`);
    expect(operations, alert).toMatch(new RegExp(`^### ${alert}$`, 'm'));
  }
});
