// Demo data for `npm start` in simulator mode, created once: a landlord whose paybill is configured
// and active, one tenant, one open bill for this month. Re-running finds the landlord and does nothing.
import type { Db } from '../../db/client.js';
import { createBill } from '../../db/queries/bills.js';
import { setContactLanguage } from '../../db/queries/contacts.js';
import { createLandlord, findLandlordByPhone } from '../../db/queries/landlords.js';
import { findPayoutConfig, savePayoutConfig } from '../../db/queries/payouts.js';
import { createTenancy, findActiveTenanciesByPhone } from '../../db/queries/tenancies.js';
import { currentPeriod } from '../domain/periods.js';
import { tenancyBalance } from '../payments/ledger.js';

export const DEMO = {
  landlord: { name: 'Wanjiku Mwangi', phone: '254722000000', paybill: '600100', businessName: 'Wanjiku Properties' },
  tenant: { name: 'Otieno Kamau', phone: '254712345678', unit: 'A1', property: 'Sunrise Court', monthlyRent: 15_000 },
} as const;

/** The demo as it stands now (read at every start: a payout changed or bills paid since show as they are). */
export interface DemoData {
  created: boolean;
  landlordId: string;
  tenancyId: string;
  accountNumber: string;
  payout: { type: 'paybill' | 'till'; shortCode: string; active: boolean } | null;
  openBills: number;
  due: number;
}

export async function seedDemo(db: Db): Promise<DemoData> {
  const seeded = await db.transaction(async (tx) => {
    const existing = await findLandlordByPhone(tx, DEMO.landlord.phone);
    if (existing) {
      const [tenancy] = await findActiveTenanciesByPhone(tx, DEMO.tenant.phone);
      return { created: false, landlordId: existing.id, tenancyId: tenancy?.id ?? '', accountNumber: tenancy?.accountNumber ?? '' };
    }
    const landlord = await createLandlord(tx, { name: DEMO.landlord.name, phone: DEMO.landlord.phone });
    await savePayoutConfig(tx, landlord.id, {
      businessType: 'paybill',
      businessShortCode: DEMO.landlord.paybill,
      // No bank account behind this paybill: AccountReference carries the unit, so the landlord sees who paid.
      accountNumber: null,
      tillNumber: null,
      businessName: DEMO.landlord.businessName,
      isActive: true,
    });
    const tenancy = await createTenancy(tx, { landlordId: landlord.id, ...DEMO.tenant });
    await createBill(tx, { tenancyId: tenancy.id, period: currentPeriod(), amount: DEMO.tenant.monthlyRent });
    await setContactLanguage(tx, DEMO.tenant.phone, 'en');
    await setContactLanguage(tx, DEMO.landlord.phone, 'en');
    return { created: true, landlordId: landlord.id, tenancyId: tenancy.id, accountNumber: tenancy.accountNumber };
  });
  const [payout, balance] = await Promise.all([findPayoutConfig(db, seeded.landlordId), seeded.tenancyId ? tenancyBalance(db, seeded.tenancyId) : undefined]);
  return {
    ...seeded,
    payout: payout ? { type: payout.businessType, shortCode: payout.tillNumber ?? payout.businessShortCode, active: payout.isActive } : null,
    openBills: balance?.bills.filter((b) => b.balance > 0).length ?? 0,
    due: balance?.due ?? 0,
  };
}
