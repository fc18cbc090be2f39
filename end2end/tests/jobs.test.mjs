// The scheduled jobs page in Chromium against the real server: the schedules equal the API's in
// the chosen time zone, the view (time zone, job) lives in the URL, "run now" asks first and the
// run reaches the ledger, the outbox shows its states (JavaScript off too), clients are refused,
// the page passes the accessibility scan and hydrates without errors; screenshots are saved.
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

test('the jobs page shows the API schedules in the chosen time zone', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, STAFF);
    await expectSignedIn(page, '/');
    await page.goto('/services/jobs');
    await waitForHydration(page);
    await page.locator('[data-test=jobs-timezone]').selectOption('Europe/Berlin');
    await page.locator('[data-test=jobs-apply]').click();
    await page.waitForURL(/timezone=Europe%2FBerlin|timezone=Europe\/Berlin/);
    const r = await page.request.post(`${BASE_URL}/graphql`, {
      headers: { origin: BASE_URL },
      data: { query: '{ jobSchedules(timezone: "Europe/Berlin") { job nextRuns } }' },
    });
    const schedules = (await r.json()).data.jobSchedules;
    assert.equal(await page.locator('[data-test=schedule-row]').count(), schedules.length);
    for (const s of schedules) {
      const shown = await page.locator(`[data-test=schedule-row][data-job="${s.job}"] [data-test=next-runs] li`).allInnerTexts();
      assert.deepEqual(
        shown,
        s.nextRuns.map((run) => `${run.slice(0, 10)} ${run.slice(11, 16)} (${run.slice(19)})`),
        s.job,
      );
    }
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'jobs');
    await page.reload();
    assert.equal(await page.locator('[data-test=jobs-timezone]').inputValue(), 'Europe/Berlin', 'kept in the URL');
    assert.deepEqual(pageProblems(page), [], 'no console errors or exceptions');
  }),
);

test('run now asks first, then the run reaches the ledger; the outbox lists by state', options, (t) =>
  withPage(
    browser,
    t,
    async (page) => {
      await login(page, STAFF, { javaScript: false });
      await expectSignedIn(page, '/');
      await page.goto('/services/jobs?job=collect_report_metrics');
      const before = await page.locator('[data-test=run-row]').count();
      await page.locator('[data-test=schedule-row][data-job=collect_report_metrics] [data-test=run-now]').click();
      await page.locator('[data-test=confirm]').waitFor();
      await snap(page, 'jobs-run-now');
      await page.locator('[data-test=confirm-yes]').click();
      await page.waitForURL(/done=started/);
      let runs = before;
      for (let i = 0; i < 40 && runs === before; i++) {
        await page.waitForTimeout(250);
        await page.goto('/services/jobs?job=collect_report_metrics');
        runs = await page.locator('[data-test=run-row]').count();
      }
      assert.ok(runs > before, `the run is in the ledger (${before} → ${runs})`);

      await page.locator('[data-test=outbox-tab-sent]').click();
      await page.waitForURL(/outbox=sent/);
      const states = await page.locator('[data-test=outbox-row]').evaluateAll((rows) => rows.map((r) => r.dataset.status));
      assert.ok(states.every((s) => s === 'sent'), states.join());
      await snap(page, 'jobs-outbox');
    },
    { javaScriptEnabled: false },
  ),
);

test('clients are refused the jobs page', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, CLIENT);
    await expectSignedIn(page);
    const r = await page.goto('/services/jobs');
    assert.equal(r.status(), 403);
  }),
);
