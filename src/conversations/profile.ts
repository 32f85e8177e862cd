// What a turn knows about the person writing, loaded in its first round trip (db/queries/turns.ts), in
// the terms the flows use: who they are, what each of their tenancies owes, and what is in flight.
import type { PersonProfile, ProfileTenancy } from '../../db/queries/turns.js';
import type { Person, Role } from '../../flows/types.js';

export interface TenancyView extends ProfileTenancy {
  /** What is owed over all open bills. */
  due: number;
  /** Paid but not allocated to any bill. */
  credit: number;
  /** The months of the bills still owing. */
  periodsOwing: string[];
}

export interface TurnProfile {
  landlord: PersonProfile['landlord'];
  pastLandlord: PersonProfile['pastLandlord'];
  tenancies: TenancyView[];
  openPayment: PersonProfile['openPayment'];
  /** The amount a push queued for this phone will ask for, when one is queued. */
  queuedPushAmount: number | null;
  recentPushes: number;
}

export function viewProfile(profile: PersonProfile, queuedPushAmount: (payload: unknown) => number): TurnProfile {
  return {
    ...profile,
    tenancies: profile.tenancies.map(viewTenancy),
    queuedPushAmount: profile.queuedPush ? queuedPushAmount(profile.queuedPush) : null,
  };
}

function viewTenancy(t: ProfileTenancy): TenancyView {
  const allocated = t.bills.reduce((sum, b) => sum + Number(b.paid), 0);
  const owing = t.bills.filter((b) => b.amount > Number(b.paid));
  return {
    ...t,
    due: owing.reduce((sum, b) => sum + b.amount - Number(b.paid), 0),
    credit: Math.max(0, Number(t.paidTotal) - allocated),
    periodsOwing: [...new Set(owing.map((b) => b.period))],
  };
}

/**
 * Who is writing, as the main menu needs it. A landlord who is also a tenant is asked which they are
 * writing as, unless the conversation already chose (`as`).
 */
export function personFrom(profile: TurnProfile, maxAmount: number, as?: Role, signupOpen = true): Person {
  const accounts = profile.tenancies;
  const both = profile.landlord !== null && accounts.length > 0;
  const caretaker = profile.landlord?.caretaker;
  // A caretaker writes in their own name, for the landlord who added them.
  const name = caretaker?.name ?? profile.landlord?.name ?? '';
  if (profile.landlord && (!both || as === 'landlord')) {
    return {
      role: 'landlord',
      name,
      ...(both ? { alsoTenant: true } : {}),
      ...(caretaker ? { caretakerFor: { landlord: profile.landlord.name, property: caretaker.property } } : {}),
    };
  }
  if (both && as === undefined) return { role: 'both', name };
  if (accounts.length === 0) return { role: 'unknown', signupOpen, pastLandlord: profile.pastLandlord ?? null };
  const owing = accounts.filter((a) => a.due > 0);
  // The quick "Pay KES X now" option only when one tenancy owes: otherwise the tenant picks the unit.
  const single = owing.length === 1 ? owing[0]! : undefined;
  return {
    role: 'tenant',
    name: accounts[0]!.name.split(' ')[0] || accounts[0]!.name,
    quickPay: single ? { amount: Math.min(single.due, maxAmount), unit: single.unit, periods: single.periodsOwing } : null,
    due: accounts.reduce((sum, a) => sum + a.due, 0),
    credit: accounts.reduce((sum, a) => sum + a.credit, 0),
    ...(both ? { alsoLandlord: true } : {}),
  };
}
