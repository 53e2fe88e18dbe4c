/** The role PostgREST logs in as, created by the first migration. */
export const authenticatorRole = 'lib_event_authenticator';

/** Its password: AUTHENTICATOR_PASSWORD, or a development default. */
export function authenticatorPassword(): string {
  return process.env.AUTHENTICATOR_PASSWORD ?? 'authenticator';
}

/** The same connection string, logged in as the authenticator instead. */
export function asAuthenticator(connectionString: string): string {
  const url = new URL(connectionString);
  url.username = authenticatorRole;
  url.password = encodeURIComponent(authenticatorPassword());
  return url.toString();
}
