import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Not dbmate.ts's projectRoot: the compose sequencer runs this file without the dev dependencies.
const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface SigningKey {
  privateKey: KeyObject;
  /** PEM (SubjectPublicKeyInfo), as published in lib_events.log_keys. */
  publicKeyPem: string;
  /** The first 16 hex digits of the SHA-256 of the public key's DER bytes. */
  keyId: string;
}

/** Where the checkpoint signing key is kept: LIB_EVENT_SIGNING_KEY_FILE, else .data/signing/ed25519.pem. */
export function signingKeyFile(): string {
  return process.env.LIB_EVENT_SIGNING_KEY_FILE ?? join(projectRoot, '.data', 'signing', 'ed25519.pem');
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the checkpoint signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: keyIdOf(publicKey) };
}

/**
 * The Ed25519 key checkpoints are signed with, kept outside the database:
 * LIB_EVENT_SIGNING_KEY (PEM, PKCS#8) when set, else the key file, generated
 * once (mode 0600) when missing.
 */
export function loadSigningKey(): SigningKey {
  if (process.env.LIB_EVENT_SIGNING_KEY) return signingKeyFromPem(process.env.LIB_EVENT_SIGNING_KEY);
  const file = signingKeyFile();
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return signingKeyFromPem(readFileSync(file, 'utf8'));
}
