// zod schemas of Daraja's wire format (reference/daraja.md). Field names here never leave src/daraja/.
import { z } from 'zod';

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
  Name: z.string(),
  // Balance usually comes with no Value at all (safaricom/mpesa-php-sdk#5).
  Value: z.union([z.string(), z.number()]).optional(),
});

/** The STK callback body. ResultCode is a number here (but "SFC_IC0003" exists), so accept both. */
export const stkCallbackSchema = z.object({
  Body: z.object({
    stkCallback: z.object({
      MerchantRequestID: z.string(),
      CheckoutRequestID: z.string().min(1),
      ResultCode: z.union([z.number(), z.string()]).transform(String),
      ResultDesc: z.string(),
      CallbackMetadata: z.object({ Item: z.array(callbackItemSchema) }).optional(),
    }),
  }),
});
export type StkCallbackBody = z.infer<typeof stkCallbackSchema>;

/** C2B validation and confirmation: every value is a string, MSISDN may be masked or hashed. */
export const c2bNotificationSchema = z.object({
  TransactionType: z.string().optional(),
  TransID: z.string().min(1),
  TransTime: z.string().optional(),
  // Read by parseShillings (src/domain/money.ts), strictly, as it came.
  TransAmount: z.union([z.string(), z.number()]),
  BusinessShortCode: z.union([z.string(), z.number()]).transform(String),
  BillRefNumber: z.string().optional().default(''),
  InvoiceNumber: z.string().optional(),
  OrgAccountBalance: z.string().optional(),
  ThirdPartyTransID: z.string().optional(),
  MSISDN: z.union([z.string(), z.number()]).transform(String),
  FirstName: z.string().optional(),
  MiddleName: z.string().optional(),
  LastName: z.string().optional(),
});
export type C2bNotificationBody = z.infer<typeof c2bNotificationSchema>;
