// The machine registry: each conversation area's machine, with the runtime's actors in place of the
// placeholders the flow names, built once. The actors find the turn they run in through the actor
// system of the machine the turn started (`startInTurn`): building a machine per turn would cost more
// than the turn's own logic, and an AsyncLocalStorage would tax every promise of the process (Node 20
// runs its promise hooks on each one). MACHINE_VERSION is stored with every snapshot: bump it when a machine changes in a way an
// old snapshot could not be restored into (a renamed state, a new context shape); such conversations
// restart at the menu with an apology instead of crashing.
import { createActor, type AnyActorRef, type AnyStateMachine } from 'xstate';
import { addTenantMachine } from '../../flows/add-tenant.machine.js';
import { caretakerPinMachine } from '../../flows/caretaker-pin.machine.js';
import { caretakersMachine } from '../../flows/caretakers.machine.js';
import { landlordMoneyMachine } from '../../flows/landlord-money.machine.js';
import { landlordSetupMachine } from '../../flows/landlord-setup.machine.js';
import { languageMachine } from '../../flows/language.machine.js';
import { mainMenuMachine } from '../../flows/main-menu.machine.js';
import { payRentMachine } from '../../flows/pay-rent.machine.js';
import { manageTenantMachine } from '../../flows/manage-tenant.machine.js';
import { monthFileMachine } from '../../flows/month-file.machine.js';
import { signupMachine } from '../../flows/signup.machine.js';
import { statusMachine } from '../../flows/status.machine.js';
import type { Area } from '../../flows/types.js';
import { addTenantActors } from './actors/add-tenant.js';
import { caretakerPinActors, caretakersActors } from './actors/caretakers.js';
import { landlordMoneyActors } from './actors/landlord-money.js';
import { landlordSetupActors } from './actors/landlord-setup.js';
import { payRentActors } from './actors/pay-rent.js';
import { manageTenantActors } from './actors/manage-tenant.js';
import { monthFileActors } from './actors/month-file.js';
import { signupActors } from './actors/signup.js';
import { statusActors } from './actors/status.js';
import type { Turn, TurnOf } from './turn.js';

// 2: the pay-rent context gained unitPage (the paged unit list on USSD).
// 3: landlord setup's three number states became one step (enteringNumber, numberStep).
export const MACHINE_VERSION = 3;

/** The turn each running machine belongs to, by its actor system (shared with every actor it invokes). */
const turns = new WeakMap<AnyActorRef['system'], Turn>();

/** Starts an area's machine in this turn: its actors read and write through `turn`. */
export function startInTurn(turn: Turn, area: Area, options: { input: unknown; snapshot?: unknown }): AnyActorRef {
  const actor = createActor(machineFor(area), options as never);
  turns.set(actor.system, turn);
  return actor.start();
}

const currentTurn: TurnOf = (system) => {
  const turn = turns.get(system);
  if (!turn) throw new Error('a flow actor ran outside a conversation turn');
  return turn;
};

const MACHINES: Record<Area, AnyStateMachine> = {
  menu: mainMenuMachine,
  payRent: payRentMachine.provide({ actors: payRentActors(currentTurn) }),
  status: statusMachine.provide({ actors: statusActors(currentTurn) }),
  setup: landlordSetupMachine.provide({ actors: landlordSetupActors(currentTurn) }),
  language: languageMachine,
  addTenant: addTenantMachine.provide({ actors: addTenantActors(currentTurn) }),
  charge: landlordMoneyMachine('charge').provide({ actors: landlordMoneyActors(currentTurn) }),
  cash: landlordMoneyMachine('cash').provide({ actors: landlordMoneyActors(currentTurn) }),
  assign: landlordMoneyMachine('assign').provide({ actors: landlordMoneyActors(currentTurn) }),
  signup: signupMachine.provide({ actors: signupActors(currentTurn) }),
  manageTenant: manageTenantMachine.provide({ actors: manageTenantActors(currentTurn) }),
  caretakers: caretakersMachine.provide({ actors: caretakersActors(currentTurn) }),
  caretakerPin: caretakerPinMachine.provide({ actors: caretakerPinActors(currentTurn) }),
  monthFile: monthFileMachine.provide({ actors: monthFileActors(currentTurn) }),
};

export function machineFor(area: Area): AnyStateMachine {
  const machine = MACHINES[area];
  if (!machine) throw new Error(`no machine for area ${String(area)}`);
  return machine;
}
