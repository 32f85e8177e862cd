// Who is writing: a landlord, a tenant (with what they owe, for the menu's quick payment), or nobody
// we know. The main menu is built from it.
import { findLandlordByPhone } from '../../db/queries/landlords.js';
import { findActiveTenanciesByPhone } from '../../db/queries/tenancies.js';
import type { Person } from '../../flows/types.js';
import { tenancyBalance } from '../payments/ledger.js';
import type { Turn } from './turn.js';

export async function whoIsWriting(turn: Turn, phone: string): Promise<Person> {
  // Both asked at once: postgres.js pipelines them, one round trip instead of two.
  const [landlord, accounts] = await Promise.all([findLandlordByPhone(turn.tx, phone), findActiveTenanciesByPhone(turn.tx, phone)]);
  if (landlord) return { role: 'landlord', name: landlord.name };
  if (accounts.length === 0) return { role: 'unknown' };
  const balances = await Promise.all(accounts.map(async (tenancy) => ({ tenancy, balance: await tenancyBalance(turn.tx, tenancy.id) })));
  const owing = balances.filter((b) => b.balance.due > 0);
  // The quick "Pay KES X now" option only when one tenancy owes: otherwise the tenant picks the unit.
  const single = owing.length === 1 ? owing[0]! : undefined;
  return {
    role: 'tenant',
    name: accounts[0]!.name.split(' ')[0] || accounts[0]!.name,
    quickPay: single
      ? {
          amount: Math.min(single.balance.due, turn.maxAmount),
          unit: single.tenancy.unit,
          periods: single.balance.bills.filter((b) => b.balance > 0).map((b) => b.period),
        }
      : null,
    due: balances.reduce((sum, b) => sum + b.balance.due, 0),
    credit: balances.reduce((sum, b) => sum + b.balance.credit, 0),
  };
}
