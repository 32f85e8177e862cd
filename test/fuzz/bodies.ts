// Webhook bodies as a fuzzer makes them: valid shapes with their values swapped for the awkward ones
// (amounts like "1e9", "0x10", "100.50", times like "99999999999999", zero bytes, huge strings), shapes
// with fields missing or of the wrong type, arbitrary JSON, and bytes that are not JSON at all.
import fc from 'fast-check';

/** Amounts that are not whole shillings, or are but look odd, and a few good ones. */
export const AWKWARD_AMOUNTS: unknown[] = [
  '1e9', '1e10', '99999999999', 'Infinity', '-1', 'NaN', '0', '', 'abc', '100,000', '100.50', '0x10', '1e2', ' 100', '100 ',
  '00100', '100.00', '100.0', '100.001', '5.00', '10', 1.5, -3, 0, 1e21, Number.MAX_SAFE_INTEGER, null, true, [], {}, 150, '150',
];

const awkwardText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\uD800', '💸'.repeat(50), 'x'.repeat(5000), "'; drop table payments; --", '99999999999999', '20261301250000', '2026112712', '-1'),
);

/** Any JSON value, shallow. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(awkwardText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(...AWKWARD_AMOUNTS));

/** Replaces, removes or keeps each field of a valid body. */
function mutate(base: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(base);
  return fc.tuple(...keys.map(() => fc.oneof({ weight: 5, arbitrary: fc.constant('keep' as const) }, { weight: 1, arbitrary: fc.constant('drop' as const) }, { weight: 2, arbitrary: anyValue.map((v) => ({ v })) }))).map(
    (choices) => {
      const out: Record<string, unknown> = {};
      keys.forEach((key, i) => {
        const choice = choices[i];
        if (choice === 'keep') out[key] = base[key];
        else if (choice !== 'drop') out[key] = (choice as { v: unknown }).v;
      });
      return out;
    },
  );
}

export interface C2bTargets {
  shortCodes: string[];
  accounts: string[];
}

export function c2bBodies(targets: C2bTargets): fc.Arbitrary<unknown> {
  const valid = fc.record({
    TransactionType: fc.constantFrom('Pay Bill', 'Buy Goods'),
    TransID: fc.stringMatching(/^[A-Z0-9]{10}$/),
    TransTime: fc.oneof(fc.constant('20261127121325'), awkwardText),
    TransAmount: fc.oneof(fc.constantFrom(...AWKWARD_AMOUNTS), fc.integer({ min: 1, max: 100_000 }).map(String)),
    BusinessShortCode: fc.oneof(fc.constantFrom(...targets.shortCodes), fc.stringMatching(/^\d{5,7}$/)),
    BillRefNumber: fc.oneof(fc.constantFrom(...targets.accounts), awkwardText),
    InvoiceNumber: fc.constant(''),
    OrgAccountBalance: fc.constant(''),
    ThirdPartyTransID: fc.constant(''),
    MSISDN: fc.oneof(fc.constant('2547 ***** 126'), fc.stringMatching(/^2547\d{8}$/), awkwardText),
    FirstName: awkwardText,
  });
  return fc.oneof({ weight: 6, arbitrary: valid.chain((b) => mutate(b)) }, { weight: 1, arbitrary: fc.jsonValue() });
}

export function stkCallbackBodies(checkoutIds: string[]): fc.Arbitrary<unknown> {
  const item = (name: string, value: fc.Arbitrary<unknown>) => fc.oneof({ weight: 4, arbitrary: value.map((v) => ({ Name: name, Value: v })) }, { weight: 1, arbitrary: fc.constant({ Name: name }) });
  const items = fc.tuple(
    item('Amount', fc.oneof(fc.constantFrom(...AWKWARD_AMOUNTS), fc.integer({ min: 1, max: 50_000 }))),
    item('MpesaReceiptNumber', fc.oneof(fc.stringMatching(/^S[A-Z0-9]{9}$/), awkwardText)),
    item('TransactionDate', fc.oneof(fc.constant(20261127224100), fc.constant(99999999999999), awkwardText)),
    item('PhoneNumber', fc.oneof(fc.integer({ min: 254700000000, max: 254799999999 }), awkwardText)),
  );
  const callback = fc.record({
    MerchantRequestID: fc.oneof(fc.constant('29115-34620561-1'), awkwardText),
    CheckoutRequestID: fc.oneof(fc.constantFrom(...(checkoutIds.length ? checkoutIds : ['ws_CO_1'])), awkwardText),
    ResultCode: fc.oneof(fc.constantFrom(0, 1032, 1, 2001, 1037, '0', 'SFC_IC0003', 17), anyValue),
    ResultDesc: awkwardText,
    CallbackMetadata: fc.oneof(items.map((Item) => ({ Item })), anyValue),
  });
  const wrapped = callback.chain((cb) => mutate(cb)).map((stkCallback) => ({ Body: { stkCallback } }));
  return fc.oneof({ weight: 6, arbitrary: wrapped }, { weight: 1, arbitrary: fc.jsonValue() });
}

/** What is sent: JSON of a body, or now and then bytes that are not JSON at all. */
export function asPayload(bodies: fc.Arbitrary<unknown>): fc.Arbitrary<string | Buffer> {
  return fc.oneof(
    { weight: 8, arbitrary: bodies.map((b) => JSON.stringify(b) ?? 'null') },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
    { weight: 1, arbitrary: fc.constantFrom('{"Body":', '', '{"TransID":"X1\\u0000","TransAmount":"10"}', '\u0000\u0000') },
  );
}
