// zod schemas of Daraja's wire format (reference/daraja.md). Field names here never leave src/daraja/.
import { z } from 'zod';

/**
 * A string as Daraja sends it. Daraja never sends a zero byte, and PostgreSQL text cannot hold one: a
 * body that carries one is malformed (it is still stored raw, as bytes).
 */
const wire = z
  .string()
  .max(1000)
  .refine((value) => !value.includes('\u0000'), 'contains a zero byte');
/** Ids that are stored under a unique index (whose entries must stay small). */
const wireId = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');
const wireOrNumber = z.union([wire, z.number()]);

/** OAuth answer. `expires_in` is a number in the docs and a string in practice: accept both. */
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number),
});

/** Daraja's error shape, on any endpoint. */
export const errorResponseSchema = z.object({
  requestId: z.string().optional(),
  errorCode: z.string(),
  errorMessage: z.string(),
});
export type DarajaErrorBody = z.infer<typeof errorResponseSchema>;

export const stkPushResponseSchema = z.object({
  MerchantRequestID: z.string(),
  CheckoutRequestID: z.string(),
  ResponseCode: z.union([z.string(), z.number()]).transform(String),
  ResponseDescription: z.string(),
  CustomerMessage: z.string().optional(),
});

/** STK Push Query answer when the transaction is done: ResultCode is a string here. */
export const stkQueryResponseSchema = z.object({
  ResponseCode: z.union([z.string(), z.number()]).transform(String),
  ResponseDescription: z.string().optional(),
  MerchantRequestID: z.string().optional(),
  CheckoutRequestID: z.string(),
  ResultCode: z.union([z.string(), z.number()]).transform(String),
  ResultDesc: z.string(),
});

const callbackItemSchema = z.object({
  Name: wire,
  // Balance usually comes with no Value at all (safaricom/mpesa-php-sdk#5).
  Value: wireOrNumber.optional(),
});

/** The STK callback body. ResultCode is a number here (but "SFC_IC0003" exists), so accept both. */
export const stkCallbackSchema = z.object({
  Body: z.object({
    stkCallback: z.object({
      MerchantRequestID: wireId,
      CheckoutRequestID: wireId,
      ResultCode: wireOrNumber.transform(String),
      ResultDesc: wire,
      CallbackMetadata: z.object({ Item: z.array(callbackItemSchema) }).optional(),
    }),
  }),
});
export type StkCallbackBody = z.infer<typeof stkCallbackSchema>;

/** C2B validation and confirmation: every value is a string, MSISDN may be masked or hashed. */
export const c2bNotificationSchema = z.object({
  TransactionType: wire.optional(),
  TransID: wireId,
  TransTime: wire.optional(),
  // Read by parseShillings (src/domain/money.ts), strictly, as it came.
  TransAmount: wireOrNumber,
  BusinessShortCode: wireOrNumber.transform(String),
  BillRefNumber: wire.optional().default(''),
  InvoiceNumber: wire.optional(),
  OrgAccountBalance: wire.optional(),
  ThirdPartyTransID: wire.optional(),
  MSISDN: wireOrNumber.transform(String),
  FirstName: wire.optional(),
  MiddleName: wire.optional(),
  LastName: wire.optional(),
});
export type C2bNotificationBody = z.infer<typeof c2bNotificationSchema>;

/** RegisterURL's answer; "OriginatorCoversationID" is Daraja's own spelling (reference/daraja.md §5). */
export const c2bRegisterResponseSchema = z.object({ ResponseCode: z.string(), ResponseDescription: z.string(), OriginatorCoversationID: z.string().optional() });
