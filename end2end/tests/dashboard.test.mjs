// The staff "Managed Services" dashboard: its figures equal the REST API's, clients and anonymous visitors
// never see them, and (with the browser bundle) the hydrated page reacts to a click.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BASE_URL,
  CLIENT,
  EXPECT_HYDRATION,
  STAFF,
  TEST_TIMEOUT_MS,
  expectOnLogin,
  expectSignedIn,
  launch,
  login,
  pageProblems,
  textOf,
  waitForHydration,
  withPage,
} from './support.mjs';

const DASHBOARD_API = `${BASE_URL}/api/v1/services/dashboard/`;
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const options = { timeout: TEST_TIMEOUT_MS };

test('staff dashboard shows the same client count and MRR as the API', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, STAFF);
    await expectSignedIn(page, '/');
    await page.goto('/services');
    const mrr = page.locator('[data-test=mrr]');
    const clientCount = page.locator('[data-test=client-count]');
    await mrr.waitFor();

    // page.request shares the context's cookies, so this is the same signed-in staff user.
    const response = await page.request.get(DASHBOARD_API);
    assert.equal(response.status(), 200);
    const body = await response.json();
    assert.equal(body.success, true);
    const { data } = body;
    assert.ok(Number.isInteger(data.active_clients) && data.active_clients > 0, `active_clients: ${data.active_clients}`);
    assert.ok(Number.isInteger(data.mrr_cents), `mrr_cents: ${data.mrr_cents}`);
    assert.equal(data.currency, 'USD');
    assert.equal(data.mrr_display, usd.format(data.mrr_cents / 100));
    assert.ok(Array.isArray(data.by_tier), 'by_tier is a list');

    assert.equal(await textOf(mrr), data.mrr_display);
    assert.equal(await textOf(clientCount), String(data.active_clients));
  }),
);

test('a client gets "not found" on /services and 403 from the API', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, CLIENT);
    await expectSignedIn(page);
    await page.goto('/services');
    await page.locator('[data-test=not-found]').waitFor();
    assert.equal(await page.locator('[data-test=mrr]').count(), 0);
    assert.equal(await page.locator('[data-test=client-count]').count(), 0);
    assert.equal(await page.locator('a[data-test=nav-managed-services]').count(), 0);

    const response = await page.request.get(DASHBOARD_API, { maxRedirects: 0 });
    assert.equal(response.status(), 403);
  }),
);

test('anonymous visitors are sent to /login and the API answers 401', options, (t) =>
  withPage(browser, t, async (page) => {
    await page.goto('/services');
    await expectOnLogin(page);
    assert.equal(await page.locator('[data-test=mrr]').count(), 0);

    const response = await page.request.get(DASHBOARD_API, { maxRedirects: 0 });
    assert.equal(response.status(), 401);
  }),
);

test('hydrated dashboard: the tier breakdown opens on click', options, async (t) => {
  if (!EXPECT_HYDRATION) {
    t.skip('no browser bundle (EXPECT_HYDRATION=0); build it with scripts/build-hydrate.sh');
    return;
  }
  await withPage(browser, t, async (page) => {
    await login(page, STAFF);
    await expectSignedIn(page, '/');
    await page.goto('/services');
    await waitForHydration(page);

    const breakdown = page.locator('[data-test=tier-breakdown]');
    assert.equal(await breakdown.isVisible(), false, 'the breakdown is hidden before the click');
    await page.locator('button[data-test=toggle-breakdown]').click();
    await breakdown.waitFor({ state: 'visible' });

    const exceptions = pageProblems(page).filter((problem) => problem.startsWith('pageerror'));
    assert.deepEqual(exceptions, [], 'no uncaught exceptions in the page');
  });
});
