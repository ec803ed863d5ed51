import { z } from 'zod';
import { defineEndpoint, orgAuth } from './contract';

/** The first steps of a new organisation, in the order the checklist shows them. */
export const onboardingStepKeys = ['describe', 'leads', 'linkedin', 'bank', 'teammate', 'goal'] as const;
export type OnboardingStepKey = (typeof onboardingStepKeys)[number];

export const onboardingStepSchema = z.object({
  key: z.enum(onboardingStepKeys),
  /** "Describe your business or choose a playbook". */
  title: z.string(),
  /** What is there now, in words ("12 leads", "Not connected yet"). */
  detail: z.string(),
  done: z.boolean(),
});
export type OnboardingStep = z.infer<typeof onboardingStepSchema>;

export const onboardingSchema = z.object({
  /** True once an owner or admin put the checklist away (it can be brought back). */
  dismissed: z.boolean(),
  /** Every step is done. */
  complete: z.boolean(),
  doneCount: z.number().int().min(0),
  total: z.number().int().min(0),
  steps: z.array(onboardingStepSchema),
});
export type Onboarding = z.infer<typeof onboardingSchema>;

export const updateOnboardingInputSchema = z.object({ dismissed: z.boolean() });
export type UpdateOnboardingInput = z.infer<typeof updateOnboardingInputSchema>;

const tag = 'Onboarding';
const orgParams = z.object({ orgId: z.uuid() });
export const onboardingEndpoints = {
  get: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/onboarding',
    summary: "The new organisation's checklist: which first steps are done",
    tag,
    auth: orgAuth('member', 'read'),
    params: orgParams,
    status: 200,
    response: onboardingSchema,
  }),
  update: defineEndpoint({
    method: 'PATCH',
    path: '/api/orgs/:orgId/onboarding',
    summary: 'Put the checklist away, or bring it back',
    tag,
    auth: orgAuth('admin', 'write'),
    params: orgParams,
    body: updateOnboardingInputSchema,
    status: 200,
    response: onboardingSchema,
  }),
};
