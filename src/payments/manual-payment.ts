// Cash or a bank transfer a tenant paid the landlord directly, recorded by the landlord (or a caretaker)
// in chat: it goes through the one settlement path (allocated oldest due first, receipt to the tenant
// saying the landlord recorded it), in the caller's transaction, and is audited with who recorded it.
import { randomUUID } from 'node:crypto';
import { recordAuditLater } from '../../db/queries/audit.js';
import { insertManualPayment } from '../../db/queries/settlement.js';
import type { Transaction } from '../../db/sql.js';
import { generatePaymentReference } from '../domain/references.js';
import type { Metrics } from '../metrics.js';
import { loadSettlement, settleSuccess } from './settlement.js';

export interface ManualPayment {
  landlordId: string;
  tenancyId: string;
  /** The tenant's phone: the receipt goes there. */
  phone: string;
  amount: number;
  /** A bank or cash-book reference, when the landlord gave one. */
  note: string | null;
  /** Who recorded it (`chat:whatsapp` …) and from which phone. */
  actor: string;
  by: string;
}

export async function recordManualPayment(tx: Transaction, metrics: Metrics, input: ManualPayment): Promise<string> {
  const id = randomUUID();
  const reference = generatePaymentReference();
  const [, settlement] = await Promise.all([
    insertManualPayment(tx, { id, landlordId: input.landlordId, tenancyId: input.tenancyId, amount: input.amount, phone: input.phone, reference, note: input.note }),
    loadSettlement(tx, { id }),
  ]);
  settleSuccess(tx, metrics, settlement!, { receipt: null, transactionDate: new Date(), resultDesc: 'Recorded by the landlord' });
  recordAuditLater(tx, { actor: input.actor, action: 'payment.recorded', entityType: 'payment', entityId: id, details: { by: input.by, amount: input.amount, tenancyId: input.tenancyId, note: input.note } });
  return reference;
}
