// Addressing the billing cycle's messages from the rows its queries return: the reader's channel and
// language (src/outbox/queue-message.ts), "how to pay" for their landlord, and the hour they may go.
import type { ContactForNotice, PayoutForNotice } from '../../db/queries/billing.js';
import type { NewOutboxMessage } from '../../db/queries/outbox.js';
import type { Channel } from '../domain/types.js';
import type { PayInfo } from '../messages/billing-messages.js';
import { addressMessages, type QueueMessageInput } from '../outbox/queue-message.js';
import { notBeforeQuietHours } from '../domain/calendar.js';
import type { NoticeSettings } from './deps.js';

export interface Reader {
  phone: string;
  accountNumber: string;
  payout: PayoutForNotice | null;
  contact: ContactForNotice | null;
}

/** Every way this tenant can pay: WhatsApp when they use it, the USSD code, the landlord's shortcode. */
export function payInfoFor(reader: Reader, ussdCode: string | undefined): PayInfo {
  const usesWhatsApp = (reader.contact?.lastChannel ?? reader.contact?.preferredChannel) === 'whatsapp';
  const p = reader.payout?.active ? reader.payout : null;
  return {
    whatsapp: usesWhatsApp,
    ussdCode,
    payout: p && { type: p.type, shortCode: p.type === 'till' ? (p.till ?? p.shortCode) : p.shortCode, accountNumber: reader.accountNumber },
  };
}

/**
 * The messages on each reader's channel, in their language, held until the quiet hours end; bulk unless
 * told otherwise (one bill added by hand is not).
 */
export function addressNotices(deps: NoticeSettings, readers: Reader[], messages: QueueMessageInput[], bulk = true): NewOutboxMessage[] {
  const now = deps.clock();
  const runAt = notBeforeQuietHours(now, deps.quietHours);
  const contacts = readers.map((r) => ({
    phone: r.phone,
    language: r.contact?.language ?? null,
    lastChannel: (r.contact?.lastChannel ?? null) as Channel | null,
    preferredChannel: (r.contact?.preferredChannel ?? null) as Channel | null,
    lastInboundAt: r.contact?.lastInboundAt ? new Date(r.contact.lastInboundAt) : null,
  }));
  // Bulk: a month's notices for many tenants go out at a bounded rate, behind receipts and chat replies.
  return addressMessages(
    messages.map((m) => ({ ...m, runAt: m.runAt ?? (runAt > now ? runAt : undefined) })),
    contacts,
    now,
  ).map((m) => ({ ...m, bulk }));
}
