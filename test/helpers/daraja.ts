// A Daraja simulator on its own port, and a client pointed at it, as the product uses them.
import { SANDBOX_PASSKEY, SANDBOX_SHORT_CODE } from '../../src/config.js';
import { DarajaClient, type DarajaCredentials } from '../../src/daraja/daraja-client.js';
import { startDarajaSimulator } from '../../src/daraja-simulator/routes.js';
import { DarajaSimulator, type SimulatorOptions } from '../../src/daraja-simulator/simulator.js';

export const platformCredentials: DarajaCredentials = {
  consumerKey: 'platform-key',
  consumerSecret: 'platform-secret',
  passkey: SANDBOX_PASSKEY,
};
export { SANDBOX_SHORT_CODE };

export async function startSimulator(options: SimulatorOptions = {}) {
  const sim = new DarajaSimulator({
    apps: { [platformCredentials.consumerKey]: platformCredentials.consumerSecret },
    shortCodes: { [SANDBOX_SHORT_CODE]: SANDBOX_PASSKEY },
    autoAnswerMs: 20,
    callbackDelayMs: 10,
    repeatWindowMs: 0,
    ...options,
  });
  const server = await startDarajaSimulator(sim);
  return { sim, url: server.url, close: server.close };
}

export function clientFor(baseUrl: string, options: { maxAmount?: number; timeoutMs?: number } = {}) {
  return new DarajaClient({ baseUrl, maxAmount: options.maxAmount ?? 250_000, timeoutMs: options.timeoutMs ?? 5_000 });
}

/** The success callback Daraja posts for an STK Push (reference/daraja.md §3), as a parsed body. */
export function successCallback(checkoutRequestId: string, amount: number, phone: string, receipt = 'SAB1234567') {
  return {
    Body: {
      stkCallback: {
        MerchantRequestID: '29115-34620561-1',
        CheckoutRequestID: checkoutRequestId,
        ResultCode: 0,
        ResultDesc: 'The service request is processed successfully.',
        CallbackMetadata: {
          Item: [
            { Name: 'Amount', Value: amount },
            { Name: 'MpesaReceiptNumber', Value: receipt },
            { Name: 'Balance' },
            { Name: 'TransactionDate', Value: 20261127224100 },
            { Name: 'PhoneNumber', Value: Number(phone) },
          ],
        },
      },
    },
  };
}
