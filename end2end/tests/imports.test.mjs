// Data imports in Chromium against the real server: a client's owner uploads Search Console's
// Performance export (the zip as the tool saves it) and reads what it changed — the same counts
// as the API — then a file in a wrong encoding, refused with where and why, nothing written; with
// JavaScript off the plain form and the URL-carried filters work; a viewer sees the imports but
// no form, another account's imports are not found, and Alorig staff import for a client from
// its page. Accessibility scans and screenshots.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import {
  BASE_URL,
  NO_SUBSCRIPTION,
  STAFF,
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

const fixture = (name) => fileURLToPath(new URL(`../../server/tests/fixtures/import/${name}`, import.meta.url));
const VIEWER = 'viewer@summit-pt.example';

let browser;
let ownerAccount;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const options = { timeout: TEST_TIMEOUT_MS };

async function apiImports(page, query = '') {
  const r = await page.request.get(`${BASE_URL}/api/v1/services/imports/${query}`);
  assert.equal(r.status(), 200, await r.text());
  return (await r.json()).data;
}

async function cells(page) {
  const row = page.locator('[data-test=import-row]').first();
  const text = async (name) => (await row.locator(`[data-test=${name}]`).innerText()).trim();
  return {
    file: await text('import-file'),
    status: await text('import-status'),
    added: Number(await text('import-added')),
    updated: Number(await text('import-updated')),
    skipped: Number(await text('import-skipped')),
  };
}

test('an owner imports a Performance export and sees what it changed, as the API says', options, (t) =>
  withPage(browser, t, async (page) => {
    // the export is of example.com: Alorig staff add it to the client's account first
    await login(page, STAFF);
    await expectSignedIn(page);
    await page.goto('/services/accounts?q=Fresh');
    await page.locator('[data-test=account-link]').first().click();
    await page.waitForURL(/\/services\/accounts\/\d+$/);
    await page.locator('[data-test=s-domain]').fill('example.com');
    await page.locator('[data-test=add-site-submit]').click();
    await page.waitForURL(/done=site-added$/);
    await page.context().clearCookies();

    await login(page, NO_SUBSCRIPTION);
    await expectSignedIn(page);
    await page.locator('[data-test=nav-imports]').click();
    await page.waitForURL(/\/account\/imports$/);
    await waitForHydration(page);
    ownerAccount = await page.locator('[data-test=import-form] input[name=account]').inputValue();
    assert.deepEqual(await seriousA11yViolations(page), []);

    const site = await page
      .locator('[data-test=import-site] option', { hasText: '(example.com)' })
      .getAttribute('value');
    await page.locator('[data-test=import-site]').selectOption(site);
    await page.locator('[data-test=import-files]').setInputFiles(fixture('Performance-on-Search-2026-11-05.zip'));
    await page.locator('[data-test=import-submit]').click();
    await page.waitForURL(/done=/);
    assert.match(await testText(page, 'toast'), /1 file imported\./);
    const first = await cells(page);
    assert.match(first.file, /Performance-on-Search-2026-11-05\.zip/);
    assert.equal(first.status, 'done');
    assert.equal(first.added + first.updated + first.skipped > 31, true, JSON.stringify(first));
    // the page says what the API says
    const api = await apiImports(page, `?site=${site}`);
    assert.deepEqual(
      [api.rows[0].rows_added, api.rows[0].rows_updated, api.rows[0].rows_skipped],
      [first.added, first.updated, first.skipped],
    );
    assert.match(await page.locator('[data-test=import-notes]').first().innerText(), /the Dates, Queries, Pages, Countries and Devices tables are/);

    // the same file again changes nothing
    await page.locator('[data-test=import-site]').selectOption(site);
    await page.locator('[data-test=import-files]').setInputFiles(fixture('Performance-on-Search-2026-11-05.zip'));
    await page.locator('[data-test=import-submit]').click();
    await page.waitForURL(/done=/);
    const again = await cells(page);
    assert.deepEqual([again.added, again.updated], [0, 0]);

    // a file in Latin-1: refused with where and why, nothing written
    const dir = await mkdtemp(path.join(tmpdir(), 'igny8-import-'));
    const latin1 = path.join(dir, 'Chart.csv');
    await writeFile(latin1, Buffer.from('Date,Clicks,Impressions,CTR,Position\n2026-10-01,1,2,50%,3 caf\xe9\n', 'latin1'));
    await page.locator('[data-test=import-site]').selectOption(site);
    await page.locator('[data-test=import-files]').setInputFiles(latin1);
    await page.locator('[data-test=import-submit]').click();
    await page.waitForURL(/done=/);
    assert.match(await testText(page, 'toast'), /The file failed: nothing of it was written/);
    const failed = await cells(page);
    assert.equal(failed.status, 'failed');
    assert.match(await page.locator('[data-test=import-notes]').first().innerText(), /not UTF-8 text: byte 0xE9 at offset/);
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'imports');

    // a Search Analytics response without days: refused without the dates it sums, the dates
    // checked (kept in the form when refused), then imported over them
    await page.locator('[data-test=import-site]').selectOption(site);
    await page.locator('[data-test=import-files]').setInputFiles(fixture('gsc_api_searchanalytics_totals.json'));
    await page.locator('[data-test=import-submit]').click();
    await page.waitForURL(/done=/);
    assert.equal((await cells(page)).status, 'failed');
    assert.match(await page.locator('[data-test=import-notes]').first().innerText(), /carry no date: give the days/);
    await page.locator('[data-test=import-site]').selectOption(site);
    await page.locator('[data-test=import-dates]').fill('2026-13');
    await page.locator('[data-test=import-files]').setInputFiles(fixture('gsc_api_searchanalytics_totals.json'));
    await page.locator('[data-test=import-submit]').click();
    await page.waitForURL(/field=dates/);
    assert.match(await testText(page, 'toast'), /dates: `2026-13` is not a month/);
    assert.equal(await page.locator('[data-test=import-dates]').inputValue(), '2026-13');
    assert.equal(await page.locator('[data-test=import-dates]').getAttribute('aria-invalid'), 'true');
    await page.locator('[data-test=import-site]').selectOption(site);
    await page.locator('[data-test=import-dates]').fill('2026-10');
    await page.locator('[data-test=import-files]').setInputFiles(fixture('gsc_api_searchanalytics_totals.json'));
    await page.locator('[data-test=import-submit]').click();
    await page.waitForURL(/done=/);
    const totals = await cells(page);
    assert.deepEqual([totals.status, totals.added], ['done', 1]);
    await snap(page, 'imports-dates');

    // a form sent with no site (the browser's check removed) is refused, naming the field
    await page.locator('[data-test=import-site]').evaluate((s) => s.removeAttribute('required'));
    await page.locator('[data-test=import-site]').selectOption('');
    await page.locator('[data-test=import-files]').setInputFiles(fixture('gsc_api_searchanalytics_date.json'));
    await page.locator('[data-test=import-submit]').click();
    await page.waitForURL(/field=site/);
    assert.match(await testText(page, 'toast'), /site: must be a site id/);
  }),
);

test('without JavaScript the form imports and the filters live in the URL', options, (t) =>
  withPage(
    browser,
    t,
    async (page) => {
      await login(page, NO_SUBSCRIPTION, { javaScript: false });
      await expectSignedIn(page);
      await page.goto('/account/imports');
      const site = await page
        .locator('[data-test=import-site] option', { hasText: '(example.com)' })
        .getAttribute('value');
      await page.locator('[data-test=import-site]').selectOption(site);
      await page.locator('[data-test=import-files]').setInputFiles(fixture('gsc_api_searchanalytics_date.json'));
      await page.locator('[data-test=import-submit]').click();
      await page.waitForURL(/done=/);
      assert.equal((await cells(page)).status, 'done');

      // filtered through the URL
      await page.locator('[data-test=filter-status]').selectOption('failed');
      await page.locator('[data-test=apply-filters]').click();
      await page.waitForURL(/status=failed/);
      const statuses = await page.locator('[data-test=import-status]').allInnerTexts();
      assert.ok(statuses.length > 0 && statuses.every((s) => s.trim() === 'failed'), statuses.join());
      const api = await apiImports(page, '?status=failed');
      assert.equal(statuses.length, api.rows.length);
      await snap(page, 'imports-no-js');
    },
    { javaScriptEnabled: false },
  ),
);

test('a viewer cannot import, another account is not found, staff import from a client page', options, (t) =>
  withPage(browser, t, async (page) => {
    assert.ok(ownerAccount, 'the first test ran');
    await login(page, VIEWER);
    await expectSignedIn(page);
    assert.equal(await page.locator('[data-test=nav-imports]').count(), 0);
    await page.goto('/account/imports');
    await page.locator('[data-test=imports]').waitFor();
    assert.equal(await page.locator('[data-test=import-form]').count(), 0);
    const response = await page.goto(`/account/imports?account=${ownerAccount}`);
    assert.equal(response.status(), 404);

    await page.context().clearCookies();
    await login(page, STAFF);
    await expectSignedIn(page);
    await page.goto(`/services/accounts/${ownerAccount}`);
    await page.locator('[data-test=account-imports]').click();
    await page.waitForURL(new RegExp(`/account/imports\\?account=${ownerAccount}$`));
    await waitForHydration(page);
    assert.match(await testText(page, 'imports-account'), /Imports of /);
    assert.equal(await page.locator('[data-test=import-form]').count(), 1);
    const rows = await page.locator('[data-test=import-row]').count();
    assert.ok(rows >= 4, `the owner's imports are listed (${rows})`);
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'imports-staff');
  }),
);
