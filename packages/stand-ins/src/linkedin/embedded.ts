import { newLinkedInKeys } from '../keys';
import { startLinkedInStandIn, type LinkedInStandIn, type LinkedInStandInOptions } from './stand-in';

export type LocalLinkedInOptions = Omit<LinkedInStandInOptions, 'clientId' | 'clientSecret'> & {
  /** Given by a stand-alone stand-in that shares them with the API; otherwise fresh random ones. */
  clientId?: string;
  clientSecret?: string;
};

/** Starts one; its `clientId` and `clientSecret` (made for this start unless given) are what the API must use. */
export const startLocalLinkedIn = (options: LocalLinkedInOptions = {}): Promise<LinkedInStandIn> => {
  const keys = newLinkedInKeys();
  return startLinkedInStandIn({
    ...options,
    clientId: options.clientId ?? keys.clientId,
    clientSecret: options.clientSecret ?? keys.clientSecret,
  });
};
