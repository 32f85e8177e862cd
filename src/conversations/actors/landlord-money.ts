// The landlord-money flows' actors: finding a tenant of this landlord, the PIN, and the two writes, each
// in the turn's transaction: a one-off charge (the bill, credit applied, the tenant's notice, audit) and
// cash or bank money recorded (settled through the one settlement path, receipt to the tenant, audit).
import { fromPromise } from 'xstate';
import { findTenantsOf, isTenancyOf } from '../../../db/queries/tenancies.js';
import { listSuspenseItems } from '../../../db/queries/payments.js';
import type { ChargeKind, MoneyMode, MoneyStart, TenantMatch } from '../../../flows/landlord-money.machine.js';
import { assignSuspenseIn } from '../../payments/c2b.js';
import type { PinCheck } from '../../../flows/landlord-setup.machine.js';
import { addBillIn } from '../../billing/bill-changes.js';
import { eatDay } from '../../domain/calendar.js';
import { recordManualPayment } from '../../payments/manual-payment.js';
import type { Turn, TurnOf } from '../turn.js';
import { checkOfficePin } from './landlord-pin.js';
import { auditActorOf, landlordOnly, officeOf } from './office.js';

export function landlordMoneyActors(current: TurnOf) {
  return {
    loadStart: fromPromise<MoneyStart, { phone: string; mode: MoneyMode }>(async ({ input, system }) => {
      const turn = current(system);
      const hasPin = turn.profile.landlord?.hasPin ?? false;
      // Unmatched money is the landlord's alone: a caretaker never assigns it.
      const items = input.mode === 'assign' && hasPin ? await listSuspenseItems(turn.tx, landlordOnly(turn).landlordId, SUSPENSE_SHOWN) : [];
      return { hasPin, items, caretaker: officeOf(turn).caretaker !== null };
    }),
    findTenants: fromPromise<TenantMatch[], { query: string }>(async ({ input, system }) => {
      const turn = current(system);
      const found = await findTenantsOf(turn.tx, officeOf(turn), input.query);
      return found.map(({ id, name, unit, property }) => ({ id, name, unit, property }));
    }),
    verifyPin: fromPromise<PinCheck, { phone: string; pin: string; hash: string | null }>(async ({ input, system }) => checkOfficePin(current(system), input.pin)),
    saveCharge: fromPromise<void, { tenancyId: string; kind: ChargeKind; label: string | null; amount: number }>(async ({ input, system }) => {
      const turn = current(system);
      await ownTenancy(turn, input.tenancyId);
      const today = eatDay(new Date());
      const notices = { clock: () => new Date(), quietHours: turn.settings.quietHours, ussdCode: turn.settings.ussdCode };
      await addBillIn(turn.tx, notices, input.tenancyId, { kind: input.kind, label: input.label, amount: input.amount, period: today.slice(0, 7), dueDate: today }, actorOf(turn));
    }),
    assignPayment: fromPromise<void, { paymentId: string; tenancyId: string }>(async ({ input, system }) => {
      const turn = current(system);
      landlordOnly(turn);
      await ownTenancy(turn, input.tenancyId);
      // assignSuspenseIn checks the payment is this landlord's and still in suspense.
      await assignSuspenseIn(turn.tx, turn.metrics, input.paymentId, input.tenancyId, actorOf(turn));
    }),
    recordCash: fromPromise<string, { tenancyId: string; amount: number; note: string | null }>(async ({ input, system }) => {
      const turn = current(system);
      const tenancy = await ownTenancy(turn, input.tenancyId);
      return recordManualPayment(turn.tx, turn.metrics, {
        landlordId: officeOf(turn).landlordId,
        tenancyId: input.tenancyId,
        phone: tenancy.phone,
        amount: input.amount,
        note: input.note,
        actor: actorOf(turn),
        by: turn.phone,
      });
    }),
  };
}

const actorOf = auditActorOf;

/** The newest unmatched payments shown in chat; older ones stay in the admin API's list. */
const SUSPENSE_SHOWN = 8;

/** The tenancy must be in this office's scope: the id came from its own search, but a write checks again. */
export async function ownTenancy(turn: Turn, tenancyId: string) {
  const tenancy = await isTenancyOf(turn.tx, officeOf(turn), tenancyId);
  if (!tenancy) throw new Error('not this landlord’s tenancy');
  return tenancy;
}
