// The simulator `npm start` runs in simulator mode, set up from the configuration: the platform's app
// and passkey, and the simulated phones' timing.
import type { Config } from '../config.js';
import { DarajaSimulator, type SimulatorOptions } from './simulator.js';

export function createBuiltInSimulator(config: Config, overrides: SimulatorOptions = {}): DarajaSimulator {
  return new DarajaSimulator({
    apps: { [config.daraja.consumerKey]: config.daraja.consumerSecret },
    shortCodes: { [config.daraja.businessShortCode]: config.daraja.passkey },
    // Landlord shortcodes without their own credentials use the platform's passkey: the seed's model.
    defaultPasskey: config.daraja.passkey,
    autoAnswerMs: config.simulator.autoAnswerSeconds * 1000,
    callbackDelayMs: config.simulator.callbackDelayMs,
    maxAmount: config.mpesaMaxAmount,
    ...overrides,
  });
}
