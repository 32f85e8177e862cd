// Driving a flow machine in a test: events in, the reply rendered as chat text or a USSD screen out.
// The runtime's actors are replaced by plain functions (the flows name them; they never touch SQL).
import { createActor, waitFor, type AnyStateMachine } from 'xstate';
import { expect } from 'vitest';
import type { Reply } from '../../flows/reply.js';
import type { FlowInput } from '../../flows/types.js';
import { renderChatText, renderUssdScreen } from '../../src/rendering/render.js';

export const base: FlowInput = { phone: '254712345678', channel: 'whatsapp', language: 'en', maxAmount: 250_000 };

export async function run(machine: AnyStateMachine, input: object) {
  const actor = createActor(machine, { input }).start();
  const settle = () => waitFor(actor, (s) => s.status !== 'active' || !s.hasTag('busy'));
  await settle();
  return {
    actor,
    async send(text: string) {
      actor.send({ type: 'INPUT', text });
      await settle();
    },
    text: (language: 'en' | 'sw' = 'en') => renderChatText(actor.getSnapshot().context.reply as Reply, language),
    /** The USSD screen, which must never have cut one of its choices to fit. */
    ussd: (language: 'en' | 'sw' = 'en') => {
      const screen = renderUssdScreen(actor.getSnapshot().context.reply as Reply, language);
      expect(screen.cut).not.toBe('options');
      return screen.text;
    },
    state: () => actor.getSnapshot().value,
    output: () => actor.getSnapshot().output,
  };
}

