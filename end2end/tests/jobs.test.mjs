// The scheduled jobs page in Chromium against the real server: the schedules equal the API's in
// the chosen time zone, the view (time zone, job) lives in the URL, clients are refused, the page
// passes the accessibility scan and hydrates without errors; a screenshot is saved.
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

test('clients are refused the jobs page', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, CLIENT);
    await expectSignedIn(page);
    const r = await page.goto('/services/jobs');
    assert.equal(r.status(), 403);
  }),
);
