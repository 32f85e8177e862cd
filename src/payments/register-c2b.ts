// Registers a landlord's C2B URLs with Daraja, so money paid from the M-Pesa menu to their paybill or
// till reaches /api/daraja/c2b/{validation,confirmation}. Through the landlord's own Daraja app when they
// gave one, the platform's otherwise. One-time in production: a change is made in the M-PESA portal first.
import { recordAudit } from '../../db/queries/audit.js';
import { findPayoutConfig } from '../../db/queries/payouts.js';
import type { PaymentsDeps } from './deps.js';
import { credentialsFor } from './payout.js';
import { PaymentError } from './payment-error.js';

export interface C2bRegistration {
  shortCode: string;
  responseType: 'Completed' | 'Cancelled';
  confirmationUrl: string;
  validationUrl: string;
  description: string;
}

/**
 * `responseType` is what M-Pesa does when our validation URL cannot be reached: Completed (the default)
 * takes the money anyway, and the confirmation still arrives; Cancelled refuses the payment.
 */
export async function registerC2bUrls(deps: PaymentsDeps, landlordId: string, responseType: 'Completed' | 'Cancelled', actor: string): Promise<C2bRegistration> {
  const payout = await findPayoutConfig(deps.db, landlordId);
  if (!payout) throw new PaymentError('payout_not_configured', 'the landlord has no paybill or till yet');
  // A till's payments are notified under the till number; a paybill's under the paybill.
  const shortCode = payout.businessType === 'till' ? (payout.tillNumber ?? payout.businessShortCode) : payout.businessShortCode;
  const urls = { confirmationUrl: `${deps.settings.c2bBaseUrl}/confirmation`, validationUrl: `${deps.settings.c2bBaseUrl}/validation` };
  const { description } = await deps.daraja.registerC2bUrls({ credentials: credentialsFor(payout, deps.settings.platformCredentials, deps.secretBox), shortCode, responseType, ...urls });
  await recordAudit(deps.db, { actor, action: 'payout.c2b_registered', entityType: 'landlord', entityId: landlordId, details: { shortCode, responseType, ...urls } });
  return { shortCode, responseType, ...urls, description };
}
