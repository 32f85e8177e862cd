// What the simulated phone does with an STK prompt, and the callback JSON Daraja sends for it
// (reference/daraja.md §3: numeric ResultCode, metadata only on success, Balance without a Value).

export const simulatedOutcomes = ['success', 'cancelled', 'insufficient_funds', 'wrong_pin', 'unreachable', 'no_callback'] as const;
export type SimulatedOutcome = (typeof simulatedOutcomes)[number];

/**
 * The rule applied when nobody answers the prompt through the control routes, by the phone's last
 * two digits: 01 cancels (1032), 02 has too little money (1), 03 types a wrong PIN (2001),
 * 04 cannot be reached (1037), 05 pays but the callback is never sent; anything else pays.
 */
export function outcomeForPhone(phone: string): SimulatedOutcome {
  switch (phone.slice(-2)) {
    case '01':
      return 'cancelled';
    case '02':
      return 'insufficient_funds';
    case '03':
      return 'wrong_pin';
    case '04':
      return 'unreachable';
    case '05':
      return 'no_callback';
    default:
      return 'success';
  }
}

export interface SimulatedResult {
  resultCode: number;
  resultDesc: string;
  /** Set on success only. */
  receipt?: { mpesaReceiptNumber: string; transactionDate: number };
}

const FAILURES: Record<Exclude<SimulatedOutcome, 'success' | 'no_callback'>, Omit<SimulatedResult, 'receipt'>> = {
  cancelled: { resultCode: 1032, resultDesc: 'Request cancelled by user' },
  insufficient_funds: { resultCode: 1, resultDesc: 'The balance is insufficient for the transaction.' },
  wrong_pin: { resultCode: 2001, resultDesc: 'The initiator information is invalid.' },
  unreachable: { resultCode: 1037, resultDesc: 'DS timeout user cannot be reached' },
};

export const RULE_LIMITED: SimulatedResult = { resultCode: 17, resultDesc: 'Rule limited.' };

export function resultFor(outcome: SimulatedOutcome, receipt: SimulatedResult['receipt']): SimulatedResult {
  if (outcome === 'success' || outcome === 'no_callback') {
    return { resultCode: 0, resultDesc: 'The service request is processed successfully.', receipt };
  }
  return FAILURES[outcome];
}

export interface CallbackTransaction {
  merchantRequestId: string;
  checkoutRequestId: string;
  amount: number;
  phone: string;
}

export function callbackBody(tx: CallbackTransaction, result: SimulatedResult): object {
  const stkCallback: Record<string, unknown> = {
    MerchantRequestID: tx.merchantRequestId,
    CheckoutRequestID: tx.checkoutRequestId,
    ResultCode: result.resultCode,
    ResultDesc: result.resultDesc,
  };
  if (result.receipt) {
    stkCallback.CallbackMetadata = {
      Item: [
        { Name: 'Amount', Value: tx.amount },
        { Name: 'MpesaReceiptNumber', Value: result.receipt.mpesaReceiptNumber },
        { Name: 'Balance' },
        { Name: 'TransactionDate', Value: result.receipt.transactionDate },
        { Name: 'PhoneNumber', Value: Number(tx.phone) },
      ],
    };
  }
  return { Body: { stkCallback } };
}
