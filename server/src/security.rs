//! Security headers on every answer. Pages get a Content-Security-Policy whose script source is a
//! nonce made for that response (the hydration loader and Leptos' inline data scripts carry it),
//! so no injected markup can run script; everything else gets `default-src 'none'`. An answer
//! that sets its own policy (a sandboxed report preview, GraphiQL) keeps it.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use rand::RngCore;

use crate::config::Config;
use crate::error::AppError;

/// The nonce of this response's page policy, kept in the request's extensions for the renderer.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

impl CspNonce {
    fn new() -> CspNonce {
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        CspNonce(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }
}

/// What does not change per request.
#[derive(Clone)]
pub struct Headers {
    hsts: bool,
}

impl Headers {
    pub fn new(config: &Config) -> Headers {
        Headers {
            hsts: config.public_url.scheme() == "https",
        }
    }
}

/// The policy of the application's own pages: scripts only with this response's nonce (and what
/// they load: the wasm bundle), styles and images from this origin (charts are inline SVG), forms
/// and fetches to this origin, frames only of this origin (sandboxed report previews), and no
/// framing of the page itself.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         frame-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
    )
}

/// What any answer that is not a page may do: nothing.
pub const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// How report HTML made from templates is served (previews, web versions): in a sandbox with no
/// script, no network, inline styles and `data:` images only; framed only by this site's pages.
pub const TEMPLATE_OUTPUT_POLICY: &str =
    "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

/// A previewed PDF: nothing but the file, framed only by this site's pages (the generator shows
/// its pages in a frame).
pub const PDF_PREVIEW_POLICY: &str = "default-src 'none'; frame-ancestors 'self'; base-uri 'none'";

pub async fn headers(State(config): State<Headers>, mut req: Request, next: Next) -> Response {
    let nonce = CspNonce::new();
    req.extensions_mut().insert(nonce.clone());
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        let is_html = h
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("text/html"));
        let policy = if is_html {
            page_policy(&nonce.0)
        } else {
            API_POLICY.to_owned()
        };
        if let Ok(v) = HeaderValue::from_str(&policy) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if config.hsts {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

/// Cross-site request forgery: a write a browser makes with the session cookie (and any call of
/// a server function, sign-in included) must come from this site's own pages — the browser's
/// `Sec-Fetch-Site: same-origin`, or an `Origin` whose host is the request's host. Reads,
/// bearer-token calls and cookie-less API calls are not affected.
pub fn check_same_origin(
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    secure_cookies: bool,
) -> Result<(), AppError> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) || headers.contains_key(header::AUTHORIZATION) {
        return Ok(());
    }
    let with_cookie = crate::auth::session::cookie_value(headers, secure_cookies).is_some();
    if !with_cookie && !path.starts_with("/api/ui/") {
        return Ok(());
    }
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if text("sec-fetch-site") == Some("same-origin") {
        return Ok(());
    }
    let same_host = text("origin")
        .and_then(|o| url::Url::parse(o).ok())
        .zip(text("host"))
        .is_some_and(|(origin, host)| {
            let authority = match origin.port() {
                Some(p) => format!("{}:{p}", origin.host_str().unwrap_or("")),
                None => origin.host_str().unwrap_or("").to_owned(),
            };
            authority.eq_ignore_ascii_case(host)
        });
    if same_host {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "cross-site request refused: changes made with the session cookie must come from this site's pages",
        ))
    }
}

/// The media type of a request body (`application/json` of `application/json; charset=utf-8`).
pub fn media_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|ct| ct.split(';').next())
        .map(|t| t.trim().to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn cookie_writes_must_come_from_this_site() {
        let post = Method::POST;
        let cookie = ("cookie", "session=abc");
        let host = ("host", "reports.example:3000");
        let ok = |h: &[(&'static str, &str)], path| check_same_origin(&post, path, &headers(h), false).is_ok();
        assert!(ok(
            &[cookie, host, ("origin", "http://reports.example:3000")],
            "/graphql"
        ));
        assert!(ok(&[cookie, host, ("sec-fetch-site", "same-origin")], "/graphql"));
        assert!(!ok(&[cookie, host, ("origin", "https://evil.example")], "/graphql"));
        assert!(!ok(&[cookie, host, ("origin", "null")], "/graphql"));
        assert!(!ok(&[cookie, host, ("sec-fetch-site", "cross-site")], "/graphql"));
        assert!(!ok(&[cookie, host], "/api/v1/services/branding/"), "no Origin at all");
        // server functions (the sign-in form) even without a session
        assert!(!ok(&[host, ("origin", "https://evil.example")], "/api/ui/login"));
        assert!(ok(&[host, ("origin", "http://reports.example:3000")], "/api/ui/login"));
        // bearer tokens, cookie-less API calls and reads are not affected
        assert!(ok(&[cookie, host, ("authorization", "Bearer igny8_x")], "/graphql"));
        assert!(ok(&[host], "/graphql"));
        assert!(check_same_origin(&Method::GET, "/services", &headers(&[cookie, host]), false).is_ok());
    }
}
