// A conversation turn writes only rows it changes (db/queries/turns.ts `lockConversation`): the conversation
// row once (its new snapshot), and the contact only when the channel changed or its last message time is
// over a minute old. A no-op update would still write a whole new row version (the conversation's with its
// snapshot) and its WAL, on every turn. Counted with a trigger the test adds, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithBill, startTestApp, type TestApp } from '../helpers/app.js';
import { sms, ussdSession } from '../helpers/chat.js';
import { databaseKinds } from '../helpers/databases.js';

describe.each(databaseKinds())('the rows a turn writes, on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
    await app.database.sql.query('create table row_writes (tbl text not null, phone text not null)');
    await app.database.sql.query(`create function count_row_write() returns trigger language plpgsql as $$
      begin insert into row_writes values (tg_table_name, new.phone); return new; end $$`);
    for (const table of ['contacts', 'conversations']) {
      await app.database.sql.query(`create trigger ${table}_writes after update on ${table} for each row execute function count_row_write()`);
    }
  });
  afterAll(() => app.close());

  /** Row updates per table for this phone since the last call. */
  async function writesSince(phone: string): Promise<Record<string, number>> {
    const rows = await app.database.sql.query<{ tbl: string }>('delete from row_writes where phone = $1 returning tbl', [phone]);
    const counts: Record<string, number> = {};
    for (const { tbl } of rows) counts[tbl] = (counts[tbl] ?? 0) + 1;
    return counts;
  }

  it('updates the conversation once per turn and leaves the contact alone within the minute, on the same channel', async () => {
    const { tenant } = await createTenantWithBill(app);
    const dial = ussdSession(app, tenant.phone);
    expect((await dial()).text).toMatch(/^CON /);
    await writesSince(tenant.phone);
    expect((await dial('2')).text).toMatch(/^CON /);
    expect(await writesSince(tenant.phone)).toEqual({ conversations: 1 });
    expect((await dial('0')).text).toMatch(/^CON /);
    expect(await writesSince(tenant.phone)).toEqual({ conversations: 1 });
  });

  it('touches the contact when the person writes on another channel, or over a minute after the last touch', async () => {
    const { tenant } = await createTenantWithBill(app);
    const dial = ussdSession(app, tenant.phone);
    await dial();
    await writesSince(tenant.phone);

    await sms(app, tenant.phone)('balance');
    expect((await writesSince(tenant.phone)).contacts).toBe(1);
    const [afterSms] = await app.database.sql.query<{ last_channel: string }>('select last_channel from contacts where phone = $1', [tenant.phone]);
    expect(afterSms!.last_channel).toBe('sms');

    await app.database.sql.query(`update contacts set last_inbound_at = now() - interval '2 minutes' where phone = $1`, [tenant.phone]);
    await writesSince(tenant.phone);
    await sms(app, tenant.phone)('balance');
    expect((await writesSince(tenant.phone)).contacts).toBe(1);
    const [touched] = await app.database.sql.query<{ fresh: boolean }>(`select last_inbound_at > now() - interval '10 seconds' as fresh from contacts where phone = $1`, [tenant.phone]);
    expect(touched!.fresh).toBe(true);
  });
});
