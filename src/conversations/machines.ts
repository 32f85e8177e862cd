// The machine registry: each conversation area's machine, with this turn's actors in place of the
// placeholders the flow names, and the version stored with every snapshot. Bump MACHINE_VERSION when
// a machine changes in a way an old snapshot could not be restored into (a renamed state, a new
// context shape): such conversations restart at the menu with an apology instead of crashing.
import type { AnyStateMachine } from 'xstate';
import { landlordSetupMachine } from '../../flows/landlord-setup.machine.js';
import { languageMachine } from '../../flows/language.machine.js';
import { mainMenuMachine } from '../../flows/main-menu.machine.js';
import { payRentMachine } from '../../flows/pay-rent.machine.js';
import { statusMachine } from '../../flows/status.machine.js';
import type { Area } from '../../flows/types.js';
import { landlordSetupActors } from './actors/landlord-setup.js';
import { payRentActors } from './actors/pay-rent.js';
import { statusActors } from './actors/status.js';
import type { Turn } from './turn.js';

// 2: the pay-rent context gained unitPage (the paged unit list on USSD).
// 3: landlord setup's three number states became one step (enteringNumber, numberStep).
export const MACHINE_VERSION = 3;

export function machineFor(area: Area, turn: Turn): AnyStateMachine {
  switch (area) {
    case 'menu':
      return mainMenuMachine;
    case 'payRent':
      return payRentMachine.provide({ actors: payRentActors(turn) });
    case 'status':
      return statusMachine.provide({ actors: statusActors(turn) });
    case 'setup':
      return landlordSetupMachine.provide({ actors: landlordSetupActors(turn) });
    case 'language':
      return languageMachine;
    default: {
      const unknown: never = area;
      throw new Error(`no machine for area ${String(unknown)}`);
    }
  }
}
