//! A brand's logo: fetched from `brand_logo_url` behind a guard, decoded, flattened onto each
//! theme's page colour, scaled for print and encoded for both renderers, then cached.
//!
//! The guard: http(s) only, no credentials in the URL; every address the host resolves to must be
//! public (loopback, private, link-local, shared, multicast and unspecified addresses are refused
//! unless `IGNY8_LOGO_ALLOW_PRIVATE` is set) and the connection goes to the address that was
//! checked; at most 3 redirects, each checked the same way; at most 2 MB and 5 s in all; PNG or
//! JPEG by content, at most 4096 px a side. A logo that fails is not an error of the report: it
//! renders without it and says why (see `lifecycle`).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use image::GenericImageView;

use super::brand::{Logo, Raster, Rgb, Theme};
use crate::error::{AppError, AppResult};

pub const MAX_BYTES: usize = 2 * 1024 * 1024;
pub const TIMEOUT: Duration = Duration::from_secs(5);
const MAX_REDIRECTS: usize = 3;
/// Larger images are refused before they are decoded (a small file can decode to gigabytes).
const MAX_SIDE: u32 = 4096;
/// Pixels kept: the cover prints the logo 22 mm high, so 240 px is about 280 dpi.
const PRINT_HEIGHT: u32 = 240;
const PRINT_WIDTH: u32 = 4 * PRINT_HEIGHT;
const KEEP_LOADED: Duration = Duration::from_secs(3600);
const KEEP_FAILED: Duration = Duration::from_secs(300);

/// IGNY8's own logo (`public/igny8-logo.png`), for reports that are not white-label.
pub static IGNY8: LazyLock<Arc<Logo>> = LazyLock::new(|| {
    Arc::new(prepare(include_bytes!("../../../public/igny8-logo.png")).expect("the IGNY8 logo is a valid PNG"))
});

/// Logos kept at most (the least recently used goes first).
pub const CACHE_ENTRIES: usize = 256;

/// A fetch's outcome, when it happened and when it was last asked for.
struct Cached {
    fetched: Instant,
    used: Instant,
    result: Result<Arc<Logo>, String>,
}

/// Fetched logos by URL, with why a URL failed (kept a shorter time); at most `CACHE_ENTRIES`.
pub struct Logos {
    allow_private: bool,
    cache: Mutex<HashMap<String, Cached>>,
}

impl Logos {
    pub fn new(allow_private: bool) -> Logos {
        Logos {
            allow_private,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// How many logos are cached.
    pub fn cached(&self) -> usize {
        self.cache.lock().expect("logo cache").len()
    }

    /// The logo at `url`, or why there is none (a sentence naming the URL and the reason, never
    /// the addresses it resolved to or the transport's own error).
    pub async fn get(&self, url: &str) -> Result<Arc<Logo>, String> {
        let url = url.trim();
        if let Some(entry) = self.cache.lock().expect("logo cache").get_mut(url) {
            let keep = if entry.result.is_ok() { KEEP_LOADED } else { KEEP_FAILED };
            if entry.fetched.elapsed() < keep {
                entry.used = Instant::now();
                return entry.result.clone();
            }
        }
        let result = match tokio::time::timeout(TIMEOUT, fetch(url, self.allow_private)).await {
            Ok(Ok(bytes)) => prepare(&bytes).map(Arc::new),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(format!("took longer than {} s", TIMEOUT.as_secs())),
        }
        .map_err(|reason| format!("logo {url} not loaded: {reason}"));
        let mut cache = self.cache.lock().expect("logo cache");
        if cache.len() >= CACHE_ENTRIES
            && !cache.contains_key(url)
            && let Some(oldest) = cache.iter().min_by_key(|(_, e)| e.used).map(|(k, _)| k.clone())
        {
            cache.remove(&oldest);
        }
        let now = Instant::now();
        cache.insert(
            url.to_owned(),
            Cached {
                fetched: now,
                used: now,
                result: result.clone(),
            },
        );
        result
    }
}

/// Checks a logo URL's form (when a branding is saved and before every fetch).
pub fn validate_url(raw: &str) -> AppResult<url::Url> {
    let bad = |why: &str| AppError::invalid("brand_logo_url", why.to_owned());
    let url = url::Url::parse(raw.trim()).map_err(|e| bad(&format!("is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("must be an http or https URL"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("may not contain a user name or password"));
    }
    if url.host().is_none() {
        return Err(bad("has no host"));
    }
    Ok(url)
}

/// Whether an address is on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b)) // shared address space (carrier NAT)
                || (a == 192 && b == 0 && v4.octets()[2] == 0) // IETF protocol assignments
                || (a == 198 && (18..20).contains(&b)) // benchmarking
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = embedded_v4(v6) {
                return is_public(IpAddr::V4(v4));
            }
            let seg = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (seg[0] & 0xfe00) == 0xfc00 // unique local
                || (seg[0] & 0xffc0) == 0xfe80 // link local
                || (seg[0] & 0xffc0) == 0xfec0 // site local (deprecated, still routed inside sites)
                || (seg[0] == 0x2001 && seg[1] == 0x0db8) // documentation
                || (seg[0] == 0x64 && seg[1] == 0xff9b && seg[2] == 1) // local-use NAT64 (RFC 8215)
                || (seg[0] == 0x2001 && seg[1] == 0) // Teredo: tunnels to an IPv4 address
                || seg[..4] == [0x100, 0, 0, 0]) // discard-only
        }
    }
}

/// The IPv4 address an IPv6 address carries, where it leads to one: IPv4-mapped (`::ffff:a.b.c.d`),
/// IPv4-translated (`::ffff:0:a.b.c.d`), IPv4-compatible (`::a.b.c.d`), NAT64
/// (`64:ff9b::a.b.c.d`) and 6to4 (`2002:AABB:CCDD::`).
fn embedded_v4(v6: std::net::Ipv6Addr) -> Option<std::net::Ipv4Addr> {
    let seg = v6.segments();
    let from = |hi: u16, lo: u16| std::net::Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    if let Some(v4) = v6.to_ipv4_mapped() {
        Some(v4)
    } else if (seg[..6] == [0; 6] && !v6.is_loopback() && !v6.is_unspecified())
        || seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0]
        || seg[..6] == [0, 0, 0, 0, 0xffff, 0]
    {
        Some(from(seg[6], seg[7]))
    } else if seg[0] == 0x2002 {
        Some(from(seg[1], seg[2]))
    } else {
        None
    }
}

fn describe(ip: IpAddr) -> &'static str {
    match ip {
        IpAddr::V4(v4) if v4.is_loopback() => "a loopback address",
        IpAddr::V6(v6) if v6.is_loopback() => "a loopback address",
        IpAddr::V4(v4) if v4.is_private() => "a private address",
        IpAddr::V4(v4) if v4.is_link_local() => "a link-local address",
        IpAddr::V6(v6) if (v6.segments()[0] & 0xffc0) == 0xfe80 => "a link-local address",
        IpAddr::V6(v6) if (v6.segments()[0] & 0xfe00) == 0xfc00 => "a private address",
        _ => "not a public address",
    }
}

/// The address to connect to for `url`: resolved once, every answer checked.
async fn address(url: &url::Url, allow_private: bool) -> Result<SocketAddr, String> {
    let host = url.host_str().ok_or("the URL has no host")?;
    let port = url.port_or_known_default().ok_or("the URL has no port")?;
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<SocketAddr> = match bare.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => tokio::net::lookup_host((bare, port))
            .await
            .map_err(|e| {
                tracing::debug!(%host, error = %e, "logo host does not resolve");
                format!("{host} does not resolve")
            })?
            .collect(),
    };
    if !allow_private && let Some(bad) = addrs.iter().find(|a| !is_public(a.ip())) {
        tracing::debug!(%host, ip = %bad.ip(), "logo host is not public");
        return Err(format!("{host} is {}", describe(bad.ip())));
    }
    addrs.first().copied().ok_or_else(|| format!("{host} has no address"))
}

/// Downloads the logo: checked address, bounded size, redirects followed by hand.
async fn fetch(raw: &str, allow_private: bool) -> Result<Vec<u8>, String> {
    let mut url = validate_url(raw).map_err(|e| e.to_string())?;
    for _ in 0..=MAX_REDIRECTS {
        let addr = address(&url, allow_private).await?;
        let host = url.host_str().unwrap_or_default().to_owned();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .resolve(&host, addr)
            .user_agent("report-logo-fetch/1")
            .build()
            .map_err(|e| {
                tracing::warn!(error = %e, "logo HTTP client");
                "cannot be fetched right now".to_owned()
            })?;
        let mut response = client.get(url.clone()).send().await.map_err(|e| {
            tracing::debug!(%url, error = %e, "logo fetch failed");
            if e.is_timeout() {
                format!("took longer than {} s", TIMEOUT.as_secs())
            } else {
                "the server could not be reached".to_owned()
            }
        })?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .ok_or("redirects without a Location")?;
            url = validate_url(
                url.join(location)
                    .map_err(|e| format!("redirects to a bad URL ({e})"))?
                    .as_str(),
            )
            .map_err(|e| format!("redirects to {location}: {e}"))?;
            continue;
        }
        if !status.is_success() {
            return Err(format!("the server answered {status}"));
        }
        if response.content_length().is_some_and(|n| n > MAX_BYTES as u64) {
            return Err(format!("is larger than {} MB", MAX_BYTES / (1024 * 1024)));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| {
            tracing::debug!(%url, error = %e, "logo download failed");
            "the download broke off".to_owned()
        })? {
            if body.len() + chunk.len() > MAX_BYTES {
                return Err(format!("is larger than {} MB", MAX_BYTES / (1024 * 1024)));
            }
            body.extend_from_slice(&chunk);
        }
        return Ok(body);
    }
    Err(format!("redirects more than {MAX_REDIRECTS} times"))
}

/// Decodes a PNG or JPEG, scales it for print and flattens it onto each theme's page colour.
pub fn prepare(bytes: &[u8]) -> Result<Logo, String> {
    let format = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        image::ImageFormat::Png
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        image::ImageFormat::Jpeg
    } else {
        return Err("is not a PNG or JPEG image".into());
    };
    let reader = image::io::Reader::with_format(std::io::Cursor::new(bytes), format);
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| format!("is not a readable image ({e})"))?;
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
        return Err(format!("is {w}×{h} px (at most {MAX_SIDE} px a side)"));
    }
    let img = image::load_from_memory_with_format(bytes, format).map_err(|e| format!("cannot be decoded ({e})"))?;
    let (w, h) = img.dimensions();
    let scale = (f64::from(PRINT_HEIGHT) / f64::from(h))
        .min(f64::from(PRINT_WIDTH) / f64::from(w))
        .min(1.0);
    let img = if scale < 1.0 {
        let (nw, nh) = (
            ((f64::from(w) * scale).round() as u32).max(1),
            ((f64::from(h) * scale).round() as u32).max(1),
        );
        img.resize_exact(nw, nh, image::imageops::FilterType::Triangle)
    } else {
        img
    };
    let rgba = img.to_rgba8();
    Ok(Logo {
        light: raster(&rgba, Theme::Light.palette().page),
        dark: raster(&rgba, Theme::Dark.palette().page),
    })
}

/// Flattens transparency onto `page` and encodes the pixels for HTML (PNG) and PDF (deflated).
fn raster(rgba: &image::RgbaImage, page: Rgb) -> Raster {
    let (w, h) = rgba.dimensions();
    let mut rgb = image::RgbImage::new(w, h);
    let bg = [page.0, page.1, page.2];
    for (out, px) in rgb.pixels_mut().zip(rgba.pixels()) {
        let a = u16::from(px[3]);
        for c in 0..3 {
            out[c] = ((u16::from(px[c]) * a + u16::from(bg[c]) * (255 - a) + 127) / 255) as u8;
        }
    }
    let mut png = Vec::new();
    // encoding an in-memory RGB image into a Vec cannot fail
    let _ = image::DynamicImage::ImageRgb8(rgb.clone()).write_to(&mut png, image::ImageOutputFormat::Png);
    let deflated = super::render::pdf::deflate(rgb.as_raw(), flate2::Compression::best());
    Raster {
        width: w,
        height: h,
        png,
        deflated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_and_other_addresses() {
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "2606:4700::1111",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "224.0.0.1",
            "::127.0.0.1",
            "::10.0.0.1",
            "64:ff9b::7f00:1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::808:808",
            "2002:7f00:1::1",
            "2002:c0a8:101::",
            "fec0::1",
            "2001:db8::1",
            "2001:0:4136:e378::1",
            "192.0.0.8",
            "198.18.0.1",
            "198.19.255.254",
            "::ffff:0:a00:1",
            "::ffff:0:7f00:1",
            "100::1",
            "100::ffff:1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["192.0.1.1", "198.20.0.1", "::ffff:0:808:808", "100:0:0:1::1"] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[tokio::test]
    async fn the_cache_keeps_the_most_recently_used_and_errors_hide_addresses() {
        let logos = Logos::new(false);
        for i in 0..CACHE_ENTRIES + 20 {
            let e = logos
                .get(&format!("http://127.0.0.{}:9/{i}.png", i % 200 + 1))
                .await
                .unwrap_err();
            assert!(e.contains("is a loopback address") && !e.contains("(127."), "{e}");
        }
        assert_eq!(logos.cached(), CACHE_ENTRIES);
        let e = logos.get("http://10.1.2.3/l.png").await.unwrap_err();
        assert_eq!(
            e,
            "logo http://10.1.2.3/l.png not loaded: 10.1.2.3 is a private address"
        );
    }

    #[test]
    fn urls_are_checked_before_anything_is_fetched() {
        for bad in [
            "ftp://x.example/l.png",
            "file:///etc/passwd",
            "https://u:p@x.example/l.png",
            "not a url",
        ] {
            assert_eq!(validate_url(bad).unwrap_err().field(), Some("brand_logo_url"), "{bad}");
        }
        assert!(validate_url("https://cdn.example/logo.png").is_ok());
    }

    #[test]
    fn the_igny8_logo_is_flattened_onto_each_page_colour() {
        let logo = &*IGNY8;
        assert_eq!((logo.light.width, logo.light.height), (240, 240));
        let corner = |r: &Raster| {
            let img = image::load_from_memory(&r.png).unwrap().to_rgb8();
            *img.get_pixel(0, 0)
        };
        let light = Theme::Light.palette().page;
        let dark = Theme::Dark.palette().page;
        // the SVG's rounded corners are transparent: they take the page colour of each theme
        assert_eq!(corner(&logo.light).0, [light.0, light.1, light.2]);
        assert_eq!(corner(&logo.dark).0, [dark.0, dark.1, dark.2]);
    }

    #[test]
    fn only_png_and_jpeg_of_sane_size() {
        assert!(prepare(b"GIF89a....").unwrap_err().contains("not a PNG or JPEG"));
        let mut huge = Vec::new();
        image::DynamicImage::ImageRgb8(image::RgbImage::new(5000, 1))
            .write_to(&mut huge, image::ImageOutputFormat::Png)
            .unwrap();
        assert!(prepare(&huge).unwrap_err().contains("at most 4096 px"));
        let mut jpeg = Vec::new();
        image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(600, 200, image::Rgb([200, 10, 10])))
            .write_to(&mut jpeg, image::ImageOutputFormat::Jpeg(90))
            .unwrap();
        let logo = prepare(&jpeg).unwrap();
        assert_eq!(
            (logo.light.width, logo.light.height),
            (600, 200),
            "small enough already"
        );
    }
}
