// zod schemas of the admin API bodies (CONTRACT.md "Admin API").
import { z } from 'zod';
import { normalizePhone } from '../../domain/phone.js';
import { PHONE_REJECTIONS } from '../../messages/chat-messages.js';
import { PERIOD_PATTERN } from '../../domain/periods.js';
import { billKinds } from '../../../db/schema.js';
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

const period = z.string().regex(PERIOD_PATTERN, 'must be YYYY-MM');
const day = z.iso.date({ message: 'must be YYYY-MM-DD' });
// A due day past a month's end means that month's last day (src/billing/calendar.ts).
const dueDay = z.number().int().min(1).max(31, 'must be a day from 1 to 31');

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
  dueDay: dueDay.optional(),
  language: language.optional(),
  /** The first day of the tenancy (default: today); months before it are not billed. */
  startsOn: day.optional(),
});

/** A change to a tenancy: rent and due day apply from the next bill; `endsOn` moves the tenant out. */
export const updateTenantBody = z
  .object({
    name: name.optional(),
    phone: phoneField.optional(),
    unit: z.string().trim().min(1).max(40).optional(),
    monthlyRent: shillings.max(10_000_000).optional(),
    dueDay: dueDay.optional(),
    paused: z.boolean({ message: 'must be true or false' }).optional(),
    endsOn: day.nullable().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'nothing to change');

const label = z.string().trim().min(1).max(60);
const withLabelForOther = <T extends { kind?: string | undefined; label?: string | undefined }>(body: T, ctx: z.RefinementCtx) => {
  if (body.kind === 'other' && !body.label) ctx.addIssue({ code: 'custom', path: ['label'], message: 'an "other" charge needs a label saying what it is for' });
};

export const createBillBody = z
  .object({
    amount: shillings.max(10_000_000),
    period,
    kind: z.enum(billKinds, { message: `must be one of ${billKinds.join(', ')}` }).default('rent'),
    label: label.optional(),
    dueDate: day.optional(),
  })
  .superRefine(withLabelForOther);

export const createChargeBody = z
  .object({
    kind: z.enum(['water', 'electricity', 'service', 'other'], { message: 'must be water, electricity, service or other' }),
    label: label.optional(),
    amount: shillings.max(10_000_000),
  })
  .superRefine(withLabelForOther);

export const billingSettingsBody = z
  .object({
    issueDaysBefore: z.number().int('must be whole days').min(0).max(28, 'must be from 0 to 28 days').optional(),
    reminderDays: z
      .array(z.number().int('must be whole days').min(-28, 'at most 28 days before').max(90, 'at most 90 days after'))
      .max(10, 'at most 10 reminders')
      .refine((days) => new Set(days).size === days.length, 'each day once')
      .optional(),
    lateFee: z
      .object({
        kind: z.enum(['fixed', 'percent'], { message: 'must be "fixed" or "percent"' }),
        value: z.number().int('must be whole shillings or percent').min(1),
        afterDays: z.number().int().min(0).max(90),
      })
      .refine((f) => f.kind !== 'percent' || f.value <= 100, { message: 'a percentage is at most 100', path: ['value'] })
      .nullable()
      .optional(),
    prorate: z.boolean({ message: 'must be true or false' }).optional(),
  })
  .strict();

export const runBillsBody = z.object({ period });

export const editBillBody = z
  .object({ amount: shillings.max(10_000_000).optional(), dueDate: day.optional() })
  .refine((b) => b.amount !== undefined || b.dueDate !== undefined, 'give amount or dueDate');

export const voidBillBody = z.object({ reason: z.string().trim().min(1, 'say why').max(200) });

export const billStatusFilter = z.enum(['unpaid', 'partial', 'paid', 'overdue', 'void'], { message: 'must be unpaid, partial, paid, overdue or void' });
export const listBillsQuery = z.object({ period: period.optional(), status: billStatusFilter.optional() });

export const registerC2bBody = z.object({
  responseType: z.enum(['Completed', 'Cancelled'], { message: 'must be "Completed" or "Cancelled"' }).default('Completed'),
});

export const listLandlordsQuery = z.object({
  phone: phoneField.optional(),
  q: z.string().trim().min(1).max(60).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
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
