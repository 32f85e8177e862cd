// The web dashboard's routes: sign-in by a code sent in chat, the month, tenants, a tenant's statement,
// payments (with unmatched money given to a tenant after the PIN), the month as CSV, live updates by
// Server-Sent Events, and sign-out (here or everywhere). Everything a page shows is scoped to the signed-in
// landlord, or to a caretaker's property; an id from another landlord is a plain 404.
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { latestSettledPaymentId, listDashboardPayments, listDashboardTenants } from '../../db/queries/dashboard.js';
import { findLandlordById } from '../../db/queries/landlords.js';
import { isTenancyOf } from '../../db/queries/tenancies.js';
import { revokeWebSession, revokeWebSessionsOf } from '../../db/queries/web-sign-in.js';
import type { Executor } from '../../db/sql.js';
import type { Db } from '../../db/client.js';
import { checkHolderPin } from '../conversations/actors/landlord-pin.js';
import { eatDay, periodOf } from '../domain/calendar.js';
import { normalizePhone } from '../domain/phone.js';
import { billName } from '../messages/billing-messages.js';
import { formatPhone } from '../messages/format.js';
import { dashboardWords, inBoth, webTexts } from '../messages/web-messages.js';
import type { Metrics } from '../metrics.js';
import { assignSuspense } from '../payments/c2b.js';
import { tenancyBalance } from '../payments/ledger.js';
import { PaymentError } from '../payments/payment-error.js';
import { buildMonthCsv, monthCsvHeaders } from '../reports/month-file.js';
import { ASSETS } from './assets.js';
import { loadDashboard } from './dashboard-view.js';
import { dashboardPage, loginPage, paymentsPage, tenantPage, tenantsPage } from './pages.js';
import { clearSessionCookie, cookies, formToken, LOGIN_CSRF_COOKIE, loginCsrf, requestLanguage, requireSession, sameToken, sessionCookie, signedIn } from './session.js';
import { requestCode, verifyCode } from './sign-in.js';

export interface WebDeps {
  sql: Executor;
  db: Db;
  metrics: Metrics;
  appSecret: string;
  publicBaseUrl: string;
  kickOutbox: () => void;
  /** How often the live page looks for a new payment (ms). */
  livePollMs?: number;
}

const statusFilter = z.enum(['all', 'unpaid', 'partial', 'paid', 'overdue']).catch('all');
const searchText = z.string().trim().max(60).catch('');
const pageNumber = z.coerce.number().int().min(1).max(10_000).catch(1);
const periodParam = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export function webRouter(deps: WebDeps): Router {
  const router = Router();
  const secure = deps.publicBaseUrl.startsWith('https://');
  const form = express.urlencoded({ extended: false, limit: '8kb' });
  const { sql } = deps;

  for (const [name, asset] of Object.entries(ASSETS)) {
    router.get(`/static/${name}-${asset.hash}.${name === 'css' ? 'css' : 'js'}`, (_req, res) => {
      res.set('Cache-Control', 'public, max-age=31536000, immutable').type(asset.type).send(asset.body);
    });
  }

  // ---- signing in ----------------------------------------------------------------------------------
  router.get('/login', (req, res) => void res.send(loginPage(requestLanguage(req), { step: 'phone', csrf: loginCsrf(req, res, secure) })));

  const loginForm = (req: Request, res: Response): boolean => {
    if (sameToken(cookies(req)[LOGIN_CSRF_COOKIE], formToken(req))) return true;
    res.status(403).type('text').send(inBoth(webTexts.formExpired));
    return false;
  };

  router.post('/login', form, async (req, res) => {
    if (!loginForm(req, res)) return;
    const lang = requestLanguage(req);
    const w = dashboardWords(lang);
    const csrf = loginCsrf(req, res, secure);
    const phone = normalizePhone(typeof req.body.phone === 'string' ? req.body.phone : '');
    if (!phone.ok) return void res.status(400).send(loginPage(lang, { step: 'phone', csrf, error: w.notRegistered }));
    const result = await requestCode({ sql, appSecret: deps.appSecret, kickOutbox: deps.kickOutbox }, phone.phone, req.ip ?? 'unknown');
    if (result === 'sent') return void res.send(loginPage(lang, { step: 'code', phone: phone.phone, csrf, message: w.codeSent(formatPhone(phone.phone)) }));
    res.status(result === 'rate_limited' ? 429 : 400).send(loginPage(lang, { step: 'phone', phone: formatPhone(phone.phone), csrf, error: result === 'rate_limited' ? w.rateLimited : w.notRegistered }));
  });

  router.post('/login/code', form, async (req, res) => {
    if (!loginForm(req, res)) return;
    const lang = requestLanguage(req);
    const phone = normalizePhone(typeof req.body.phone === 'string' ? req.body.phone : '');
    const code = typeof req.body.code === 'string' ? req.body.code.trim() : '';
    const token = phone.ok ? await verifyCode({ sql, appSecret: deps.appSecret, kickOutbox: deps.kickOutbox }, phone.phone, code) : undefined;
    if (!token) {
      const csrf = loginCsrf(req, res, secure);
      return void res.status(400).send(loginPage(lang, { step: 'code', phone: phone.ok ? phone.phone : '', csrf, error: dashboardWords(lang).wrongCode }));
    }
    sessionCookie(res, token, secure);
    res.redirect(303, '/app');
  });

  // ---- signed in -----------------------------------------------------------------------------------
  const session = requireSession(sql);
  router.get('/', (_req, res) => res.redirect(303, '/app'));

  router.post('/logout', form, session, async (req, res) => {
    await revokeWebSession(sql, signedIn(res).session.tokenHash);
    clearSessionCookie(res, secure);
    res.redirect(303, '/login');
  });
  router.post('/logout/everywhere', form, session, async (_req, res) => {
    await revokeWebSessionsOf(sql, signedIn(res).session.phone);
    clearSessionCookie(res, secure);
    res.redirect(303, '/login');
  });

  router.get('/app', session, async (_req, res) => {
    const me = signedIn(res);
    res.send(dashboardPage(me.viewer, await loadDashboard(sql, me.scope, { withSuspense: !me.isCaretaker })));
  });

  router.get('/app/tenants', session, async (req, res) => {
    const me = signedIn(res);
    const status = statusFilter.parse(req.query.status);
    const q = searchText.parse(req.query.q);
    const page = pageNumber.parse(req.query.page) - 1;
    const tenants = await listDashboardTenants(sql, { ...me.scope, today: eatDay(new Date()), search: q || undefined, limit: 10_000 });
    res.send(tenantsPage(me.viewer, status === 'all' ? tenants : tenants.filter((t) => t.status === status || (status === 'unpaid' && t.status === 'overdue')), { status, q, page }));
  });

  router.get('/app/tenants/:id', session, async (req, res) => {
    const me = signedIn(res);
    const id = z.uuid().safeParse(req.params.id);
    // The scope is in the query: another landlord's tenant, or one outside a caretaker's property, is not found.
    const [tenant] = id.success ? await listDashboardTenants(sql, { ...me.scope, today: eatDay(new Date()), tenancyId: id.data, limit: 1 }) : [];
    if (!tenant) return void res.status(404).type('text').send(inBoth(webTexts.notFound));
    const [balance, payments] = await Promise.all([tenancyBalance(deps.db, tenant.id), listDashboardPayments(sql, { ...me.scope, limit: 50, tenancyId: tenant.id })]);
    const lang = me.viewer.language;
    const bills = balance.bills.map((b) => ({ what: billName(b, lang), amount: b.amount, paid: b.paid, dueDate: b.dueDate ?? `${b.period}-01` }));
    res.send(tenantPage(me.viewer, tenant, bills, payments));
  });

  const paymentsView = async (res: Response, notice?: { text: string; error?: boolean }, status = 200) => {
    const me = signedIn(res);
    const payments = await listDashboardPayments(sql, { ...me.scope, limit: 200 });
    // The tenant list of the "give to tenant" form, only when there is unmatched money to give.
    const needsTenants = !me.isCaretaker && payments.some((p) => p.status === 'suspense');
    const tenants = needsTenants ? await listDashboardTenants(sql, { ...me.scope, today: eatDay(new Date()), limit: 10_000 }) : [];
    res.status(status).send(paymentsPage(me.viewer, payments, me.isCaretaker ? null : { tenants }, notice));
  };
  router.get('/app/payments', session, async (_req, res) => paymentsView(res));

  /** Unmatched money given to a tenant: the landlord only, with their PIN (the same lock-out as chat). */
  router.post('/app/payments/:id/assign', form, session, async (req, res) => {
    const me = signedIn(res);
    const w = dashboardWords(me.viewer.language);
    const paymentId = z.uuid().safeParse(req.params.id);
    const tenantId = z.uuid().safeParse(req.body.tenantId);
    if (me.isCaretaker) return void res.status(403).type('text').send(inBoth(webTexts.landlordOnly));
    if (!paymentId.success || !tenantId.success || !(await isTenancyOf(sql, me.scope, tenantId.data))) return void res.status(404).type('text').send(inBoth(webTexts.notFound));
    const landlord = (await findLandlordById(deps.db, me.scope.landlordId))!;
    const pin = typeof req.body.pin === 'string' ? req.body.pin.trim() : '';
    const check = await checkHolderPin(deps.db, `web:${me.session.phone}`, { entityType: 'landlord', id: landlord.id, pinHash: landlord.pinHash }, pin);
    if (check !== 'ok') return paymentsView(res, { text: check === 'locked' ? w.pinLocked : w.wrongPin, error: true }, 403);
    try {
      await assignSuspense(deps, paymentId.data, tenantId.data, `web:${me.session.phone}`);
    } catch (error) {
      // Assigned meanwhile (another tab, or chat): the list has changed.
      if (!(error instanceof PaymentError)) throw error;
      return paymentsView(res, { text: w.notUnmatched, error: true }, 409);
    }
    res.redirect(303, '/app/payments');
  });

  router.get('/app/month.csv', session, async (req, res) => {
    const me = signedIn(res);
    const period = periodParam.safeParse(req.query.period);
    const chosen = period.success ? period.data : periodOf(eatDay(new Date()));
    res.set(monthCsvHeaders(chosen)).send(await buildMonthCsv(sql, { ...me.scope, period: chosen }));
  });

  /** Live: tells the page when a payment in scope has settled, so it reloads with the new totals. */
  router.get('/app/events', session, async (req, res) => {
    const me = signedIn(res);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write('retry: 2000\n\n');
    let last = await latestSettledPaymentId(sql, me.scope);
    let ticks = 0;
    const timer = setInterval(() => {
      void (async () => {
        const now = await latestSettledPaymentId(sql, me.scope).catch(() => last);
        if (now !== last) {
          last = now;
          res.write(`event: payment\ndata: ${JSON.stringify({ id: now })}\n\n`);
        } else if (++ticks % 15 === 0) res.write(': still here\n\n');
      })();
    }, deps.livePollMs ?? 1000);
    req.on('close', () => clearInterval(timer));
  });

  return router;
}
