// Allocations: how much of a settled payment went to which bill. Bill balances and credit are derived
// from these rows, never stored (DESIGN.md decision 3).
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { allocations, payments } from '../schema.js';

/** Paid money of a tenancy not yet allocated, per settled payment, oldest first. */
export async function listUnallocatedMoney(db: Db, tenancyId: string): Promise<{ id: string; remaining: number }[]> {
  const rows = await db
    .select({
      id: payments.id,
      remaining: sql<number>`(${payments.amount} - coalesce(sum(${allocations.amount}), 0))::int`,
    })
    .from(payments)
    .leftJoin(allocations, eq(allocations.paymentId, payments.id))
    .where(and(eq(payments.tenancyId, tenancyId), eq(payments.status, 'success')))
    .groupBy(payments.id)
    .having(sql`${payments.amount} - coalesce(sum(${allocations.amount}), 0) > 0`)
    .orderBy(sql`coalesce(${payments.completedAt}, ${payments.initiatedAt})`, payments.id);
  return rows.map((r) => ({ id: r.id, remaining: Number(r.remaining) }));
}

/** Adds allocations; a repeat for the same (payment, bill) adds to the amount already there. */
export async function insertAllocations(db: Db, rows: { paymentId: string; billId: string; amount: number }[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(allocations)
    .values(rows)
    .onConflictDoUpdate({ target: [allocations.paymentId, allocations.billId], set: { amount: sql`${allocations.amount} + excluded.amount` } });
}

export async function deleteAllocationsOfPayment(db: Db, paymentId: string): Promise<void> {
  await db.delete(allocations).where(eq(allocations.paymentId, paymentId));
}

/** All a tenancy has paid (settled payments). */
export async function sumPaidByTenancy(db: Db, tenancyId: string): Promise<number> {
  const [row] = await db
    .select({ paid: sql<number>`coalesce(sum(${payments.amount}), 0)::int` })
    .from(payments)
    .where(and(eq(payments.tenancyId, tenancyId), eq(payments.status, 'success')));
  return Number(row?.paid ?? 0);
}
