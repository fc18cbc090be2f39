//! One report from request to files: validate → collect → summarize → document → PDF + HTML.
//! Storing and recording it is `lifecycle`'s job.

use std::time::{Duration, Instant};

use app::types::report::{ReportData, SectionKey};
use chrono::NaiveDateTime;

use super::brand::{Brand, Theme};
use super::logo::Logos;
use super::period::Period;
use super::{collect_data, document, render};
use crate::db::DbConn;
use crate::db::models::{branding::Branding, site::Site, template::ReportTemplate};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// What to generate (the generation time is passed separately: it is "now" when generating and
/// the stored time when re-rendering).
#[derive(Clone, Debug)]
pub struct ReportRequest {
    pub site_id: i64,
    pub period: Period,
    pub report_type: &'static str,
    pub sections: Vec<SectionKey>,
    /// An agency branding of the site's account: a white-label report.
    pub branding_id: Option<i64>,
    /// A report template of the site's account (its HTML, CSS and theme); `None`: the branding's
    /// template, else the account's default, else the built-in one (`ReportTemplate::implied`).
    pub template_id: Option<i64>,
    /// `None`: the template's theme, or light.
    pub theme: Option<Theme>,
}

/// What a report looks like: brand, theme and template, resolved from the request's ids.
#[derive(Clone, Debug)]
pub struct Look {
    pub brand: Brand,
    pub theme: Theme,
    /// (template_html, template_css) of a custom template.
    pub template: Option<(String, String)>,
    /// Why the brand's logo is missing, when it should be there.
    pub logo_problem: Option<String>,
}

impl Look {
    /// Whether the report should carry a logo (IGNY8's always; an agency's when it has a URL).
    pub fn expects_logo(&self) -> bool {
        self.brand.logo.is_some() || self.logo_problem.is_some()
    }
}

/// The outputs and where the time went.
pub struct Rendered {
    pub data: ReportData,
    pub look: Look,
    /// The template used: the request's, else the one it implies (`ReportTemplate::implied`).
    pub template_id: Option<i64>,
    pub pdf: Vec<u8>,
    pub html: String,
    pub timings: Timings,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    pub collect: Duration,
    pub pdf: render::pdf::PdfTimings,
    pub html: Duration,
    /// Writing the PDF to the object store and recording the row (set by `lifecycle`).
    pub store: Duration,
}

impl Timings {
    pub fn pdf_total(&self) -> Duration {
        self.pdf.charts + self.pdf.layout + self.pdf.write
    }

    /// Adds another report's timings (for batch totals).
    pub fn add(&mut self, o: &Timings) {
        self.collect += o.collect;
        self.pdf.charts += o.pdf.charts;
        self.pdf.layout += o.pdf.layout;
        self.pdf.write += o.pdf.write;
        self.html += o.html;
        self.store += o.store;
    }
}

/// The rows a report's look is made of, read and checked: the branding (of the site's account
/// and active, else "not found") and the template (of the site's account, the same).
pub struct LookRows {
    pub(crate) branding: Option<Branding>,
    pub(crate) template: Option<ReportTemplate>,
}

pub async fn look_rows(
    conn: &mut DbConn<'_>,
    site: &Site,
    branding_id: Option<i64>,
    template_id: Option<i64>,
) -> AppResult<LookRows> {
    let template = match template_id {
        None => None,
        Some(id) => {
            // one answer for "no such template" and "another account's": ids leak nothing
            let missing = || AppError::invalid("template_id", format!("no template {id} in the site's account"));
            match ReportTemplate::find(conn, id).await {
                Ok(t) if t.account_id == site.account_id => Some(t),
                Ok(_) | Err(diesel::result::Error::NotFound) => return Err(missing()),
                Err(e) => return Err(e.into()),
            }
        }
    };
    let branding = match branding_id {
        None => None,
        Some(id) => {
            let missing = || AppError::invalid("branding_id", format!("no active branding {id} in the site's account"));
            match Branding::find(conn, id).await {
                Ok(b) if b.account_id == site.account_id && b.is_active => Some(b),
                Ok(_) | Err(diesel::result::Error::NotFound) => return Err(missing()),
                Err(e) => return Err(e.into()),
            }
        }
    };
    Ok(LookRows { branding, template })
}

/// The brand (with its logo, fetched through the guard: no database connection is held while
/// it downloads), the template and the theme.
pub async fn look(logos: &Logos, rows: LookRows, theme: Option<Theme>) -> AppResult<Look> {
    let theme = match (theme, &rows.template) {
        (Some(theme), _) => theme,
        (None, Some(t)) => Theme::parse(&t.theme)?,
        (None, None) => Theme::Light,
    };
    let template = rows.template.map(|t| (t.template_html, t.template_css));
    let Some(b) = rows.branding else {
        return Ok(Look {
            brand: Brand::igny8(),
            theme,
            template,
            logo_problem: None,
        });
    };
    let mut brand = Brand::agency(
        &b.brand_name,
        &b.primary_color,
        &b.secondary_color,
        &b.contact_email,
        &b.contact_phone,
        &b.website_url,
        &b.footer_text,
    )?;
    let mut logo_problem = None;
    if !b.brand_logo_url.trim().is_empty() {
        match logos.get(&b.brand_logo_url).await {
            Ok(logo) => brand.logo = Some(logo),
            Err(why) => {
                tracing::warn!(branding = b.id, %why, "report rendered without its logo");
                logo_problem = Some(why);
            }
        }
    }
    Ok(Look {
        brand,
        theme,
        template,
        logo_problem,
    })
}

/// Unauthorized on purpose: callers are `lifecycle` (which authorizes) and the operator CLI.
/// The database is read on one connection that goes back to the pool before the logo is
/// fetched and the report rendered, so slow renders never starve other requests of connections.
pub(crate) async fn render_report(
    state: &AppState,
    req: &ReportRequest,
    generated_at: NaiveDateTime,
) -> AppResult<Rendered> {
    req.period.check_type(req.report_type)?;
    let (rows, data, collect, template_id) = {
        let mut pooled = state.conn().await?;
        let mut conn = pooled.conn();
        let site = Site::find(&mut conn, req.site_id).await?;
        let template_id = match req.template_id {
            Some(id) => Some(id),
            None => ReportTemplate::implied(&mut conn, site.account_id, req.branding_id).await?,
        };
        let rows = look_rows(&mut conn, &site, req.branding_id, template_id).await?;
        let started = Instant::now();
        let data = collect_data(
            &mut conn,
            &site,
            req.period,
            req.report_type,
            &req.sections,
            generated_at,
        )
        .await?;
        (rows, data, started.elapsed(), template_id)
    };
    let look = look(&state.logos, rows, req.theme).await?;
    let (data, look, (pdf, html, timings)) = render_off_thread(data, look).await?;
    Ok(Rendered {
        data,
        look,
        template_id,
        pdf,
        html,
        timings: Timings { collect, ..timings },
    })
}

/// `render_data` on a blocking thread (rendering is CPU work: it stays off the async workers).
pub async fn render_off_thread(
    data: ReportData,
    look: Look,
) -> AppResult<(ReportData, Look, (Vec<u8>, String, Timings))> {
    tokio::task::spawn_blocking(move || render_data(&data, &look).map(|out| (data, look, out)))
        .await
        .map_err(|e| AppError::internal(format!("rendering task: {e}")))?
}

/// The HTML rendering of frozen data alone (a report's web version).
pub fn render_html(data: &ReportData, look: &Look) -> AppResult<String> {
    let doc = document::build(data, &look.brand, look.theme);
    let template = look.template.as_ref().map(|(h, c)| (h.as_str(), c.as_str()));
    render::html::render(&doc, template)
}

/// Renders frozen data: everything, the PDF's creation date included, comes from `data` and
/// `look`, so regenerating from the same data with the same look gives the same bytes.
pub fn render_data(data: &ReportData, look: &Look) -> AppResult<(Vec<u8>, String, Timings)> {
    let generated_at = chrono::DateTime::parse_from_rfc3339(&data.generated_at)
        .map_err(|e| AppError::invalid("report_data.generated_at", format!("not an RFC 3339 time: {e}")))?
        .naive_utc();
    let doc = document::build(data, &look.brand, look.theme);
    let seed = serde_json::to_vec(data).map_err(|e| AppError::internal(format!("report data: {e}")))?;
    let (pdf, pdf_time) = render::pdf::render_timed(&doc, generated_at, &seed)?;
    let t = Instant::now();
    let template = look.template.as_ref().map(|(h, c)| (h.as_str(), c.as_str()));
    let html = render::html::render(&doc, template)?;
    Ok((
        pdf,
        html,
        Timings {
            collect: Duration::ZERO,
            pdf: pdf_time,
            html: t.elapsed(),
            store: Duration::ZERO,
        },
    ))
}
