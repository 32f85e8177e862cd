// What every chat webhook shares: the answer when something goes wrong, kicking the outbox.
import { isDatabaseUnavailable } from '../../db/availability.js';
import type { Channel } from '../domain/types.js';
import type { ConversationRuntime, InboundMessage, TurnResult } from '../conversations/runtime.js';
import type { Logger } from '../log.js';
import { chat } from '../messages/chat-messages.js';
import type { Metrics } from '../metrics.js';
import type { OutboxWorker } from '../outbox/worker.js';

export interface ChannelDeps {
  runtime: ConversationRuntime;
  outbox: OutboxWorker;
  logger: Logger;
  metrics: Metrics;
}

/**
 * Runs one turn. A failure (a stuck machine, the database away) never becomes a 500 to the provider:
 * the person gets "please try again" and the turn is rolled back.
 */
export interface TurnAnswer extends TurnResult {
  /** The database was away: nothing happened (the SMS route answers 503 so the provider may retry). */
  databaseUnavailable: boolean;
}

export async function runTurn(deps: ChannelDeps, route: Channel, message: InboundMessage): Promise<TurnAnswer> {
  const started = performance.now();
  try {
    const result = await deps.runtime.handle(message);
    if (result.pushQueued || message.channel === 'sms') deps.outbox.kick();
    return { ...result, databaseUnavailable: false };
  } catch (error) {
    const databaseUnavailable = isDatabaseUnavailable(error);
    if (databaseUnavailable) deps.logger.warn({ channel: message.channel }, 'conversation turn refused: the database is not answering');
    else deps.logger.error({ err: error, channel: message.channel }, 'conversation turn failed');
    deps.metrics.turns.inc({ flow: 'unknown', outcome: databaseUnavailable ? 'database_unavailable' : 'failed' });
    // The person's language is not known here (the turn rolled back): say it in both.
    const text = message.channel === 'ussd' ? `${chat.busy.short!.en} / ${chat.busy.short!.sw}` : `${chat.busy.en}\n${chat.busy.sw}`;
    return { text, end: true, pushQueued: false, databaseUnavailable };
  } finally {
    deps.metrics.webhookSeconds.observe({ route }, (performance.now() - started) / 1000);
  }
}
