// Shapes shared by the flows and the conversation runtime that drives them.
import type { Channel, Language } from '../src/domain/types.js';
import type { Reply } from './reply.js';

/** Every flow takes text in, one message or USSD input at a time. */
export type FlowEvent = { type: 'INPUT'; text: string; first?: boolean };

/** The conversation areas; each is one machine in flows/. */
export type Area = 'menu' | 'payRent' | 'status' | 'setup' | 'language' | 'addTenant' | 'charge' | 'cash' | 'assign' | 'signup' | 'manageTenant' | 'caretakers' | 'caretakerPin' | 'monthFile';

/** What a flow hands back when it ends: where to go next, and what to say first. */
export interface FlowOutput {
  /** 'end' closes the conversation (USSD END); an area starts that area's machine. */
  next: Area | 'end';
  reply?: Reply | undefined;
  /** The pay-rent flow may be entered at its confirmation step from the menu's quick option. */
  quickPay?: boolean;
  /** Set by the language flow. */
  language?: Language;
  /** Set by the menu when a person with two roles chose one: the conversation acts as that role. */
  as?: Role;
}

/** The roles a phone can act in (a small landlord often rents too). */
export type Role = 'tenant' | 'landlord';

export interface FlowInput {
  phone: string;
  channel: Channel;
  language: Language;
  /** The largest amount one STK Push may ask for (MPESA_MAX_AMOUNT). */
  maxAmount: number;
}

/** Who is writing, as the menu needs to know it. */
export type Person =
  | { role: 'tenant'; name: string; quickPay: { amount: number; unit: string; periods: string[] } | null; due: number; credit: number; alsoLandlord?: boolean }
  | { role: 'landlord'; name: string; alsoTenant?: boolean; caretakerFor?: { landlord: string; property: string | null } }
  /** A landlord who is also a tenant, before choosing which they are writing as. */
  | { role: 'both'; name: string }
  /** A number RentEase does not know: it may register as a landlord (unless sign-up is off); a tenant is told whom to ask. */
  | { role: 'unknown'; signupOpen: boolean; pastLandlord: { name: string; phone: string } | null };

/** The conversation ends with this reply (USSD answers END). */
export const endWith = (r: Reply): FlowOutput => ({ next: 'end', reply: { ...r, end: true } });

/** Back to the main menu, saying `first` before it (or nothing). */
export const toMenu = (first?: Reply): FlowOutput => (first ? { next: 'menu', reply: first } : { next: 'menu' });

/** A placeholder for an actor the conversation runtime provides (src/conversations/actors/). */
export function providedByRuntime(name: string): () => Promise<never> {
  return async () => {
    throw new Error(`${name} is provided by the conversation runtime`);
  };
}
