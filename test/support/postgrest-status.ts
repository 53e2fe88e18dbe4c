/**
 * PostgREST's mapping from a PostgreSQL error to an HTTP status, line by line
 * as in PostgREST v16.2, `mapSQLtoHTTP` in src/library/PostgREST/Error.hs
 * (the version db/postgrest.conf pins).
 *
 * `authenticated` is PostgREST's `authed`: whether the request's role differs
 * from db-anon-role (App.hs, postgrestResponse: `Just authRole /=
 * configDbAnonRole`). lib_event sends no JWT, so every request runs as the
 * anonymous role as far as PostgREST knows and 42501 is always a 401.
 */
export function httpStatusFor(sqlstate: string, message = '', authenticated = false): number {
  const klass = sqlstate.slice(0, 2);
  if (klass === '08') return 503; // pg connection err
  if (klass === '09') return 500; // triggered action exception
  if (klass === '0L') return 403; // invalid grantor
  if (klass === '0P') return 403; // invalid role specification
  if (sqlstate === '23503') return 409; // foreign_key_violation
  if (sqlstate === '23505') return 409; // unique_violation
  if (sqlstate === '25006') return 405; // read_only_sql_transaction
  // cardinality_violation: a client error only for pg-safeupdate's refusal.
  if (sqlstate === '21000') return message.endsWith('requires a WHERE clause') ? 400 : 500;
  // invalid_parameter_value: "role ... does not exist" is a JWT naming an unknown role.
  if (sqlstate === '22023') return message.startsWith('role') && message.endsWith('does not exist') ? 401 : 400;
  if (klass === '25') return 500; // invalid tx state
  if (klass === '28') return 403; // invalid auth specification
  if (klass === '2D') return 500; // invalid tx termination
  if (klass === '38') return 500; // external routine exception
  if (klass === '39') return 500; // external routine invocation
  if (klass === '3B') return 500; // savepoint exception
  if (klass === '40') return 500; // tx rollback
  if (sqlstate === '53400') return 500; // config limit exceeded
  if (klass === '53') return 503; // insufficient resources
  if (klass === '54') return 500; // too complex: why lib_event's size bounds raise PT413
  if (klass === '55') return 500; // obj not on prereq state
  if (sqlstate === '57P01') return 503; // terminating connection due to administrator command
  if (klass === '57') return 500; // operator intervention
  if (klass === '58') return 500; // system error
  if (klass === 'F0') return 500; // conf file error
  if (klass === 'HV') return 500; // foreign data wrapper error
  if (sqlstate === 'P0001') return 400; // default code for "raise"
  if (klass === 'P0') return 500; // PL/pgSQL error
  if (klass === 'XX') return 500; // internal error
  if (sqlstate === '42883') return message.startsWith('function xmlagg(') ? 406 : 404; // undefined function
  if (sqlstate === '42P01') return 404; // undefined table
  if (sqlstate === '42P17') return 500; // infinite recursion
  if (sqlstate === '42501') return authenticated ? 403 : 401; // insufficient privilege
  if (klass === 'PT') {
    // PTxyz: status xyz (readMaybe of the rest; 500 when it is not a number).
    return /^\d+$/.test(sqlstate.slice(2)) ? Number(sqlstate.slice(2)) : 500;
  }
  return 400;
}

/**
 * Headers PostgREST adds to an error response from the database
 * (Error.hs, `errorResponseFor` and `instance ErrorHeaders PgError`): the
 * JSON content type, `Proxy-Status` naming the code, and on a 401
 * `WWW-Authenticate: Bearer`. (Content-Length too, which a test does not need.)
 */
export function errorHeadersFor(status: number, code: string): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'proxy-status': `PostgREST; error=${code}`,
    ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
  };
}
