// The hand-written TwiML of a WhatsApp answer (src/channels/whatsapp/twiml.ts) against the twilio SDK's
// MessagingResponse, which it replaces on the hot path: the same bytes for every text the SDK accepts.
import MessagingResponse from 'twilio/lib/twiml/MessagingResponse.js';
import { describe, expect, it } from 'vitest';
import { twimlMessage } from '../../src/channels/whatsapp/twiml.js';
import { chat } from '../../src/messages/chat-messages.js';

function sdkTwiml(text: string | undefined): string {
  const response = new MessagingResponse();
  if (text) response.message(text);
  return response.toString();
}

/** The chat's texts in both languages: the fixed ones, and those made from a name (called with one that needs escaping). */
function chatTexts(): string[] {
  const texts: string[] = [];
  for (const entry of Object.values(chat) as unknown[]) {
    let value = entry;
    if (typeof entry === 'function') {
      try {
        value = (entry as (name: string) => unknown)('Otieno & Sons <Ltd>');
      } catch {
        continue; // a text made from other arguments
      }
    }
    if (value && typeof value === 'object') for (const t of Object.values(value)) if (typeof t === 'string') texts.push(t);
  }
  return texts;
}

describe('WhatsApp TwiML', () => {
  it('is the SDK\'s TwiML byte for byte', () => {
    const texts = [
      '',
      'Hi',
      'a & b <c> "quoted" \'single\' > end',
      'lines\r\nwith CR\nand tabs\there',
      'emoji 😀 and Kiswahili: Habari, karibu! ✅',
      '&amp; already escaped stays literal',
      ']]> and <![CDATA[',
      'x'.repeat(1600),
      ...chatTexts(),
    ];
    expect(texts.length).toBeGreaterThan(40);
    for (const text of texts) expect(twimlMessage(text), JSON.stringify(text)).toBe(sdkTwiml(text));
    expect(twimlMessage(undefined)).toBe(sdkTwiml(undefined));
  });

  it('drops characters XML does not allow, where the SDK throws', () => {
    for (const [text, kept] of [
      ['x\u0001y', 'xy'],
      ['bell\u0007 and nul\u0000', 'bell and nul'],
      ['lone \uD800 surrogate', 'lone  surrogate'],
      ['not a character \uFFFE\uFFFF', 'not a character '],
    ] as const) {
      expect(() => sdkTwiml(text)).toThrow(/Invalid character/);
      expect(twimlMessage(text)).toBe(sdkTwiml(kept));
    }
  });
});
