// Daraja invalidates a token when the same app asks for another (reference/daraja.md §1). Processes
// that each kept their own token would knock each other's out; they share one through the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedTokenStore } from '../../src/daraja/shared-token-store.js';
import { darajaTokens } from '../../db/schema.js';
import { createSecretBox } from '../../src/crypto/secret-box.js';
import { DarajaClient } from '../../src/daraja/daraja-client.js';
import type { SharedTokenStore } from '../../src/daraja/token-cache.js';
import { createTestDatabase, databaseKinds, secondProcessDatabase, type TestDatabase } from '../helpers/databases.js';
import { platformCredentials, SANDBOX_SHORT_CODE, startSimulator } from '../helpers/daraja.js';

const secretBox = createSecretBox(Buffer.alloc(32, 7));

describe.each(databaseKinds())('Daraja tokens shared through %s', (kind) => {
  let database: TestDatabase;
  let second: TestDatabase;
  let simulator: Awaited<ReturnType<typeof startSimulator>>;
  /** A Daraja client as one app process has it, with its own pool on the shared database. */
  const processOn = (db: TestDatabase) =>
    new DarajaClient({ baseUrl: simulator.url, maxAmount: 250_000, sharedTokens: createSharedTokenStore(db.db, secretBox) });
  const query = (client: DarajaClient) =>
    client.stkQuery({ credentials: platformCredentials, businessShortCode: SANDBOX_SHORT_CODE, checkoutRequestId: 'ws_CO_0000' });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    second = await secondProcessDatabase(database);
    simulator = await startSimulator();
  });
  afterAll(async () => {
    await second.close();
    await database.close();
    await simulator.close();
  });

  it('gives two processes asking at once one token between them', async () => {
    const [a, b] = [processOn(database), processOn(second)];
    const before = simulator.sim.stats.tokenRequests;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => query(i % 2 ? a : b)));
    expect(answers.every((answer) => answer.kind === 'unknown')).toBe(true);
    expect(simulator.sim.stats.tokenRequests - before).toBe(1);
    // A process started later takes the stored token too.
    await query(processOn(second));
    expect(simulator.sim.stats.tokenRequests - before).toBe(1);
  });

  it('lets a process whose token was knocked out take the stored one instead of knocking out the other', async () => {
    const [a, b] = [processOn(database), processOn(second)];
    await Promise.all([query(a), query(b)]);
    simulator.sim.expireTokens(); // as if the token had been replaced elsewhere
    const before = simulator.sim.stats.tokenRequests;
    await query(b); // refused, so b refreshes and stores the new token
    await query(a); // refused with its old token; finds b's in the store
    await Promise.all(Array.from({ length: 20 }, (_, i) => query(i % 2 ? a : b)));
    expect(simulator.sim.stats.tokenRequests - before).toBe(1);
  });

  it('recovers with one refresh when both processes find their token refused at once', async () => {
    const [a, b] = [processOn(database), processOn(second)];
    await Promise.all([query(a), query(b)]);
    simulator.sim.expireTokens();
    const before = simulator.sim.stats.tokenRequests;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => query(i % 2 ? a : b)));
    expect(answers).toHaveLength(20);
    expect(simulator.sim.stats.tokenRequests - before).toBe(1);
  });

  it('stores the token sealed, not in the clear', async () => {
    const client = processOn(database);
    await query(client);
    const [row] = await database.db.select().from(darajaTokens);
    expect(row!.sealedToken).toMatch(/^v1\./);
    expect(secretBox.open(row!.sealedToken)).toHaveLength(28); // the simulator's tokens are 21 random bytes, base64url
  });
});

describe('Daraja tokens when the shared store fails', () => {
  let simulator: Awaited<ReturnType<typeof startSimulator>>;
  beforeAll(async () => {
    simulator = await startSimulator();
  });
  afterAll(() => simulator.close());
  const clientWith = (sharedTokens: SharedTokenStore) => new DarajaClient({ baseUrl: simulator.url, maxAmount: 250_000, sharedTokens });
  const query = (client: DarajaClient, credentials = platformCredentials) =>
    client.stkQuery({ credentials, businessShortCode: SANDBOX_SHORT_CODE, checkoutRequestId: 'ws_CO_0000' });

  it('asks Daraja directly when the database cannot be reached', async () => {
    const client = clientWith({ refresh: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) });
    expect(await query(client)).toMatchObject({ kind: 'unknown' });
    expect(client.tokens.requests).toBe(1);
  });

  it('keeps the token Daraja gave when storing it fails', async () => {
    const client = clientWith({
      refresh: async (_key, _options, request) => {
        await request();
        throw new Error('could not write daraja_tokens');
      },
    });
    expect(await query(client)).toMatchObject({ kind: 'unknown' });
    expect(client.tokens.requests).toBe(1);
  });

  it('passes on Daraja refusing the credentials', async () => {
    const client = clientWith({ refresh: (_key, _options, request) => request() });
    const error = await query(client, { ...platformCredentials, consumerSecret: 'wrong' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'auth_failed' });
  });
});
