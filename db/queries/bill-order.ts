// The order money pays bills in, everywhere (ledger, screens, reports): the oldest due first; bills
// due the same day in the order rent, service charge, water, electricity, other, deposit, and late fees
// last; then the order they were made in. A bill without a due date is due on the 1st of its month.
/** The day a bill is due, for the bills table under the alias `b`. */
const billDueOf = (b: string) => `coalesce(${b}.due_date, to_date(${b}.period || '-01', 'YYYY-MM-DD'))`;
export const billOrderOf = (b: string) =>
  `${billDueOf(b)}, case ${b}.kind when 'rent' then 0 when 'service' then 1 when 'water' then 2 when 'electricity' then 3 when 'other' then 4 when 'deposit' then 5 else 6 end, ${b}.created_at, ${b}.id`;

export const BILL_DUE = billDueOf('b');
/** What is allocated to the bill under the alias `b`. */
export const BILL_PAID = 'coalesce((select sum(a.amount) from allocations a where a.bill_id = b.id), 0)';
export const BILL_ORDER = billOrderOf('b');
