// Late fees, for landlords who set one (billing_settings): a rent bill still owing `afterDays` after its
// due date gets one penalty bill, a fixed amount or a percentage of what is owed, due at once. The
// unique key on late_fee_for (db/schema.ts) makes it once per bill, whichever process gets there first.
import { insertBills, listLateFeesDue, tenanciesWithCredit, type LateFeeDue } from '../../db/queries/billing.js';
import { insertOutboxMessagesLater } from '../../db/queries/outbox.js';
import { lockTenancies } from '../../db/queries/tenancies.js';
import { lateFeeNotice } from '../messages/billing-messages.js';
import { applyCreditLater } from '../payments/credit.js';
import { eatDay } from '../domain/calendar.js';
import type { BillingDeps } from './deps.js';
import { addressNotices, payInfoFor } from './notices.js';


/** The fee on what is owed: a fixed amount, or a percentage rounded to the shilling (at least 1). */
export function lateFeeAmount(fee: Pick<LateFeeDue, 'kind' | 'value' | 'balance'>): number {
  return fee.kind === 'fixed' ? fee.value : Math.max(1, Math.round((fee.balance * fee.value) / 100));
}

export async function applyLateFees(deps: BillingDeps, stop?: () => boolean): Promise<number> {
  const today = eatDay(deps.clock());
  const size = deps.batchSize ?? 500;
  let created = 0;
  for (let after = '00000000-0000-0000-0000-000000000000'; !stop?.(); ) {
    const due = await listLateFeesDue(deps.sql, { today, afterId: after, limit: size });
    if (due.length === 0) break;
    after = due.at(-1)!.billId;
    const fees = await deps.sql.transaction(async (tx) => {
      await lockTenancies(tx, due.map((d) => d.tenancyId));
      const bills = await insertBills(
        tx,
        due.map((d) => ({ tenancyId: d.tenancyId, period: d.period, kind: 'penalty', label: null, amount: lateFeeAmount(d), dueDate: today, chargeId: null, lateFeeFor: d.billId })),
      );
      for (const tenancyId of await tenanciesWithCredit(tx, bills.map((b) => b.tenancyId))) await applyCreditLater(tx, tenancyId);
      const dueFor = new Map(due.map((d) => [d.billId, d]));
      const readers = bills.map((b) => dueFor.get(b.lateFeeFor!)!);
      const messages = bills.map((b, i) => ({
        to: readers[i]!.phone,
        text: lateFeeNotice({ ...b, balance: b.amount }, b.period, payInfoFor(readers[i]!, deps.ussdCode)),
        idempotencyKey: `late-fee:${b.id}`,
      }));
      insertOutboxMessagesLater(tx, addressNotices(deps, readers, messages));
      return bills.length;
    });
    created += fees;
    if (fees > 0) deps.logger.info({ lateFees: fees }, 'late fees applied');
    if (due.length < size) break;
  }
  return created;
}
