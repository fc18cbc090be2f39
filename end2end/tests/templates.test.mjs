// The report templates pages in Chromium against the real server: an agency writes a template in
// the code area (line numbers follow the typing once hydrated), a refused template is shown at
// its line with what was typed kept, the preview of a hostile draft runs nothing and saves
// nothing, then it saves, sets a default and deletes; the same with JavaScript off; a viewer is
// refused. Accessibility scans and screenshots.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  EXPECT_HYDRATION,
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
const rows = (page) => page.locator('[data-test=template-row]').count();

test('an agency writes, previews, saves, sets as default and deletes a template', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, AGENCY);
    await expectSignedIn(page);
    await page.locator('[data-test=nav-templates]').click();
    await page.waitForURL(/\/account\/report-templates$/);
    await waitForHydration(page);
    const before = await rows(page);
    assert.deepEqual(await seriousA11yViolations(page), []);

    await page.locator('[data-test=new-template]').click();
    await page.waitForURL(/\/account\/report-templates\/new$/);
    await waitForHydration(page);
    const html = page.locator('[data-test=t-html]');
    assert.match(await html.inputValue(), /\{\{#each sections\}\}/, 'starts from the built-in template');
    // a variable the report does not have, on line 3
    await page.locator('[data-test=t-name]').fill('Client letter');
    await html.fill('<h1>{{title}}</h1>\n<p>{{client}}</p>\n<p>{{headline}}</p>');
    if (EXPECT_HYDRATION) {
      const gutter = page.locator('[data-field=template_html] .gutter');
      assert.equal((await gutter.innerText()).trim().split(/\s+/).at(-1), '3', 'the numbers follow the typing');
    }
    await page.locator('[data-test=template-save]').click();
    await page.waitForURL(/draft=/);
    const error = page.locator('[data-field=template_html] [data-test=field-error]');
    assert.match(await error.innerText(), /^line 3, column 4: .*`headline` is not in the report's data/);
    assert.equal((await page.locator('[data-field=template_html] .gutter .err').innerText()).trim(), '3');
    assert.match(await html.inputValue(), /\{\{headline\}\}/, 'what was typed is kept');
    assert.equal(await page.locator('[data-test=t-name]').inputValue(), 'Client letter');
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'template-error');

    // a hostile draft previewed: the sample report shows, nothing runs, nothing is saved
    const attack = "parent.document.title='pwned'";
    await html.fill(
      `<h1 id="t">{{client}} for {{brand.name}}</h1>\n<script>${attack}</script>\n` +
        `<img src="x" onerror="${attack}">\n<a id="j" href="javascript:${attack}">j</a>\n` +
        '{{#each sections}}<h2>{{title}}</h2>{{/each}}',
    );
    await page.locator('#theme').selectOption('dark');
    await page.locator('#branding_id').selectOption({ label: 'Northstar Digital' });
    const dialogs = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss();
    });
    await page.locator('[data-test=template-preview]').click();
    await page.waitForURL(/#preview$/);
    const title = await page.title();
    const frame = page.frameLocator('[data-test=template-frame]');
    await frame.locator('#t').waitFor();
    assert.equal(await frame.locator('#t').innerText(), 'Sample Client for Northstar Digital');
    assert.equal(await frame.locator('script').count(), 0, 'no script element');
    assert.equal(await frame.locator('[onerror], [onclick], [onload]').count(), 0, 'no event handler');
    assert.equal(await frame.locator('a[href^="javascript:"]').count(), 0, 'no javascript: link');
    if (await frame.locator('#j').count()) await frame.locator('#j').click();
    await page.waitForTimeout(300);
    assert.equal(await page.title(), title, 'nothing ran in the page');
    assert.deepEqual(dialogs, []);
    assert.equal(await page.locator('#theme').inputValue(), 'dark', 'the draft is kept');
    await snap(page, 'template-preview');

    await page.locator('[data-test=template-save]').click();
    await page.waitForURL(/done=saved/);
    await page.locator('[data-test=toast]').waitFor();
    await page.goto('/account/report-templates');
    assert.equal(await rows(page), before + 1, 'saved once: the preview wrote nothing');
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'report-templates');

    const row = page.locator('[data-test=template-row]').filter({ hasText: 'Client letter' });
    await row.locator('[data-test=set-default]').click();
    await page.waitForURL(/done=default/);
    assert.match(await page.locator('[data-test=toast]').innerText(), /Client letter is now the default template/);
    assert.equal(await row.locator('.badge').innerText(), 'Default');
    await row.locator('[data-test=delete-template]').click();
    await page.locator('[data-test=confirm-yes]').click();
    await page.waitForURL(/done=deleted/);
    assert.equal(await rows(page), before);
    // the refused draft's page is answered 422, which the console reports; nothing else
    const unexpected = pageProblems(page).filter((p) => !/status of 422/.test(p));
    assert.deepEqual(unexpected, [], 'no console errors or exceptions');
  }),
);

test('templates work with JavaScript off; a viewer is refused', options, (t) =>
  withPage(
    browser,
    t,
    async (page) => {
      await login(page, AGENCY, { javaScript: false });
      await expectSignedIn(page);
      await page.goto('/account/report-templates/new');
      await page.locator('[data-test=t-name]').fill('No script');
      await page.locator('[data-test=t-html]').fill('<h1>{{client}}</h1>\n{{> footer}}');
      await page.locator('[data-test=template-save]').click();
      await page.waitForURL(/draft=/);
      assert.match(await page.locator('[data-field=template_html] [data-test=field-error]').innerText(), /^line 2: partials/);
      await page.locator('[data-test=t-html]').fill('<h1>{{client}}</h1>');
      await page.locator('[data-test=template-save]').click();
      await page.waitForURL(/done=saved/);
      const frame = page.frameLocator('[data-test=template-frame]');
      assert.equal(await frame.locator('h1').innerText(), 'Sample Client');
      await page.goto('/account/report-templates');
      const row = page.locator('[data-test=template-row]').filter({ hasText: 'No script' });
      await row.locator('[data-test=delete-template]').click();
      await page.locator('[data-test=confirm-yes]').click();
      await page.waitForURL(/done=deleted/);
      await page.locator('[data-test=logout]').click();
      await login(page, 'analyst@northstar-digital.example', { javaScript: false });
      await expectSignedIn(page);
      assert.equal(await page.locator('[data-test=nav-templates]').count(), 0);
      const r = await page.goto('/account/report-templates');
      assert.equal(r.status(), 403);
    },
    { javaScriptEnabled: false },
  ),
);
