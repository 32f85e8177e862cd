import { Router } from 'express';
import { recordAudit } from '../../../db/queries/audit.js';
import { listBillsWithBalance } from '../../../db/queries/bills.js';
import { findPropertyName, updateTenancy } from '../../../db/queries/tenancies.js';
import { addBill } from '../../billing/bill-changes.js';
import { eatDay } from '../../domain/calendar.js';
import type { BillingDeps } from '../../billing/deps.js';
import type { PaymentsDeps } from '../../payments/deps.js';
import { tenancyBalance } from '../../payments/ledger.js';
import { notFound } from '../errors.js';
import { asHttp } from './billing-routes.js';
import { presentBill, presentTenant } from './presenters.js';
import { createBillBody, parseBody, parseId, updateTenantBody } from './schemas.js';
import { tenancyOr404 } from './lookups.js';

export function tenantsRouter(deps: Pick<PaymentsDeps, 'db'>, billing: BillingDeps): Router {
  const { db } = deps;
  const router = Router();


  router.get('/tenants/:id', async (req, res) => {
    const tenancy = await tenancyOr404(db, req.params.id);
    res.json(presentTenant(tenancy, await findPropertyName(db, tenancy.propertyId)));
  });

  router.patch('/tenants/:id', async (req, res) => {
    const id = parseId(req.params.id, 'tenant');
    const change = parseBody(updateTenantBody, req.body);
    const updated = await db.transaction(async (tx) => {
      const result = await updateTenancy(tx, id, change, eatDay(billing.clock()));
      if (!result) throw notFound('tenant');
      await recordAudit(tx, { actor: 'admin_api', action: 'tenant.updated', entityType: 'tenancy', entityId: id, details: { change } });
      return result.after;
    });
    res.json(presentTenant(updated, await findPropertyName(db, updated.propertyId)));
  });

  router.post('/tenants/:id/bills', async (req, res) => {
    const tenancy = await tenancyOr404(db, req.params.id);
    const body = parseBody(createBillBody, req.body);
    // Credit from an earlier overpayment pays the new bill at once; the tenant is told of it.
    const created = await asHttp(addBill(billing, tenancy.id, { ...body, label: body.label ?? null, dueDate: body.dueDate ?? null }, 'admin_api'));
    const bill = (await listBillsWithBalance(db, tenancy.id)).find((b) => b.id === created.id)!;
    res.status(201).json(presentBill(bill));
  });

  router.get('/tenants/:id/bills', async (req, res) => {
    const tenancy = await tenancyOr404(db, req.params.id);
    const balance = await tenancyBalance(db, tenancy.id);
    res.json({ credit: balance.credit, due: balance.due, bills: balance.bills.map(presentBill) });
  });

  return router;
}
