import type { Endpoint } from './contract';

/** The owner's side of the website chat: settings, keys and the conversations inbox. */
export const widgetInboxEndpoints = {} satisfies Record<string, Endpoint>;
