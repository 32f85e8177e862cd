// The flow machines by area, and the version stored with every snapshot: bump it when a machine
// changes in a way an old snapshot could not be restored into (a renamed state, a new context shape).
import { landlordSetupMachine } from '../../flows/landlord-setup.machine.js';
import { languageMachine } from '../../flows/language.machine.js';
import { mainMenuMachine, type MenuInput } from '../../flows/main-menu.machine.js';
import { payRentMachine, type PayRentInput } from '../../flows/pay-rent.machine.js';
import { statusMachine } from '../../flows/status.machine.js';
import type { Area, FlowInput } from '../../flows/types.js';
import type { FlowServices } from './flow-services.js';

// 2: the pay-rent context gained unitPage (the paged unit list on USSD).
export const MACHINE_VERSION = 2;

export type AreaInput = { menu: MenuInput; payRent: PayRentInput; status: FlowInput; setup: FlowInput; language: FlowInput };

/** Each area's machine with the runtime's services in place of its placeholder actors. */
export function machineFor(area: Area, services: FlowServices) {
  switch (area) {
    case 'menu':
      return mainMenuMachine;
    case 'payRent':
      return payRentMachine.provide({ actors: { loadAccounts: services.loadAccounts, startPayment: services.startPayment } });
    case 'status':
      return statusMachine.provide({ actors: { loadStatus: services.loadStatus } });
    case 'setup':
      return landlordSetupMachine.provide({
        actors: {
          loadSetup: services.loadSetup,
          verifyPin: services.verifyPin,
          hashPin: services.hashPin,
          savePayout: services.savePayout,
          activatePayout: services.activatePayout,
          sendPayoutTest: services.sendPayoutTest,
        },
      });
    case 'language':
      return languageMachine;
    default: {
      const unknown: never = area;
      throw new Error(`no machine for area ${String(unknown)}`);
    }
  }
}
