import { Router } from 'express';
import { desc, eq, and } from 'drizzle-orm';
import { isUniqueViolation } from '../../../db/errors.js';
import { setContactLanguage } from '../../../db/queries/contacts.js';
import { createLandlord, findLandlordById, findPayoutConfig, savePayoutConfig } from '../../../db/queries/landlords.js';
import { createTenancy } from '../../../db/queries/tenancies.js';
import { auditLog, contacts, payments, paymentStatuses, properties, tenancies } from '../../../db/schema.js';
import { z } from 'zod';
import type { PaymentsContext } from '../../payments/context.js';
import { initiatePayoutTest } from '../../payments/initiate-payment.js';
import { HttpError, notFound } from '../errors.js';
import { presentLandlord, presentPayment, presentPayoutStatus, presentTenant } from './presenters.js';
import { configurePayoutBody, createLandlordBody, createTenantBody, parseBody, parseId } from './schemas.js';

export function landlordsRouter(ctx: PaymentsContext): Router {
  const { db } = ctx;
  const router = Router();

  const landlordOr404 = async (id: unknown) => {
    const landlord = await findLandlordById(db, parseId(id, 'landlord'));
    if (!landlord) throw notFound('landlord');
    return landlord;
  };

  router.post('/landlords', async (req, res) => {
    const body = parseBody(createLandlordBody, req.body);
    try {
      const landlord = await db.transaction(async (tx) => {
        const created = await createLandlord(tx, body);
        await setContactLanguage(tx, body.phone, body.language ?? 'en');
        return created;
      });
      res.status(201).json(presentLandlord(landlord, body.language ?? 'en'));
    } catch (error) {
      if (isUniqueViolation(error)) throw new HttpError(409, 'already_exists', 'a landlord with this phone already exists');
      throw error;
    }
  });

  router.get('/landlords/:id', async (req, res) => {
    const landlord = await landlordOr404(req.params.id);
    const [contact] = await db.select().from(contacts).where(eq(contacts.phone, landlord.phone));
    res.json(presentLandlord(landlord, contact?.language ?? null));
  });

  router.post('/landlords/:id/daraja/configure', async (req, res) => {
    const landlord = await landlordOr404(req.params.id);
    const body = parseBody(configurePayoutBody, req.body);
    const sealed =
      body.passkey && body.consumerKey && body.consumerSecret
        ? { consumerKeyEnc: ctx.secretBox.seal(body.consumerKey), consumerSecretEnc: ctx.secretBox.seal(body.consumerSecret), passkeyEnc: ctx.secretBox.seal(body.passkey) }
        : null;
    const saved = await db.transaction(async (tx) => {
      const payout = await savePayoutConfig(tx, landlord.id, {
        businessType: body.businessType,
        businessShortCode: body.businessShortCode,
        accountNumber: body.businessType === 'paybill' ? (body.accountNumber ?? null) : null,
        tillNumber: body.tillNumber ?? null,
        businessName: body.businessName ?? null,
        sealedCredentials: sealed,
        // Configured by an operator through the API, the payout is active at once (as in the seed);
        // POST …/daraja/test proves it with KES 1. Landlords changing it by chat must pass the test.
        isActive: true,
      });
      await tx.insert(auditLog).values({
        actor: 'admin_api',
        action: 'payout.configured',
        entityType: 'landlord',
        entityId: landlord.id,
        details: { businessType: body.businessType, businessShortCode: body.businessShortCode, tillNumber: body.tillNumber ?? null, ownCredentials: Boolean(sealed) },
      });
      return payout;
    });
    res.json(presentPayoutStatus(saved));
  });

  router.get('/landlords/:id/daraja/status', async (req, res) => {
    const landlord = await landlordOr404(req.params.id);
    res.json(presentPayoutStatus(await findPayoutConfig(db, landlord.id)));
  });

  router.post('/landlords/:id/daraja/test', async (req, res) => {
    const landlord = await landlordOr404(req.params.id);
    const payment = await initiatePayoutTest(ctx, landlord.id);
    res.status(202).json({ paymentId: payment.id, checkoutRequestId: payment.checkoutRequestId, status: payment.status });
  });

  router.post('/landlords/:id/tenants', async (req, res) => {
    const landlord = await landlordOr404(req.params.id);
    const body = parseBody(createTenantBody, req.body);
    const tenancy = await db.transaction(async (tx) => {
      const created = await createTenancy(tx, { landlordId: landlord.id, ...body });
      if (body.language) await setContactLanguage(tx, body.phone, body.language);
      return created;
    });
    res.status(201).json(presentTenant(tenancy, body.property ?? null));
  });

  router.get('/landlords/:id/tenants', async (req, res) => {
    const landlord = await landlordOr404(req.params.id);
    const rows = await db
      .select({ tenancy: tenancies, property: properties.name })
      .from(tenancies)
      .leftJoin(properties, eq(properties.id, tenancies.propertyId))
      .where(eq(tenancies.landlordId, landlord.id))
      .orderBy(tenancies.createdAt);
    res.json(rows.map((r) => presentTenant(r.tenancy, r.property)));
  });

  /** The landlord's payments, newest first; `?status=suspense` lists C2B money that matched no tenant. */
  router.get('/landlords/:id/payments', async (req, res) => {
    const landlord = await landlordOr404(req.params.id);
    const statusQuery = z.enum(paymentStatuses).optional().safeParse(req.query.status);
    if (!statusQuery.success) throw new HttpError(400, 'invalid_request', `status must be one of ${paymentStatuses.join(', ')}`);
    const status = statusQuery.data;
    const rows = await db
      .select()
      .from(payments)
      .where(status ? and(eq(payments.landlordId, landlord.id), eq(payments.status, status)) : eq(payments.landlordId, landlord.id))
      .orderBy(desc(payments.initiatedAt))
      .limit(200);
    res.json(rows.map(presentPayment));
  });

  return router;
}
