import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, inboundMessages } from '../../db/schema.js';
import { createLogger } from '../../src/log.js';
import { createCleanup } from '../../src/jobs/cleanup.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.js';

describe.each(databaseKinds())('cleanup on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  it('removes conversations idle for over a day and replayable replies older than a week, and nothing else', async () => {
    const day = 24 * 3600_000;
    const conversation = (key: string, expiresAt: Date) => ({ channel: 'ussd' as const, key, phone: '254712345678', machineVersion: 1, snapshot: {}, expiresAt });
    await database.db.insert(conversations).values([conversation('old', new Date(Date.now() - 2 * day)), conversation('recent', new Date(Date.now() - 3600_000)), conversation('live', new Date(Date.now() + 600_000))]);
    await database.db.insert(inboundMessages).values([
      { providerId: 'SM-old', channel: 'whatsapp', phone: '254712345678', reply: 'x', createdAt: new Date(Date.now() - 8 * day) },
      { providerId: 'SM-new', channel: 'whatsapp', phone: '254712345678', reply: 'y' },
    ]);
    const removed = await createCleanup(database.db, createLogger('silent')).runOnce();
    expect(removed).toBe(2);
    expect((await database.db.select().from(conversations)).map((c) => c.key).sort()).toEqual(['live', 'recent']);
    expect((await database.db.select().from(inboundMessages)).map((m) => m.providerId)).toEqual(['SM-new']);
  });
});
