// Shared helpers for the end-to-end specs: Debian's Chromium, a fresh browser context per test, the demo logins.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
/** 1 when the browser bundle was built, so pages must hydrate (set by scripts/e2e.sh). */
export const EXPECT_HYDRATION = process.env.EXPECT_HYDRATION === '1';

export const PASSWORD = 'igny8-demo';
/** Alorig staff: sees the Managed Services dashboard. */
export const STAFF = 'admin@alorig.example';
/** Owner of an account with a managed subscription. */
export const CLIENT = 'owner@brightsmile-dental.example';
/** Owner of an account without a managed subscription. */
export const NO_SUBSCRIPTION = 'owner@fresh-start.example';

/** Generous per-test limit for node:test; single Playwright actions wait at most ACTION_TIMEOUT_MS. */
export const TEST_TIMEOUT_MS = 90_000;
const ACTION_TIMEOUT_MS = 20_000;

/** Chromium; `args` adds command-line switches (say, host-resolver rules). */
export function launch(args = []) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      ...args,
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

// Uncaught page exceptions and console errors per page (a wasm panic shows up here).
const problems = new WeakMap();

/** What went wrong inside the page so far: uncaught exceptions and console errors. */
export function pageProblems(page) {
  return problems.get(page) ?? [];
}

/**
 * Runs `fn(page)` in a fresh browser context (its own cookies) and closes the context afterwards.
 * On failure it reports the page's URL, its errors and, with E2E_ARTIFACTS_DIR set, a screenshot.
 */
export async function withPage(browser, t, fn, contextOptions = {}) {
  const context = await browser.newContext({ baseURL: BASE_URL, ...contextOptions });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  const seen = [];
  problems.set(page, seen);
  page.on('pageerror', (error) => seen.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') seen.push(`console.error: ${message.text()}`);
  });
  try {
    await fn(page);
  } catch (error) {
    t.diagnostic(`failed at ${page.url()}`);
    for (const problem of seen) t.diagnostic(problem);
    await screenshot(page, t.name);
    throw error;
  } finally {
    await context.close();
  }
}

async function screenshot(page, name) {
  const dir = process.env.E2E_ARTIFACTS_DIR;
  if (!dir) return;
  try {
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.error(`screenshot: ${file}`);
  } catch {
    // A screenshot is only a debugging aid; never hide the real failure.
  }
}

/** When the bundle exists, waits until the wasm entry has hydrated the page (it sets body[data-hydrated=true]). */
export async function waitForHydration(page) {
  if (!EXPECT_HYDRATION) return;
  try {
    await page.locator('body[data-hydrated=true]').waitFor({ state: 'attached' });
  } catch (error) {
    const seen = pageProblems(page);
    throw new Error(
      `${page.url()} did not hydrate (no body[data-hydrated=true])` +
        (seen.length ? `; page errors:\n  ${seen.join('\n  ')}` : ''),
      { cause: error },
    );
  }
}

/** Fills and submits the login form. Pass `javaScript: false` for a context with JavaScript disabled. */
export async function login(page, email, { password = PASSWORD, javaScript = true } = {}) {
  await page.goto('/login');
  if (javaScript) await waitForHydration(page);
  const form = page.locator('form[data-test=login-form]');
  await form.locator('input[name=email]').fill(email);
  await form.locator('input[name=password]').fill(password);
  await form.locator('button[type=submit]').click();
}

/** Waits until the browser has left /login (for `pathname`, reached exactly that path) and shows the shell. */
export async function expectSignedIn(page, pathname) {
  await page.waitForURL((url) => (pathname ? url.pathname === pathname : url.pathname !== '/login'));
  await page.locator('nav[data-test=sidebar]').waitFor();
}

/** Waits until the browser is on /login (after a redirect or a logout). */
export async function expectOnLogin(page) {
  await page.waitForURL((url) => url.pathname === '/login');
  await page.locator('form[data-test=login-form]').waitFor();
}

/** The element's visible text with whitespace collapsed. */
export async function textOf(locator) {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/**
 * Saves a full-page screenshot for review (not compared pixel by pixel) in E2E_SCREENSHOTS_DIR
 * (scripts/e2e.sh: target/e2e-screenshots).
 */
export async function snap(page, name) {
  const dir = process.env.E2E_SCREENSHOTS_DIR;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/**
 * The accessibility violations of the page that axe-core rates serious or critical. Frames axe
 * cannot enter — a PDF (`iframe[data-pdf]`: the browser's viewer) and a sandbox without scripts
 * (`iframe[sandbox]`: a report's web version) — are replaced by their titles first; axe would
 * wait for them forever.
 */
export async function seriousA11yViolations(page) {
  const { AxeBuilder } = await import('@axe-core/playwright');
  await page.evaluate(() =>
    document.querySelectorAll('iframe[data-pdf], iframe[sandbox]').forEach((f) => f.replaceWith(f.title)),
  );
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/** The text of `[data-test=name]`, whitespace collapsed. */
export async function testText(page, name) {
  return textOf(page.locator(`[data-test="${name}"]`).first());
}

export const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Drains the outbox as an operator would, with the server's own binary (scripts/e2e.sh says where). */
export function deliverOutbox() {
  const bin = process.env.E2E_SERVER_BIN;
  const dir = process.env.E2E_DATA_DIR;
  assert.ok(bin && dir, 'E2E_SERVER_BIN and E2E_DATA_DIR are set by scripts/e2e.sh');
  const r = spawnSync(bin, ['jobs', 'run', 'send_pending_reports'], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: `sqlite://${dir}/igny8.db`,
      IGNY8_OBJECT_STORE: `${dir}/objects`,
      IGNY8_OUTBOX_DIR: `${dir}/outbox`,
      IGNY8_LOG: 'warn',
    },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
}

/** The paths matching `pattern` in the emails to `to` in the file outbox. */
export async function emailedLinks(to, pattern) {
  const dir = path.join(process.env.E2E_DATA_DIR, 'outbox');
  const links = [];
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.eml')) continue;
    // undo quoted-printable soft line breaks before looking for the link
    const eml = (await readFile(path.join(dir, name), 'utf8')).replace(/=\r?\n/g, '');
    const match = eml.match(pattern);
    if (match && eml.includes(`To: ${to}`)) links.push(match[0]);
  }
  return links;
}
