import { z } from 'zod';
import { defineEndpoint, publicAuth, userAuth } from './contract';
import { emailSchema, isoDateSchema, okSchema, passwordSchema, personNameSchema } from './common';
import { newPasswordSchema } from './passwords';

/** The signed-in user as the API shows it to themselves. */
export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  isPlatformAdmin: z.boolean(),
  createdAt: isoDateSchema,
});
export type User = z.infer<typeof userSchema>;

export const signupInputSchema = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  name: personNameSchema,
  /** Required while the platform is invite-only (except for the very first user); case-insensitive. */
  inviteCode: z.string().trim().min(1).max(64).toUpperCase().optional(),
});
export type SignupInput = z.infer<typeof signupInputSchema>;

export const loginInputSchema = z.object({ email: emailSchema, password: passwordSchema });
export type LoginInput = z.infer<typeof loginInputSchema>;

/** Name of the httpOnly cookie (Path=/api/auth, SameSite=Strict) that carries the refresh token for browsers. */
export const REFRESH_COOKIE_NAME = 'aiceo_refresh';

/** Tokens issued at signup, login, refresh and password change. The refresh token is also set as an httpOnly cookie. */
export const authSessionSchema = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: isoDateSchema,
  refreshToken: z.string(),
  refreshTokenExpiresAt: isoDateSchema,
  user: userSchema,
});
export type AuthSession = z.infer<typeof authSessionSchema>;

/** The refresh token comes in the body or, from the browser, in the httpOnly cookie. */
export const refreshInputSchema = z.object({ refreshToken: z.string().min(1).max(512).optional() });
export type RefreshInput = z.infer<typeof refreshInputSchema>;

export const logoutInputSchema = z.object({
  refreshToken: z.string().min(1).max(512).optional(),
  /** Revoke every session of this user, not just this one. */
  everywhere: z.boolean().default(false),
});
export type LogoutInput = z.infer<typeof logoutInputSchema>;

export const forgotPasswordInputSchema = z.object({ email: emailSchema });
export type ForgotPasswordInput = z.infer<typeof forgotPasswordInputSchema>;

export const resetPasswordInputSchema = z.object({ token: z.string().min(1).max(512), password: newPasswordSchema });
export type ResetPasswordInput = z.infer<typeof resetPasswordInputSchema>;

export const updateProfileInputSchema = z
  .object({
    name: personNameSchema.optional(),
    email: emailSchema.optional(),
    /** Needed to change the email address; a wrong one answers 400 with an issue on `currentPassword`. */
    currentPassword: passwordSchema.optional(),
  })
  .refine((v) => v.name !== undefined || v.email !== undefined, { message: 'Change at least one field' })
  .refine((v) => v.email === undefined || v.currentPassword !== undefined, {
    message: 'Enter your current password to change your email',
    path: ['currentPassword'],
  });
export type UpdateProfileInput = z.infer<typeof updateProfileInputSchema>;

/**
 * A wrong `currentPassword` answers 400 with an issue on that field (not 401: the caller's
 * session is fine, and a 401 would make a client sign out).
 */
export const changePasswordInputSchema = z.object({ currentPassword: passwordSchema, newPassword: newPasswordSchema });
export type ChangePasswordInput = z.infer<typeof changePasswordInputSchema>;

/**
 * What the sign-up screen needs to know before the user types anything. `open` while no
 * user exists yet, even in private mode: the first user needs no code and becomes platform admin.
 */
export const authConfigSchema = z.object({ signupMode: z.enum(['open', 'invite_only']) });
export type AuthConfig = z.infer<typeof authConfigSchema>;

const tag = 'Auth';
export const authEndpoints = {
  config: defineEndpoint({
    method: 'GET',
    path: '/api/auth/config',
    summary: 'Sign-up mode (open or invite-only)',
    tag,
    auth: publicAuth,
    status: 200,
    response: authConfigSchema,
  }),
  signup: defineEndpoint({
    method: 'POST',
    path: '/api/auth/signup',
    summary: 'Create an account and sign in (the first user becomes platform admin)',
    tag,
    auth: publicAuth,
    body: signupInputSchema,
    status: 201,
    response: authSessionSchema,
    errors: [403, 409, 429],
  }),
  login: defineEndpoint({
    method: 'POST',
    path: '/api/auth/login',
    summary: 'Sign in with email and password',
    tag,
    auth: publicAuth,
    body: loginInputSchema,
    status: 200,
    response: authSessionSchema,
    errors: [401, 429],
  }),
  refresh: defineEndpoint({
    method: 'POST',
    path: '/api/auth/refresh',
    summary: 'Exchange a refresh token (body or cookie) for new tokens; reusing an old one revokes its family',
    tag,
    auth: publicAuth,
    body: refreshInputSchema,
    status: 200,
    response: authSessionSchema,
    errors: [401],
  }),
  logout: defineEndpoint({
    method: 'POST',
    path: '/api/auth/logout',
    summary: 'Revoke this session (or all of them)',
    tag,
    auth: publicAuth,
    body: logoutInputSchema,
    status: 204,
    response: null,
  }),
  forgotPassword: defineEndpoint({
    method: 'POST',
    path: '/api/auth/forgot-password',
    summary: 'Email a password reset link (always answers the same)',
    tag,
    auth: publicAuth,
    body: forgotPasswordInputSchema,
    status: 202,
    response: okSchema,
    errors: [429],
  }),
  resetPassword: defineEndpoint({
    method: 'POST',
    path: '/api/auth/reset-password',
    summary: 'Set a new password with an emailed token; signs out every session',
    tag,
    auth: publicAuth,
    body: resetPasswordInputSchema,
    status: 200,
    response: okSchema,
  }),
  me: defineEndpoint({
    method: 'GET',
    path: '/api/me',
    summary: 'The signed-in user',
    tag,
    auth: userAuth,
    status: 200,
    response: userSchema,
  }),
  updateMe: defineEndpoint({
    method: 'PATCH',
    path: '/api/me',
    summary: 'Change name or email',
    tag,
    auth: userAuth,
    body: updateProfileInputSchema,
    status: 200,
    response: userSchema,
    errors: [409, 429],
  }),
  changePassword: defineEndpoint({
    method: 'POST',
    path: '/api/me/password',
    summary: 'Change password; signs out every session and returns a fresh one',
    tag,
    auth: userAuth,
    body: changePasswordInputSchema,
    status: 200,
    response: authSessionSchema,
    errors: [429],
  }),
};
