import { agenticEndpoints } from './agentic';
import { aiEndpoints } from './ai';
import { apiKeyEndpoints } from './api-keys';
import { approvalEndpoints } from './approvals';
import { authEndpoints } from './auth';
import { campaignEndpoints } from './campaigns';
import { brandingEndpoints } from './branding';
import { chatEndpoints } from './chat';
import { contentEndpoints } from './content';
import type { Endpoint } from './contract';
import { dashboardEndpoints } from './dashboard';
import { creditEndpoints } from './credits';
import { docsEndpoints } from './docs';
import { financeEndpoints } from './finance';
import { financeImportEndpoints } from './finance-imports';
import { financeOwnerReportEndpoints } from './finance-owner-reports';
import { financeReportEndpoints } from './finance-reports';
import { financeStripeEndpoints } from './finance-stripe';
import { goalEndpoints } from './goals';
import { healthEndpoints } from './health';
import { integrationEndpoints } from './integrations';
import { leadEndpoints } from './leads';
import { invitationEndpoints, memberEndpoints } from './members';
import { orgEndpoints } from './orgs';
import { platformEndpoints } from './platform';
import { stripeBillingEndpoints } from './stripe-billing';
import { taskEndpoints } from './tasks';
import { usageEndpoints } from './usage';
import { onboardingEndpoints } from './onboarding';
import { playbookEndpoints } from './playbooks';
import { aiBudgetEndpoints } from './ai-budget';
import { widgetEndpoints } from './widget';
import { widgetInboxEndpoints } from './widget-inbox';
import { attributionEndpoints } from './attribution';
import { telegramEndpoints } from './telegram';
import { proposalEndpoints, serviceTemplateEndpoints } from './proposals';
import { projectEndpoints } from './projects';

/**
 * Every endpoint map by feature. The OpenAPI operationId of an endpoint is its group and
 * key (`apiKeys` + `create` = `apiKeysCreate`), so keys only need to be unique in a group.
 */
export const endpointGroups = {
  health: healthEndpoints,
  docs: docsEndpoints,
  auth: authEndpoints,
  orgs: orgEndpoints,
  members: memberEndpoints,
  invitations: invitationEndpoints,
  apiKeys: apiKeyEndpoints,
  platform: platformEndpoints,
  dashboard: dashboardEndpoints,
  usage: usageEndpoints,
  billing: stripeBillingEndpoints,
  credits: creditEndpoints,
  ai: aiEndpoints,
  chat: chatEndpoints,
  leads: leadEndpoints,
  content: contentEndpoints,
  integrations: integrationEndpoints,
  campaigns: campaignEndpoints,
  branding: brandingEndpoints,
  tasks: taskEndpoints,
  agentic: agenticEndpoints,
  approvals: approvalEndpoints,
  goals: goalEndpoints,
  finance: financeEndpoints,
  financeImports: financeImportEndpoints,
  financeReports: financeReportEndpoints,
  financeStripe: financeStripeEndpoints,
  financeOwnerReports: financeOwnerReportEndpoints,
  onboarding: onboardingEndpoints,
  playbooks: playbookEndpoints,
  aiBudget: aiBudgetEndpoints,
  widget: widgetEndpoints,
  widgetInbox: widgetInboxEndpoints,
  attribution: attributionEndpoints,
  telegram: telegramEndpoints,
  serviceTemplates: serviceTemplateEndpoints,
  proposals: proposalEndpoints,
  projects: projectEndpoints,
} satisfies Record<string, Record<string, Endpoint>>;

/** Every endpoint of the API; the OpenAPI document is generated from this list. */
export const allEndpoints: readonly Endpoint[] = Object.values(endpointGroups).flatMap((group) => Object.values(group));
