// Reminders: before the due date, on it, and while a bill is overdue (the landlord's reminder days,
// default 3 before, on the day, 3 and 10 after). One message a day at most per phone, listing every
// bill it is about; none once paid, none for a phone that sent STOP, none during quiet hours (they are
// worked out after the quiet hours end, so a late run does not send two on one morning).
import { claimReminderDays, listRemindersDue, markRemindedLater, type ReminderDue } from '../../db/queries/billing.js';
import { insertOutboxMessagesLater } from '../../db/queries/outbox.js';
import { groupBy } from '../domain/group-by.js';
import { reminder, reminderVariables } from '../messages/billing-messages.js';
import { eatDay, notBeforeQuietHours } from '../domain/calendar.js';
import type { BillingDeps } from './deps.js';
import { addressNotices, payInfoFor } from './notices.js';


export async function sendReminders(deps: BillingDeps, stop?: () => boolean): Promise<number> {
  const now = deps.clock();
  if (notBeforeQuietHours(now, deps.quietHours) > now) return 0;
  const today = eatDay(now);
  const size = deps.batchSize ?? 1000; // phones per batch
  let sent = 0;
  for (let after = ''; !stop?.(); ) {
    const { rows, lastPhone } = await listRemindersDue(deps.sql, { today, afterPhone: after, limit: size });
    if (lastPhone === null) break;
    if (rows.length > 0) sent += await remindBatch(deps, today, groupBy(rows, (r) => r.phone));
    after = lastPhone;
  }
  return sent;
}

async function remindBatch(deps: BillingDeps, today: string, byPhone: Map<string, ReminderDue[]>): Promise<number> {
  return deps.sql.transaction(async (tx) => {
    const claimed = await claimReminderDays(tx, [...byPhone.keys()], today);
    const readers: ReminderDue[] = [];
    const messages = [];
    const lines = [];
    for (const [phone, bills] of byPhone) {
      if (!claimed.has(phone)) continue;
      const first = bills[0]!;
      readers.push(first);
      messages.push({
        to: phone,
        text: reminder(bills, payInfoFor(first, deps.ussdCode), today),
        idempotencyKey: `reminder:${phone}:${today}`,
        template: { kind: 'reminder' as const, variables: reminderVariables(bills) },
      });
      // Every offset that has come counts as reminded by today's message: a bill is not reminded twice for one day missed.
      for (const bill of bills) for (const offsetDays of bill.pending) lines.push({ billId: bill.billId, offsetDays });
    }
    markRemindedLater(tx, lines);
    insertOutboxMessagesLater(tx, addressNotices(deps, readers, messages));
    if (messages.length > 0) deps.logger.info({ reminders: messages.length }, 'reminders queued');
    return messages.length;
  });
}
