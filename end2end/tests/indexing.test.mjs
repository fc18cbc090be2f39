// The indexing dashboard in Chromium against the real server: its totals equal the API's, the
// range, search, state and page live in the URL (with JavaScript off too), a refused range is
// named beside its field, clients are refused; accessibility scan and screenshot.
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
const digits = (s) => Number(s.replace(/[^0-9]/g, ''));

async function apiTotals(page) {
  const r = await page.request.post(`${BASE_URL}/graphql`, {
    headers: { origin: BASE_URL },
    data: { query: '{ indexing { totals { total indexed pending submitted failed } } }' },
  });
  const body = await r.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data.indexing.totals;
}

test('the indexing dashboard shows the API figures and keeps its view in the URL', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, STAFF);
    await expectSignedIn(page, '/');
    await page.locator('[data-test=nav-indexing]').click();
    await page.waitForURL(/\/services\/indexing$/);
    await waitForHydration(page);
    assert.deepEqual(await seriousA11yViolations(page), []);

    // a range that holds every request: the API's totals
    await page.locator('[data-test=indexing-from]').fill('2025-06-01');
    await page.locator('[data-test=indexing-to]').fill('2027-01-31');
    await page.locator('[data-test=indexing-apply]').click();
    await page.waitForURL(/from=2025-06-01/);
    const api = await apiTotals(page);
    assert.equal(digits(await testText(page, 'indexing-total-value')), api.total);
    assert.equal(digits(await testText(page, 'indexing-indexed-value')), api.indexed);
    assert.equal(digits(await testText(page, 'indexing-pending-value')), api.pending + api.submitted);
    assert.equal(digits(await testText(page, 'indexing-failed-value')), api.failed);
    assert.equal(await page.locator('[data-test^=indexing-chart-] svg').count(), 6);
    await snap(page, 'indexing');

    await page.locator('[data-test=indexing-status]').selectOption('failed');
    await page.locator('[data-test=indexing-apply]').click();
    await page.waitForURL(/status=failed/);
    const states = await page.locator('[data-test=request-row]').evaluateAll((rows) => rows.map((r) => r.dataset.status));
    assert.ok(states.length > 0 && states.every((s) => s === 'failed'), states.join());
    await page.reload();
    assert.equal(await page.locator('[data-test=indexing-status]').inputValue(), 'failed', 'the view survives a reload');
    assert.deepEqual(pageProblems(page), [], 'no console errors or exceptions');
  }),
);

test('with JavaScript off a refused range is named beside its field', options, (t) =>
  withPage(
    browser,
    t,
    async (page) => {
      await login(page, STAFF, { javaScript: false });
      await expectSignedIn(page, '/');
      const r = await page.goto('/services/indexing?from=2026-11-01&to=2026-10-01');
      assert.equal(r.status(), 422);
      assert.match(await page.locator('[data-field=indexing-to] [data-test=field-error]').innerText(), /is before/);
      assert.equal(await page.locator('[data-test=indexing-to]').inputValue(), '2026-10-01');
      await page.locator('[data-test=indexing-to]').fill('2026-12-31');
      await page.locator('[data-test=indexing-search]').fill('lakeside');
      await page.locator('[data-test=indexing-apply]').click();
      await page.waitForURL(/q=lakeside/);
      for (const text of await page.locator('[data-test=request-row]').allInnerTexts()) assert.match(text, /lakesidebakery\.com/);
    },
    { javaScriptEnabled: false },
  ),
);

test('clients are refused the indexing dashboard', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, CLIENT);
    await expectSignedIn(page);
    const r = await page.goto('/services/indexing');
    assert.equal(r.status(), 403);
  }),
);
