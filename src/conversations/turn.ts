// One conversation turn as the flows' actors see it: the transaction that holds the conversation's
// lock, the channel, and what the turn queued that the caller must act on after the commit.
import type { Db } from '../../db/client.js';
import type { Channel } from '../domain/types.js';

export interface Turn {
  /** Every read and write of the turn happens here (PGlite serializes transactions: a second connection would wait on us). */
  tx: Db;
  channel: Channel;
  /** The largest amount one STK Push may ask for. */
  maxAmount: number;
  /** Seconds between the reply and an STK Push (USSD: the session must have ended). */
  pushDelaySeconds: number;
  /** Set when an STK Push was queued: the caller kicks the outbox once the transaction has committed. */
  pushQueued: boolean;
}
