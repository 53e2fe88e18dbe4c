import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { loginRoles } from '../../scripts/database/login-secrets.ts';

// Which login each compose service uses, read from docker-compose.yml and
// db/pg_hba.conf as they are: the superuser's password belongs to the
// migration job and the password job alone.
const compose = readFileSync(join(projectRoot, 'docker-compose.yml'), 'utf8');
const services = compose.slice(compose.indexOf('\nservices:\n'), compose.indexOf('\nvolumes:\n'))
  .split(/^ {2}(?=[a-z-]+:$)/m)
  .slice(1)
  .map((block) => ({ name: block.slice(0, block.indexOf(':')), block }));

describe('docker-compose.yml', () => {
  it('gives the superuser\'s password to the migration job and the password job only', () => {
    const holding = services.filter((s) => /\$\{POSTGRES_PASSWORD\b/.test(s.block)).map((s) => s.name);
    expect(holding.sort()).toEqual(['authenticator', 'db', 'migrate']);
    expect(services.find((s) => s.name === 'db')?.block).toMatch(/POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD/);
  });

  it.each([
    ['postgrest', 'lib_event_authenticator'],
    ['postgrest-replica', 'lib_event_authenticator'],
    ['sequencer', 'lib_event_sequencer'],
    ['relay', 'lib_event_relay'],
    ['bridge', 'lib_event_bridge'],
    ['ingest', 'lib_event_ingest'],
    ['maintenance', 'lib_event_maintenance'],
    ['db-replica', 'lib_event_replicator'],
  ])('runs %s as %s and no other role', (name, role) => {
    const block = services.find((s) => s.name === name)?.block ?? '';
    const roles = new Set([
      ...[...block.matchAll(/postgres:\/\/([a-z_]+):/g)].map((m) => m[1]),
      ...[...block.matchAll(/(?:PGUSER: |--username )([a-z_]+)/g)].map((m) => m[1]),
    ]);
    expect([...roles]).toEqual([role]);
  });

  it('has the password job set every login role\'s password', () => {
    const job = services.find((s) => s.name === 'authenticator')?.block ?? '';
    expect(job).toMatch(/scripts\/access\/set-passwords\.ts/);
    for (const login of loginRoles) expect(job).toContain(`${login.variable}: \${${login.variable}:?`);
  });
});

describe('db/pg_hba.conf', () => {
  const rules = readFileSync(join(projectRoot, 'db', 'pg_hba.conf'), 'utf8').split('\n')
    .map((line) => line.replace(/#.*/, '').trim()).filter(Boolean).map((line) => line.split(/\s+/));

  it('trusts nobody and names one role and one database a line', () => {
    for (const rule of rules) {
      const [type, database, user] = rule;
      const method = rule.at(-1);
      expect(method).not.toBe('trust');
      expect(user).not.toMatch(/^(all|\+.*|@.*)$|,/);
      if (type === 'local') expect([user, method]).toEqual(['postgres', 'peer']);
      else expect(database).not.toMatch(/^(all|sameuser|samerole|@.*)$|,/);
    }
  });

  it('lets each login role reach lib_event alone, with a password, and the replica replicate', () => {
    const reach = rules.filter(([type]) => type === 'host').map(([, database, user, , method]) => `${user} ${database} ${method}`);
    for (const login of loginRoles) {
      const expected = login.role === 'lib_event_replicator' ? 'replication' : 'lib_event';
      expect(reach.filter((r) => r.startsWith(`${login.role} `))).toEqual([`${login.role} ${expected} scram-sha-256`]);
    }
  });
});
