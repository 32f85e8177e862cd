// zod schemas of the admin API bodies (CONTRACT.md "Admin API").
import { z } from 'zod';
import { normalizePhone } from '../../domain/phone.js';
import { PHONE_REJECTIONS } from '../../messages/chat-messages.js';
import { PERIOD_PATTERN } from '../../domain/periods.js';
import { HttpError, invalidInput } from '../errors.js';

export const phoneField = z.string().transform((value, ctx) => {
  const result = normalizePhone(value);
  if (result.ok) return result.phone;
  ctx.addIssue({ code: 'custom', message: PHONE_REJECTIONS[result.reason].en });
  return z.NEVER;
});

const shillings = z.number({ message: 'must be a number of shillings' }).int('must be whole shillings').min(1, 'must be at least 1');
const language = z.enum(['en', 'sw'], { message: 'must be "en" or "sw"' });
const name = z.string().trim().min(1, 'is required').max(120);
const shortCode = z.string().regex(/^\d{5,7}$/, 'must be 5 to 7 digits');

export const uuidParam = z.uuid({ message: 'not a valid id' });

export const createLandlordBody = z.object({
  name,
  phone: phoneField,
  email: z.email().optional(),
  language: language.optional(),
});

export const configurePayoutBody = z
  .object({
    businessType: z.enum(['paybill', 'till'], { message: 'must be "paybill" or "till"' }),
    businessShortCode: shortCode,
    // Daraja's AccountReference holds at most 12 characters (reference/daraja.md §2).
    accountNumber: z.string().trim().regex(/^[A-Za-z0-9 _-]{1,12}$/, 'must be 1 to 12 letters or digits').optional(),
    tillNumber: shortCode.optional(),
    businessName: z.string().trim().min(1).max(60).optional(),
    passkey: z.string().min(1).optional(),
    consumerKey: z.string().min(1).optional(),
    consumerSecret: z.string().min(1).optional(),
  })
  .superRefine((body, ctx) => {
    const own = [body.passkey, body.consumerKey, body.consumerSecret].filter(Boolean).length;
    if (own !== 0 && own !== 3) ctx.addIssue({ code: 'custom', path: ['passkey'], message: 'passkey, consumerKey and consumerSecret go together' });
    if (body.businessType === 'till' && !body.tillNumber) {
      ctx.addIssue({ code: 'custom', path: ['tillNumber'], message: 'a till needs tillNumber; businessShortCode is the store number that went live' });
    }
    if (body.businessType === 'paybill' && body.tillNumber) ctx.addIssue({ code: 'custom', path: ['tillNumber'], message: 'only a till has a till number' });
  });

export const createTenantBody = z.object({
  name,
  phone: phoneField,
  unit: z.string().trim().min(1, 'is required').max(40),
  property: z.string().trim().min(1).max(80).optional(),
  monthlyRent: shillings.max(10_000_000),
  dueDay: z.number().int().min(1).max(28, 'must be a day from 1 to 28').optional(),
  language: language.optional(),
});

export const createBillBody = z.object({
  amount: shillings.max(10_000_000),
  period: z.string().regex(PERIOD_PATTERN, 'must be YYYY-MM'),
  dueDate: z.iso.date({ message: 'must be YYYY-MM-DD' }).optional(),
});

export const initiatePaymentBody = z.object({
  tenantId: uuidParam,
  billId: uuidParam.optional(),
  amount: shillings.optional(),
  phone: phoneField.optional(),
});

export const assignPaymentBody = z.object({ tenantId: uuidParam });

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}

export function parseId(value: unknown, what: string): string {
  const parsed = uuidParam.safeParse(value);
  if (!parsed.success) throw new HttpError(404, 'not_found', `${what} not found`);
  return parsed.data;
}
