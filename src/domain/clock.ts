// What time it is, as a dependency: production reads the system clock; tests set it, so that months
// of bills and reminders, or a push delayed until a USSD session has ended, run without real waiting.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
