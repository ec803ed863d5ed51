import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { fromRoot } from './config/paths';
import type { Deps } from './deps';
import { errorMiddleware, notFoundHandler } from './http/error-middleware';
import { parseQueryString } from './http/query-parser';
import { noStore, requestContext, requireJsonBody } from './http/request-context';
import { apiKeysRoutes } from './modules/api-keys/api-keys.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { billingStripeRoutes, billingWebhookRoutes } from './modules/billing-stripe/billing-stripe.routes';
import { agenticRoutes } from './modules/agentic/agentic.routes';
import { approvalsRoutes } from './modules/approvals/approvals.routes';
import { aiRoutes } from './modules/ai/ai.routes';
import { campaignsRoutes, unsubscribeRoutes } from './modules/campaigns/campaigns.routes';
import { brandingRoutes } from './modules/branding/branding.routes';
import { chatRoutes } from './modules/chat/chat.routes';
import { contentRoutes } from './modules/content/content.routes';
import { creditsRoutes } from './modules/credits/credits.routes';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes';
import { docsRoutes } from './modules/docs/docs.routes';
import { financeImportsRoutes, financeImportUploadRoutes } from './modules/finance-imports/finance-imports.routes';
import { financeOwnerReportsRoutes } from './modules/finance-owner-reports/finance-owner-reports.routes';
import { financeReportsRoutes } from './modules/finance-reports/finance-reports.routes';
import { financeStripeRoutes } from './modules/finance-stripe/finance-stripe.routes';
import { financeRoutes } from './modules/finance/finance.routes';
import { healthRoutes } from './modules/health/health.routes';
import { integrationsRoutes } from './modules/integrations/integrations.routes';
import { leadImportUploadRoutes, leadsRoutes } from './modules/leads/leads.routes';
import { membersRoutes } from './modules/members/members.routes';
import { orgsRoutes } from './modules/orgs/orgs.routes';
import { platformRoutes } from './modules/platform/platform.routes';
import { tasksRoutes } from './modules/tasks/tasks.routes';
import { goalsRoutes } from './modules/goals/goals.routes';
import { usageRoutes } from './modules/usage/usage.routes';
import { onboardingRoutes } from './modules/onboarding/onboarding.routes';
import { playbooksRoutes } from './modules/playbooks/playbooks.routes';
import { aiBudgetRoutes } from './modules/ai-budget/ai-budget.routes';
import { widgetRoutes } from './modules/widget/widget.routes';
import { widgetChatRoutes } from './modules/widget-chat/widget-chat.routes';
import { widgetPreflight } from './modules/widget-chat/widget-cors';
import { widgetScriptRoutes } from './modules/widget-chat/widget-script.routes';
import { attributionRoutes } from './modules/attribution/attribution.routes';
import { telegramRoutes } from './modules/telegram/telegram.routes';
import { useBotFeatures } from './modules/telegram/telegram-bot';
import { botFeatures } from './modules/telegram-bot/bot-features';
import { serviceTemplatesRoutes } from './modules/service-templates/service-templates.routes';
import { proposalsRoutes } from './modules/proposals/proposals.routes';
import { clientPagesRoutes } from './modules/client-pages/client-pages.routes';
import { projectsRoutes } from './modules/projects/projects.routes';

/** Every feature's router, in mount order; the OpenAPI coverage test walks these. */
export const featureRoutes = (deps: Deps) => [
  healthRoutes(deps),
  docsRoutes(deps),
  authRoutes(deps),
  orgsRoutes(deps),
  membersRoutes(deps),
  apiKeysRoutes(deps),
  platformRoutes(deps),
  dashboardRoutes(deps),
  usageRoutes(deps),
  billingStripeRoutes(deps),
  creditsRoutes(deps),
  aiRoutes(deps),
  chatRoutes(deps),
  leadsRoutes(deps),
  contentRoutes(deps),
  integrationsRoutes(deps),
  campaignsRoutes(deps),
  brandingRoutes(deps),
  tasksRoutes(deps),
  agenticRoutes(deps),
  approvalsRoutes(deps),
  goalsRoutes(deps),
  financeRoutes(deps),
  financeImportsRoutes(deps),
  financeReportsRoutes(deps),
  financeStripeRoutes(deps),
  financeOwnerReportsRoutes(deps),
  onboardingRoutes(deps),
  playbooksRoutes(deps),
  aiBudgetRoutes(deps),
  widgetRoutes(deps),
  widgetChatRoutes(deps),
  attributionRoutes(deps),
  telegramRoutes(deps),
  serviceTemplatesRoutes(deps),
  proposalsRoutes(deps),
  projectsRoutes(deps),
  // The client's pages (proposal, project progress) are mounted in createApp, before the JSON-only guard.
];

export const createApp = (deps: Deps): Express => {
  // The bot's commands (telegram-bot) plug into the bot (telegram) here: telegram-bot imports telegram, not the reverse.
  useBotFeatures(botFeatures);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.env.TRUST_PROXY);
  app.set('etag', false);
  app.set('query parser', parseQueryString);

  app.use(requestContext(deps.log));
  // Images over https too: the org's logo (Settings -> Email, the campaign preview) lives on its own site.
  app.use(helmet({ contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:', 'https:'] } } }));
  app.use('/api', noStore);
  // The website chat's public endpoints are called from the owners' sites: their own CORS (preflight
  // for any origin; the real request answers an origin only when the key allows it).
  app.use('/api/widget', widgetPreflight);
  // Only the SPA's origin gets CORS headers; any other origin gets none at all.
  const allowedOrigin = new URL(deps.env.FRONTEND_URL).origin;
  app.use(
    '/api',
    cors({
      origin: (origin, done) => done(null, origin === allowedOrigin),
      credentials: true,
      exposedHeaders: ['x-request-id', 'retry-after'],
    }),
  );
  // Stripe signs the raw body, so its webhook is answered before the JSON guard and parser.
  app.use(billingWebhookRoutes(deps));
  // Mail clients' one-click unsubscribe (RFC 8058) posts a form body, which the JSON guard would refuse.
  app.use(unsubscribeRoutes(deps));
  // CSV uploads (up to 10 MB) get their own body limit, for members of the org only.
  app.use(leadImportUploadRoutes(deps));
  app.use(financeImportUploadRoutes(deps));
  // The client's proposal page posts a plain HTML form (accept, decline): its own body parsing, before the JSON guard.
  app.use(clientPagesRoutes(deps));
  app.use('/api', requireJsonBody, express.json({ limit: deps.env.BODY_LIMIT }));

  for (const router of featureRoutes(deps)) app.use(router);
  app.use('/api', notFoundHandler);

  // widget.js for the owners' sites (its own CORP and cache headers), before the SPA's static files.
  app.use(widgetScriptRoutes(deps));

  // The built SPA on the same port (the embedded default); client-side routes fall back to index.html.
  const webDist = deps.env.WEB_DIST_DIR ? fromRoot(deps.env.WEB_DIST_DIR) : '';
  if (webDist && existsSync(join(webDist, 'index.html'))) {
    app.use(express.static(webDist, { index: false, maxAge: '1h' }));
    app.get('/{*path}', (_req, res) => res.sendFile(join(webDist, 'index.html')));
  }

  app.use(notFoundHandler);
  app.use(errorMiddleware(deps));
  return app;
};
