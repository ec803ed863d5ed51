// Set-up shortcuts for tests whose subject is not signing up: accounts and organisations are
// made through the API, and a browser context is signed in the way a returning visitor is, by
// the refresh cookie alone (the SPA then restores the session with a silent refresh).
import { PASSWORD, createOrgViaApi, signupViaApi, uniqueEmail } from './api.mjs';

/** A new user who owns a new organisation: { email, password, name, token, org }. */
export const ownerWithOrg = async (baseUrl, label) => {
  const email = uniqueEmail(label);
  const name = `Owner ${label}`;
  const { accessToken } = await signupViaApi(baseUrl, { email, name });
  const org = await createOrgViaApi(baseUrl, { token: accessToken, name: `Org ${label} ${email.slice(-16, -12)}` });
  return { email, password: PASSWORD, name, token: accessToken, org };
};

/** Logs in with the page's own browser context (its cookie jar gets the refresh cookie). */
export const signInByCookie = async (page, { email, password = PASSWORD }) => {
  const res = await page.context().request.post('/api/auth/login', { data: { email, password } });
  if (res.status() !== 200) throw new Error(`login as ${email} answered ${res.status()}`);
};
