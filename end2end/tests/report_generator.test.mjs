// The report generator in Chromium against the real server: choosing a client, a preview that
// writes nothing (the API's report count before and after) and shows the web version and the PDF,
// generating and sending, refused input beside its field with the values kept, the same with
// JavaScript off, a batch followed to its end, templates and brand names that try to run script
// and run none, clients refused; accessibility scans and screenshots.
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

const options = { timeout: TEST_TIMEOUT_MS * 2 };
const AGENCY = 'admin@northstar-digital.example';

/** How many reports the REST API lists for the caller. */
async function reportCount(page) {
  const r = await page.request.get(`${BASE_URL}/api/v1/services/reports/?page_size=1`);
  assert.equal(r.status(), 200);
  return (await r.json()).data.count;
}

/** Opens the generator for the client found by `search`. */
async function chooseClient(page, search) {
  await page.goto('/services/reports/new');
  await page.locator('#client-search').fill(search);
  await page.locator('[data-test=choose-client] button[type=submit]').click();
  await page.waitForURL(/q=/);
  await page.locator('[data-test=choose]').first().click();
  await page.waitForURL(/client=\d+/);
}

test('a preview writes nothing; generate records the report and send queues it', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, STAFF);
    await expectSignedIn(page, '/');
    await chooseClient(page, 'brightsmile');
    await waitForHydration(page);
    assert.deepEqual(await seriousA11yViolations(page), []);

    const before = await reportCount(page);
    await page.locator('[data-test=period]').fill('2026-10');
    for (const key of ['social', 'sag_health']) await page.locator(`#section-${key}`).uncheck();
    await page.locator('[data-test=theme]').selectOption('dark');
    await page.locator('[data-test=preview]').click();
    await page.waitForURL(/preview=1/);
    await page.locator('[data-test=preview-panel]').waitFor();
    assert.equal(await page.locator('[data-test=section-findings] li').count(), 7);
    const web = page.frameLocator('[data-test=preview-html]');
    await web.locator('text=Organic Traffic').first().waitFor();
    const pdf = await page.request.get(await page.locator('[data-test=preview-pdf-link]').getAttribute('href'));
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 4).toString(), '%PDF');
    assert.equal(await reportCount(page), before, 'a preview writes nothing');
    await waitForHydration(page);
    await snap(page, 'report-generator-preview');
    assert.deepEqual(await seriousA11yViolations(page), []);

    await page.locator('[data-test=generate]').click();
    await page.waitForURL(/done=generated/);
    assert.equal(await reportCount(page), before + 1);
    const id = new URL(page.url()).searchParams.get('report');
    await page.locator(`[data-test=recent-row][data-report="${id}"]`).waitFor();
    await page.locator('[data-test=send]').click();
    await page.waitForURL(/done=sent/);
    await page.locator('[data-test=toast]').filter({ hasText: 'queued' }).waitFor();
    await snap(page, 'report-generator-sent');
    assert.deepEqual(pageProblems(page), [], 'no console errors or exceptions');
  }),
);

test('refused input comes back beside its field, with JavaScript off too', options, (t) =>
  withPage(
    browser,
    t,
    async (page) => {
      await login(page, STAFF, { javaScript: false });
      await expectSignedIn(page, '/');
      await chooseClient(page, 'harbor');
      const before = await reportCount(page);
      await page.locator('[data-test=period]').fill('2025-01-01..2026-06-30');
      await page.locator('[data-test=generate]').click();
      await page.waitForURL(/error=/);
      const error = page.locator('[data-field=period] [data-test=field-error]');
      assert.match(await error.innerText(), /longer than a year/);
      assert.equal(await page.locator('[data-test=period]').inputValue(), '2025-01-01..2026-06-30');
      assert.equal(await page.locator('[data-test=period]').getAttribute('aria-invalid'), 'true');
      await snap(page, 'report-generator-error');

      for (const key of ['executive_summary', 'content', 'indexing', 'rankings', 'traffic', 'backlinks', 'social', 'sag_health', 'next_month']) {
        await page.locator(`#section-${key}`).uncheck();
      }
      await page.locator('[data-test=period]').fill('2026-10');
      await page.locator('[data-test=preview]').click();
      await page.waitForURL(/preview=1/);
      assert.match(await page.locator('[data-field=sections] [data-test=field-error]').innerText(), /at least one section/);
      assert.equal(await reportCount(page), before, 'nothing was written');

      await page.locator('#section-traffic').check();
      await page.locator('[data-test=generate]').click();
      await page.waitForURL(/done=generated/);
      assert.equal(await reportCount(page), before + 1);
    },
    { javaScriptEnabled: false },
  ),
);

test('a batch runs every due client and its page follows it to the end', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, STAFF);
    await expectSignedIn(page, '/');
    await page.goto('/services/reports/new');
    await page.locator('#b-type').selectOption('weekly');
    await page.locator('[data-test=batch-period]').fill('2026-10');
    await page.locator('[data-test=batch-start]').click();
    await page.waitForURL(/b_error=/);
    assert.match(await page.locator('[data-field=b-period] [data-test=field-error]').innerText(), /a weekly report covers 7 days/);

    await page.locator('[data-test=batch-period]').fill('2026-W43');
    await page.locator('[data-test=batch-start]').click();
    await page.waitForURL(/\/services\/reports\/batches\/\d+$/);
    await waitForHydration(page);
    // the page asks again every two seconds while the batch runs
    await page.locator('[data-test=batch-progress][data-state=completed]').waitFor({ timeout: 120_000 });
    const counts = await page.locator('[data-test=batch-counts]').innerText();
    const [, generated, skipped, failed, done, due] = counts.match(/(\d+) generated · (\d+) skipped .* (\d+) failed · (\d+) of (\d+) due/).map(Number);
    assert.equal(failed, 0, counts);
    assert.equal(generated + skipped, due);
    assert.equal(done, due);
    assert.equal(await page.locator('[data-test=batch-site]').count(), due);
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'report-batch');
    assert.deepEqual(pageProblems(page), [], 'no console errors or exceptions');
  }),
);

test('a template and a brand that try to run script run none in the preview', options, (t) =>
  withPage(browser, t, async (page) => {
    // the agency sets up a hostile template and brand name on its own account
    await login(page, AGENCY);
    await expectSignedIn(page);
    const attack = "parent.document.title='pwned'";
    const template = await page.request.post(`${BASE_URL}/api/v1/services/report-templates/`, {
      headers: { origin: BASE_URL },
      data: {
        name: 'Hostile',
        template_html:
          `<h1 id="t">{{client}}</h1><script>${attack}</script>` +
          `<img src="x" onerror="${attack}"><a id="j" href="javascript:${attack}">j</a>`,
      },
    });
    assert.equal(template.status(), 201, await template.text());
    const templateId = (await template.json()).data.id;
    const colour = await page.request.post(`${BASE_URL}/api/v1/services/branding/`, {
      headers: { origin: BASE_URL },
      data: { brand_name: 'X', primary_color: `red;background:url(javascript:${attack})`, secondary_color: '#222222' },
    });
    assert.equal(colour.status(), 422, 'a colour that is not a colour is refused');
    const markup = await page.request.post(`${BASE_URL}/api/v1/services/branding/`, {
      headers: { origin: BASE_URL },
      data: { brand_name: `Evil <img src=x onerror="${attack}">`, primary_color: '#1F3A93', secondary_color: '#222222' },
    });
    assert.equal(markup.status(), 422, 'a brand name with markup is refused');
    assert.equal((await markup.json()).errors[0].field, 'brand_name');
    // plain text that would break out of an attribute if it were not escaped
    const brand = await page.request.post(`${BASE_URL}/api/v1/services/branding/`, {
      headers: { origin: BASE_URL },
      data: { brand_name: `Evil" onmouseover="${attack}`, primary_color: '#1F3A93', secondary_color: '#222222' },
    });
    assert.equal(brand.status(), 201, await brand.text());
    const brandingId = (await brand.json()).data.id;

    // staff preview the agency's client with both
    const staff = await browser.newContext({ baseURL: BASE_URL });
    const sp = await staff.newPage();
    try {
      await login(sp, STAFF);
      await expectSignedIn(sp, '/');
      await chooseClient(sp, 'lakeside');
      const dialogs = [];
      sp.on('dialog', (d) => {
        dialogs.push(d.message());
        d.dismiss();
      });
      await sp.locator('[data-test=period]').fill('2026-10');
      await sp.locator('[data-test=template]').selectOption(String(templateId));
      await sp.locator('[data-test=branding]').selectOption(String(brandingId));
      await sp.locator('[data-test=preview]').click();
      await sp.waitForURL(/preview=1/);
      const title = await sp.title();
      const frame = sp.frameLocator('[data-test=preview-html]');
      await frame.locator('#t').waitFor();
      assert.equal(await frame.locator('script').count(), 0, 'no script element');
      assert.equal(await frame.locator('[onerror], [onclick], [onload], [onmouseover]').count(), 0, 'no event handler');
      await frame.locator('body').hover();
      assert.equal(await frame.locator('a[href^="javascript:"]').count(), 0, 'no javascript: link');
      if (await frame.locator('#j').count()) await frame.locator('#j').click();
      await sp.waitForTimeout(500);
      assert.equal(await sp.title(), title, 'nothing ran in the page');
      assert.deepEqual(dialogs, []);
      await snap(sp, 'report-generator-hostile-template');
    } finally {
      await staff.close();
    }
  }),
);

test('clients are refused the generator and its batches', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, CLIENT);
    await expectSignedIn(page);
    for (const path of ['/services/reports/new', '/services/reports/batches/1']) {
      const r = await page.goto(path);
      assert.equal(r.status(), 403, path);
    }
  }),
);
