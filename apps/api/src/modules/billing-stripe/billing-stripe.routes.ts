import express, { Router } from 'express';
import { stripeBillingEndpoints } from '@aiceo/shared/stripe-billing';
import type { Deps } from '../../deps';
import { AppError } from '../../http/app-error';
import { mountEndpoint } from '../../http/endpoint';
import { StripeSignatureError } from '../../lib/stripe-gateway';
import { getBillingState, openPortal, startCheckout } from './billing-stripe.service';
import { handleStripeEvent } from './billing-stripe.webhook';

export const billingStripeRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, stripeBillingEndpoints.get, ({ org }) => getBillingState(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, stripeBillingEndpoints.checkout, ({ org, body }) =>
    startCheckout(deps, { orgId: org.orgId, input: body }),
  );
  mountEndpoint(router, deps, stripeBillingEndpoints.portal, ({ org }) => openPortal(deps, { orgId: org.orgId }));
  return router;
};

/**
 * The Stripe webhook. Mounted before the JSON body parser: the signature covers the exact
 * bytes Stripe sent, so the body must reach the check unparsed.
 */
export const billingWebhookRoutes = (deps: Deps): Router => {
  const router = Router();
  router.post(stripeBillingEndpoints.webhook.path, express.raw({ type: () => true, limit: deps.env.BODY_LIMIT }));
  mountEndpoint(router, deps, stripeBillingEndpoints.webhook, async ({ req }) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = req.headers['stripe-signature'];
    let event;
    try {
      event = deps.stripe.constructEvent({
        rawBody,
        signature: typeof signature === 'string' ? signature : undefined,
        now: deps.clock.now(),
      });
    } catch (error) {
      if (error instanceof StripeSignatureError) {
        throw new AppError('VALIDATION_FAILED', 'Invalid Stripe signature', {
          issues: [
            {
              location: 'headers',
              path: 'stripe-signature',
              message: error.message.split('\n')[0]?.trim() ?? 'Signature does not match',
            },
          ],
        });
      }
      throw error;
    }
    const outcome = await handleStripeEvent(deps, event);
    return { received: true as const, duplicate: outcome.duplicate };
  });
  return router;
};
