// The data layer on both drivers: migrations, unique constraints where idempotency lives,
// SKIP LOCKED claims, rollback, and the derived bill balance.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { violatedConstraint } from '../../db/errors.js';
import { createBill, listBillsWithBalance } from '../../db/queries/bills.js';
import { createLandlord } from '../../db/queries/landlords.js';
import { findPayoutConfig, savePayoutConfig } from '../../db/queries/payouts.js';
import { createTenancy } from '../../db/queries/tenancies.js';
import { allocations, outbox, payments } from '../../db/schema.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.js';


/** The constraint a statement was refused for; fails the test when the statement succeeds. */
async function violation(statement: PromiseLike<unknown>): Promise<string | undefined> {
  try {
    await statement;
  } catch (error) {
    return violatedConstraint(error);
  }
  throw new Error('the statement was accepted');
}

describe.each(databaseKinds())('database on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  const paymentRow = (overrides: Partial<typeof payments.$inferInsert> = {}) => ({
    source: 'stk' as const,
    amount: 100,
    phone: '254712345678',
    status: 'pending' as const,
    businessShortCode: '600100',
    partyB: '600100',
    accountReference: 'A1',
    reference: `RE${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    ...overrides,
  });

  it('applies the migrations again without harm and answers a ping', async () => {
    await database.migrate();
    expect(await database.ping()).toBe(true);
  });

  it('creates the demo data once', async () => {
    const first = await seedDemo(database.db);
    const second = await seedDemo(database.db);
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, landlordId: first.landlordId, tenancyId: first.tenancyId });
    const bills = await listBillsWithBalance(database.db, first.tenancyId);
    expect(bills).toEqual([expect.objectContaining({ amount: 15_000, paid: 0, balance: 15_000, status: 'unpaid' })]);
    expect(await findPayoutConfig(database.db, first.landlordId)).toMatchObject({ businessType: 'paybill', businessShortCode: '600100', isActive: true });
  });

  it('stores one payment per CheckoutRequestID and per M-Pesa receipt', async () => {
    await database.db.insert(payments).values(paymentRow({ checkoutRequestId: 'ws_CO_1', mpesaReceiptNumber: 'R1' }));
    const dupCheckout = await database.db.insert(payments).values(paymentRow({ checkoutRequestId: 'ws_CO_1' })).onConflictDoNothing().returning();
    expect(dupCheckout).toEqual([]);
    expect(await violation(database.db.insert(payments).values(paymentRow({ mpesaReceiptNumber: 'R1' })))).toBe('payments_mpesa_receipt_number_unique');
  });

  it('refuses payments that are not positive', async () => {
    expect(await violation(database.db.insert(payments).values(paymentRow({ amount: 0 })))).toBe('payments_amount_chk');
    expect(await violation(database.db.insert(payments).values(paymentRow({ amount: -5 })))).toBe('payments_amount_chk');
  });

  it('derives bill status from allocations: unpaid, partial, paid', async () => {
    const landlord = await createLandlord(database.db, { name: 'L', phone: '254700000900' });
    const tenancy = await createTenancy(database.db, { landlordId: landlord.id, name: 'T', phone: '254700000901', unit: 'B2', monthlyRent: 1000 });
    const bill = (await createBill(database.db, { tenancyId: tenancy.id, period: '2026-10', amount: 1000 }))!;
    const second = (await createBill(database.db, { tenancyId: tenancy.id, period: '2026-11', amount: 1000 }))!;
    expect(await createBill(database.db, { tenancyId: tenancy.id, period: '2026-11', amount: 1000 })).toBeUndefined();
    const [payment] = await database.db.insert(payments).values(paymentRow({ status: 'success' })).returning();
    await database.db.insert(allocations).values([
      { paymentId: payment!.id, billId: bill.id, amount: 1000 },
      { paymentId: payment!.id, billId: second.id, amount: 400 },
    ]);
    const bills = await listBillsWithBalance(database.db, tenancy.id);
    expect(bills.map((b) => [b.period, b.paid, b.balance, b.status])).toEqual([
      ['2026-10', 1000, 0, 'paid'],
      ['2026-11', 400, 600, 'partial'],
    ]);
  });

  it('keeps one payout config per landlord and replaces it on save', async () => {
    const landlord = await createLandlord(database.db, { name: 'P', phone: '254700000902' });
    await savePayoutConfig(database.db, landlord.id, { businessType: 'paybill', businessShortCode: '600200', accountNumber: 'R', tillNumber: null, businessName: null, isActive: true });
    await savePayoutConfig(database.db, landlord.id, { businessType: 'till', businessShortCode: '600300', accountNumber: null, tillNumber: '5123456', businessName: 'Shop', isActive: false });
    expect(await findPayoutConfig(database.db, landlord.id)).toMatchObject({ businessType: 'till', tillNumber: '5123456', isActive: false });
    expect(
      await violation(savePayoutConfig(database.db, landlord.id, { businessType: 'till', businessShortCode: '600300', accountNumber: null, tillNumber: null, businessName: null, isActive: false })),
    ).toBe('payout_configs_till_chk');
  });

  it('rolls back a transaction that throws', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await tx.insert(outbox).values({ kind: 'message', idempotencyKey: 'rollback-1', recipient: '254700000000', body: 'x' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await database.db.select().from(outbox).where(eq(outbox.idempotencyKey, 'rollback-1'))).toEqual([]);
  });

  // PGlite has a single connection, so only the real server can show two claims side by side.
  it(kind === 'postgres' ? 'lets two workers claim disjoint outbox rows with FOR UPDATE SKIP LOCKED' : 'accepts FOR UPDATE SKIP LOCKED claims', async () => {
    await database.db.insert(outbox).values(Array.from({ length: 6 }, (_, i) => ({ kind: 'message' as const, idempotencyKey: `claim-${i}`, recipient: '254700000000', body: `m${i}` })));
    const claim = (tx: typeof database.db) =>
      tx.select({ id: outbox.id }).from(outbox).where(sql`${outbox.idempotencyKey} like 'claim-%'`).orderBy(outbox.id).limit(3).for('update', { skipLocked: true });
    if (kind === 'pglite') {
      expect(await database.db.transaction(async (tx) => claim(tx))).toHaveLength(3);
      return;
    }
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let firstIds: number[] = [];
    const first = database.db.transaction(async (tx) => {
      firstIds = (await claim(tx)).map((r) => r.id);
      await held;
    });
    while (firstIds.length === 0) await new Promise((r) => setTimeout(r, 5));
    const secondIds = await database.db.transaction(async (tx) => (await claim(tx)).map((r) => r.id));
    release();
    await first;
    expect(firstIds).toHaveLength(3);
    expect(secondIds).toHaveLength(3);
    expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);
  });
});
