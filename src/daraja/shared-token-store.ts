// The Daraja OAuth token of each consumer key, shared by every process through the database (see
// darajaTokens in the schema): Daraja invalidates an app's previous token on each new one
// (reference/daraja.md §1). A refresh holds a transaction-scoped advisory lock on that key, so when
// several processes find their token stale at once, one asks Daraja and the others take what it stored.
import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { findSharedToken, lockTokenKey, saveSharedToken } from '../../db/queries/daraja-tokens.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { AccessToken, SharedTokenStore } from './token-cache.js';

export function createSharedTokenStore(db: Db, secretBox: SecretBox): SharedTokenStore {
  return {
    refresh: (consumerKey, { rejected, usableUntil }, request) =>
      db.transaction(async (tx) => {
        const keyHash = createHash('sha256').update(consumerKey).digest('hex');
        await lockTokenKey(tx, keyHash);
        const row = await findSharedToken(tx, keyHash);
        const stored = row ? openToken(secretBox, row.sealedToken, row.expiresAt) : undefined;
        if (stored && stored.token !== rejected && stored.expiresAt > usableUntil) return stored;

        // Daraja is asked while the lock is held: the one request every waiting process will share.
        const fresh: AccessToken = await request();
        await saveSharedToken(tx, keyHash, { sealedToken: secretBox.seal(fresh.token), expiresAt: new Date(fresh.expiresAt) });
        return fresh;
      }),
  };
}

/** A token sealed under another APP_ENCRYPTION_KEY cannot be opened: it is simply replaced. */
function openToken(secretBox: SecretBox, sealed: string, expiresAt: Date): AccessToken | undefined {
  try {
    return { token: secretBox.open(sealed), expiresAt: expiresAt.getTime() };
  } catch {
    return undefined;
  }
}
