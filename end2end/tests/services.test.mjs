// The admin pages (ServicesDashboard and ClientDetail) in Chromium against the real server: the
// figures equal the API's, the list's view lives in the URL (with and without JavaScript), forms
// refuse bad input next to the field and save good input, actions go through, other people are
// refused, the pages hydrate without errors and pass an accessibility scan; screenshots are saved.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BASE_URL,
  CLIENT,
  EXPECT_HYDRATION,
  STAFF,
  TEST_TIMEOUT_MS,
  expectSignedIn,
  launch,
  login,
  pageProblems,
  seriousA11yViolations,
  snap,
  testText,
  textOf,
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
const write = { headers: { origin: BASE_URL } };

async function staffPage(page, javaScript = true) {
  await login(page, STAFF, { javaScript });
  await expectSignedIn(page, '/');
}

async function api(page, path) {
  const r = await page.request.get(`${BASE_URL}${path}`);
  assert.equal(r.status(), 200, `${path}: ${r.status()}`);
  return (await r.json()).data;
}

async function graphql(page, query) {
  const r = await page.request.post(`${BASE_URL}/graphql`, { ...write, data: { query } });
  const body = await r.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

/** Every client of the API's list (several pages of 100). */
async function apiClients(page) {
  const rows = [];
  let cursor = null;
  do {
    const data = await api(page, `/api/v1/services/dashboard/clients/?page_size=100${cursor ? `&cursor=${cursor}` : ''}`);
    rows.push(...data.results);
    cursor = data.next_cursor;
  } while (cursor);
  return rows;
}

async function subscriptionOf(page, accountName) {
  const row = (await apiClients(page)).find((c) => c.account_name === accountName);
  assert.ok(row, `a subscription of ${accountName}`);
  return row;
}

const rows = (page) => page.locator('[data-test=client-row]');

test('the overview shows the API figures', options, (t) =>
  withPage(browser, t, async (page) => {
    await staffPage(page);
    await page.goto('/services');
    const data = await api(page, '/api/v1/services/dashboard/');
    assert.equal(await testText(page, 'mrr-value'), data.mrr_display);
    assert.equal(await testText(page, 'revenue-value'), data.revenue.display);
    assert.equal(await testText(page, 'margin-value'), usd.format(data.margin_cents / 100));
    assert.equal(await testText(page, 'client-count-value'), String(data.active_clients));
    assert.equal(await testText(page, 'overdue-value'), String(data.overdue));
    // the tier breakdown and the upcoming actions
    const tiers = page.locator('[data-test=tier-breakdown] tbody tr');
    assert.equal(await tiers.count(), data.by_tier.length);
    const overdue = await api(page, '/api/v1/services/dashboard/overdue/');
    assert.match(await textOf(page.locator('[data-test=upcoming-actions] h2')), new RegExp(`${overdue.length} open`));
    // the list's articles figures are the API's, client by client
    const byId = new Map((await apiClients(page)).map((c) => [String(c.subscription_id), c]));
    const n = await rows(page).count();
    assert.ok(n > 0);
    for (let i = 0; i < n; i++) {
      const row = rows(page).nth(i);
      const api = byId.get(await row.getAttribute('data-subscription'));
      assert.ok(api, 'every row is a subscription of the API');
      assert.equal(await textOf(row.locator('.progress .figure').first()), `${api.articles_published} / ${api.articles_target}`);
    }
    // both charts are inline SVG
    assert.equal(await page.locator('[data-test=mrr-chart] svg').count(), 2, 'one per theme');
    await snap(page, 'services-overview');
  }),
);

test('filters, search, sort and pages live in the URL', options, (t) =>
  withPage(browser, t, async (page) => {
    await staffPage(page);
    await page.goto('/services');
    const all = await apiClients(page);
    assert.equal(await rows(page).count(), Math.min(50, all.length));
    // sorting by price: ascending, then descending, in the URL
    await page.locator('[data-test=sort-price]').click();
    await page.waitForURL(/sort=price&dir=asc/);
    const prices = async () =>
      (await rows(page).locator('td:nth-child(5)').allInnerTexts()).map((p) => Number(p.replace(/[$,]/g, '')));
    const asc = await prices();
    assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
    await page.locator('[data-test=sort-price]').click();
    await page.waitForURL(/sort=price&dir=desc/);
    const desc = await prices();
    assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
    // the next page and back
    if (all.length > 50) {
      const first = await rows(page).first().getAttribute('data-subscription');
      await page.locator('[data-test=next-page]').click();
      await page.waitForURL(/after=\d+/);
      assert.match(await testText(page, 'pager-range'), /^51–/);
      assert.notEqual(await rows(page).first().getAttribute('data-subscription'), first);
      await page.locator('[data-test=prev-page]').click();
      await page.waitForURL(/before=\d+/);
      assert.equal(await rows(page).first().getAttribute('data-subscription'), first);
    }
    // a filter (applied on change once hydrated, or with the button)
    await page.goto('/services');
    await waitForHydration(page);
    await page.locator('[data-test=filter-tier]').selectOption('pro');
    if (!EXPECT_HYDRATION) await page.locator('[data-test=apply-filters]').click();
    await page.waitForURL(/tier=pro/);
    const pro = all.filter((c) => c.tier === 'pro');
    assert.match(await testText(page, 'pager-range'), new RegExp(`of ${pro.length} clients`));
    for (const tier of await rows(page).locator('td:nth-child(3)').allInnerTexts()) assert.equal(tier.trim(), 'Pro');
    // search (with the other filters cleared) survives a reload
    await page.goto('/services');
    await page.locator('[data-test=client-search]').fill('harbor');
    await page.locator('[data-test=apply-filters]').click();
    await page.waitForURL(/q=harbor/);
    await page.reload();
    assert.equal(await page.locator('[data-test=client-search]').inputValue(), 'harbor');
    const names = await rows(page).locator('td:first-child').allInnerTexts();
    assert.ok(names.length >= 1 && names.every((n) => /harbor/i.test(n)), names.join(', '));
    await snap(page, 'services-filtered');
  }),
);

test('with JavaScript off the list filters and pages, and the settings form saves', options, (t) =>
  withPage(
    browser,
    t,
    async (page) => {
      await staffPage(page, false);
      await page.goto('/services');
      await page.locator('[data-test=filter-tier]').selectOption('lite');
      await page.locator('[data-test=apply-filters]').click();
      await page.waitForURL(/tier=lite/);
      for (const tier of await rows(page).locator('td:nth-child(3)').allInnerTexts()) assert.equal(tier.trim(), 'Lite');
      await page.locator('[data-test=sort-client]').click();
      await page.waitForURL(/sort=client&dir=desc/);
      const sub = await subscriptionOf(page, 'Harbor Legal Group');
      await page.goto(`/services/clients/${sub.subscription_id}?tab=config`);
      await page.locator('[data-test=config-report-day]').fill('12');
      await page.locator('[data-test=config-save]').click();
      await page.waitForURL(/done=saved/);
      assert.match(await testText(page, 'toast'), /Settings saved/);
      assert.equal(await page.locator('[data-test=config-report-day]').inputValue(), '12');
    },
    { javaScriptEnabled: false },
  ),
);

test('the settings form refuses bad input beside the field and saves good input', options, (t) =>
  withPage(browser, t, async (page) => {
    await staffPage(page);
    const sub = await subscriptionOf(page, 'BrightSmile Dental');
    const configOf = async () => {
      const data = await graphql(page, '{ subscriptions { items { id config } } }');
      return JSON.parse(data.subscriptions.items.find((s) => Number(s.id) === sub.subscription_id).config || '{}');
    };
    const before = await configOf();
    await page.goto(`/services/clients/${sub.subscription_id}?tab=config`);
    await page.locator('[data-test=config-report-day]').fill('31');
    await page.locator('[data-test=config-countries]').fill('US, CA');
    await page.locator('[data-test=config-save]').click();
    await page.waitForURL(/field=config.report_day/);
    const error = page.locator('[data-field=config-day] [data-test=field-error]');
    assert.match(await textOf(error), /1–28/);
    assert.equal(await page.locator('[data-test=config-report-day]').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('[data-test=config-report-day]').inputValue(), '31', 'what was entered is kept');
    assert.equal(await page.locator('[data-test=config-countries]').inputValue(), 'US, CA');
    assert.deepEqual(await configOf(), before, 'nothing written');
    await snap(page, 'client-config-error');

    await page.locator('[data-test=config-report-day]').fill('15');
    await page.locator('[data-test=config-save]').click();
    await page.waitForURL(/done=saved/);
    const after = await configOf();
    assert.equal(after.report_day, 15);
    assert.deepEqual(after.target_countries, ['US', 'CA']);
    assert.match(await textOf(page.locator('[data-test=config-audit]')), new RegExp(STAFF.replace('.', '\\.')));

    // the JSON tab refuses what the schema does not know, naming the key
    await page.goto(`/services/clients/${sub.subscription_id}?tab=config&mode=json`);
    await page.locator('#config-json').fill('{"report_dya": 3}');
    await page.locator('[data-test=config-json-form] button[type=submit]').click();
    await page.waitForURL(/error=/);
    assert.match(await textOf(page.locator('[data-test=field-error]')), /unknown key/);
    assert.deepEqual(await configOf(), after);
    await snap(page, 'client-config-json');
  }),
);

test('resend and regenerate go through and say so', options, (t) =>
  withPage(browser, t, async (page) => {
    await staffPage(page);
    const sub = await subscriptionOf(page, 'Harbor Legal Group');
    const last = new Date();
    last.setUTCDate(0);
    const period = `${last.getUTCFullYear()}-${String(last.getUTCMonth() + 1).padStart(2, '0')}`;
    const generated = await page.request.post(`${BASE_URL}/api/v1/services/reports/generate/`, {
      ...write,
      data: { site_id: sub.site_id, period, sections_included: ['traffic', 'content'] },
    });
    assert.equal(generated.status(), 201, await generated.text());
    const report = (await generated.json()).data.id;

    await page.goto(`/services/clients/${sub.subscription_id}?tab=reports`);
    const row = page.locator(`[data-test=report-row][data-report="${report}"]`);
    await row.locator('[data-test=resend]').click();
    await page.locator('[data-test=resend-form] input[type=checkbox]').first().check();
    await page.locator('[data-test=resend-submit]').click();
    await page.waitForURL(/done=sent/);
    assert.match(await testText(page, 'toast'), /queued/);

    await page.locator(`[data-test=report-row][data-report="${report}"] [data-test=regenerate]`).click();
    await page.locator('[data-test=confirm]').waitFor();
    await snap(page, 'client-reports-confirm');
    await page.locator('[data-test=confirm-yes]').click();
    await page.waitForURL(/done=regenerated/);
    assert.match(await testText(page, 'toast'), /rendered again/);

    await page.locator(`[data-test=report-row][data-report="${report}"] [data-test=share]`).click();
    await page.waitForURL(/done=shared/);
    const link = await page.locator('[data-test=new-share-link] input').inputValue();
    const pdf = await page.request.get(link);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    await snap(page, 'client-reports');
  }),
);

test('billing shows the API figures for a chosen range', options, (t) =>
  withPage(browser, t, async (page) => {
    await staffPage(page);
    const sub = await subscriptionOf(page, 'Summit Physical Therapy');
    const billing = async (args) =>
      (await graphql(page, `{ billing(accountId: "${sub.account_id}"${args}) { invoices { issuedAt } orderMargins { marginCents } } }`)).billing;
    const invoices = page.locator('[data-test=invoices-table] tbody tr');
    await page.goto(`/services/clients/${sub.subscription_id}?tab=billing`);
    const all = await billing('');
    assert.equal(await invoices.count(), all.invoices.length);
    assert.equal(await testText(page, 'billing-range'), 'all time');
    assert.ok(all.invoices.length >= 2, 'the fixture has invoices in several months');
    // the latest invoice's month, through the form
    const last = all.invoices.map((i) => i.issuedAt.slice(0, 10)).sort().at(-1);
    const from = `${last.slice(0, 7)}-01`;
    await page.fill('#billing-from', from);
    await page.fill('#billing-to', last);
    await Promise.all([page.waitForURL((u) => u.searchParams.get('from') === from), page.click('[data-test=billing-range-form] button')]);
    const ranged = await billing(`, from: "${from}", to: "${last}"`);
    assert.ok(ranged.invoices.length < all.invoices.length);
    assert.equal(await invoices.count(), ranged.invoices.length);
    assert.equal(await testText(page, 'billing-range'), `${from} to ${last}`);
    const margin = ranged.orderMargins.reduce((sum, m) => sum + m.marginCents, 0);
    assert.equal(await testText(page, 'margin-total'), usd.format(margin / 100));
    // a range that ends before it starts names the field
    const response = await page.goto(`/services/clients/${sub.subscription_id}?tab=billing&from=2026-10-31&to=2026-10-01`);
    assert.equal(response.status(), 422);
    assert.match(await textOf(page.locator('[data-test=error]')), /to: 2026-10-01 is before from 2026-10-31/);
    assert.equal(await page.inputValue('#billing-to'), '2026-10-01', 'the range stays in the form to be corrected');
  }),
);

test('clients, agency admins and site-restricted viewers are refused every admin page', options, async (t) => {
  for (const who of [CLIENT, 'admin@northstar-digital.example', 'viewer@summit-pt.example']) {
    await withPage(browser, t, async (page) => {
      await login(page, who);
      await expectSignedIn(page);
      for (const path of ['/services', '/services/clients/1', '/services/clients/1?tab=config', '/services/clients/99999']) {
        const response = await page.goto(path);
        assert.ok([403, 404].includes(response.status()), `${who} ${path}: ${response.status()}`);
        await page.locator('[data-test=not-found]').waitFor();
        assert.equal(await page.locator('[data-test=mrr], [data-test=client-list], [data-test=tabs]').count(), 0);
      }
      assert.equal(await page.locator('a[data-test=nav-managed-services]').count(), 0);
    });
  }
});

test('every admin page hydrates without errors and passes the accessibility scan', options, (t) =>
  withPage(browser, t, async (page) => {
    await staffPage(page);
    const sub = await subscriptionOf(page, 'Summit Physical Therapy');
    const pages = [['services', '/services']];
    for (const tab of ['content', 'backlinks', 'ahrefs', 'reports', 'billing', 'config']) {
      pages.push([`client-${tab}`, `/services/clients/${sub.subscription_id}?tab=${tab}`]);
    }
    const problems = [];
    for (const [name, path] of pages) {
      const response = await page.goto(path);
      assert.equal(response.status(), 200, path);
      await waitForHydration(page);
      problems.push(...(await seriousA11yViolations(page)).map((v) => `${path}: ${v}`));
      await snap(page, name);
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(pageProblems(page), [], 'no console errors or exceptions');
  }),
);

test('the dark theme is chosen once and remembered', options, (t) =>
  withPage(browser, t, async (page) => {
    await staffPage(page);
    await page.goto('/services');
    await page.locator('[data-test=theme-dark]').click();
    await page.waitForURL((u) => u.pathname === '/services');
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    await page.reload();
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'services-dark');
    await page.locator('[data-test=theme-system]').click();
    await page.waitForURL((u) => u.pathname === '/services');
    assert.equal(await page.locator('html').getAttribute('data-theme'), null);
  }),
);
