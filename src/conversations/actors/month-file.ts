// The month-file flow's actor: a signed link to this month's CSV for the writer's scope, sent to them in
// its own message on the channel they wrote on (WhatsApp attaches the file; SMS carries the link).
import { fromPromise } from 'xstate';
import { findPayoutConfig } from '../../../db/queries/payouts.js';
import { eatDay, periodOf } from '../../domain/calendar.js';
import { reportTexts } from '../../messages/report-messages.js';
import { queueMessage } from '../../outbox/queue-message.js';
import { MONTH_FILE_HOURS, monthFileUrl } from '../../reports/month-file.js';
import type { Turn, TurnOf } from '../turn.js';
import { officeOf } from './office.js';

export function monthFileActors(current: TurnOf) {
  return {
    sendMonthFile: fromPromise<string, { phone: string }>(async ({ system }) => {
      const turn = current(system);
      const links = turn.settings.links;
      if (!links || turn.channel === 'ussd') throw new Error('no file link on this channel');
      const office = officeOf(turn);
      const period = periodOf(eatDay(new Date()));
      const url = monthFileUrl(links, { landlordId: office.landlordId, propertyId: office.propertyId, period });
      const payout = await findPayoutConfig(turn.tx.orm, office.landlordId);
      const business = office.caretaker?.property ?? payout?.businessName ?? office.landlordName;
      await queueMessage(turn.tx.orm, {
        to: turn.phone,
        channel: turn.channel,
        text: reportTexts.fileMessage(period, business, url, MONTH_FILE_HOURS),
        // WhatsApp shows it as a document; SMS cannot carry a file and has the link in its text.
        ...(turn.channel === 'whatsapp' ? { mediaUrl: url } : {}),
        idempotencyKey: `month-file:${turn.phone}:${Date.now()}`,
      });
      return period;
    }),
  };
}
