import { Router, type Request, type Response } from 'express';
import { authEndpoints, REFRESH_COOKIE_NAME, type AuthSession } from '@aiceo/shared/auth';
import { isCommonPassword } from '@aiceo/shared/common-passwords';
import { installCommonPasswordCheck } from '@aiceo/shared/passwords';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import { AppError } from '../../http/app-error';
import { clearRefreshCookie, readCookie, setRefreshCookie } from './auth.cookies';
import { changePassword, dummyHashFor, getAuthConfig, getMe, login, signup, updateMe } from './auth.service';
import { logout, rotateRefreshToken } from './sessions.service';
import { requestPasswordReset, resetPassword } from './password-reset.service';

const clientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

export const authRoutes = (deps: Deps): Router => {
  const router = Router();
  // Built once up front, so the first login with an unknown email is not measurably slower.
  void dummyHashFor(deps.env.BCRYPT_COST);
  // newPasswordSchema (signup, reset, change) refuses common passwords only once this is installed.
  installCommonPasswordCheck(isCommonPassword);

  const withCookie = (res: Response, session: AuthSession): AuthSession => {
    setRefreshCookie(res, {
      env: deps.env,
      refreshToken: session.refreshToken,
      expiresAt: session.refreshTokenExpiresAt,
    });
    return session;
  };
  const refreshTokenOf = (req: Request, fromBody: string | undefined) =>
    fromBody ?? readCookie(req.headers.cookie, REFRESH_COOKIE_NAME);

  mountEndpoint(router, deps, authEndpoints.config, () => getAuthConfig(deps));

  mountEndpoint(router, deps, authEndpoints.signup, async ({ body, req, res }) =>
    withCookie(res, await signup(deps, { input: body, ip: clientIp(req) })),
  );

  mountEndpoint(router, deps, authEndpoints.login, async ({ body, req, res }) =>
    withCookie(res, await login(deps, { input: body, ip: clientIp(req) })),
  );

  mountEndpoint(router, deps, authEndpoints.refresh, async ({ body, req, res }) => {
    const refreshToken = refreshTokenOf(req, body.refreshToken);
    if (!refreshToken)
      throw new AppError('UNAUTHENTICATED', `Send the refresh token in the body or the ${REFRESH_COOKIE_NAME} cookie`);
    return withCookie(res, await rotateRefreshToken(deps, { refreshToken }));
  });

  mountEndpoint(router, deps, authEndpoints.logout, async ({ body, req, res }) => {
    await logout(deps, { refreshToken: refreshTokenOf(req, body.refreshToken), everywhere: body.everywhere });
    clearRefreshCookie(res, deps.env);
  });

  mountEndpoint(router, deps, authEndpoints.forgotPassword, async ({ body, req }) => {
    await requestPasswordReset(deps, { input: body, ip: clientIp(req) });
    return { ok: true as const };
  });

  mountEndpoint(router, deps, authEndpoints.resetPassword, async ({ body }) => {
    await resetPassword(deps, { input: body });
    return { ok: true as const };
  });

  mountEndpoint(router, deps, authEndpoints.me, ({ auth }) => getMe(deps, { userId: auth.userId }));

  mountEndpoint(router, deps, authEndpoints.updateMe, ({ auth, body }) =>
    updateMe(deps, { userId: auth.userId, input: body }),
  );

  mountEndpoint(router, deps, authEndpoints.changePassword, async ({ auth, body, res }) =>
    withCookie(res, await changePassword(deps, { userId: auth.userId, input: body })),
  );

  return router;
};
