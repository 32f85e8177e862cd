import { Router } from 'express';
import { listMessagesTo } from '../../../db/queries/outbox.js';
import { findPaymentById } from '../../../db/queries/payments.js';
import { normalizePhone } from '../../domain/phone.js';
import { PHONE_REJECTIONS } from '../../messages/chat-messages.js';
import { assignSuspense } from '../../payments/c2b.js';
import type { PaymentsDeps } from '../../payments/deps.js';
import { initiateRentPayment } from '../../payments/initiate-payment.js';
import { HttpError, notFound } from '../errors.js';
import { presentMessage, presentPayment } from './presenters.js';
import { assignPaymentBody, initiatePaymentBody, parseBody, parseId } from './schemas.js';

export function paymentsRouter(deps: PaymentsDeps): Router {
  const router = Router();

  router.post('/payments/initiate', async (req, res) => {
    const body = parseBody(initiatePaymentBody, req.body);
    const payment = await initiateRentPayment(deps, { tenancyId: body.tenantId, billId: body.billId, amount: body.amount, phone: body.phone });
    res.status(202).json({ paymentId: payment.id, checkoutRequestId: payment.checkoutRequestId, status: payment.status });
  });

  router.get('/payments/:id/status', async (req, res) => {
    const payment = await findPaymentById(deps.db, parseId(req.params.id, 'payment'));
    if (!payment) throw notFound('payment');
    res.json(presentPayment(payment));
  });

  /** Assigns a suspense C2B payment to a tenant of the same landlord. */
  router.post('/payments/:id/assign', async (req, res) => {
    const id = parseId(req.params.id, 'payment');
    const body = parseBody(assignPaymentBody, req.body);
    res.json(presentPayment(await assignSuspense(deps, id, body.tenantId, 'admin_api')));
  });

  router.get('/messages', async (req, res) => {
    const to = normalizePhone(typeof req.query.to === 'string' ? req.query.to : '');
    if (!to.ok) throw new HttpError(400, 'invalid_request', `to: ${PHONE_REJECTIONS[to.reason].en}`);
    res.json((await listMessagesTo(deps.db, to.phone)).map(presentMessage));
  });

  return router;
}
