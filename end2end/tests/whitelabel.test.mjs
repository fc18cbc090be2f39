// An agency's white-label portal through a real Caddy (Debian's package) in front of the server,
// configured by docs/Caddyfile: on-demand TLS from Caddy's internal CA for the demo's verified
// domain (reports.northstar.example) only, after the server's `ask` answered 200; none for a name
// nobody registered. In Chromium on that domain: the sign-in page, the portal's pages, a
// white-label report (page, web version, PDF) and the 404 page carry the agency's brand, and
// nothing in their HTML, headers, cookies' names, URLs or assets names IGNY8 or Alorig; only the
// agency's users sign in and its client sees only their site. Accessibility scans, screenshots.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
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
  testText,
  withPage,
} from './support.mjs';

const DOMAIN = 'reports.northstar.example';
const AGENCY = 'admin@northstar-digital.example';
const AGENCY_CLIENT = 'owner@lakesidebakery.example';
const PLATFORM = /igny8|alorig/i;
const options = { timeout: TEST_TIMEOUT_MS };

let browser;
let caddy;
let dir;
let httpPort;
let httpsPort;
let brandBase;
let caddyLog = '';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A TLS handshake with Caddy for `servername`: the peer certificate, or the error. */
function handshake(servername, ca) {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port: httpsPort, servername, ca, rejectUnauthorized: Boolean(ca) });
    socket.setTimeout(15_000, () => socket.destroy(new Error('timeout')));
    socket.once('secureConnect', () => {
      resolve({ cert: socket.getPeerCertificate(), authorized: socket.authorized });
      socket.end();
    });
    socket.once('error', (error) => resolve({ error }));
  });
}

/**
 * A request to Caddy for the agency's domain from Node (which does not follow Chromium's host
 * rules): over HTTP, or over HTTPS with the domain as the TLS server name.
 */
function viaCaddy(pathname, { secure = true, headers = {} } = {}) {
  const mod = secure ? https : http;
  const port = secure ? httpsPort : httpPort;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        servername: DOMAIN,
        rejectUnauthorized: false,
        headers: { host: secure ? `${DOMAIN}:${port}` : DOMAIN, ...headers },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'igny8-caddy-'));
  [httpPort, httpsPort] = [await freePort(), await freePort()];
  const upstream = new URL(BASE_URL).host;
  caddy = spawn('caddy', ['run', '--config', path.resolve('docs/Caddyfile'), '--adapter', 'caddyfile'], {
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      XDG_DATA_HOME: dir,
      XDG_CONFIG_HOME: dir,
      IGNY8_UPSTREAM: upstream,
      CADDY_GLOBAL_EXTRA: [
        'local_certs',
        'skip_install_trust',
        'admin off',
        `http_port ${httpPort}`,
        `https_port ${httpsPort}`,
        `storage file_system ${dir}/store`,
      ].join('\n'),
    },
  });
  caddy.stdout.on('data', (d) => (caddyLog += d));
  caddy.stderr.on('data', (d) => (caddyLog += d));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const open = await new Promise((resolve) => {
      const s = net.connect(httpsPort, '127.0.0.1', () => (s.end(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (open) break;
    if (Date.now() > deadline || caddy.exitCode !== null) throw new Error(`caddy did not start:\n${caddyLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  brandBase = `https://${DOMAIN}:${httpsPort}`;
  browser = await launch([`--host-resolver-rules=MAP ${DOMAIN} 127.0.0.1, MAP unknown.example 127.0.0.1`]);
});

after(async () => {
  await browser?.close();
  caddy?.kill('SIGTERM');
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A browser context on the agency's domain through Caddy (its CA is not in Chromium's store). */
function onDomain(t, fn, extra = {}) {
  return withPage(browser, t, fn, { baseURL: brandBase, ignoreHTTPSErrors: true, ...extra });
}

/** Every response the page receives: its URL, headers and (text) body, for the scan. */
function record(page) {
  const seen = [];
  page.on('response', (r) => {
    seen.push(
      (async () => {
        const headers = await r.allHeaders();
        let body = '';
        const type = headers['content-type'] ?? '';
        if (/text|svg|css|javascript|json|pdf/.test(type) && r.status() !== 304) {
          body = await r.body().then((b) => b.toString('latin1')).catch(() => '');
        }
        return { url: r.url(), headers, body };
      })(),
    );
  });
  return async () => Promise.all(seen);
}

function assertNothingOfThePlatform(responses) {
  assert.ok(responses.length > 0);
  for (const { url, headers, body } of responses) {
    assert.doesNotMatch(url, PLATFORM, url);
    for (const [name, value] of Object.entries(headers)) assert.doesNotMatch(`${name}: ${value}`, PLATFORM, `${url}: ${name}`);
    const at = body.search(PLATFORM);
    assert.equal(at, -1, `${url} mentions the platform: …${body.slice(Math.max(0, at - 80), at + 40)}…`);
  }
}

test('Caddy obtains a certificate for the verified domain only, and answers its token over HTTP', options, async () => {
  const first = await handshake(DOMAIN);
  assert.equal(first.error, undefined, `${first.error}\n${caddyLog}`);
  const ca = await readFile(path.join(dir, 'store/pki/authorities/local/root.crt'));
  const verified = await handshake(DOMAIN, ca);
  assert.equal(verified.authorized, true, String(verified.error));
  assert.match(verified.cert.subjectaltname, new RegExp(`DNS:${DOMAIN.replace(/\./g, '\\.')}`));
  const refused = await handshake('unknown.example');
  assert.ok(refused.error, 'no certificate for a name nobody registered');

  const token = await viaCaddy('/.well-known/brand-domain-verification', { secure: false });
  assert.equal(token.status, 200);
  assert.equal(token.body.toString(), `demo-${DOMAIN}`);
  const plain = await viaCaddy('/login', { secure: false });
  assert.equal(plain.status, 308);
  assert.equal(plain.headers.location, `https://${DOMAIN}/login`);
});

test('the white-label portal, a report and the 404 page carry nothing of the platform (JavaScript off)', options, async (t) => {
  // a white-label report of the agency's client's site, made on the platform's host
  let report;
  await withPage(browser, t, async (page) => {
    await login(page, AGENCY);
    await expectSignedIn(page);
    const post = async (query) => {
      const r = await page.request.post(`${BASE_URL}/graphql`, { headers: { origin: BASE_URL }, data: { query } });
      const body = await r.json();
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      return body.data;
    };
    const { sites } = await post('{ sites { id domain } }');
    const bakery = sites.find((s) => s.domain === 'lakesidebakery.com');
    const { brandings } = await post('{ brandings { id brandName } }');
    const northstar = brandings.find((b) => b.brandName === 'Northstar Digital');
    const { generateReport } = await post(
      `mutation { generateReport(input: {siteId: ${bakery.id}, period: "2026-10", brandingId: ${northstar.id}}) { id } }`,
    );
    report = Number(generateReport.id);
  });

  await onDomain(
    t,
    async (page) => {
      const responses = record(page);
      await page.goto('/login');
      assert.equal(await page.title(), 'Sign in · Northstar Digital');
      await snap(page, 'whitelabel-login');
      await login(page, AGENCY, { javaScript: false });
      await expectSignedIn(page, '/');
      assert.match(await page.locator('nav[data-test=sidebar] .brand').innerText(), /Northstar Digital/);
      for (const [url, shot] of [
        ['/managed-service', 'whitelabel-overview'],
        ['/managed-service/approvals', null],
        ['/managed-service/reports', 'whitelabel-reports'],
        [`/managed-service/reports/${report}`, 'whitelabel-report'],
      ]) {
        const r = await page.goto(url);
        assert.equal(r.status(), 200, url);
        assert.match(await page.title(), / · Northstar Digital$/, url);
        if (shot) await snap(page, shot);
      }
      // the report page frames the web version; the PDF downloads on the domain
      await page.locator('[data-test=report-frame]').waitFor();
      const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      const pdf = await viaCaddy(`/reports/${report}/pdf`, { headers: { cookie } });
      assert.equal(pdf.status, 200);
      const bytes = pdf.body.toString('latin1');
      assert.ok(bytes.startsWith('%PDF'));
      assert.doesNotMatch(bytes, PLATFORM, 'the PDF (its metadata) names the agency only');
      assert.doesNotMatch(JSON.stringify(pdf.headers), PLATFORM);

      const missing = await page.goto('/no-such-page');
      assert.equal(missing.status(), 404);
      await snap(page, 'whitelabel-404');
      const gone = await page.goto('/managed-service/reports/999999');
      assert.equal(gone.status(), 404);

      const cookies = await page.context().cookies();
      assert.ok(cookies.length > 0);
      for (const c of cookies) assert.doesNotMatch(c.name, PLATFORM, c.name);
      const all = await responses();
      assert.ok(all.some((r) => r.url.endsWith('/brand/style.css')), 'the brand stylesheet was loaded');
      assert.ok(all.some((r) => r.url.includes(`/reports/${report}/view`)), 'the web version was loaded');
      assert.ok(!all.some((r) => r.url.includes('/pkg/')), 'no browser bundle on the agency domain');
      assertNothingOfThePlatform(all);
    },
    { javaScriptEnabled: false },
  );
});

test("only the agency's users sign in there; its client sees only their site; accessibility scan clean", options, (t) =>
  onDomain(t, async (page) => {
    for (const outsider of [STAFF, CLIENT]) {
      await login(page, outsider, { javaScript: false });
      await page.waitForURL(/\/login\?error=/);
      assert.match(await testText(page, 'login-error'), /Invalid email or password/);
    }
    assert.deepEqual(await seriousA11yViolations(page), []);

    await login(page, AGENCY_CLIENT, { javaScript: false });
    await expectSignedIn(page, '/');
    await page.goto('/managed-service');
    const sites = await page.locator('[data-test=site-overview]').count();
    assert.equal(sites, 1);
    assert.match(await page.locator('[data-test=site-overview]').innerText(), /lakesidebakery\.com/);
    assert.deepEqual(await seriousA11yViolations(page), []);
    await snap(page, 'whitelabel-client-overview');
    await page.goto('/managed-service/reports');
    assert.deepEqual(await seriousA11yViolations(page), []);
    // a name nobody registered gets no certificate
    const stranger = await page.goto(`https://unknown.example:${httpsPort}/login`).catch((e) => e);
    assert.ok(stranger instanceof Error, 'no certificate, no page');
  }),
);
