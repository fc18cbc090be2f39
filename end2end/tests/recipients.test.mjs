// Report recipients in Chromium against the real server: staff's list on the client page (bad
// input refused beside the field with nothing written, good input saved and equal to the API's),
// an address a client's owner adds waits for confirmation, and the link emailed to it (delivered
// by the server's own `jobs run send_pending_reports` into the file outbox) opens a page that
// works with JavaScript off, confirms, and says so; a dead link says that. Accessibility scans
// and screenshots of both pages.
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
  seriousA11yViolations,
  snap,
  textOf,
  withPage,
  deliverOutbox,
  emailedLinks,
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
const OUTSIDER = 'e2e.boss@outside.example';

async function graphql(page, query) {
  const r = await page.request.post(`${BASE_URL}/graphql`, { ...write, data: { query } });
  const body = await r.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

const recipientsOf = async (page, sub) =>
  (await graphql(page, `{ reportRecipients(subscriptionId: "${sub}") { confirmed pending { email } } }`)).reportRecipients;

/** The client's own subscription (the first of its sites). */
async function clientSubscription(page) {
  const data = await graphql(page, '{ subscriptions { items { id siteName } } }');
  return Number(data.subscriptions.items[0].id);
}

/** The path of the confirmation link last emailed to `to`, from the file outbox. */
async function confirmationLink(to) {
  const links = await emailedLinks(to, /\/recipients\/confirm\/[A-Za-z0-9_-]+/);
  assert.equal(links.length, 1, `one confirmation email to ${to}: ${links}`);
  return links[0];
}

test('staff set the recipients on the client page; bad addresses are refused beside the field', options, (t) =>
  withPage(browser, t, async (page) => {
    await login(page, STAFF);
    await expectSignedIn(page, '/');
    const sub = (await graphql(page, '{ subscriptions { items { id siteName } } }')).subscriptions.items.find((s) =>
      s.siteName.startsWith('BrightSmile'),
    );
    assert.ok(sub, 'a BrightSmile subscription');
    const before = await recipientsOf(page, sub.id);
    await page.goto(`/services/clients/${sub.id}?tab=config`);
    await page.locator('#recipients').fill('billing@brightsmile.example\nnot an address');
    await page.locator('[data-test=recipients-form] button[type=submit]').click();
    await page.waitForURL(/field=recipients/);
    assert.match(await textOf(page.locator('[data-test=recipients-panel] [data-test=field-error]')), /not an address/);
    assert.equal(await page.locator('#recipients').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#recipients').inputValue(), 'billing@brightsmile.example\nnot an address', 'kept');
    assert.deepEqual(await recipientsOf(page, sub.id), before, 'nothing written');
    await snap(page, 'client-recipients-error');

    await page.locator('#recipients').fill('Billing@BrightSmile.example\nowner@brightsmile-dental.example');
    await page.locator('[data-test=recipients-form] button[type=submit]').click();
    await page.waitForURL(/done=recipients/);
    const saved = await recipientsOf(page, sub.id);
    assert.deepEqual(saved.confirmed, ['billing@brightsmile.example', 'owner@brightsmile-dental.example']);
    assert.equal(await page.locator('#recipients').inputValue(), saved.confirmed.join('\n'));
    assert.match(await textOf(page.locator('[data-test=config-audit]')), /changed report recipients/);
  }),
);

test('an address a client adds gets reports only after it confirms through the emailed link', options, async (t) => {
  let sub;
  await withPage(browser, t, async (page) => {
    await login(page, CLIENT);
    await expectSignedIn(page);
    sub = await clientSubscription(page);
    const data = await graphql(
      page,
      `mutation { setReportRecipients(subscriptionId: "${sub}", recipients: ["${CLIENT}", "${OUTSIDER}"]) { confirmed pending { email } } }`,
    );
    assert.deepEqual(data.setReportRecipients.pending, [{ email: OUTSIDER }]);
    assert.ok(!data.setReportRecipients.confirmed.includes(OUTSIDER));
  });
  await withPage(browser, t, async (page) => {
    await login(page, STAFF);
    await expectSignedIn(page, '/');
    await page.goto(`/services/clients/${sub}?tab=config`);
    assert.match(await textOf(page.locator('[data-test=pending-recipients]')), new RegExp(OUTSIDER.replace(/\./g, '\\.')));
  });

  deliverOutbox();
  const link = await confirmationLink(OUTSIDER);
  // the recipient has no account; the page passes the accessibility scan...
  await withPage(browser, t, async (page) => {
    const response = await page.goto(link);
    assert.equal(response.status(), 200);
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'recipient-confirm');
    const gone = await page.goto('/recipients/confirm/not-a-real-token');
    assert.equal(gone.status(), 404);
    assert.match(await textOf(page.locator('[data-test=link-gone]')), /no longer works/);
    assert.deepEqual(await seriousA11yViolations(page), []);
  });
  // ...and confirms with JavaScript off
  await withPage(
    browser,
    t,
    async (page) => {
      await page.goto(link);
      const request = await textOf(page.locator('[data-test=recipient-request]'));
      assert.match(request, /BrightSmile/);
      assert.ok(request.includes(OUTSIDER), request);
      await page.locator('[data-test=confirm-form] button[type=submit]').click();
      await page.locator('[data-test=confirmed]').waitFor();
      assert.equal(new URL(page.url()).pathname, link);
      await snap(page, 'recipient-confirmed');
    },
    { javaScriptEnabled: false },
  );
  await withPage(browser, t, async (page) => {
    await login(page, CLIENT);
    await expectSignedIn(page);
    const after = await recipientsOf(page, sub);
    assert.ok(after.confirmed.includes(OUTSIDER), JSON.stringify(after));
    assert.deepEqual(after.pending, []);
  });
});
