/**
 * What the API loads, lazily and only outside production when a real key is missing
 * (apps/api/src/lib/stand-ins.ts): each start function answers where the stand-in listens and the
 * credentials it made for this start.
 */
export { startEmbeddedStripe } from './stripe/embedded';
export { startLocalLinkedIn } from './linkedin/embedded';
export { startLocalTelegram } from './telegram/embedded';
