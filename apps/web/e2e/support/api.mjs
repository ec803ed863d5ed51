/* global fetch, AbortSignal */
// Talks to the API from the test process (Node's fetch, 127.0.0.1 only): set-up shortcuts and
// checks of what the UI did. The flows under test go through the browser, not through here.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL } from 'node:url';

export const PASSWORD = 'correct horse battery';

/** A new address per call, so that tests never share accounts. */
export const uniqueEmail = (label) => `e2e-${label}-${randomBytes(4).toString('hex')}@example.com`;

/** One JSON request; resolves to { status, body } and never throws on an HTTP error status. */
export const callApi = async (baseUrl, { method = 'GET', path, body, token }) => {
  const res = await fetch(new URL(path, baseUrl), {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};

const expectStatus = (res, status, what) => {
  if (res.status !== status)
    throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

export const signupViaApi = async (baseUrl, { email, password = PASSWORD, name = 'E2E User' }) =>
  expectStatus(
    await callApi(baseUrl, { method: 'POST', path: '/api/auth/signup', body: { email, password, name } }),
    201,
    `sign up ${email}`,
  );

export const loginViaApi = async (baseUrl, { email, password = PASSWORD }) =>
  expectStatus(
    await callApi(baseUrl, { method: 'POST', path: '/api/auth/login', body: { email, password } }),
    200,
    `log in ${email}`,
  );

export const createOrgViaApi = async (baseUrl, { token, name }) =>
  expectStatus(
    await callApi(baseUrl, { method: 'POST', path: '/api/orgs', token, body: { name } }),
    201,
    `create org ${name}`,
  );

/**
 * Waits for the newest outbox mail to `to` (read with a platform admin's token) and returns it.
 * Mail is written after the response in some flows, so this polls for a bounded time.
 */
export const waitForMail = async (baseUrl, { adminToken, to, timeoutMs = 10_000 }) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = expectStatus(
      await callApi(baseUrl, { path: '/api/admin/outbox?limit=100', token: adminToken }),
      200,
      'read the outbox',
    );
    const mail = page.items.find((item) => item.to.toLowerCase() === to.toLowerCase());
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`No mail to ${to} in the outbox after ${timeoutMs} ms`);
    await sleep(100);
  }
};

/** The first link in a mail's text that starts with `base` (e.g. the SPA's origin). */
export const linkIn = (mail, base) => {
  const link = mail.text.match(/https?:\/\/\S+/g)?.find((url) => url.startsWith(base));
  if (!link) throw new Error(`No link to ${base} in mail "${mail.subject}":\n${mail.text}`);
  return link;
};
