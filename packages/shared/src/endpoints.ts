import { apiKeyEndpoints } from './api-keys';
import { authEndpoints } from './auth';
import type { Endpoint } from './contract';
import { healthEndpoints } from './health';
import { invitationEndpoints, memberEndpoints } from './members';
import { orgEndpoints } from './orgs';
import { platformEndpoints } from './platform';

/** Every endpoint of the API; the OpenAPI document is generated from this list. */
export const allEndpoints: readonly Endpoint[] = [
  ...Object.values(healthEndpoints),
  ...Object.values(authEndpoints),
  ...Object.values(orgEndpoints),
  ...Object.values(memberEndpoints),
  ...Object.values(invitationEndpoints),
  ...Object.values(apiKeyEndpoints),
  ...Object.values(platformEndpoints),
];
