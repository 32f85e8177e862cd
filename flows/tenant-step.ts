// Picking one of the landlord's tenants by what was typed (unit, account number or part of the name), as
// the money flows and "a tenant" share it: one match goes on, several are listed to choose from, none says
// so and asks again. The machine has the guards below, `keepMatches`, `takeOnlyMatch` and `sayNoTenant`.
import { optionNumber } from './input.js';
import type { TenantMatch } from './landlord-money.machine.js';

export const tenantGuards = {
  /** n = 1: exactly one match; n = 2: two or more. */
  found: (_: unknown, params: { matches: TenantMatch[]; n: number }) => (params.n === 2 ? params.matches.length >= 2 : params.matches.length === params.n),
  choseMatch: ({ context, event }: { context: { matches: TenantMatch[] }; event: { text: string } }) => context.matches[(optionNumber(event.text) ?? 0) - 1] !== undefined,
};

type Found = { event: { output: TenantMatch[] } };
const found = (n: number) => ({ type: 'found' as const, params: ({ event }: Found) => ({ matches: event.output, n }) });
const keepMatches = { type: 'keepMatches' as const, params: ({ event }: Found) => ({ matches: event.output }) };

/** What follows the search: `next` with the one match, the list to choose from, or "no tenant matches". */
export function afterTenantSearch(next: string) {
  return [
    { guard: found(1), target: next, actions: [keepMatches, 'takeOnlyMatch' as const] },
    { guard: found(2), target: 'choosingTenant', actions: keepMatches },
    { target: 'tenantNotFound', actions: 'sayNoTenant' as const },
  ];
}
