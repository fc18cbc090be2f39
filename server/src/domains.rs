//! Agency domains: a branding's own host name (`reports.agency.example`) on which its clients
//! sign in, use the portal and open report links, in the agency's name and colours.
//!
//! A domain is registered with the branding (`custom_domain`, checked here), then verified: the
//! agency points it at this service (a CNAME), and the check fetches
//! `http://{domain}/.well-known/brand-domain-verification`, which this service answers on that
//! host with the branding's token — so the answer proves requests for the domain reach this
//! service. Only a verified domain of an active branding is served (`resolve` puts its brand on
//! the request) and gets a certificate (`ask`, Caddy's on-demand TLS permission check).
//! Any other host gets the platform's look.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use app::types::Actor;

use crate::db::models::branding::Branding;
use crate::error::{AppError, AppResult};
use crate::reports::brand::Rgb;
use crate::state::AppState;

/// Where the verification token is answered on an agency's domain.
pub const VERIFICATION_PATH: &str = "/.well-known/brand-domain-verification";

const FIELD: &str = "custom_domain";

/// Checks a domain as entered: one fully qualified host name (IDN as punycode), not an address,
/// a wildcard, a URL, or the platform's own host. `None` when empty.
pub fn parse(raw: &str, platform_host: &str) -> AppResult<Option<String>> {
    let bad = |why: String| AppError::invalid(FIELD, why);
    let d = raw.trim().trim_end_matches('.').to_lowercase();
    if d.is_empty() {
        return Ok(None);
    }
    if d.contains('*') {
        return Err(bad("must be one host name, not a wildcard".into()));
    }
    if d.contains("://") || d.contains(['/', '?', '#', '@', ' ']) {
        return Err(bad(
            "must be a host name only, without scheme, path or spaces (e.g. reports.agency.example)".into(),
        ));
    }
    let unbracketed = d.trim_start_matches('[').trim_end_matches(']');
    if unbracketed.parse::<IpAddr>().is_ok() || d.split('.').next_back().is_some_and(|tld| tld.parse::<u32>().is_ok()) {
        return Err(bad("must be a host name, not an IP address".into()));
    }
    if d.contains(':') {
        return Err(bad("must not carry a port".into()));
    }
    let host = match url::Host::parse(&d) {
        Ok(url::Host::Domain(h)) => h,
        Ok(_) => return Err(bad("must be a host name, not an IP address".into())),
        Err(e) => return Err(bad(format!("is not a host name ({e})"))),
    };
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if host.len() > 253 || labels.len() < 2 || !labels.iter().all(label_ok) {
        return Err(bad(
            "must be a fully qualified host name of letters, digits and hyphens (e.g. reports.agency.example)".into(),
        ));
    }
    let platform = platform_host.to_ascii_lowercase();
    if host == platform || host.ends_with(&format!(".{platform}")) || host == "localhost" {
        return Err(bad(format!(
            "{host} is this service's own host name; use a domain of the agency's"
        )));
    }
    Ok(Some(host))
}

/// Asks a domain for its verification token: through DNS on port 80, or at `IGNY8_DOMAIN_CHECK_ADDR`.
pub struct Checker {
    addr: Option<SocketAddr>,
    allow_private: bool,
    platform_host: String,
}

impl Checker {
    pub fn new(config: &crate::config::Config) -> Checker {
        Checker {
            addr: config.domain_check_addr,
            allow_private: config.logo_allow_private,
            platform_host: config.platform_host(),
        }
    }

    /// `Ok` when `http://{domain}/.well-known/brand-domain-verification` answers `token`; else
    /// an error on `custom_domain` saying what the domain answered.
    pub async fn check(&self, domain: &str, token: &str) -> AppResult<()> {
        let bad = |why: String| AppError::invalid(FIELD, why);
        let fix = format!(
            "point {domain} at this service (a CNAME record to {}) and try again",
            self.platform_host
        );
        let (addr, url) = match self.addr {
            Some(a) => (a, format!("http://{domain}:{}{VERIFICATION_PATH}", a.port())),
            None => {
                let found = tokio::net::lookup_host((domain, 80))
                    .await
                    .map_err(|_| bad(format!("{domain} does not resolve in DNS; {fix}")))?
                    .find(|a| self.allow_private || crate::reports::logo::is_public(a.ip()));
                let a = found.ok_or_else(|| bad(format!("{domain} resolves to no public address; {fix}")))?;
                (a, format!("http://{domain}{VERIFICATION_PATH}"))
            }
        };
        let client = reqwest::Client::builder()
            .resolve(domain, addr)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| AppError::internal(format!("domain check client: {e}")))?;
        let response = client
            .get(&url)
            .send()
            .await
            .map_err(|_| bad(format!("{url} could not be reached; {fix}")))?;
        if !response.status().is_success() {
            return Err(bad(format!(
                "{url} answered HTTP {}; {fix}",
                response.status().as_u16()
            )));
        }
        let body = response.bytes().await.unwrap_or_default();
        if body.len() > 256 || String::from_utf8_lossy(&body).trim() != token {
            return Err(bad(format!(
                "{url} answered another token: the domain points at another server; {fix}"
            )));
        }
        Ok(())
    }
}

/// Where links for a branding's clients start (share links, emails): its verified domain, on the
/// public URL's scheme and port, else the public URL.
pub fn link_base(config: &crate::config::Config, branding: Option<&Branding>) -> url::Url {
    let mut base = config.public_url.clone();
    if let Some(domain) = branding
        .filter(|b| b.serves_domain())
        .and_then(|b| b.custom_domain.as_deref())
        && base.set_host(Some(domain)).is_err()
    {
        return config.public_url.clone();
    }
    base
}

/// `link_base` for a report's branding (none when the report is not white-label).
pub async fn report_link_base(
    state: &AppState,
    conn: &mut crate::db::DbConn<'_>,
    branding_id: Option<i64>,
) -> AppResult<url::Url> {
    let branding = match branding_id {
        Some(id) => Some(Branding::find(conn, id).await?),
        None => None,
    };
    Ok(link_base(&state.config, branding.as_ref()))
}

/// On an agency's domain (`branding`), a report is "not found" unless it is white-label under
/// that branding.
pub async fn report_on_brand(conn: &mut crate::db::DbConn<'_>, branding: Option<i64>, report_id: i64) -> AppResult<()> {
    let Some(branding) = branding else { return Ok(()) };
    let r = crate::db::models::report::ServiceReport::find(conn, report_id).await?;
    if r.is_white_label && r.branding_id == Some(branding) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The sites an agency's domain serves: those whose subscription's report settings name its branding.
pub async fn served_sites(conn: &mut crate::db::DbConn<'_>, brand: &BrandHost) -> AppResult<Vec<i64>> {
    Ok(
        crate::db::models::subscription::Subscription::of_account(conn, brand.account_id)
            .await?
            .into_iter()
            .filter(|s| {
                crate::reports::settings::parse(&s.config).is_ok_and(|c| c.branding_id == Some(brand.branding_id))
            })
            .map(|s| s.site_id)
            .collect(),
    )
}

/// Who a request on an agency's domain acts as: only users of the account the branding serves,
/// and only for the sites it serves (within their own site restriction).
pub async fn scope_actor(state: &AppState, brand: &BrandHost, actor: Option<Actor>) -> AppResult<Option<Actor>> {
    let Some(mut a) = actor.filter(|a| a.account_id == brand.account_id) else {
        return Ok(None);
    };
    let mut pooled = state.conn().await?;
    let served = served_sites(&mut pooled.conn(), brand).await?;
    a.site_ids = Some(match a.site_ids {
        Some(own) => own.into_iter().filter(|id| served.contains(id)).collect(),
        None => served,
    });
    Ok(Some(a))
}

/// The brand of a request made on a verified agency domain (in the request's extensions).
#[derive(Clone, Debug)]
pub struct BrandHost {
    pub branding_id: i64,
    /// The account the branding serves: only its users sign in on the domain.
    pub account_id: i64,
    pub domain: String,
    pub look: app::types::HostLook,
    /// The brand as reports draw it (the portal's charts use its colours).
    pub brand: crate::reports::brand::Brand,
    logo_url: String,
}

impl BrandHost {
    fn of(b: &Branding) -> Option<BrandHost> {
        let domain = b.custom_domain.clone().filter(|_| b.serves_domain())?;
        let brand = crate::reports::brand::Brand::agency(
            &b.brand_name,
            &b.primary_color,
            &b.secondary_color,
            &b.contact_email,
            &b.contact_phone,
            &b.website_url,
            &b.footer_text,
        )
        .ok()?;
        Some(BrandHost {
            brand,
            branding_id: b.id,
            account_id: b.account_id,
            domain,
            look: app::types::HostLook {
                name: b.brand_name.clone(),
                has_logo: !b.brand_logo_url.is_empty(),
            },
            logo_url: b.brand_logo_url.clone(),
        })
    }
}

/// The request's host name, lower-case, without the port.
pub fn request_host(headers: &HeaderMap) -> Option<String> {
    let raw = headers.get(header::HOST)?.to_str().ok()?;
    let host = match raw.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !h.ends_with(':') => h,
        _ => raw,
    };
    Some(host.trim_end_matches('.').to_ascii_lowercase())
}

/// Whether a host is the platform's own: its public URL's host, an address, or `localhost`.
fn is_platform(state: &AppState, host: &str) -> bool {
    host == state.config.platform_host()
        || host == "localhost"
        || host.starts_with('[')
        || host.parse::<IpAddr>().is_ok()
}

/// The branding a host serves: a verified domain of an active branding.
pub async fn brand_of(state: &AppState, host: &str) -> AppResult<Option<BrandHost>> {
    if is_platform(state, host) {
        return Ok(None);
    }
    let mut pooled = state.conn().await?;
    Ok(Branding::by_domain(&mut pooled.conn(), host)
        .await?
        .as_ref()
        .and_then(BrandHost::of))
}

/// What the request's host is (in the request's extensions): an agency's domain (its brand),
/// the platform's own host, or neither (an unknown name pointed here).
#[derive(Clone, Debug)]
pub struct Host {
    pub brand: Option<Arc<BrandHost>>,
    pub platform: bool,
}

/// Puts what the request's host is on the request.
pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let host = match request_host(req.headers()) {
        None => Host {
            brand: None,
            platform: true,
        },
        Some(name) => match brand_of(&state, &name).await {
            Ok(brand) => Host {
                platform: brand.is_none() && is_platform(&state, &name),
                brand: brand.map(Arc::new),
            },
            Err(e) => return e.into_response(),
        },
    };
    req.extensions_mut().insert(host);
    next.run(req).await
}

/// The brand of a request, when it came on an agency's domain.
pub fn brand_host(extensions: &axum::http::Extensions) -> Option<&BrandHost> {
    extensions.get::<Host>().and_then(|h| h.brand.as_deref())
}

/// The verification answer, the TLS permission check, and the brand's stylesheet, logo and icon.
pub fn routes(state: AppState) -> Router {
    Router::new()
        .route(VERIFICATION_PATH, get(verification))
        .route("/tls/ask", get(ask))
        .route("/brand/style.css", get(stylesheet))
        .route("/brand/logo.png", get(logo))
        .route("/brand/icon.svg", get(icon))
        .with_state(state)
}

/// `GET /.well-known/brand-domain-verification` on a registered domain: its branding's token.
async fn verification(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    let host = request_host(&headers).ok_or(AppError::NotFound)?;
    let mut pooled = state.conn().await?;
    let token = Branding::by_domain(&mut pooled.conn(), &host)
        .await?
        .and_then(|b| b.domain_token)
        .ok_or(AppError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], token).into_response())
}

#[derive(serde::Deserialize)]
struct Ask {
    domain: String,
}

/// `GET /tls/ask?domain=…`: 200 when a certificate may be obtained for the domain (the
/// platform's own host, or a verified domain of an active branding), else 404. Caddy's
/// on-demand TLS asks before every new certificate.
async fn ask(State(state): State<AppState>, Query(q): Query<Ask>) -> AppResult<StatusCode> {
    let host = q.domain.trim().trim_end_matches('.').to_ascii_lowercase();
    if host == state.config.platform_host() || brand_of(&state, &host).await?.is_some() {
        Ok(StatusCode::OK)
    } else {
        Err(AppError::NotFound)
    }
}

/// The brand's colour over the design system's: links, buttons and the current page's mark in
/// the light theme when it has AA contrast on the page; the sidebar in (a dark shade of) it.
async fn stylesheet(req: Request) -> AppResult<Response> {
    let brand = brand_host(req.extensions()).ok_or(AppError::NotFound)?;
    let p = brand.brand.primary;
    let white = Rgb(0xff, 0xff, 0xff);
    let page = Rgb(0xf5, 0xf6, 0xfa);
    let mut css = String::new();
    if p.contrast(white) >= 4.5 && p.contrast(page) >= 4.5 {
        let hex = p.hex();
        css.push_str(&format!(
            ":root {{ --brand: light-dark({hex}, #a9a4ff); --brand-soft: light-dark(color-mix(in srgb, {hex} 10%, white), #262450); }}\n"
        ));
    }
    // the sidebar in the brand's colour, darkened until its text (#d7dbe3) has 7:1; its muted
    // text lightened until it has AA
    let text = Rgb(0xd7, 0xdb, 0xe3);
    let mut shade = p;
    while shade.contrast(text) < 7.0 {
        shade = Rgb(shade.0 * 4 / 5, shade.1 * 4 / 5, shade.2 * 4 / 5);
    }
    let mut muted = Rgb(0xa3, 0xaa, 0xb8);
    while shade.contrast(muted) < 4.6 {
        let up = |c: u8| c + (255 - c).div_ceil(5);
        muted = Rgb(up(muted.0), up(muted.1), up(muted.2));
    }
    css.push_str(&format!(
        ":root {{ --sidebar: light-dark({}, #0a0d13); --sidebar-muted: light-dark({}, #a3aab8); }}\n",
        shade.hex(),
        muted.hex()
    ));
    Ok(brand_file("text/css; charset=utf-8", css.into_bytes()))
}

/// The brand's logo on a light background (PNG), fetched behind the logo guard and cached.
async fn logo(State(state): State<AppState>, req: Request) -> AppResult<Response> {
    let brand = brand_host(req.extensions()).ok_or(AppError::NotFound)?;
    if brand.logo_url.is_empty() {
        return Err(AppError::NotFound);
    }
    let logo = state.logos.get(&brand.logo_url).await.map_err(|_| AppError::NotFound)?;
    Ok(brand_file("image/png", logo.light.png.clone()))
}

/// The brand's icon: its initial on its colour.
async fn icon(req: Request) -> AppResult<Response> {
    let brand = brand_host(req.extensions()).ok_or(AppError::NotFound)?;
    let initial: String = brand
        .look
        .name
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="{}"/><text x="16" y="22" font-family="sans-serif" font-size="18" font-weight="700" fill="#fff" text-anchor="middle">{}</text></svg>"##,
        brand.brand.primary.hex(),
        initial // a letter or digit: nothing to escape
    );
    Ok(brand_file("image/svg+xml", svg.into_bytes()))
}

/// A file of the request's brand: cached briefly (a branding may change), never shared across hosts.
fn brand_file(content_type: &'static str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=300"),
            (header::VARY, "host"),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_as_entered() {
        let ok = |raw: &str| parse(raw, "services.example.com").unwrap();
        assert_eq!(ok(" Reports.Agency.Example. "), Some("reports.agency.example".into()));
        assert_eq!(ok(""), None);
        assert_eq!(ok("bücher.example"), Some("xn--bcher-kva.example".into()));
        for (raw, why) in [
            ("203.0.113.7", "IP address"),
            ("[2001:db8::1]", "IP address"),
            ("2001:db8::1", "IP address"),
            ("*.agency.example", "wildcard"),
            ("https://reports.agency.example", "without scheme"),
            ("reports.agency.example/portal", "without scheme"),
            ("reports.agency.example:8443", "port"),
            ("localhost", "fully qualified"),
            ("-bad.example", "fully qualified"),
            ("services.example.com", "own host"),
            ("eu.services.example.com", "own host"),
        ] {
            let e = parse(raw, "services.example.com").unwrap_err().to_api();
            assert_eq!(e.field.as_deref(), Some(FIELD), "{raw}");
            assert!(e.message.contains(why), "{raw}: {}", e.message);
        }
    }

    #[test]
    fn host_header() {
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::HOST, v.parse().unwrap());
            request_host(&m)
        };
        assert_eq!(
            h("Reports.Agency.Example:8443").as_deref(),
            Some("reports.agency.example")
        );
        assert_eq!(h("reports.agency.example").as_deref(), Some("reports.agency.example"));
        assert_eq!(h("[::1]:3000").as_deref(), Some("[::1]"));
    }
}
