// Client onboarding in Chromium against the real server: staff create an account (a bad time
// zone named beside its field, the values kept), add its site (a URL refused, the bare domain
// taken), start a Pro subscription and see MRR move on the dashboard by its monthly price, as the
// API says; with JavaScript off they sort the list through the URL, pause and cancel (after a
// confirmation); they invite a client's user, who sets a password through the emailed link (the
// name kept when the password is refused) and signs in seeing only their site; a client's owner
// is refused. Accessibility scans and screenshots.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BASE_URL,
  CLIENT,
  STAFF,
  TEST_TIMEOUT_MS,
  deliverOutbox,
  emailedLinks,
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

async function mrrCents(page) {
  const r = await page.request.post(`${BASE_URL}/graphql`, {
    headers: { origin: BASE_URL },
    data: { query: '{ dashboard { summary { mrrCents mrrDisplay } } }' },
  });
  const body = await r.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data.dashboard.summary;
}

test('staff onboard a client: account, site, subscription, and MRR moves at once', options, (t) =>
  withPage(browser, t, async (page) => {
    const name = `Cedar Ridge Dental ${Date.now()}`;
    const domain = `cedarridge${Date.now()}.example`;
    await login(page, STAFF);
    await expectSignedIn(page);
    const before = await mrrCents(page);

    await page.locator('[data-test=nav-accounts]').click();
    await page.waitForURL(/\/services\/accounts$/);
    await waitForHydration(page);
    assert.ok((await page.locator('[data-test=account-row]').count()) > 0);
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'accounts');

    // a bad time zone comes back beside its field, with what was typed
    await page.locator('[data-test=new-account] summary').click();
    await page.locator('[data-test=a-name]').fill(name);
    await page.locator('[data-test=a-timezone]').fill('Mars/Olympus');
    await page.locator('#new-reports').check();
    await page.locator('[data-test=create-account]').click();
    await page.waitForURL(/field=timezone/);
    assert.match(await page.locator('[data-field=new-timezone] [data-test=field-error]').innerText(), /is not an IANA time zone/);
    assert.equal(await page.locator('[data-test=a-name]').inputValue(), name);
    assert.ok(await page.locator('#new-reports').isChecked(), 'the gate is kept');
    assert.deepEqual(await seriousA11yViolations(page), []);

    await page.locator('[data-test=a-timezone]').fill('America/Denver');
    await page.locator('[data-test=create-account]').click();
    await page.waitForURL(/\/services\/accounts\/\d+\?done=created$/);
    assert.match(await testText(page, 'toast'), /Account created/);

    // the site: a URL is refused, the bare domain taken
    await page.locator('[data-test=s-domain]').fill(`https://${domain}/`);
    await page.locator('[data-test=add-site-submit]').click();
    await page.waitForURL(/field=domain/);
    assert.match(await page.locator('[data-field=domain] [data-test=field-error]').innerText(), /has a scheme/);
    await page.locator('[data-test=s-domain]').fill(domain);
    await page.locator('[data-test=add-site-submit]').click();
    await page.waitForURL(/done=site-added$/);

    // a Pro subscription billed quarterly: $1,197.00 a quarter, $399.00 a month
    await page.locator('[data-test=sub-tier]').selectOption('pro');
    await page.locator('[data-test=sub-interval]').selectOption('quarter');
    await page.locator('[data-test=start-submit]').click();
    await page.waitForURL(/done=started$/);
    const row = page.locator('[data-test=site-row]', { hasText: domain });
    assert.equal(await row.locator('[data-test=sub-monthly]').innerText(), '$399.00');
    assert.match(await row.innerText(), /\$1,197\.00/);
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'account');

    const afterwards = await mrrCents(page);
    assert.equal(afterwards.mrrCents, before.mrrCents + 39_900, 'MRR counts it at once');
    await page.goto('/services');
    assert.match(await page.content(), new RegExp(afterwards.mrrDisplay.replace(/[$.]/g, (c) => `\\${c}`)));
    assert.deepEqual(pageProblems(page), [], 'no console errors or exceptions');
  }),
);

test('with JavaScript off staff sort the list in the URL, pause and cancel after a confirmation', options, (t) =>
  withPage(
    browser,
    t,
    async (page) => {
      await login(page, STAFF, { javaScript: false });
      await expectSignedIn(page, '/');
      await page.goto('/services/accounts');
      const mrrs = async () =>
        (await page.locator('[data-test=account-mrr]').allInnerTexts()).map((m) => Number(m.replace(/[$,]/g, '')));
      await page.locator('[data-test=sort-mrr]').click();
      await page.waitForURL(/sort=mrr&dir=asc/);
      const up = await mrrs();
      assert.deepEqual(up, [...up].sort((a, b) => a - b), 'lowest MRR first');
      await page.locator('[data-test=sort-mrr]').click();
      await page.waitForURL(/sort=mrr&dir=desc/);
      const down = await mrrs();
      assert.deepEqual(down, [...down].sort((a, b) => b - a), 'highest MRR first');
      await page.reload();
      assert.match(page.url(), /sort=mrr&dir=desc/, 'the view survives a reload');

      // Summit Physical Therapy: pause one subscription, resume it, then cancel it after confirming
      await page.locator('[data-test=filter-q]').fill('Summit');
      await page.locator('[data-test=apply-filters]').click();
      await page.waitForURL(/q=Summit/);
      await page.locator('[data-test=account-link]').first().click();
      await page.waitForURL(/\/services\/accounts\/\d+$/);
      const row = page.locator('[data-test=site-row]', { has: page.locator('[data-test=sub-pause]') }).first();
      const site = await row.locator('[data-test=site-domain]').innerText();
      await row.locator('[data-test=sub-pause]').click();
      await page.waitForURL(/done=paused$/);
      const same = page.locator('[data-test=site-row]', { hasText: site });
      assert.match(await same.innerText(), /Paused/);
      assert.equal(await same.locator('[data-test=sub-monthly]').innerText(), '$0.00', 'out of MRR while paused');
      await same.locator('[data-test=sub-resume]').click();
      await page.waitForURL(/done=resumed$/);
      await page.locator('[data-test=site-row]', { hasText: site }).locator('[data-test=sub-cancel]').click();
      await page.waitForURL(/confirm=cancel/);
      assert.match(await page.locator('[data-test=confirm]').innerText(), /Cancel the subscription of/);
      await page.locator('[data-test=confirm-yes]').click();
      await page.waitForURL(/done=cancelled$/);
      assert.match(await page.locator('[data-test=site-row]', { hasText: site }).innerText(), /Cancelled/);
      // and back, so the other specs see the demo as it was
      await page.locator('[data-test=site-row]', { hasText: site }).locator('[data-test=sub-resume]').click();
      await page.waitForURL(/done=resumed$/);

      // whether the client reviews its articles: switched one way, then back as it was
      const line = () => page.locator('[data-test=site-row]', { hasText: site });
      const reviewed = /client reviews articles/.test(await line().locator('[data-test=sub-review]').innerText());
      const steps = reviewed
        ? [['waive_review', 'review-waived', /articles without review/], ['require_review', 'review-required', /client reviews articles/]]
        : [['require_review', 'review-required', /client reviews articles/], ['waive_review', 'review-waived', /articles without review/]];
      for (const [change, done, shown] of steps) {
        await line().locator(`[data-test=sub-${change}]`).click();
        await page.waitForURL(new RegExp(`done=${done}$`));
        assert.match(await line().locator('[data-test=sub-review]').innerText(), shown);
        assert.match(await page.locator('[data-test=toast]').innerText(), done === 'review-required' ? /reviews each article/ : /without the client's review/);
      }
    },
    { javaScriptEnabled: false },
  ),
);

test('an invited user sets a password through the emailed link and sees only their site', options, (t) =>
  withPage(browser, t, async (page) => {
    const email = `new.person.${Date.now()}@summit-pt.example`;
    await login(page, STAFF);
    await expectSignedIn(page);
    await page.goto('/services/accounts?q=Summit');
    await page.locator('[data-test=account-link]').first().click();
    await page.waitForURL(/\/services\/accounts\/\d+$/);
    const site = await page.locator('[data-test=site-domain]').first().innerText();
    // an address that already has a user is refused beside the field
    await page.locator('[data-test=invite-email]').fill('owner@summit-pt.example');
    await page.locator('[data-test=invite-submit]').click();
    await page.waitForURL(/field=email/);
    assert.match(await page.locator('[data-field=email] [data-test=field-error]').innerText(), /already belongs to a user/);
    await page.locator('[data-test=invite-email]').fill(email);
    await page.locator('[data-test=invite-role]').selectOption('viewer');
    await page.locator('[data-test=invite-form] label', { hasText: site }).locator('input').check();
    await page.locator('[data-test=invite-submit]').click();
    await page.waitForURL(/done=invited$/);
    assert.match(await page.locator('[data-test=invitation-row]', { hasText: email }).innerText(), /open until/);

    deliverOutbox();
    const links = await emailedLinks(email, /\/invitations\/[A-Za-z0-9_-]+/);
    assert.equal(links.length, 1, links.join());
    await page.context().clearCookies();
    await page.goto(links[0]);
    assert.match(await page.locator('h1').innerText(), /Welcome to Summit Physical Therapy/);
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'invitation');
    await page.locator('[data-test=invite-first]').fill('Nora');
    await page.locator('[data-test=invite-password]').fill('short');
    await page.locator('[data-test=invite-accept]').click();
    await page.waitForURL(/field=password/);
    assert.match(await page.locator('[data-field=password] [data-test=field-error]').innerText(), /at least 8 characters/);
    assert.equal(await page.locator('[data-test=invite-first]').inputValue(), 'Nora', 'the name is kept');
    await page.locator('[data-test=invite-password]').fill('a long enough passphrase');
    await page.locator('[data-test=invite-accept]').click();
    await page.waitForURL(/\/login\?welcome=1/);
    assert.match(await testText(page, 'login-welcome'), /password is set/);
    await login(page, email, { password: 'a long enough passphrase' });
    await expectSignedIn(page);
    const r = await page.request.post(`${BASE_URL}/graphql`, {
      headers: { origin: BASE_URL },
      data: { query: '{ sites { domain } }' },
    });
    assert.deepEqual((await r.json()).data.sites, [{ domain: site }], 'only the site of the invitation');
    const again = await page.goto(links[0]);
    assert.equal(again.status(), 404, 'the link works once');
  }),
);

test('staff record a backlink order and its links; a link to another site is refused beside its field', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, STAFF);
    await expectSignedIn(page);
    await page.goto('/services/accounts?q=Summit');
    await page.locator('[data-test=account-link]').first().click();
    await page.waitForURL(/\/services\/accounts\/\d+$/);
    const domain = await page.locator('[data-test=o-site] option').first().innerText();
    await page.locator('[data-test=o-links]').fill('1');
    await page.locator('[data-test=o-price]').fill('450');
    await page.locator('[data-test=o-cost]').fill('260.00');
    const due = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('[data-test=o-due]').fill(due);
    await page.locator('[data-test=o-submit]').click();
    await page.waitForURL(/\/services\/orders\/\d+\?done=recorded$/);
    assert.match(await testText(page, 'order-price'), /\$450\.00$/);
    assert.match(await testText(page, 'order-margin'), /\$190\.00$/);

    await page.locator('[data-test=l-source]').fill('https://localnews.example/story');
    await page.locator('[data-test=l-target]').fill('https://elsewhere.example/');
    await page.locator('[data-test=l-anchor]').fill('physical therapy');
    await page.locator('[data-test=l-submit]').click();
    await page.waitForURL(/field=target_url/);
    assert.match(await page.locator('[data-field=target_url] [data-test=field-error]').innerText(), new RegExp(domain.replace(/\./g, '\\.')));
    assert.equal(await page.locator('[data-test=l-anchor]').inputValue(), 'physical therapy', 'the values are kept');
    await page.locator('[data-test=l-target]').fill(`https://${domain}/`);
    await page.locator('[data-test=l-submit]').click();
    await page.waitForURL(/done=link$/);
    assert.equal(await page.locator('[data-test=link-row]').count(), 1);
    assert.equal(await page.locator('[data-test=link-form]').count(), 0, 'delivered: no more links owed');
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'order-recorded');
  }),
);

test("a client's owner is refused the accounts pages", options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, CLIENT);
    await expectSignedIn(page);
    assert.equal(await page.locator('[data-test=nav-accounts]').count(), 0);
    const r = await page.goto('/services/accounts');
    assert.equal(r.status(), 403);
  }),
);
