/**
 * The public keys an auditor hands npm run verify (--public-key): PEM, or
 * what GET /log_keys answers, saved to a file. The file is read whole and
 * checked here, so a wrong one is named with what was expected rather than
 * failing deep inside the crypto library.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { keyIdOf } from './signing-key.ts';

/** A file's text; a missing or unreadable one named with what it should hold. */
function readInput(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new Error(`verify: cannot read ${file} (${reason}): expected ${what}`);
  }
}

const keysExpected = 'an Ed25519 public key in PEM, or the JSON body of GET /log_keys saved to a file';

/** One PEM public key, checked to be one; `where` names it in the error. */
function publicKeyPem(pem: string, where: string): string {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an ${key.asymmetricKeyType} key, not Ed25519`);
    return pem;
  } catch (error) {
    throw new Error(`verify: ${where} is not a usable public key (${(error as Error).message}): expected ${keysExpected}`);
  }
}

/**
 * The PEM public keys in a file: one or more PEM blocks, or what GET
 * /log_keys answers (a JSON array of rows with `public_key`, or one such
 * row). A row's `key_id` must be its key's: a copy edited by hand is refused
 * rather than trusted.
 */
export function readPublicKeys(file: string): string[] {
  const text = readInput(file, keysExpected);
  const start = text.trimStart()[0];
  if (start === '[' || start === '{') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`verify: ${file} is not valid JSON (${(error as Error).message}): expected ${keysExpected}`);
    }
    const rows = Array.isArray(parsed) ? parsed : [parsed];
    if (rows.length === 0) throw new Error(`verify: ${file} holds no key (an empty list): expected ${keysExpected}`);
    return rows.map((row: unknown, index) => {
      const { key_id: keyId, public_key: pem } = (row ?? {}) as { key_id?: unknown; public_key?: unknown };
      const where = `${file}, row ${index + 1}`;
      if (typeof pem !== 'string') throw new Error(`verify: ${where} has no public_key: expected ${keysExpected}`);
      publicKeyPem(pem, where);
      const actual = keyIdOf(createPublicKey(pem));
      if (keyId !== undefined && keyId !== actual) {
        throw new Error(`verify: ${where} says key_id ${String(keyId)}, but its public_key has id ${actual}: the copy was changed`);
      }
      return pem;
    });
  }
  const blocks = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g);
  if (!blocks) throw new Error(`verify: ${file} holds neither a PEM public key nor JSON: expected ${keysExpected}`);
  return blocks.map((pem, index) => publicKeyPem(`${pem}\n`, blocks.length > 1 ? `${file}, key ${index + 1}` : file));
}
