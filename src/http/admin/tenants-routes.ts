import { Router } from 'express';
import { createBill, listBillsWithBalance } from '../../../db/queries/bills.js';
import { findPropertyName, findTenancyById } from '../../../db/queries/tenancies.js';
import type { PaymentsDeps } from '../../payments/deps.js';
import { applyCredit, tenancyBalance } from '../../payments/ledger.js';
import { HttpError, notFound } from '../errors.js';
import { presentBill, presentTenant } from './presenters.js';
import { createBillBody, parseBody, parseId } from './schemas.js';

export function tenantsRouter(deps: Pick<PaymentsDeps, 'db'>): Router {
  const { db } = deps;
  const router = Router();

  const tenancyOr404 = async (id: unknown) => {
    const tenancy = await findTenancyById(db, parseId(id, 'tenant'));
    if (!tenancy) throw notFound('tenant');
    return tenancy;
  };

  router.get('/tenants/:id', async (req, res) => {
    const tenancy = await tenancyOr404(req.params.id);
    res.json(presentTenant(tenancy, await findPropertyName(db, tenancy.propertyId)));
  });

  router.post('/tenants/:id/bills', async (req, res) => {
    const tenancy = await tenancyOr404(req.params.id);
    const body = parseBody(createBillBody, req.body);
    const bill = await db.transaction(async (tx) => {
      const created = await createBill(tx, { tenancyId: tenancy.id, ...body });
      if (!created) throw new HttpError(409, 'already_exists', `there is already a bill for ${body.period}`);
      // Credit from an earlier overpayment pays the new bill at once.
      await applyCredit(tx, tenancy.id);
      return (await listBillsWithBalance(tx, tenancy.id)).find((b) => b.id === created.id)!;
    });
    res.status(201).json(presentBill(bill));
  });

  router.get('/tenants/:id/bills', async (req, res) => {
    const tenancy = await tenancyOr404(req.params.id);
    const balance = await tenancyBalance(db, tenancy.id);
    res.json({ credit: balance.credit, due: balance.due, bills: balance.bills.map(presentBill) });
  });

  return router;
}
