// The backlink order pages in Chromium against the real server: the list's totals equal the API's
// for the same filter, filters, search, sort and pages live in the URL (with JavaScript off too),
// an order shows its links, clients are refused, the pages pass an accessibility scan and
// hydrate without errors; screenshots are saved.
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
  usd,
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

/** Every order of the API's list for a status (pages of 100), with cost and margin (staff). */
async function apiOrders(page, status) {
  const rows = [];
  let after = null;
  do {
    const args = [`first: 100`, `filter: {status: "${status}"}`, after ? `after: "${after}"` : null].filter(Boolean).join(', ');
    const r = await page.request.post(`${BASE_URL}/graphql`, {
      headers: { origin: BASE_URL },
      data: { query: `{ orders(${args}) { pageInfo { hasNextPage endCursor } edges { node { id priceCents costCents } } } }` },
    });
    const body = await r.json();
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    rows.push(...body.data.orders.edges.map((e) => e.node));
    after = body.data.orders.pageInfo.hasNextPage ? body.data.orders.pageInfo.endCursor : null;
  } while (after);
  return rows;
}

const ids = async (page) => page.locator('[data-test=order-row]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.order)));

test('the order list shows the API figures, and its view lives in the URL', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, STAFF);
    await expectSignedIn(page, '/');
    await page.goto('/services/orders');
    await waitForHydration(page);
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'orders');

    await page.locator('[data-test=filter-status]').selectOption('delivered');
    await page.locator('[data-test=apply-filters]').click();
    await page.waitForURL(/status=delivered/);
    const api = await apiOrders(page, 'delivered');
    const price = api.reduce((s, o) => s + o.priceCents, 0);
    const cost = api.reduce((s, o) => s + o.costCents, 0);
    assert.equal(await testText(page, 'orders-matching-value'), String(api.length));
    assert.equal(await testText(page, 'orders-price-value'), usd.format(price / 100));
    assert.equal(await testText(page, 'orders-margin-value'), usd.format((price - cost) / 100));

    await page.locator('[data-test=sort-price]').click();
    await page.waitForURL(/sort=price/);
    const byPrice = [...api].sort((a, b) => a.priceCents - b.priceCents || Number(a.id) - Number(b.id));
    assert.deepEqual((await ids(page)).slice(0, 5), byPrice.slice(0, 5).map((o) => Number(o.id)));
    await page.reload();
    assert.match(page.url(), /status=delivered.*sort=price|sort=price.*status=delivered/, 'the view survives a reload');
    assert.equal(await testText(page, 'orders-matching-value'), String(api.length));

    // an order, link by link
    const first = (await ids(page))[0];
    await page.locator(`[data-test=order-row][data-order="${first}"] a`).first().click();
    await page.waitForURL(new RegExp(`/services/orders/${first}$`));
    await waitForHydration(page);
    assert.ok((await page.locator('[data-test=link-row]').count()) > 0, 'its links');
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'order-detail');
    assert.deepEqual(pageProblems(page), [], 'no console errors or exceptions');
  }),
);

test('with JavaScript off the order list searches and pages', options, (t) =>
  withPage(
    browser,
    t,
    async (page) => {
      await login(page, STAFF, { javaScript: false });
      await expectSignedIn(page, '/');
      await page.goto('/services/orders');
      await page.locator('[data-test=order-search]').fill('summit');
      await page.locator('[data-test=apply-filters]').click();
      await page.waitForURL(/q=summit/);
      const rows = page.locator('[data-test=order-row]');
      assert.ok((await rows.count()) > 0);
      for (const text of await rows.allInnerTexts()) assert.match(text, /summit/i);
      await page.goto('/services/orders');
      const firstPage = await ids(page);
      await page.locator('[data-test=next-page]').click();
      await page.waitForURL(/page=2/);
      const second = await ids(page);
      assert.ok(second.length > 0 && second.every((id) => !firstPage.includes(id)));
    },
    { javaScriptEnabled: false },
  ),
);

test('clients are refused the order pages', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, CLIENT);
    await expectSignedIn(page);
    for (const path of ['/services/orders', '/services/orders/1']) {
      const r = await page.goto(path);
      assert.equal(r.status(), 403, path);
    }
  }),
);
