//! The logo guard against a real HTTP server: what is fetched, what is refused and why, the
//! limits, and the cache.

use std::sync::atomic::Ordering;

use server::reports::logo::Logos;

use crate::servers::LogoServer;

#[tokio::test]
async fn private_addresses_are_refused_unless_configured() {
    let srv = LogoServer::start().await;
    let guarded = Logos::new(false);
    let why = guarded.get(&srv.url("/logo.png")).await.unwrap_err();
    assert!(why.contains("127.0.0.1 is a loopback address"), "{why}");
    assert_eq!(srv.logo_hits.load(Ordering::SeqCst), 0, "refused before connecting");
    for url in [
        "http://localhost:9/logo.png",
        "http://[::1]:9/x.png",
        "http://169.254.169.254/latest/meta-data",
    ] {
        let why = guarded.get(url).await.unwrap_err();
        assert!(why.contains("loopback") || why.contains("link-local"), "{url}: {why}");
    }
    let why = guarded.get("ftp://cdn.example/logo.png").await.unwrap_err();
    assert!(why.contains("http or https"), "{why}");

    let open = Logos::new(true);
    let logo = open.get(&srv.url("/logo.png")).await.unwrap();
    assert_eq!((logo.light.width, logo.light.height), (300, 100));
}

#[tokio::test]
async fn logos_are_png_or_jpeg_within_size_and_time() {
    let srv = LogoServer::start().await;
    let logos = Logos::new(true);
    assert!(logos.get(&srv.url("/logo.jpg")).await.is_ok());
    for (path, expected) in [
        ("/logo.gif", "not a PNG or JPEG"),
        ("/not-an-image.png", "not a PNG or JPEG"),
        ("/huge.png", "larger than 2 MB"),
        ("/huge-streamed.png", "larger than 2 MB"),
        ("/missing.png", "404"),
        ("/loop", "redirects more than 3 times"),
    ] {
        let why = logos.get(&srv.url(path)).await.unwrap_err();
        assert!(why.contains(expected), "{path}: {why}");
        assert!(why.contains(&srv.url(path)), "the reason names the URL: {why}");
    }
    // a redirect is followed (and checked like the first URL)
    assert!(logos.get(&srv.url("/moved")).await.is_ok());
    let started = std::time::Instant::now();
    let why = logos.get(&srv.url("/slow.png")).await.unwrap_err();
    assert!(why.contains("longer than 5 s"), "{why}");
    assert!(started.elapsed().as_secs_f64() < 6.5, "gave up after the limit");
}

#[tokio::test]
async fn transparency_is_flattened_and_logos_are_cached() {
    let srv = LogoServer::start().await;
    let logos = Logos::new(true);
    let first = logos.get(&srv.url("/logo.png")).await.unwrap();
    let again = logos.get(&srv.url("/logo.png")).await.unwrap();
    assert!(
        std::sync::Arc::ptr_eq(&first, &again),
        "the second use comes from the cache"
    );
    assert_eq!(srv.logo_hits.load(Ordering::SeqCst), 1);
    let pixel = |png: &[u8], x, y| *image::load_from_memory(png).unwrap().to_rgb8().get_pixel(x, y);
    let light = server::reports::brand::Theme::Light.palette().page;
    let dark = server::reports::brand::Theme::Dark.palette().page;
    assert_eq!(pixel(&first.light.png, 2, 2).0, [light.0, light.1, light.2]);
    assert_eq!(pixel(&first.dark.png, 2, 2).0, [dark.0, dark.1, dark.2]);
    assert_eq!(
        pixel(&first.dark.png, 150, 50).0,
        [220, 20, 20],
        "opaque pixels keep their colour"
    );
}
