//! The brandings pages' port: `brandings::list`, `create`, `update`, `delete` as REST and GraphQL
//! call them, with each branding's report cover drawn in its colours and logo (the logo fetched
//! through the guard) and its contrast checked.

use std::collections::HashMap;

use app::api::brandings::BrandingPort;
use app::types::branding::{Branding, BrandingCard, BrandingInput, BrandingsPanel};
use app::types::{Actor, ApiError};
use base64::Engine;

use crate::auth::{Action, Resource, authorize};
use crate::brandings;
use crate::db::models::account::Account;
use crate::reports::brand::{Palette, Rgb, Theme};
use crate::state::AppState;

pub struct Brandings(pub AppState);

type Caller<'a> = Option<&'a Actor>;

/// Text for SVG: `& < > " '` escaped.
fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A report's cover and a page header in the brand's colours, on one theme's page (SVG: colours
/// are attributes, so the page's style policy holds).
fn cover(b: &Branding, logo: Option<(&[u8], u32, u32)>, palette: Palette) -> String {
    let colour = |hex: &str| {
        Rgb::parse(hex, "colour")
            .map(Rgb::hex)
            .unwrap_or_else(|_| "#888888".into())
    };
    let (primary, secondary) = (colour(&b.primary_color), colour(&b.secondary_color));
    let (page, text, muted, grid) = (
        palette.page.hex(),
        palette.text.hex(),
        palette.muted.hex(),
        palette.grid.hex(),
    );
    let name = xml(&b.brand_name);
    let mark = match logo {
        Some((png, w, h)) => {
            let height = 34.0;
            let width = (f64::from(w) / f64::from(h.max(1)) * height).min(160.0);
            format!(
                r#"<image x="20" y="26" width="{width:.0}" height="{height:.0}" preserveAspectRatio="xMinYMid meet" href="data:image/png;base64,{}"/>"#,
                base64::engine::general_purpose::STANDARD.encode(png)
            )
        }
        None => format!(r#"<text x="20" y="50" font-size="18" font-weight="700" fill="{primary}">{name}</text>"#),
    };
    let footer = xml(if b.footer_text.is_empty() {
        &b.brand_name
    } else {
        &b.footer_text
    });
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 240" role="img" aria-label="Report cover and page header of {name}"><rect width="360" height="240" fill="{page}" stroke="{grid}"/><rect width="360" height="8" fill="{primary}"/>{mark}<text x="20" y="100" font-size="20" font-weight="700" fill="{text}">SEO performance report</text><text x="20" y="122" font-size="12" fill="{muted}">Client site · October 2026</text><rect x="20" y="134" width="64" height="4" fill="{secondary}"/><line x1="20" y1="176" x2="340" y2="176" stroke="{grid}"/><text x="20" y="196" font-size="11" font-weight="700" fill="{primary}">{name}</text><text x="340" y="196" font-size="11" text-anchor="end" fill="{muted}">Organic Traffic · page 2</text><rect x="20" y="202" width="320" height="2" fill="{primary}"/><text x="20" y="226" font-size="9" fill="{muted}">{footer}</text></svg>"#
    )
}

impl Brandings {
    async fn card(&self, branding: Branding, account_name: String) -> BrandingCard {
        let url = branding.brand_logo_url.trim().to_owned();
        let (logo, logo_problem) = if url.is_empty() {
            (None, None)
        } else {
            match self.0.logos.get(&url).await {
                Ok(l) => (Some(l), None),
                Err(why) => (None, Some(why)),
            }
        };
        let draw = |theme: Theme| {
            let raster = logo.as_ref().map(|l| l.for_theme(theme));
            cover(
                &branding,
                raster.map(|r| (r.png.as_slice(), r.width, r.height)),
                theme.palette(),
            )
        };
        BrandingCard {
            cover_light: draw(Theme::Light),
            cover_dark: draw(Theme::Dark),
            contrast_warnings: brandings::contrast_warnings(&branding.primary_color, &branding.secondary_color),
            logo_problem,
            account_name,
            branding,
        }
    }
}

#[async_trait::async_trait]
impl BrandingPort for Brandings {
    async fn panel(
        &self,
        actor: Caller<'_>,
        every_account: bool,
        draft: Option<&BrandingInput>,
    ) -> Result<BrandingsPanel, ApiError> {
        let a = actor.ok_or(ApiError::new(app::types::ErrorCode::Unauthenticated, "sign in"))?;
        if every_account {
            authorize(actor, Action::ViewServicesDashboard, Resource::Platform)?;
        } else {
            authorize(actor, Action::ManageBranding, Resource::Account(a.account_id))?;
        }
        let (list, names, draft_branding, draft_error) = {
            let mut pooled = self.0.conn().await?;
            let mut conn = pooled.conn();
            // staff's own page lists their own account's only when it is not the staff page
            let list: Vec<Branding> = brandings::list(&mut conn, actor)
                .await?
                .into_iter()
                .filter(|b| every_account || b.account_id == a.account_id)
                .collect();
            let mut names: HashMap<i64, String> = HashMap::new();
            for id in list.iter().map(|b| b.account_id) {
                if let std::collections::hash_map::Entry::Vacant(e) = names.entry(id) {
                    e.insert(Account::find(&mut conn, id).await.map(|x| x.name).unwrap_or_default());
                }
            }
            let platform = self.0.config.platform_host();
            let checked = draft.map(|input| brandings::fields(input, None, &platform, crate::db::now()));
            let draft_error = match &checked {
                Some(Err(e)) if e.field().is_some() => {
                    Some((e.field().unwrap_or_default().to_owned(), e.public_message()))
                }
                Some(Err(e)) => return Err(e.to_api()),
                _ => None,
            };
            let draft_branding = match checked {
                Some(Ok(f)) => Some(Branding {
                    id: 0,
                    account_id: a.account_id,
                    brand_name: f.brand_name,
                    brand_logo_url: f.brand_logo_url,
                    primary_color: f.primary_color,
                    secondary_color: f.secondary_color,
                    contact_email: f.contact_email,
                    contact_phone: f.contact_phone,
                    website_url: f.website_url,
                    footer_text: f.footer_text,
                    is_active: f.is_active,
                    created_at: String::new(),
                    updated_at: String::new(),
                    custom_domain: f.custom_domain,
                    domain_token: None,
                    domain_verified_at: None,
                }),
                _ => None,
            };
            (list, names, draft_branding, draft_error)
        };
        let mut cards = Vec::with_capacity(list.len());
        for b in list {
            let name = names.get(&b.account_id).cloned().unwrap_or_default();
            cards.push(self.card(b, name).await);
        }
        let draft = match draft_branding {
            Some(b) => Some(self.card(b, String::new()).await),
            None => None,
        };
        Ok(BrandingsPanel {
            cards,
            editable: !every_account,
            draft,
            draft_error,
        })
    }

    async fn save(&self, actor: Caller<'_>, id: Option<i64>, input: &BrandingInput) -> Result<i64, ApiError> {
        let mut pooled = self.0.conn().await?;
        let mut conn = pooled.conn();
        let platform = self.0.config.platform_host();
        let saved = match id {
            Some(id) => brandings::update(&mut conn, actor, id, input, &platform).await?,
            None => brandings::create(&mut conn, actor, input, &platform).await?,
        };
        Ok(saved.id)
    }

    async fn verify_domain(&self, actor: Caller<'_>, id: i64) -> Result<(), ApiError> {
        let mut pooled = self.0.conn().await?;
        let checker = crate::domains::Checker::new(&self.0.config);
        brandings::verify_domain(&mut pooled.conn(), actor, id, &checker).await?;
        Ok(())
    }

    async fn delete(&self, actor: Caller<'_>, id: i64) -> Result<(), ApiError> {
        let mut pooled = self.0.conn().await?;
        Ok(brandings::delete(&mut pooled.conn(), actor, id).await?)
    }
}
