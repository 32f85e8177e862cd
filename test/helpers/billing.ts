// Driving the billing cycle in tests: a clock moved day by day (test/helpers/clock.ts), the real
// scheduler run on each day, and the outbox drained through the real SDKs (HTTP intercepted).
import { addDays, eatDay } from '../../src/domain/calendar.js';
import type { BillingRun } from '../../src/billing/scheduler.js';
import { drain, phoneEnding, type TestApp } from './app.js';
import type { TestClock } from './clock.js';
import { providerEnv as bothProviders } from './providers.js';

/** Both providers, and the USSD code bill notices name. */
export const providerEnv = { ...bothProviders, USSD_SERVICE_CODE: '*384*123#' };

/** Today in Nairobi, by the real clock: the day the tests' tenancies are entered (created_at is now()). */
export const realToday = () => eatDay(new Date());

/** An instant on a day, at an hour of Nairobi's clock. */
export const at = (day: string, hour = 10, minute = 0) => `${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+03:00`;

export { addDays };

/** Moves the clock to that day and hour, runs the scheduler once and sends what it queued. */
export async function runDay(app: TestApp, clock: TestClock, day: string, hour = 10): Promise<BillingRun> {
  clock.set(at(day, hour));
  const run = await app.scheduler.runOnce();
  await drain(app.outbox);
  return run;
}

/** A landlord with an active paybill, through the admin API. */
export async function landlordWithPaybill(app: TestApp, paybill = '600100') {
  const api = app.api();
  const landlord = (await api.post('/api/landlords', { name: 'Wanjiku', phone: phoneEnding('11') }).expect(201)).body;
  await api.post(`/api/landlords/${landlord.id}/daraja/configure`, { businessType: 'paybill', businessShortCode: paybill, businessName: 'Wanjiku Homes' }).expect(200);
  return landlord as { id: string; phone: string };
}

/** A sitting tenant (moved in long ago, entered today), through the admin API. */
export async function sittingTenant(app: TestApp, landlordId: string, options: { unit: string; rent?: number; dueDay: number; phone?: string; name?: string; language?: 'en' | 'sw' }) {
  const body = { name: options.name ?? `Tenant ${options.unit}`, phone: options.phone ?? phoneEnding('78'), unit: options.unit, property: 'Sunrise', monthlyRent: options.rent ?? 15_000, dueDay: options.dueDay, startsOn: '2025-01-01', ...(options.language ? { language: options.language } : {}) };
  return (await app.api().post(`/api/landlords/${landlordId}/tenants`, body).expect(201)).body as { id: string; phone: string; accountNumber: string; unit: string };
}

/** The SMS texts Africa's Talking was asked to send to a phone, in order. */
export function smsTo(mocks: { sms: { form: Record<string, string> }[] }, phone: string): string[] {
  return mocks.sms.filter((m) => m.form.to === `+${phone}`).map((m) => m.form.message!);
}
