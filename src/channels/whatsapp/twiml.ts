// The TwiML a WhatsApp turn answers with: one <Message>, or an empty <Response/>. Written here rather
// than with the twilio SDK's MessagingResponse, which builds an XML document through xmlbuilder for
// these two fixed shapes: 2-3 % of the app's CPU per WhatsApp turn (bench/README.md, eighth session).
// The output is byte for byte the SDK's (test/webhooks/twiml.test.ts compares them), with one
// difference: a character XML 1.0 does not allow (a control character, a lone surrogate) is dropped,
// where the SDK throws and the webhook would answer 500.
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const EMPTY = `${DECLARATION}<Response/>`;
// Tab, newline and carriage return, and the characters from space up, less the surrogates (a pair is
// one code point above U+FFFF, allowed) and U+FFFE/U+FFFF.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const escapeText = (text: string) => text.replace(NOT_XML, '').replace(/[&<>\r]/g, (c) => ESCAPES[c]!);

/** The TwiML answer to a WhatsApp message: `text` as one message, or no message when it is empty. */
export function twimlMessage(text: string | undefined): string {
  return text ? `${DECLARATION}<Response><Message>${escapeText(text)}</Message></Response>` : EMPTY;
}
