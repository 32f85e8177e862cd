// Which Daraja app, passkey and destination a landlord's money goes through (DESIGN.md decision 7):
// the landlord's own credentials when they gave them, the platform's otherwise.
import type { PayoutConfig } from '../../db/queries/payouts.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { DarajaCredentials, StkDestination } from '../daraja/daraja-client.js';

export interface ResolvedPayout {
  credentials: DarajaCredentials;
  destination: StkDestination;
  /** PartyB as Daraja sees it: the paybill, or the till. */
  partyB: string;
}

export function credentialsFor(payout: PayoutConfig, platform: DarajaCredentials, secretBox: SecretBox): DarajaCredentials {
  if (payout.consumerKeyEnc && payout.consumerSecretEnc && payout.passkeyEnc) {
    return {
      consumerKey: secretBox.open(payout.consumerKeyEnc),
      consumerSecret: secretBox.open(payout.consumerSecretEnc),
      passkey: secretBox.open(payout.passkeyEnc),
    };
  }
  return platform;
}

export function resolvePayout(payout: PayoutConfig, platform: DarajaCredentials, secretBox: SecretBox): ResolvedPayout {
  const credentials = credentialsFor(payout, platform, secretBox);
  if (payout.businessType === 'till') {
    const tillNumber = payout.tillNumber ?? payout.businessShortCode;
    return { credentials, destination: { businessType: 'till', businessShortCode: payout.businessShortCode, tillNumber }, partyB: tillNumber };
  }
  return { credentials, destination: { businessType: 'paybill', businessShortCode: payout.businessShortCode }, partyB: payout.businessShortCode };
}
