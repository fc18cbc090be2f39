//! Agency brandings: several per account, managed by its owners and admins when the plan has the
//! `white_label` gate; Alorig staff see every account's. Every field is checked before anything
//! is written; an error names the field.

use app::types::Actor;
use app::types::branding::{Branding as BrandingDto, BrandingInput};

use crate::auth::{Action, Resource, authorize, read_scope};
use crate::db::DbConn;
use crate::db::models::branding::{Branding, BrandingFields, NewBranding};
use crate::error::{AppError, AppResult};
use crate::reports::brand::{Brand, Rgb};

pub const MAX_FOOTER: usize = 500;
pub const MAX_URL: usize = 2000;

fn plain(field: &str, value: &str, max: usize) -> AppResult<String> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(AppError::invalid(field, format!("is longer than {max} characters")));
    }
    if v.chars().any(|c| c.is_control() && c != '\n') || v.contains(['<', '>']) {
        return Err(AppError::invalid(
            field,
            "must be plain text (no markup or control characters)",
        ));
    }
    Ok(v.to_owned())
}

fn web_url(field: &str, value: &str) -> AppResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(String::new());
    }
    if v.len() > MAX_URL {
        return Err(AppError::invalid(field, format!("is longer than {MAX_URL} characters")));
    }
    let u = url::Url::parse(v).map_err(|e| AppError::invalid(field, format!("is not a URL ({e})")))?;
    if !matches!(u.scheme(), "http" | "https") || u.host().is_none() {
        return Err(AppError::invalid(field, "must be an http or https URL"));
    }
    Ok(u.to_string())
}

/// Checks every field of a branding; `before` is the branding being replaced (its domain keeps
/// its token and verification while it is unchanged).
pub fn fields(
    input: &BrandingInput,
    before: Option<&Branding>,
    platform_host: &str,
    now: chrono::NaiveDateTime,
) -> AppResult<BrandingFields> {
    let custom_domain = crate::domains::parse(&input.custom_domain, platform_host)?;
    // the name and colours as reports print them
    let brand = Brand::agency(
        &input.brand_name,
        &input.primary_color,
        &input.secondary_color,
        "",
        "",
        "",
        "",
    )?;
    for (field, text) in [("brand_name", &input.brand_name), ("footer_text", &input.footer_text)] {
        let missing = crate::reports::render::fonts::unprintable(text);
        if !missing.is_empty() {
            return Err(AppError::invalid(
                field,
                format!("has characters the report fonts cannot print: {missing}"),
            ));
        }
    }
    let email = input.contact_email.trim();
    if !email.is_empty() {
        crate::email::recipients("contact_email", &[email.to_owned()])?;
    }
    let phone = plain("contact_phone", &input.contact_phone, 40)?;
    if !phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
        return Err(AppError::invalid(
            "contact_phone",
            "may hold digits, spaces and + - ( ) . only",
        ));
    }
    let logo = input.brand_logo_url.trim();
    if !logo.is_empty() {
        crate::reports::logo::validate_url(logo)?;
    }
    Ok(BrandingFields {
        brand_name: brand.name,
        brand_logo_url: web_url("brand_logo_url", logo)?,
        primary_color: Rgb::parse(&input.primary_color, "primary_color")?.hex(),
        secondary_color: Rgb::parse(&input.secondary_color, "secondary_color")?.hex(),
        contact_email: email.to_lowercase(),
        contact_phone: phone,
        website_url: web_url("website_url", &input.website_url)?,
        footer_text: plain("footer_text", &input.footer_text, MAX_FOOTER)?,
        is_active: input.is_active,
        updated_at: now,
        domain_token: custom_domain.as_ref().map(|d| match before {
            Some(b) if b.custom_domain.as_ref() == Some(d) && b.domain_token.is_some() => {
                b.domain_token.clone().unwrap_or_default()
            }
            _ => crate::auth::secret::random_token(),
        }),
        domain_verified_at: before
            .filter(|b| b.custom_domain.is_some() && b.custom_domain == custom_domain)
            .and_then(|b| b.domain_verified_at),
        custom_domain,
    })
}

/// Refuses a domain another branding has registered (verified or not).
async fn domain_free(conn: &mut DbConn<'_>, fields: &BrandingFields, id: Option<i64>) -> AppResult<()> {
    let Some(domain) = &fields.custom_domain else {
        return Ok(());
    };
    match Branding::by_domain(conn, domain).await? {
        Some(other) if Some(other.id) != id => Err(AppError::invalid(
            "custom_domain",
            format!("{domain} is already registered by another branding"),
        )),
        _ => Ok(()),
    }
}

/// WCAG AA for normal text.
pub const AA: f64 = 4.5;

/// What a branding's colours fail: each below AA against a theme's pages, where reports print
/// headings and accents in them.
pub fn contrast_warnings(primary: &str, secondary: &str) -> Vec<String> {
    use crate::reports::brand::Theme;
    let mut out = Vec::new();
    for (name, hex) in [("primary", primary), ("secondary", secondary)] {
        let Ok(colour) = Rgb::parse(hex, name) else { continue };
        for theme in [Theme::Light, Theme::Dark] {
            let ratio = colour.contrast(theme.palette().page);
            if ratio < AA {
                out.push(format!(
                    "The {name} colour {} has {ratio:.1}:1 contrast on the {} theme's pages (AA needs {AA}:1)",
                    colour.hex(),
                    theme.as_str()
                ));
            }
        }
    }
    out
}

fn resource(b: &Branding) -> Resource {
    Resource::Account(b.account_id)
}

pub async fn list(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<Vec<BrandingDto>> {
    let scope = read_scope(actor, Action::ManageBranding)?;
    Ok(Branding::list(conn, &scope)
        .await?
        .iter()
        .map(Branding::to_dto)
        .collect())
}

/// One branding; another account's is "not found" (staff read every account's).
pub async fn get(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64) -> AppResult<BrandingDto> {
    actor.ok_or(AppError::Unauthenticated)?;
    let b = Branding::find(conn, id).await?;
    if !read_scope(actor, Action::ManageBranding)?.contains(b.account_id, None) {
        return Err(AppError::NotFound);
    }
    Ok(b.to_dto())
}

/// Creates a branding in the caller's account.
pub async fn create(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    input: &BrandingInput,
    platform_host: &str,
) -> AppResult<BrandingDto> {
    let a = actor.ok_or(AppError::Unauthenticated)?;
    authorize(actor, Action::ManageBranding, Resource::Account(a.account_id))?;
    let now = crate::db::now();
    let fields = fields(input, None, platform_host, now)?;
    domain_free(conn, &fields, None).await?;
    let id = Branding::insert(
        conn,
        &NewBranding {
            account_id: a.account_id,
            created_by: Some(a.user_id),
            created_at: now,
            fields,
        },
    )
    .await?;
    Ok(Branding::find(conn, id).await?.to_dto())
}

/// The branding, when the caller may change or delete it (another account's is "not found").
pub async fn editable(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64) -> AppResult<Branding> {
    actor.ok_or(AppError::Unauthenticated)?;
    let b = Branding::find(conn, id).await?;
    authorize(actor, Action::ManageBranding, resource(&b))?;
    Ok(b)
}

/// Replaces every field of a branding.
pub async fn update(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    id: i64,
    input: &BrandingInput,
    platform_host: &str,
) -> AppResult<BrandingDto> {
    let before = editable(conn, actor, id).await?;
    let fields = fields(input, Some(&before), platform_host, crate::db::now())?;
    domain_free(conn, &fields, Some(id)).await?;
    Branding::update(conn, id, &fields).await?;
    Ok(Branding::find(conn, id).await?.to_dto())
}

/// Verifies a branding's domain: `checker` asks the domain for its token, which this service
/// answers on that host once the domain points here. A failed check writes nothing and says why.
pub async fn verify_domain(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    id: i64,
    checker: &crate::domains::Checker,
) -> AppResult<BrandingDto> {
    let b = editable(conn, actor, id).await?;
    let (Some(domain), Some(token)) = (&b.custom_domain, &b.domain_token) else {
        return Err(AppError::invalid("custom_domain", "is empty: set a domain first"));
    };
    if b.domain_verified_at.is_none() {
        checker.check(domain, token).await?;
        if !Branding::set_verified(conn, id, domain, crate::db::now()).await? {
            return Err(AppError::Conflict(
                "the branding's domain changed during the check; try again".into(),
            ));
        }
    }
    Ok(Branding::find(conn, id).await?.to_dto())
}

/// Deletes a branding no subscription's report settings use (its reports keep their PDFs).
pub async fn delete(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64) -> AppResult<()> {
    let b = editable(conn, actor, id).await?;
    let users = crate::reports::settings::of_account(conn, b.account_id)
        .await?
        .iter()
        .filter(|r| r.branding_id == Some(id))
        .count();
    if users > 0 {
        return Err(AppError::Conflict(format!(
            "branding {id} is in the report settings of {users} subscription(s); change them first"
        )));
    }
    Branding::delete(conn, id).await?;
    Ok(())
}
