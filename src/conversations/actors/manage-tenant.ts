// The manage-tenant flow's actors: who the tenant is and what they owe (with their statement), and a
// change to the tenancy (rent from the next bill, phone, moving out today), audited with who made it.
import { fromPromise } from 'xstate';
import { recordAudit } from '../../../db/queries/audit.js';
import { listTenancyPayments } from '../../../db/queries/payments.js';
import { findTenancyById, updateTenancy } from '../../../db/queries/tenancies.js';
import type { TenantChange, TenantSummary } from '../../../flows/manage-tenant.machine.js';
import { eatDay } from '../../domain/calendar.js';
import { billName } from '../../messages/billing-messages.js';
import { formatDate } from '../../messages/format.js';
import { tenancyBalance } from '../../payments/ledger.js';
import type { Turn, TurnOf } from '../turn.js';
import { landlordMoneyActors, ownTenancy } from './landlord-money.js';
import { auditActorOf } from './office.js';

/** Lines of a statement in chat: the latest bills and payments (the admin API has them all). */
const STATEMENT_BILLS = 6;
const STATEMENT_PAYMENTS = 5;

export function manageTenantActors(current: TurnOf) {
  return {
    findTenants: landlordMoneyActors(current).findTenants,
    loadTenant: fromPromise<TenantSummary, { tenancyId: string }>(async ({ input, system }) => {
      const turn = current(system);
      await ownTenancy(turn, input.tenancyId);
      const [tenancy, balance, payments] = await Promise.all([
        findTenancyById(turn.tx.orm, input.tenancyId),
        tenancyBalance(turn.tx.orm, input.tenancyId),
        listTenancyPayments(turn.tx, input.tenancyId, STATEMENT_PAYMENTS),
      ]);
      const t = tenancy!;
      return {
        name: t.name,
        unit: t.unit,
        phone: t.phone,
        rent: t.monthlyRent,
        dueDay: t.dueDay,
        due: balance.due,
        credit: balance.credit,
        endsOn: t.endsOn,
        bills: balance.bills.slice(-STATEMENT_BILLS).map((b) => ({ what: { en: billName(b, 'en'), sw: billName(b, 'sw') }, amount: b.amount, paid: b.paid })),
        payments: payments.map((p) => ({ day: { en: formatDate(new Date(p.at), 'en'), sw: formatDate(new Date(p.at), 'sw') }, amount: p.amount, receipt: p.receipt })),
      };
    }),
    saveChange: fromPromise<void, { tenancyId: string; change: TenantChange }>(async ({ input, system }) => {
      const turn = current(system);
      await ownTenancy(turn, input.tenancyId);
      const today = eatDay(new Date());
      const change = 'moveOut' in input.change ? { endsOn: today } : input.change;
      await updateTenancy(turn.tx.orm, input.tenancyId, change, today);
      await recordAudit(turn.tx.orm, { actor: auditActorOf(turn), action: 'moveOut' in input.change ? 'tenant.moved_out' : 'tenant.updated', entityType: 'tenancy', entityId: input.tenancyId, details: { by: turn.phone, change } });
    }),
  };
}
