// The billing cycle's admin routes: a landlord's billing settings, recurring charges, issuing a month's
// bills at once, the landlord's bills with totals, and correcting or voiding a bill (README "Admin API").
import { Router } from 'express';
import { findBillingSettings, insertRecurringCharge, listRecurringCharges, endRecurringCharge, saveBillingSettings } from '../../../db/queries/billing-settings.js';
import { billStatus, listLandlordBills, type BillRow, type LandlordBill } from '../../../db/queries/bills.js';
import { BillChangeError, cancelBill, editBill } from '../../billing/bill-changes.js';
import { eatDay } from '../../domain/calendar.js';
import type { BillingDeps } from '../../billing/deps.js';
import { issuePeriod } from '../../billing/issue.js';
import type { PaymentsDeps } from '../../payments/deps.js';
import { HttpError, notFound } from '../errors.js';
import { billingSettingsBody, createChargeBody, editBillBody, listBillsQuery, parseBody, parseId, runBillsBody, voidBillBody } from './schemas.js';
import { landlordOr404, tenancyOr404 } from './lookups.js';

const ADMIN = 'admin_api';

export function billingRouter(deps: Pick<PaymentsDeps, 'db' | 'sql'>, billing: BillingDeps): Router {
  const { db, sql } = deps;
  const router = Router();


  router.get('/landlords/:id/billing', async (req, res) => {
    const landlord = await landlordOr404(db, req.params.id);
    res.json(await findBillingSettings(sql, landlord.id));
  });

  router.patch('/landlords/:id/billing', async (req, res) => {
    const landlord = await landlordOr404(db, req.params.id);
    const change = parseBody(billingSettingsBody, req.body);
    const settings = await sql.transaction(async (tx) => {
      const current = await findBillingSettings(tx, landlord.id);
      const merged = { ...current, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) };
      merged.reminderDays = [...merged.reminderDays].sort((a, b) => a - b);
      return saveBillingSettings(tx, landlord.id, merged);
    });
    res.json(settings);
  });

  router.post('/tenants/:id/charges', async (req, res) => {
    const tenancy = await tenancyOr404(db, req.params.id);
    const body = parseBody(createChargeBody, req.body);
    const charge = await insertRecurringCharge(sql, { tenancyId: tenancy.id, kind: body.kind, label: body.label ?? null, amount: body.amount });
    res.status(201).json(charge);
  });

  router.get('/tenants/:id/charges', async (req, res) => {
    const tenancy = await tenancyOr404(db, req.params.id);
    res.json(await listRecurringCharges(sql, tenancy.id));
  });

  router.delete('/tenants/:id/charges/:chargeId', async (req, res) => {
    const tenancy = await tenancyOr404(db, req.params.id);
    if (!(await endRecurringCharge(sql, tenancy.id, parseId(req.params.chargeId, 'charge')))) throw notFound('charge');
    res.status(204).end();
  });

  router.post('/landlords/:id/bills/run', async (req, res) => {
    const landlord = await landlordOr404(db, req.params.id);
    const { period } = parseBody(runBillsBody, req.body);
    const result = await issuePeriod(billing, landlord.id, period);
    res.json({
      period,
      created: result.created.map((b) => ({ id: b.id, tenantId: b.tenancyId, kind: b.kind, label: b.label, amount: b.amount, dueDate: b.dueDate })),
      existing: result.existing,
    });
  });

  router.get('/landlords/:id/bills', async (req, res) => {
    const landlord = await landlordOr404(db, req.params.id);
    const query = parseBody(listBillsQuery, req.query);
    const today = eatDay(billing.clock());
    const rows = (await listLandlordBills(sql, landlord.id, { period: query.period, voided: query.status === 'void' })).map(presentLandlordBill);
    const bills = query.status && query.status !== 'void' ? rows.filter((b) => matches(b, query.status!, today)) : rows;
    const sum = (f: (b: (typeof bills)[number]) => number) => bills.reduce((s, b) => s + f(b), 0);
    res.json({ period: query.period ?? null, totals: { billed: sum((b) => b.amount), paid: sum((b) => b.paid), outstanding: sum((b) => b.balance) }, bills });
  });

  router.patch('/bills/:id', async (req, res) => {
    const change = parseBody(editBillBody, req.body);
    const bill = await asHttp(editBill(billing, parseId(req.params.id, 'bill'), change, ADMIN));
    res.json(presentBillRow(bill));
  });

  router.post('/bills/:id/void', async (req, res) => {
    const { reason } = parseBody(voidBillBody, req.body);
    const bill = await asHttp(cancelBill(billing, parseId(req.params.id, 'bill'), reason, ADMIN));
    res.json({ id: bill.id, tenantId: bill.tenancyId, kind: bill.kind, amount: bill.amount, status: 'void', reason, credited: bill.credited });
  });

  return router;
}

function presentLandlordBill(b: LandlordBill) {
  const { id, tenantId, ...rest } = presentBillRow(b);
  return { id, tenantId, tenantName: b.tenantName, unit: b.unit, ...rest };
}

function presentBillRow(b: BillRow) {
  const balance = b.voidedAt ? 0 : Math.max(0, b.amount - b.paid);
  return {
    id: b.id,
    tenantId: b.tenancyId,
    kind: b.kind,
    label: b.label,
    period: b.period,
    amount: b.amount,
    paid: b.paid,
    balance,
    status: b.voidedAt ? 'void' : billStatus(b.amount, b.paid),
    dueDate: b.dueDate,
  };
}

function matches(b: ReturnType<typeof presentLandlordBill>, status: string, today: string): boolean {
  if (status === 'overdue') return b.balance > 0 && b.dueDate !== null && b.dueDate < today;
  return b.status === status;
}

const HTTP_STATUS: Record<BillChangeError['code'], number> = { not_found: 404, already_exists: 409, already_paid: 409, voided: 409 };

/** Bill changes refused for a reason the caller can act on become their 4xx. */
export async function asHttp<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof BillChangeError) throw new HttpError(HTTP_STATUS[error.code], error.code, error.message);
    throw error;
  }
}
