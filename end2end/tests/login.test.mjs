// Signing in and out: the login form, a wrong password, the sidebar per kind of user, logout, and the
// form working with JavaScript disabled (plain POST + redirect).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CLIENT,
  NO_SUBSCRIPTION,
  STAFF,
  TEST_TIMEOUT_MS,
  expectOnLogin,
  expectSignedIn,
  launch,
  login,
  textOf,
  withPage,
} from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const options = { timeout: TEST_TIMEOUT_MS };

test('staff signs in and lands on / with the sidebar', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, STAFF);
    await expectSignedIn(page, '/');
    const link = page.locator('nav[data-test=sidebar] a[data-test=nav-managed-services]');
    assert.equal(await textOf(link), 'Managed Services');
    assert.equal(await link.getAttribute('href'), '/services');
  }),
);

test('a wrong password shows an error and stays on /login', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, STAFF, { password: 'not-the-password' });
    const error = page.locator('[data-test=login-error]');
    await error.waitFor();
    assert.match(await textOf(error), /Invalid email or password/);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.locator('nav[data-test=sidebar]').count(), 0);
  }),
);

test('a managed client sees "Managed Service", not the staff dashboard link', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, CLIENT);
    await expectSignedIn(page);
    const link = page.locator('nav[data-test=sidebar] a[data-test=nav-managed-service]');
    assert.equal(await textOf(link), 'Managed Service');
    assert.equal(await link.getAttribute('href'), '/managed-service');
    assert.equal(await page.locator('a[data-test=nav-managed-services]').count(), 0);
  }),
);

test('an account without a managed subscription sees neither service link', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, NO_SUBSCRIPTION);
    await expectSignedIn(page);
    assert.equal(await page.locator('a[data-test=nav-managed-service]').count(), 0);
    assert.equal(await page.locator('a[data-test=nav-managed-services]').count(), 0);
  }),
);

test('logout ends the session and lands on /login', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, STAFF);
    await expectSignedIn(page, '/');
    await page.locator('form button[data-test=logout]').click();
    await expectOnLogin(page);
    // The session is really gone: a protected page sends us back to /login.
    await page.goto('/services');
    await expectOnLogin(page);
  }),
);

test('with JavaScript disabled the login form still signs in', options, (t) =>
  withPage(
    browser,
    t,
    async (page) => {
      await login(page, STAFF, { javaScript: false });
      await expectSignedIn(page, '/');
      assert.equal(await textOf(page.locator('a[data-test=nav-managed-services]')), 'Managed Services');
    },
    { javaScriptEnabled: false },
  ),
);
