import { adminUrl } from './local-database.ts';
import { knownLoginPassword, loginUrl, maintenanceLogin } from './login-secrets.ts';

/**
 * Where npm run archive and npm run restore connect: DATABASE_URL (as
 * lib_event_maintenance), else the database npm start runs, as
 * lib_event_maintenance with the password npm start keeps for it (or
 * MAINTENANCE_PASSWORD). Never the superuser: the definer functions they
 * call do what needs the owner.
 */
export function maintenanceUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const server = adminUrl();
  const password = knownLoginPassword(server, maintenanceLogin);
  if (!password) {
    throw new Error(`${maintenanceLogin.role} has no password here yet: run npm start once (it sets and keeps one), ` +
      `or give it as ${maintenanceLogin.variable}, or set DATABASE_URL.`);
  }
  return loginUrl(server, maintenanceLogin.role, password);
}
