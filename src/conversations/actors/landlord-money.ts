// The landlord-money flows' actors: finding a tenant of this landlord, the PIN, and the two writes, each
// in the turn's transaction: a one-off charge (the bill, credit applied, the tenant's notice, audit) and
// cash or bank money recorded (settled through the one settlement path, receipt to the tenant, audit).
import { fromPromise } from 'xstate';
import { findLandlordByPhone } from '../../../db/queries/landlords.js';
import { findTenantsOf, isTenancyOf } from '../../../db/queries/tenancies.js';
import { listSuspenseItems } from '../../../db/queries/payments.js';
import type { ChargeKind, MoneyMode, SuspenseItem, TenantMatch } from '../../../flows/landlord-money.machine.js';
import { assignSuspenseIn } from '../../payments/c2b.js';
import type { PinCheck } from '../../../flows/landlord-setup.machine.js';
import { addBillIn } from '../../billing/bill-changes.js';
import { eatDay } from '../../domain/calendar.js';
import { recordManualPayment } from '../../payments/manual-payment.js';
import type { Turn } from '../turn.js';
import { checkLandlordPin } from './landlord-pin.js';

export function landlordMoneyActors(current: () => Turn) {
  return {
    loadStart: fromPromise<{ hasPin: boolean; items: SuspenseItem[] }, { phone: string; mode: MoneyMode }>(async ({ input }) => {
      const turn = current();
      const landlord = landlordOf(turn);
      const items = input.mode === 'assign' && landlord.hasPin ? await listSuspenseItems(turn.tx, landlord.id, SUSPENSE_SHOWN) : [];
      return { hasPin: landlord.hasPin, items };
    }),
    findTenants: fromPromise<TenantMatch[], { query: string }>(async ({ input }) => {
      const turn = current();
      const found = await findTenantsOf(turn.tx, landlordOf(turn).id, input.query);
      return found.map(({ id, name, unit, property }) => ({ id, name, unit, property }));
    }),
    verifyPin: fromPromise<PinCheck, { phone: string; pin: string; hash: string | null }>(async ({ input }) => {
      const turn = current();
      const landlord = await findLandlordByPhone(turn.tx.orm, input.phone);
      if (!landlord) throw new Error('only a landlord has a PIN');
      return checkLandlordPin(turn, landlord, input.pin);
    }),
    saveCharge: fromPromise<void, { tenancyId: string; kind: ChargeKind; label: string | null; amount: number }>(async ({ input }) => {
      const turn = current();
      await ownTenancy(turn, input.tenancyId);
      const today = eatDay(new Date());
      const notices = { clock: () => new Date(), quietHours: turn.settings.quietHours, ussdCode: turn.settings.ussdCode };
      await addBillIn(turn.tx, notices, input.tenancyId, { kind: input.kind, label: input.label, amount: input.amount, period: today.slice(0, 7), dueDate: today }, actorOf(turn));
    }),
    assignPayment: fromPromise<void, { paymentId: string; tenancyId: string }>(async ({ input }) => {
      const turn = current();
      await ownTenancy(turn, input.tenancyId);
      // assignSuspenseIn checks the payment is this landlord's and still in suspense.
      await assignSuspenseIn(turn.tx, turn.metrics, input.paymentId, input.tenancyId, actorOf(turn));
    }),
    recordCash: fromPromise<string, { tenancyId: string; amount: number; note: string | null }>(async ({ input }) => {
      const turn = current();
      const tenancy = await ownTenancy(turn, input.tenancyId);
      return recordManualPayment(turn.tx, turn.metrics, {
        landlordId: landlordOf(turn).id,
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

const actorOf = (turn: Turn) => `chat:${turn.channel}`;

/** The newest unmatched payments shown in chat; older ones stay in the admin API's list. */
const SUSPENSE_SHOWN = 8;

function landlordOf(turn: Turn) {
  if (!turn.profile.landlord) throw new Error('only a landlord moves money by chat');
  return turn.profile.landlord;
}

/** The tenancy must be this landlord's: the id came from their own search, but a write checks again. */
async function ownTenancy(turn: Turn, tenancyId: string) {
  const tenancy = await isTenancyOf(turn.tx, landlordOf(turn).id, tenancyId);
  if (!tenancy) throw new Error('not this landlord’s tenancy');
  return tenancy;
}
