// The Daraja OAuth token of each consumer key, shared by every process (see darajaTokens in the
// schema). A refresh holds a transaction-scoped advisory lock on that key, so when several processes
// find their token stale at once, one asks Daraja and the others take what it stored.
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { SecretBox } from '../../src/crypto/secret-box.js';
import type { AccessToken, SharedTokenStore } from '../../src/daraja/token-cache.js';
import type { Db } from '../client.js';
import { darajaTokens } from '../schema.js';

export function createSharedTokenStore(db: Db, secretBox: SecretBox): SharedTokenStore {
  return {
    refresh: (consumerKey, { rejected, usableUntil }, request) =>
      db.transaction(async (tx) => {
        const keyHash = createHash('sha256').update(consumerKey).digest('hex');
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`daraja_token:${keyHash}`}, 0))`);
        const [row] = await tx.select().from(darajaTokens).where(eq(darajaTokens.consumerKeyHash, keyHash));
        const stored = row ? openToken(secretBox, row.sealedToken, row.expiresAt) : undefined;
        if (stored && stored.token !== rejected && stored.expiresAt > usableUntil) return stored;

        // Daraja is asked while the lock is held: the one request every waiting process will share.
        const fresh: AccessToken = await request();
        const values = { sealedToken: secretBox.seal(fresh.token), expiresAt: new Date(fresh.expiresAt), updatedAt: new Date() };
        await tx
          .insert(darajaTokens)
          .values({ consumerKeyHash: keyHash, ...values })
          .onConflictDoUpdate({ target: darajaTokens.consumerKeyHash, set: values });
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
