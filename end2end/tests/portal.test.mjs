// The client portal in Chromium against the real server: the overview's figures are the API's,
// the report viewer lists, filters (in the URL), opens the web version and shares a report, the
// approval queue refuses a request for changes without a comment and then records it once with
// its comment; a site-restricted viewer sees only their site, no downloads and no decisions, with
// JavaScript off too. Accessibility scans and screenshots.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BASE_URL,
  CLIENT,
  TEST_TIMEOUT_MS,
  expectSignedIn,
  launch,
  login,
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
const write = { headers: { origin: BASE_URL } };
const VIEWER = 'viewer@summit-pt.example';

async function graphql(page, query) {
  const r = await page.request.post(`${BASE_URL}/graphql`, { ...write, data: { query } });
  const body = await r.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

/** The first managed site of the signed-in client, and a report of October 2026 for it. */
async function reportOfOctober(page) {
  const { subscriptions } = await graphql(page, '{ subscriptions { items { siteId siteName } } }');
  const site = subscriptions.items[0];
  const { generateReport } = await graphql(
    page,
    `mutation { generateReport(input: {siteId: ${site.siteId}, period: "2026-10"}) { id reportData { traffic { clicks { current } } } } }`,
  );
  return { site, id: Number(generateReport.id), clicks: generateReport.reportData.traffic.clicks.current };
}

test('a client reads the overview, opens and shares a report', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, CLIENT);
    await expectSignedIn(page);
    await page.locator('[data-test=nav-portal-overview]').click();
    await page.waitForURL(/\/managed-service$/);
    await waitForHydration(page);

    // this month's articles are the content tracker's
    const { subscriptions } = await graphql(page, '{ subscriptions { items { siteId } } }');
    const site = subscriptions.items[0].siteId;
    const card = page.locator(`[data-test=site-overview][data-site="${site}"]`);
    const month = (await page.locator('h3', { hasText: 'This month:' }).first().innerText()).match(/This month: (\w+ \d{4})/)[1];
    const ym = new Date(`${month} 1 UTC`).toISOString().slice(0, 7);
    const { contentTracker } = await graphql(page, `{ contentTracker(siteId: "${site}", month: "${ym}") { published target } }`);
    assert.match(await card.innerText(), new RegExp(`${contentTracker.published} / ${contentTracker.target}`));
    assert.match(await card.locator('[data-test=next-report]').innerText(), /^Next report: (Monthly|Weekly) on \d{4}-\d{2}-\d{2} \d{2}:\d{2} /);
    assert.equal(await card.locator('[data-test=clicks-chart] svg').count(), 2, 'one SVG per theme');
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'portal-overview');

    // a report of October: listed, filtered by year in the URL, opened as its web version
    const report = await reportOfOctober(page);
    await page.locator('[data-test=nav-portal-reports]').click();
    await page.waitForURL(/\/managed-service\/reports$/);
    await waitForHydration(page);
    // the filters change the URL (on their own once hydrated; Apply without JavaScript)
    await page.locator('[data-test=filter-year]').selectOption('2026');
    await page.locator('[data-test=apply-filters]').click();
    await page.waitForURL(/year=2026/);
    const row = page.locator(`[data-test=report-row][data-report="${report.id}"]`);
    await row.waitFor();
    await page.locator('[data-test=filter-type]').selectOption('weekly');
    await page.locator('[data-test=apply-filters]').click();
    await page.waitForURL(/report_type=weekly/);
    assert.equal(await row.count(), 0, 'not a weekly report');
    await page.goto('/managed-service/reports?year=2025');
    assert.equal(await row.count(), 0, 'not a 2025 report');
    await page.goto('/managed-service/reports?year=2026');
    await waitForHydration(page);
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'portal-reports');

    await page.locator(`[data-test=report-row][data-report="${report.id}"] [data-test=report-link]`).click();
    await page.waitForURL(new RegExp(`/managed-service/reports/${report.id}$`));
    await waitForHydration(page);
    // the web version says the API's figure, the PDF downloads
    const frame = page.frameLocator('[data-test=report-frame]');
    const clicks = new Intl.NumberFormat('en-US').format(report.clicks);
    assert.ok((await frame.locator('body').innerText()).includes(clicks), `${clicks} in the web version`);
    const pdf = await page.request.get(`${BASE_URL}/reports/${report.id}/pdf`);
    assert.equal(pdf.status(), 200);
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    await snap(page, 'portal-report');

    // a share link: shown once, opens the PDF without signing in, revoked after a confirmation
    await page.locator('[data-test=share]').click();
    await page.waitForURL(/done=shared/);
    const url = await page.locator('#share-url').inputValue();
    const anonymous = await browser.newContext();
    try {
      assert.equal((await anonymous.request.get(url)).status(), 200);
      await page.locator('[data-test=share-link] [data-test=revoke]').first().click();
      await page.waitForURL(/confirm=revoke/);
      assert.deepEqual(await seriousA11yViolations(page), []);
      await page.locator('[data-test=confirm-yes]').click();
      await page.waitForURL(/done=revoked/);
      assert.match(await testText(page, 'toast'), /revoked/);
      assert.equal((await anonymous.request.get(url)).status(), 404);
    } finally {
      await anonymous.close();
    }
  }),
);

test('a client asks for changes with a comment, once', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, CLIENT);
    await expectSignedIn(page);
    const pendingBefore = Number(await testText(page, 'approvals-pending'));
    const { approvals } = await graphql(page, '{ approvals(status: "pending") { id itemType } }');
    assert.equal(approvals.length, pendingBefore, 'the sidebar counts the API\'s pending items');
    await page.locator('[data-test=nav-portal-approvals]').click();
    await page.waitForURL(/\/managed-service\/approvals$/);
    await waitForHydration(page);
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'portal-approvals');

    const article = approvals.find((a) => a.itemType === 'content');
    const card = page.locator(`[data-test=approval][data-item="${article.id}"]`);
    assert.match(await card.locator('[data-test=excerpt]').innerText(), /\S/);
    assert.match(await card.locator('[data-test=item-link]').getAttribute('href'), /^https:\/\//);
    // no comment: refused beside the field
    await card.locator('[data-test=request-changes]').click();
    await page.waitForURL(/field=note/);
    const again = page.locator(`[data-test=approval][data-item="${article.id}"]`);
    assert.match(await again.locator('[data-test=field-error]').innerText(), /say what should change/);
    assert.equal(await again.locator('[data-test=note]').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await seriousA11yViolations(page), []);
    await again.locator('[data-test=note]').fill('Please add prices for Invisalign.');
    await again.locator('[data-test=request-changes]').click();
    await page.waitForURL(/done=changes/);
    const decided = page.locator(`[data-test=decided] [data-test=approval][data-item="${article.id}"]`);
    assert.match(await decided.locator('[data-test=decision]').innerText(), /^Changes requested by .+ on \d{4}-\d{2}-\d{2} /);
    assert.equal(await decided.locator('[data-test=decision-note]').innerText(), 'Please add prices for Invisalign.');
    assert.equal(Number(await testText(page, 'approvals-pending')), pendingBefore - 1);
    const { approvals: rejected } = await graphql(page, '{ approvals(status: "rejected") { id note decidedBy } }');
    const audit = rejected.find((a) => a.id === article.id);
    assert.equal(audit.note, 'Please add prices for Invisalign.');
    assert.ok(audit.decidedBy);
  }),
);

test('a site-restricted viewer sees only their site, no downloads, no decisions (JavaScript off)', options, (t) =>
  withPage(
    browser,
    t,
    async (page) => {
      await login(page, VIEWER, { javaScript: false });
      await expectSignedIn(page);
      const { sites } = await graphql(page, '{ sites { id } }');
      assert.equal(sites.length, 1);
      const mine = String(sites[0].id);
      await page.goto('/managed-service');
      const cards = page.locator('[data-test=site-overview]');
      assert.equal(await cards.count(), 1);
      assert.equal(await cards.first().getAttribute('data-site'), mine);

      await page.goto('/managed-service/reports');
      for (const row of await page.locator('[data-test=report-row]').all()) {
        assert.equal(await row.getAttribute('data-site'), mine);
      }
      assert.equal(await page.locator('[data-test=report-pdf]').count(), 0);
      assert.match(await testText(page, 'ask'), /ask .+@summit-pt\.example/);
      // the site filter offers their site only
      const offered = [];
      for (const o of await page.locator('[data-test=filter-site] option').all()) offered.push(await o.getAttribute('value'));
      assert.deepEqual(offered, ['', mine]);
      await snap(page, 'portal-reports-viewer');
      const r = await page.goto('/managed-service/reports/999999');
      assert.equal(r.status(), 404);
    },
    { javaScriptEnabled: false },
  ),
);

test('a client approves with JavaScript off', options, (t) =>
  withPage(
    browser,
    t,
    async (page) => {
      await login(page, CLIENT, { javaScript: false });
      await expectSignedIn(page);
      await page.goto('/managed-service/approvals');
      const first = page.locator('[data-test=pending] [data-test=approval]').first();
      const id = await first.getAttribute('data-item');
      await first.locator('[data-test=approve]').click();
      await page.waitForURL(/done=approved/);
      assert.match(await testText(page, 'toast'), /Approved/);
      assert.equal(await page.locator(`[data-test=decided] [data-item="${id}"]`).count(), 1);
      assert.equal(await page.locator(`[data-test=pending] [data-item="${id}"]`).count(), 0);
    },
    { javaScriptEnabled: false },
  ),
);
