// The audit log in Chromium against the real server: an owner reads their account's log (the
// API's total, newest first, their own sign-in on top), the action filter and the page live in
// the URL (with JavaScript off too), a bad page number is named, a viewer is refused;
// accessibility scan and screenshot.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BASE_URL,
  CLIENT,
  STAFF,
  TEST_TIMEOUT_MS,
  expectSignedIn,
  launch,
  login,
  pageProblems,
  seriousA11yViolations,
  snap,
  testText,
  waitForHydration,
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

async function apiLog(page, args = '') {
  const r = await page.request.post(`${BASE_URL}/graphql`, {
    headers: { origin: BASE_URL },
    data: { query: `{ auditLog${args} { total rows { action who } } }` },
  });
  const body = await r.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data.auditLog;
}

test('an owner reads the account audit log with the API figures and filters it in the URL', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, CLIENT);
    await expectSignedIn(page);
    await page.locator('[data-test=nav-audit]').click();
    await page.waitForURL(/\/account\/audit$/);
    await waitForHydration(page);
    assert.deepEqual(await seriousA11yViolations(page), []);

    const api = await apiLog(page);
    const range = await testText(page, 'pager-range');
    assert.match(range, new RegExp(`of ${api.total.toLocaleString('en-US')} entries$`));
    assert.equal(await page.locator('[data-test=audit-row]').count(), Math.min(50, api.total));
    assert.equal(await page.locator('[data-test=audit-action]').first().innerText(), 'login');
    assert.equal(await page.locator('[data-test=audit-who]').first().innerText(), CLIENT);
    await snap(page, 'audit');

    await page.locator('[data-test=filter-action]').selectOption('login');
    await page.locator('[data-test=apply-filters]').click();
    await page.waitForURL(/action=login/);
    const actions = await page.locator('[data-test=audit-action]').allInnerTexts();
    assert.ok(actions.length > 0 && actions.every((a) => a === 'login'), actions.join());
    assert.equal(actions.length, Math.min(50, (await apiLog(page, '(action: "login")')).total));
    await page.reload();
    assert.equal(await page.locator('[data-test=filter-action]').inputValue(), 'login', 'the view survives a reload');
    assert.deepEqual(pageProblems(page), [], 'no console errors or exceptions');
  }),
);

test('with JavaScript off staff filter their log and a bad page number is named', options, (t) =>
  withPage(
    browser,
    t,
    async (page) => {
      await login(page, STAFF, { javaScript: false });
      await expectSignedIn(page, '/');
      await page.goto('/account/audit');
      await page.locator('[data-test=filter-action]').selectOption('login');
      await page.locator('[data-test=apply-filters]').click();
      await page.waitForURL(/action=login/);
      for (const who of await page.locator('[data-test=audit-who]').allInnerTexts()) assert.match(who, /@alorig\.example$/);
      const r = await page.goto('/account/audit?page=0');
      assert.equal(r.status(), 422);
      assert.match(await page.content(), /is not a page number/);
    },
    { javaScriptEnabled: false },
  ),
);

test('a viewer is refused the audit log', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, 'viewer@summit-pt.example');
    await expectSignedIn(page);
    assert.equal(await page.locator('[data-test=nav-audit]').count(), 0);
    const r = await page.goto('/account/audit');
    assert.equal(r.status(), 403);
  }),
);
