// The web dashboard and the playground in real Chromium (Debian's chromium, driven by playwright-core):
// sign-in with the code that reached the outbox, the month's numbers equal to the database's, a USSD
// payment appearing live without a reload, unmatched money given to a tenant with the PIN, the month's
// CSV, another landlord's tenant out of reach, CSRF and ended sessions refused, and the playground paying
// a bill on WhatsApp and on USSD. Screenshots at 360 px and 1280 px go to test-results/screenshots/.
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLandlordPin } from '../../db/queries/landlords.js';
import { loadLandlordMonth } from '../../db/queries/reports.js';
import { hashPin } from '../../src/crypto/pin.js';
import { eatDay, periodOf } from '../../src/domain/calendar.js';
import { createTenantWithBill, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { sms, ussdSession, whatsapp } from '../helpers/chat.js';
import { databaseKinds } from '../helpers/databases.js';

const SHOTS = 'test-results/screenshots';
const kind = databaseKinds().at(-1)!; // the PostgreSQL server when TEST_DATABASE_URL is set

describe(`the web dashboard in Chromium on ${kind}`, () => {
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Workers on: the outbox sends the USSD push (after the session ended) and the receipts, as in production.
    app = await startTestApp(kind, { simulator: { autoAnswerMs: 600_000 }, workers: true, env: { USSD_PUSH_DELAY_SECONDS: '0' } });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const lastCode = async (phone: string) =>
    waitFor(async () => {
      const messages = (await app.api().get(`/api/messages?to=${phone}`)).body as { body: string }[];
      return /sign-in code is (\d{6})/.exec(messages[0]?.body ?? '')?.[1];
    });

  async function signIn(page: Page, phone: string): Promise<void> {
    await page.goto(`${app.url}/login`);
    await page.getByLabel('Your phone number').fill(`0${phone.slice(3)}`);
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await page.getByText('We sent a code to').waitFor();
    await page.getByLabel('The 6-digit code').fill(await lastCode(phone));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${app.url}/app`);
  }

  const card = async (page: Page, name: string) => (await page.locator(`[data-total="${name}"] b`).textContent())!.trim();
  const kes = (n: number) => `KES ${n.toLocaleString('en-US')}`;

  it('signs a landlord in, shows the month as the database has it, and a payment made on USSD appears live', async () => {
    const { landlord, tenant } = await createTenantWithBill(app, { paybill: '600241', period: periodOf(eatDay(new Date())) });
    await setLandlordPin(app.database.db, landlord.id, await hashPin('4321'));
    const page = await browser.newPage({ viewport: { width: 360, height: 780 } });
    await signIn(page, landlord.phone);
    const today = eatDay(new Date());
    const month = await loadLandlordMonth(app.database.sql, { landlordId: landlord.id, propertyId: null, period: periodOf(today), today, latest: 0 });
    expect(await card(page, 'billed')).toBe(kes(month.tenancies.reduce((s, t) => s + t.billed, 0)));
    expect(await card(page, 'collected')).toBe(kes(0));
    await page.screenshot({ path: `${SHOTS}/dashboard-360.png`, fullPage: true });

    // The tenant pays on USSD; the page reloads itself when the payment settles.
    const dial = ussdSession(app, tenant.phone);
    await dial();
    await dial('1');
    await dial('1');
    const prompt = await waitFor(() => app.simulator!.openPrompts(tenant.phone)[0], 15_000);
    app.simulator!.enterPin(prompt.checkoutRequestId, app.simulator!.pin);
    await page.waitForFunction(`document.querySelector('[data-total="collected"] b')?.textContent.includes('15,000')`, undefined, { timeout: 10_000 });
    expect(await card(page, 'collected')).toBe(kes(15_000));
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${SHOTS}/dashboard-1280.png`, fullPage: true });

    // The month as CSV, with the session's cookie.
    const csv = await page.request.get(`${app.url}/app/month.csv`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toMatch(/^property,unit,tenant,[^\n]*\r\nSunrise,A1,Otieno,/);
    await page.close();
  });

  it('shows what the database has after payments on every channel, and a payment made in the playground live', async () => {
    const { landlord, tenant } = await createTenantWithBill(app, { paybill: '600245', rent: 20_000, period: periodOf(eatDay(new Date())) });
    const answerPrompt = async () => {
      const prompt = await waitFor(() => app.simulator!.openPrompts(tenant.phone)[0], 15_000);
      app.simulator!.enterPin(prompt.checkoutRequestId, app.simulator!.pin);
      await waitFor(() => (app.simulator!.openPrompts(tenant.phone).length === 0 ? true : undefined));
    };
    const paid = async (amount: number) => waitFor(async () => ((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.due === amount ? true : undefined), 10_000);
    // WhatsApp 5,000; SMS 4,000; the M-Pesa menu (C2B) 3,000.
    const say = whatsapp(app, tenant.phone);
    for (const input of ['hi', '2', '2', '5000', '1']) await say(input);
    await answerPrompt();
    await paid(15_000);
    const text = sms(app, tenant.phone);
    for (const input of ['hi', '2', '2', '4000', '1']) await text(input);
    await answerPrompt();
    await paid(11_000);
    const account = (await app.api().get(`/api/tenants/${tenant.id}`)).body.accountNumber as string;
    const c2b = { TransactionType: 'Pay Bill', TransID: 'RKW0000245', TransTime: '20261130101500', TransAmount: '3000', BusinessShortCode: '600245', BillRefNumber: account, MSISDN: tenant.phone, FirstName: 'O' };
    await app.post('/api/daraja/c2b/confirmation', c2b).expect(200);
    await paid(8_000);

    const dashboard = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(dashboard, landlord.phone);
    const today = eatDay(new Date());
    const month = await loadLandlordMonth(app.database.sql, { landlordId: landlord.id, propertyId: null, period: periodOf(today), today, latest: 0 });
    const collected = month.collected.reduce((s, c) => s + c.amount, 0);
    expect(collected).toBe(12_000);
    expect(await card(dashboard, 'collected')).toBe(kes(collected));
    expect(await card(dashboard, 'billed')).toBe(kes(month.tenancies.reduce((s, t) => s + t.billed, 0)));
    expect(await card(dashboard, 'due')).toBe(kes(month.tenancies.reduce((s, t) => s + t.due, 0)));

    // The rest is paid on USSD in the playground, in another tab; the dashboard moves by itself.
    const playground = await browser.newPage({ viewport: { width: 360, height: 780 } });
    await playground.goto(`${app.url}/playground`);
    await playground.locator('#preset').selectOption('');
    await playground.locator('#phone').fill(`0${tenant.phone.slice(3)}`);
    await playground.locator('#phone').dispatchEvent('change');
    await playground.locator('#dial').click();
    await playground.locator('#ussd').getByText('Pay KES 8,000 now').waitFor();
    for (const input of ['1', '1']) {
      await playground.locator('#ussdText').fill(input);
      await playground.locator('#ussdText').press('Enter');
      await playground.waitForTimeout(150);
    }
    await playground.locator('#prompt').getByText('Pay KES 8,000').waitFor({ timeout: 15_000 });
    await playground.locator('#pin').fill('1234');
    await playground.locator('#pinForm').getByRole('button', { name: 'Send' }).click();
    await dashboard.waitForFunction(`document.querySelector('[data-total="collected"] b')?.textContent.includes('20,000')`, undefined, { timeout: 10_000 });
    expect(await card(dashboard, 'due')).toBe(kes(0));
    await dashboard.close();
    await playground.close();
  });

  it('gives unmatched money to a tenant with the PIN, and keeps other landlords out', async () => {
    const a = await createTenantWithBill(app, { paybill: '600242' });
    const b = await createTenantWithBill(app, { paybill: '600243' });
    await setLandlordPin(app.database.db, a.landlord.id, await hashPin('4321'));
    const body = { TransactionType: 'Pay Bill', TransID: 'RKW0000242', TransTime: '20261130101500', TransAmount: '15000', BusinessShortCode: '600242', BillRefNumber: 'flat one', MSISDN: '254799000242', FirstName: 'J' };
    await app.post('/api/daraja/c2b/confirmation', body).expect(200);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, a.landlord.phone);
    await page.goto(`${app.url}/app/payments`);
    const row = page.locator('tr', { hasText: '“flat one”' });
    await row.getByLabel('Your RentEase PIN').fill('1111');
    await row.getByRole('button', { name: 'Give to tenant' }).click();
    await page.getByText('Wrong PIN.').waitFor();
    await page.locator('tr', { hasText: '“flat one”' }).getByLabel('Your RentEase PIN').fill('4321');
    await page.locator('tr', { hasText: '“flat one”' }).getByRole('button', { name: 'Give to tenant' }).click();
    await page.waitForURL(`${app.url}/app/payments`);
    expect((await app.api().get(`/api/tenants/${a.tenant.id}/bills`)).body.bills[0]).toMatchObject({ status: 'paid' });

    // Landlord B's tenant, by a guessed URL: nothing.
    expect((await page.goto(`${app.url}/app/tenants/${b.tenant.id}`))!.status()).toBe(404);
    expect((await page.goto(`${app.url}/app/tenants/${a.tenant.id}`))!.status()).toBe(200);
    expect(await page.textContent('body')).not.toContain(b.landlord.phone);

    // A form without its CSRF token is refused; an ended session sends the browser to sign in.
    expect((await page.request.post(`${app.url}/logout`, { form: { _csrf: 'forged' } })).status()).toBe(403);
    await app.database.sql.query(`update web_sessions set expires_at = now() - interval '1 second' where phone = $1`, [a.landlord.phone]);
    await page.goto(`${app.url}/app`);
    expect(page.url()).toBe(`${app.url}/login`);
    await page.close();
  });

  it('pays a bill in the playground on WhatsApp, then another on USSD', async () => {
    const { tenant } = await createTenantWithBill(app, { paybill: '600244', rent: 9_000 });
    await app.api().post(`/api/tenants/${tenant.id}/bills`, { amount: 8_000, period: periodOf(eatDay(new Date())), kind: 'water' }).expect(201);
    const page = await browser.newPage({ viewport: { width: 360, height: 780 } });
    await page.goto(`${app.url}/playground`);
    await page.locator('#preset').selectOption('');
    await page.locator('#phone').fill(`0${tenant.phone.slice(3)}`);
    await page.locator('#phone').dispatchEvent('change');
    const wa = page.locator('#wa');
    const say = async (text: string, expectText: string) => {
      await page.locator('#waText').fill(text);
      await page.locator('#waText').press('Enter');
      await wa.getByText(expectText, { exact: false }).last().waitFor();
    };
    await say('hi', '2. Pay rent');
    await say('2', '2. Pay another amount');
    await say('2', 'How much');
    await say('9000', 'Pay KES 9,000');
    await say('1', 'Check your phone');
    await page.locator('#prompt').getByText('Pay KES 9,000').waitFor();
    await page.screenshot({ path: `${SHOTS}/playground-360.png`, fullPage: true });
    await page.locator('#pin').fill('1234');
    await page.locator('#pinForm').getByRole('button', { name: 'Send' }).click();
    await wa.getByText('Payment received: KES 9,000').waitFor({ timeout: 10_000 });

    // The water bill on USSD.
    await page.locator('#dial').click();
    await page.locator('#ussd').getByText('Pay KES 8,000 now').waitFor();
    for (const input of ['1', '1']) {
      await page.locator('#ussdText').fill(input);
      await page.locator('#ussdText').press('Enter');
      await page.waitForTimeout(150);
    }
    await page.locator('#ussd').getByText('END').waitFor();
    await page.locator('#prompt').getByText('Pay KES 8,000').waitFor({ timeout: 15_000 });
    await page.locator('#pin').fill('1234');
    await page.locator('#pinForm').getByRole('button', { name: 'Send' }).click();
    await waitFor(async () => ((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.due === 0 ? true : undefined), 10_000);
    await page.close();
  });
});
