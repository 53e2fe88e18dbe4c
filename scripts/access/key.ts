import pg from 'pg';
import { parseCommand, runCommand, UsageError } from '../command.ts';
import { adminUrl } from '../database/local-database.ts';
import { describeScopes, parseScopes, type KeyScopes } from './key-scopes.ts';

const usage = `Usage:
  npm run key:create -- --name <consumer> --role producer|reader|producer_reader [--scope <kind>=<value> ...] [--erase]
      --scope type=billing.*   event types it records and reads (a type, or leading segments and .*)
      --scope tenant=acme      the tenant it records for (one), or reads (several)
      --scope consumer=billing whose events a reader key reads
      (repeat --scope for several values; without --scope the key records or reads everything)
      --erase                  the erase right: POST /rpc/erase erases personal data of the events
                               the key reads (a reader or producer_reader key only)
  npm run key:revoke -- --id <api_key__id>
  npm run key:revoke -- --name <consumer>      (revokes every active key of that consumer)
  npm run key:list

Connects to DATABASE_URL, or to the database npm start runs.`;

const spec = {
  usage: 'npm run key:create -- --name <consumer> --role <access> [--scope <kind>=<value> ...] [--erase] | key:revoke -- --id <id> | key:revoke -- --name <consumer> | key:list',
  description: usage,
  options: { name: { type: 'string' }, role: { type: 'string' }, id: { type: 'string' }, scope: { type: 'string', multiple: true }, erase: { type: 'boolean' } },
  positionals: true,
} as const;

async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function create(name: string | undefined, role: string | undefined, scopes: KeyScopes, erase: boolean): Promise<void> {
  if (!name || !role) throw new UsageError(`key:create needs --name and --role.\n\n${usage}`);
  const row = await withDatabase(async (client) =>
    (await client.query<{ api_key__id: string; api_key: string }>(
      `select * from lib_event.api_key_create($1, $2, event_types => $3, tenants => $4, consumers => $5, may_erase => $6)`,
      [name, role, scopes.eventTypes, scopes.tenants, scopes.consumers, erase],
    )).rows[0],
  );
  if (!row) throw new Error('no key was created');
  const scoped = describeScopes({ scope_event_types: scopes.eventTypes, scope_tenants: scopes.tenants, scope_consumers: scopes.consumers });
  console.log(`Created a ${role} key for ${name} (id ${row.api_key__id}, scope ${scoped}${erase ? ', with the erase right' : ''}).`);
  console.log('It is shown only this once; store it now:\n');
  console.log(row.api_key);
}

async function revoke(id: string | undefined, name: string | undefined): Promise<void> {
  if (!id === !name) throw new UsageError(`key:revoke needs exactly one of --id or --name.\n\n${usage}`);
  await withDatabase(async (client) => {
    const { rows } = await client.query<{ revoked: number }>(
      'select lib_event.api_key_revoke(api_key__id => $1, consumer => $2) as revoked',
      [id ?? null, name ?? null],
    );
    const revoked = rows[0]?.revoked ?? 0;
    console.log(revoked ? `Revoked ${revoked} active key(s) of ${id ?? name}.` : `No active key matches ${id ?? name}; nothing changed.`);
  });
}

async function list(): Promise<void> {
  const rows = await withDatabase(async (client) =>
    (await client.query(
      `select api_key__id as id, consumer, access, key_prefix, created_at, revoked_at, last_used_at,
              scope_event_types::text[], scope_tenants::text[], scope_consumers::text[], may_erase
         from lib_event.api_key order by consumer, created_at`,
    )).rows,
  );
  console.table(rows.map(({ scope_event_types, scope_tenants, scope_consumers, may_erase, ...key }) =>
    ({ ...key, scope: describeScopes({ scope_event_types, scope_tenants, scope_consumers }), rights: may_erase ? 'erase' : '' })));
}

async function main(): Promise<void> {
  const { values, positionals } = parseCommand(spec);
  const [command] = positionals;
  if (command === 'create') return create(values.name, values.role, parseScopes(values.scope), values.erase ?? false);
  if (command === 'revoke') return revoke(values.id, values.name);
  if (command === 'list') return list();
  throw new UsageError(usage);
}

runCommand(main);
