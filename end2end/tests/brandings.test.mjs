// The brandings pages in Chromium against the real server: an agency previews a branding (its
// cover drawn in its colours), a refused colour is named beside its field, it saves and deletes with
// JavaScript off, staff see every account's read only, clients are refused; accessibility scans and
// screenshots.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
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
const AGENCY = 'admin@northstar-digital.example';

test('an agency previews, saves and deletes a branding', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, AGENCY);
    await expectSignedIn(page);
    await page.locator('[data-test=nav-brandings]').click();
    await page.waitForURL(/\/account\/brandings$/);
    await waitForHydration(page);
    const cards = await page.locator('[data-test=branding-card]').count();
    assert.ok(cards > 0);
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'brandings');

    await page.locator('[data-test=new-branding]').click();
    await page.locator('[data-test=b-brand_name]').fill('Lighthouse Digital');
    await page.locator('[data-test=b-primary_color]').fill('#FFEE00');
    await page.locator('[data-test=b-secondary_color]').fill('#0F766E');
    await page.locator('[data-test=branding-preview]').click();
    await page.waitForURL(/preview=1/);
    const draft = page.locator('[data-test=branding-draft]');
    await draft.waitFor();
    assert.equal(await draft.locator('svg').count(), 2, 'the cover in both themes');
    assert.match(await draft.locator('[data-test=contrast-warning]').first().innerText(), /light theme/);
    assert.equal(await page.locator('[data-test=branding-card]').count(), cards, 'a preview saves nothing');
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'branding-preview');

    await page.locator('[data-test=b-primary_color]').fill('yellow');
    await page.locator('[data-test=branding-save]').click();
    await page.waitForURL(/error=/);
    assert.match(await page.locator('[data-field=primary_color] [data-test=field-error]').innerText(), /is not a colour/);
    assert.equal(await page.locator('[data-test=b-brand_name]').inputValue(), 'Lighthouse Digital', 'kept as entered');

    await page.locator('[data-test=b-primary_color]').fill('#1F3A93');
    await page.locator('[data-test=branding-save]').click();
    await page.waitForURL(/done=saved/);
    assert.equal(await page.locator('[data-test=branding-card]').count(), cards + 1);
    const card = page.locator('[data-test=branding-card]').filter({ hasText: 'Lighthouse Digital' });
    await card.locator('[data-test=delete-branding]').click();
    await page.locator('[data-test=confirm-yes]').click();
    await page.waitForURL(/done=deleted/);
    assert.equal(await page.locator('[data-test=branding-card]').count(), cards);
    assert.deepEqual(pageProblems(page), [], 'no console errors or exceptions');
  }),
);

test('staff see every branding read only; clients are refused', options, (t) =>
  withPage(
    browser,
    t,
    async (page) => {
      await login(page, STAFF, { javaScript: false });
      await expectSignedIn(page, '/');
      await page.goto('/services/brandings');
      assert.ok((await page.locator('[data-test=branding-card]').count()) > 0);
      assert.equal(await page.locator('[data-test=edit-branding]').count(), 0);
      await snap(page, 'services-brandings');
      await page.locator('[data-test=logout]').click();
      await login(page, CLIENT, { javaScript: false });
      await expectSignedIn(page);
      const r = await page.goto('/account/brandings');
      assert.equal(r.status(), 403);
    },
    { javaScriptEnabled: false },
  ),
);
