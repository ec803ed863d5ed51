import { Router } from 'express';
import { creditEndpoints, creditPacks, IDEMPOTENCY_KEY_HEADER, idempotencyKeySchema } from '@aiceo/shared/credits';
import type { Deps } from '../../deps';
import { AppError } from '../../http/app-error';
import { userIdOrNull } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import {
  adjustCredits,
  consumeCredits,
  getCredits,
  listDisputes,
  openDispute,
  resolveDispute,
  startCreditCheckout,
} from './credits.service';

/** The Idempotency-Key header, as a 400 with its path when missing or malformed. */
const idempotencyKeyOf = (value: string | string[] | undefined): string => {
  const parsed = idempotencyKeySchema.safeParse(typeof value === 'string' ? value : '');
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'Invalid Idempotency-Key';
    throw new AppError('VALIDATION_FAILED', message, {
      issues: [{ location: 'headers', path: IDEMPOTENCY_KEY_HEADER, message }],
    });
  }
  return parsed.data;
};

export const creditsRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, creditEndpoints.packs, () => ({ items: [...creditPacks] }));
  mountEndpoint(router, deps, creditEndpoints.get, ({ org, query }) => getCredits(deps, { orgId: org.orgId, query }));
  mountEndpoint(router, deps, creditEndpoints.consume, ({ org, auth, body, req }) =>
    consumeCredits(deps, {
      orgId: org.orgId,
      input: body,
      idempotencyKey: idempotencyKeyOf(req.headers[IDEMPOTENCY_KEY_HEADER]),
      actorUserId: userIdOrNull(auth),
    }),
  );
  mountEndpoint(router, deps, creditEndpoints.checkout, ({ org, body }) =>
    startCreditCheckout(deps, { orgId: org.orgId, input: body }),
  );
  mountEndpoint(router, deps, creditEndpoints.listDisputes, ({ org, query }) =>
    listDisputes(deps, { orgId: org.orgId, query }),
  );
  mountEndpoint(router, deps, creditEndpoints.openDispute, ({ org, auth, params, body }) => {
    // The endpoint refuses API keys, so the caller is a user.
    if (auth.kind !== 'user') throw new AppError('FORBIDDEN', 'Disputes are opened by a signed-in owner');
    return openDispute(deps, { orgId: org.orgId, entryId: params.entryId, reason: body.reason, openedBy: auth.userId });
  });
  mountEndpoint(router, deps, creditEndpoints.adminAdjust, ({ auth, params, body }) =>
    adjustCredits(deps, { orgId: params.orgId, input: body, actorUserId: auth.userId }),
  );
  mountEndpoint(router, deps, creditEndpoints.adminListDisputes, ({ query }) => listDisputes(deps, { query }));
  mountEndpoint(router, deps, creditEndpoints.adminResolveDispute, ({ auth, params, body }) =>
    resolveDispute(deps, { disputeId: params.disputeId, input: body, resolvedBy: auth.userId }),
  );
  return router;
};
