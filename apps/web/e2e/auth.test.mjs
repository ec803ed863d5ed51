/* global document */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { URL } from 'node:url';
import { PASSWORD, callApi, linkIn, signupViaApi, uniqueEmail } from './support/api.mjs';
import { eventually, expectFieldError, expectPath, expectVisible, webStorageDump } from './support/expect.mjs';
import { signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();

describe('sign up', () => {
  browserTest(
    'when a visitor signs up, then they are signed in with no token in web storage, and a reload keeps them signed in',
    async ({ newUserPage }) => {
      // Arrange
      const page = await newUserPage();
      const email = uniqueEmail('signup');
      const sessions = [];
      page.on('response', (res) => {
        if (/^\/api\/auth\/(signup|login|refresh)$/.test(new URL(res.url()).pathname) && res.ok())
          sessions.push(res.json());
      });
      await page.goto('/signup');

      // Act
      await page.getByLabel('Name', { exact: true }).fill('Sam Signup');
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign up' }).click();

      // Assert: a new account has no organisation yet, so it lands on creating one, signed in.
      await expectPath(page, /^\/orgs\/new$/);
      await expectVisible(page.getByRole('heading', { name: 'Create organisation' }));
      await expectVisible(page.getByText('Sam Signup'));
      const tokens = (await Promise.all(sessions)).flatMap((s) => [s.accessToken, s.refreshToken]);
      assert.ok(tokens.length >= 2, 'saw no session in the sign-up answer');
      const storage = await webStorageDump(page);
      const cookies = await page.evaluate(() => document.cookie);
      for (const token of tokens) {
        assert.ok(!storage.includes(token), 'a token is in localStorage/sessionStorage');
        assert.ok(!cookies.includes(token), 'a token is readable from document.cookie');
      }

      // Act: reload; the SPA must restore the session from the httpOnly cookie alone.
      await page.reload();

      // Assert
      await expectVisible(page.getByRole('heading', { name: 'Create organisation' }));
      await expectVisible(page.getByText('Sam Signup'));
      assert.equal(new URL(page.url()).pathname, '/orgs/new');
      const storageAfter = await webStorageDump(page);
      for (const token of (await Promise.all(sessions)).flatMap((s) => [s.accessToken, s.refreshToken])) {
        assert.ok(!storageAfter.includes(token), 'a token is in web storage after the reload');
      }
    },
  );

  browserTest(
    'when the password is too short and the email malformed, then each error shows at its field and no account is made',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const page = await newUserPage();
      const email = uniqueEmail('short');
      await page.goto('/signup');

      // Assert: the rule is there before anyone submits.
      await expectVisible(page.getByText(/at least 10 characters, and not a commonly used password/i));

      // Act
      await page.getByLabel('Name', { exact: true }).fill('Short Password');
      await page.getByLabel('Email', { exact: true }).fill('not-an-email');
      await page.getByLabel('Password', { exact: true }).fill('short');
      await page.getByRole('button', { name: 'Sign up' }).click();

      // Assert
      await expectFieldError(page.getByLabel('Password', { exact: true }), /use at least 10 characters/i);
      await expectFieldError(page.getByLabel('Email', { exact: true }), /valid email/i);
      assert.equal(new URL(page.url()).pathname, '/signup');

      // Act: fix the email only; the password error stays, and nothing reaches the API.
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByRole('button', { name: 'Sign up' }).click();
      await expectFieldError(page.getByLabel('Password', { exact: true }), /use at least 10 characters/i);
      const login = await callApi(baseUrl, {
        method: 'POST',
        path: '/api/auth/login',
        body: { email, password: 'short' },
      });
      assert.equal(login.status, 401);
    },
  );

  browserTest(
    'when the password is a common one, then the field says so in plain words and no account is made',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const page = await newUserPage();
      const email = uniqueEmail('common');
      await page.goto('/signup');

      // Act
      await page.getByLabel('Name', { exact: true }).fill('Common Password');
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByLabel('Password', { exact: true }).fill('password1234');
      await page.getByRole('button', { name: 'Sign up' }).click();

      // Assert
      await expectFieldError(page.getByLabel('Password', { exact: true }), /this password is too common/i);
      assert.equal(new URL(page.url()).pathname, '/signup');
      const login = await callApi(baseUrl, {
        method: 'POST',
        path: '/api/auth/login',
        body: { email, password: 'password1234' },
      });
      assert.equal(login.status, 401);
    },
  );
});

describe('log in and out', () => {
  browserTest(
    'when the password is wrong, then log in says so and stays put; the right one signs in',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const email = uniqueEmail('login');
      await signupViaApi(baseUrl, { email, name: 'Lee Login' });
      const page = await newUserPage();
      await page.goto('/login');

      // Act
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByLabel('Password', { exact: true }).fill('not the password');
      await page.getByRole('button', { name: 'Log in' }).click();

      // Assert
      await expectVisible(page.getByRole('alert').filter({ hasText: /wrong email or password/i }));
      assert.equal(new URL(page.url()).pathname, '/login');

      // Act
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();

      // Assert
      await expectPath(page, /^\/orgs\/new$/);
      await expectVisible(page.getByText('Lee Login'));
    },
  );

  browserTest('when the email is missing, then log in shows the error at the Email field', async ({ newUserPage }) => {
    const page = await newUserPage();
    await page.goto('/login');

    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();

    await expectFieldError(page.getByLabel('Email', { exact: true }), /valid email/i);
  });

  browserTest(
    'when a signed-in user logs out, then a reload or a deep link leads to log in',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const email = uniqueEmail('logout');
      await signupViaApi(baseUrl, { email, name: 'Lou Logout' });
      const page = await newUserPage();
      await page.goto('/login');
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await expectVisible(page.getByText('Lou Logout'));

      // Act
      await page.getByRole('button', { name: 'Log out' }).click();

      // Assert
      await expectPath(page, /^\/login$/);
      await page.reload();
      await expectVisible(page.getByRole('button', { name: 'Log in' }));
      await page.goto('/orgs/new');
      const url = await expectPath(page, /^\/login$/);
      assert.equal(url.searchParams.get('next'), '/orgs/new');
    },
  );
});

describe('session restore', () => {
  browserTest(
    'when the page is reloaded while its silent refresh is in flight, then the user stays signed in',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const email = uniqueEmail('reload-race');
      await signupViaApi(baseUrl, { email, name: 'Rita Reload' });
      const page = await newUserPage();
      await signInByCookie(page, { email });
      const cookiesBefore = await page.context().cookies();
      let rotated;
      const refreshed = new Promise((resolve) => (rotated = resolve));
      // The server rotates the token, but its Set-Cookie never reaches the browser: what a reload
      // (or a closed tab, or a dropped connection) does to a refresh that is still in flight.
      await page.route('**/api/auth/refresh', async (route) => {
        await route.fetch();
        await page.context().clearCookies();
        await page.context().addCookies(cookiesBefore);
        rotated();
      });
      await page.goto('/orgs/new');
      await refreshed;
      await page.unroute('**/api/auth/refresh');

      // Act
      await page.reload();

      // Assert
      await expectVisible(page.getByRole('heading', { name: 'Create organisation' }), { timeoutMs: 5_000 });
      await expectVisible(page.getByText('Rita Reload'));
    },
  );
});

describe('forgot and reset password', () => {
  browserTest(
    'when a user resets their password from the emailed link, then a short or common one is refused at the field and a good one works',
    async ({ newUserPage, baseUrl, readMail }) => {
      // Arrange
      const email = uniqueEmail('reset');
      await signupViaApi(baseUrl, { email, name: 'Rae Reset' });
      const page = await newUserPage();
      await page.goto('/forgot-password');

      // Act: a malformed address first, then the real one.
      await page.getByLabel('Email', { exact: true }).fill('nope');
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await expectFieldError(page.getByLabel('Email', { exact: true }), /valid email/i);
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await expectVisible(page.getByRole('status').filter({ hasText: /we have sent it a link/i }));

      // Act: follow the link from the mail.
      const link = linkIn(await readMail(email), `${baseUrl}/reset-password`);
      await page.goto(link);
      await expectVisible(page.getByText(/at least 10 characters, and not a commonly used password/i));
      await page.getByLabel('New password', { exact: true }).fill('short');
      await page.getByRole('button', { name: 'Reset password' }).click();
      await expectFieldError(page.getByLabel('New password', { exact: true }), /use at least 10 characters/i);
      await page.getByLabel('New password', { exact: true }).fill('iloveyou123');
      await page.getByRole('button', { name: 'Reset password' }).click();
      await expectFieldError(page.getByLabel('New password', { exact: true }), /this password is too common/i);
      await page.getByLabel('New password', { exact: true }).fill('a brand new password');
      await page.getByRole('button', { name: 'Reset password' }).click();

      // Assert
      await expectVisible(page.getByText(/your password is changed/i));
      await eventually(async () => {
        const res = await callApi(baseUrl, {
          method: 'POST',
          path: '/api/auth/login',
          body: { email, password: 'a brand new password' },
        });
        assert.equal(res.status, 200);
      });
    },
  );
});

describe('not found', () => {
  browserTest(
    'when the address matches no screen, then a 404 page links back to the start',
    async ({ newUserPage }) => {
      const page = await newUserPage();
      await page.goto('/no/such/page');
      await expectVisible(page.getByRole('heading', { name: 'Page not found' }));
      await expectVisible(page.getByRole('link', { name: 'Go to the start' }));
    },
  );
});
