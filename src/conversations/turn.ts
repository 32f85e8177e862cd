// One conversation turn as the flows' actors see it: the transaction that holds the conversation's
// lock, what was loaded about the person in the turn's first round trip, and what the turn queued that
// the caller must act on after the commit.
import type { AnyActorRef } from 'xstate';
import type { Transaction } from '../../db/sql.js';
import type { Channel } from '../domain/types.js';
import type { Role } from '../../flows/types.js';
import type { Metrics } from '../metrics.js';
import type { LinkSettings } from '../reports/month-file.js';
import type { TurnProfile } from './profile.js';

/** What messages written in a turn need: the USSD code and WhatsApp number they name, the quiet hours notices wait out. */
export interface TurnSettings {
  ussdCode: string | undefined;
  whatsappNumber: string | undefined;
  quietHours: { from: number; to: number } | null;
  /** An unknown number may register as a landlord by chat (SIGNUP_DISABLED=1 turns it off). */
  signupOpen: boolean;
  /** What signed links (the month's CSV) are made with; without it no file is offered. */
  links?: LinkSettings | undefined;
}

export interface Turn {
  /** Reads here cost a round trip each (batch them); writes whose result is not needed go with `later`. */
  tx: Transaction;
  /** The person writing, as the turn's first round trip found them. */
  phone: string;
  profile: TurnProfile;
  channel: Channel;
  /** The largest amount one STK Push may ask for. */
  maxAmount: number;
  /** Seconds between the reply and an STK Push (USSD: the session must have ended). */
  pushDelaySeconds: number;
  /** Set when an STK Push was queued: the caller kicks the outbox once the transaction has committed. */
  pushQueued: boolean;
  /** The role a landlord who is also a tenant chose for this conversation. */
  as: Role | undefined;
  settings: TurnSettings;
  /** Settlements count their outcomes here (a landlord recording cash). */
  metrics: Metrics;
}

/**
 * How an actor finds the turn it runs in: from the actor system it was invoked in (the `system` an
 * actor's logic is given), registered when the turn started the machine (src/conversations/machines.ts).
 */
export type TurnOf = (system: AnyActorRef['system']) => Turn;
