import { UsageError } from '../command.ts';

// The --scope options of key:create, as lib_event.api_key_create takes them:
// type=<pattern>, tenant=<tenant>, consumer=<name>, each repeatable. The
// database checks the values (LE013); this only sorts them.

export interface KeyScopes {
  eventTypes: string[] | null;
  tenants: string[] | null;
  consumers: string[] | null;
}

const dimensions = { type: 'eventTypes', tenant: 'tenants', consumer: 'consumers' } as const;

/** Sort `--scope kind=value` options into the three scopes; null where none was given. */
export function parseScopes(options: readonly string[] = []): KeyScopes {
  const scopes: KeyScopes = { eventTypes: null, tenants: null, consumers: null };
  for (const option of options) {
    const at = option.indexOf('=');
    const kind = option.slice(0, at);
    if (at < 0 || !(kind in dimensions)) {
      throw new UsageError(`--scope ${option} is not one of type=<pattern>, tenant=<tenant>, consumer=<name> (e.g. --scope 'type=billing.*').`);
    }
    const field = dimensions[kind as keyof typeof dimensions];
    scopes[field] = [...(scopes[field] ?? []), option.slice(at + 1)];
  }
  return scopes;
}

/** A key's scopes in one line for key:list: "type=billing.* tenant=acme", or "all" for an unscoped key. */
export function describeScopes(row: { scope_event_types: string[] | null; scope_tenants: string[] | null; scope_consumers: string[] | null }): string {
  const parts = [
    ...(row.scope_event_types ?? []).map((value) => `type=${value}`),
    ...(row.scope_tenants ?? []).map((value) => `tenant=${value}`),
    ...(row.scope_consumers ?? []).map((value) => `consumer=${value}`),
  ];
  return parts.length ? parts.join(' ') : 'all';
}
