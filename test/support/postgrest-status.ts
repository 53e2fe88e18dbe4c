/**
 * PostgREST's mapping from SQLSTATE to HTTP status, as documented in
 * https://docs.postgrest.org/en/v14/references/errors.html (HTTP Status Codes).
 * `authenticated` is whether the request ran with a JWT role, which decides 401
 * or 403 for 42501; lib_event uses no JWT, so PostgREST always sees the anonymous role.
 */
export function httpStatusFor(sqlstate: string, authenticated = false): number {
  const custom = /^PT(\d{3})$/.exec(sqlstate);
  if (custom?.[1]) return Number(custom[1]);
  const exact: Record<string, number> = {
    '23503': 409,
    '23505': 409,
    '25006': 405,
    P0001: 400,
    '42883': 404,
    '42P01': 404,
  };
  if (sqlstate in exact) return exact[sqlstate] as number;
  if (sqlstate === '42501') return authenticated ? 403 : 401;
  const byClass: Record<string, number> = {
    '08': 503, '09': 500, '0L': 403, '0P': 403, '25': 500, '28': 403, '2D': 500,
    '38': 500, '39': 500, '3B': 500, '40': 500, '53': 503, '54': 413, '55': 500,
    '57': 500, '58': 500, F0: 500, HV: 500, P0: 500, XX: 500,
  };
  return byClass[sqlstate.slice(0, 2)] ?? 400;
}
