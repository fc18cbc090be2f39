//! Static files. The stylesheet and `public/` are compiled into the binary (it serves them from any
//! working directory); the browser bundle is read from `IGNY8_SITE_ROOT/pkg`, where
//! `scripts/build-hydrate.sh` leaves it under content-hashed names with brotli and gzip copies
//! beside it. Every file is served under a name that carries its content's hash, with
//! `Cache-Control: immutable`, compressed as the browser accepts (precompressed, never per request).

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use app::PageAssets;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use sha2::{Digest, Sha256};

/// A file compiled in: (name under `/public` or `/style`, content type, bytes).
const EMBEDDED: &[(&str, &str, &[u8])] = &[
    (
        "style/main.css",
        "text/css; charset=utf-8",
        include_bytes!("../../style/main.css"),
    ),
    (
        "public/favicon.svg",
        "image/svg+xml",
        include_bytes!("../../public/favicon.svg"),
    ),
    (
        "public/igny8-logo.svg",
        "image/svg+xml",
        include_bytes!("../../public/igny8-logo.svg"),
    ),
    (
        "public/igny8-logo.png",
        "image/png",
        include_bytes!("../../public/igny8-logo.png"),
    ),
];

/// Cache for a year: the name changes whenever the content does.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Stable names (a bookmark, an email) are revalidated after an hour.
const SHORT: &str = "public, max-age=3600";

struct File {
    content_type: &'static str,
    raw: Bytes,
    br: Option<Bytes>,
    gzip: Option<Bytes>,
    immutable: bool,
}

/// The embedded files by every name they answer to (`style/main.css` and
/// `style/main.3f9a0c….css`), and the URLs the page shell links to.
pub struct Assets {
    files: HashMap<String, Arc<File>>,
    pub page: PageAssets,
}

fn short_hash(bytes: &[u8]) -> String {
    hex::encode(&Sha256::digest(bytes)[..8])
}

/// `name.ext` → `name.HASH.ext`
fn hashed_name(name: &str, hash: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    }
}

fn brotli(raw: &[u8]) -> Bytes {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(raw).expect("compressing into memory");
    }
    out.into()
}

fn gzip(raw: &[u8]) -> Bytes {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    w.write_all(raw).expect("compressing into memory");
    w.finish().expect("compressing into memory").into()
}

impl Assets {
    /// The embedded files (compressed once, here) and the bundle of `site_root/pkg`, if built.
    pub fn load(site_root: &Path) -> Assets {
        let mut files = HashMap::new();
        let mut url_of = HashMap::new();
        for (name, content_type, raw) in EMBEDDED {
            let compressible = !content_type.starts_with("image/png");
            let file = |immutable| {
                Arc::new(File {
                    content_type,
                    raw: Bytes::from_static(raw),
                    br: compressible.then(|| brotli(raw)),
                    gzip: compressible.then(|| gzip(raw)),
                    immutable,
                })
            };
            let hashed = hashed_name(name, &short_hash(raw));
            url_of.insert(*name, format!("/{hashed}"));
            files.insert(hashed, file(true));
            files.insert((*name).to_owned(), file(false));
        }
        Assets {
            files,
            page: PageAssets {
                stylesheet: url_of["style/main.css"].clone(),
                favicon: url_of["public/favicon.svg"].clone(),
                bundle: bundle(site_root),
            },
        }
    }
}

/// The hashed names of the browser bundle, from the manifest `build-hydrate.sh` writes
/// (`js: igny8.HASH.js` and `wasm: igny8_bg.HASH.wasm`), when both files are there.
fn bundle(site_root: &Path) -> Option<app::Bundle> {
    let pkg = site_root.join("pkg");
    let manifest = std::fs::read_to_string(pkg.join("manifest.txt")).ok()?;
    let entry = |key: &str| {
        manifest
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
            .map(str::trim)
            .filter(|name| !name.is_empty() && !name.contains(['/', '\\']) && pkg.join(name).is_file())
            .map(|name| format!("/pkg/{name}"))
    };
    Some(app::Bundle {
        js: entry("js")?,
        wasm: entry("wasm")?,
    })
}

/// The routes of the embedded files: `/style/…` and `/public/…`.
pub fn routes(assets: Arc<Assets>) -> axum::Router {
    use axum::routing::get;
    axum::Router::new()
        .route(
            "/style/{name}",
            get(
                |s: State<Arc<Assets>>, UrlPath(name): UrlPath<String>, h: HeaderMap| async move {
                    embedded(&s, &format!("style/{name}"), &h)
                },
            ),
        )
        .route(
            "/public/{name}",
            get(
                |s: State<Arc<Assets>>, UrlPath(name): UrlPath<String>, h: HeaderMap| async move {
                    embedded(&s, &format!("public/{name}"), &h)
                },
            ),
        )
        .with_state(assets)
}

fn embedded(assets: &Assets, name: &str, headers: &HeaderMap) -> Response {
    let Some(file) = assets.files.get(name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (encoding, body) = match accepted(headers) {
        Encoding::Br if file.br.is_some() => (Some("br"), file.br.clone()),
        Encoding::Br | Encoding::Gzip if file.gzip.is_some() => (Some("gzip"), file.gzip.clone()),
        _ => (None, None),
    };
    let mut response = body.unwrap_or_else(|| file.raw.clone()).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(file.content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if file.immutable { IMMUTABLE } else { SHORT }),
    );
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(e) = encoding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
    }
    response
}

/// Immutable caching for the bundle's hashed files (`/pkg/…`, served from disk with their
/// precompressed copies by `ServeDir`).
pub async fn pkg_cache_headers(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let hashed = req.uri().path().rsplit('/').next().is_some_and(|name| {
        name.split('.')
            .any(|part| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit()))
    });
    let mut response = next.run(req).await;
    if response.status().is_success() {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(if hashed { IMMUTABLE } else { SHORT }),
        );
    }
    response
}

enum Encoding {
    Br,
    Gzip,
    Identity,
}

/// The best encoding the client accepts (`q=0` refuses one).
fn accepted(headers: &HeaderMap) -> Encoding {
    let mut br = false;
    let mut gz = false;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        for part in value.to_str().unwrap_or("").split(',') {
            let mut it = part.split(';');
            let coding = it.next().unwrap_or("").trim();
            let refused = it.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            match coding {
                "br" => br = !refused,
                "gzip" => gz = !refused,
                _ => {}
            }
        }
    }
    if br {
        Encoding::Br
    } else if gz {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_carry_the_content_hash_before_the_extension() {
        assert_eq!(
            hashed_name("style/main.css", "0123456789abcdef"),
            "style/main.0123456789abcdef.css"
        );
        assert_eq!(short_hash(b"x").len(), 16);
    }

    #[test]
    fn every_embedded_file_answers_to_its_stable_and_hashed_name() {
        let assets = Assets::load(Path::new("/nonexistent"));
        assert!(assets.page.bundle.is_none());
        assert!(assets.page.stylesheet.starts_with("/style/main.") && assets.page.stylesheet.ends_with(".css"));
        for (name, ..) in EMBEDDED {
            assert!(!assets.files[*name].immutable);
        }
        let css = &assets.files[assets.page.stylesheet.trim_start_matches('/')];
        assert!(css.immutable);
        assert!(css.br.as_ref().unwrap().len() < css.raw.len() / 2);
    }

    #[test]
    fn encodings_follow_accept_encoding() {
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            m
        };
        assert!(matches!(accepted(&h("gzip, deflate, br, zstd")), Encoding::Br));
        assert!(matches!(accepted(&h("gzip;q=1.0, br;q=0")), Encoding::Gzip));
        assert!(matches!(accepted(&h("identity")), Encoding::Identity));
        assert!(matches!(accepted(&HeaderMap::new()), Encoding::Identity));
    }
}
