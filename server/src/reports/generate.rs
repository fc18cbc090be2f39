//! One report from request to files: validate → collect → summarize → document → PDF + HTML.
//! Storage and the ServiceReport row build on this.

use std::time::{Duration, Instant};

use app::types::report::{ReportData, SectionKey};
use chrono::NaiveDateTime;

use super::brand::{Brand, Theme};
use super::period::Period;
use super::{collect_data, document, render};
use crate::db::DbConn;
use crate::db::models::{branding::Branding, site::Site};
use crate::error::{AppError, AppResult};

/// What to generate (the generation time is passed separately: it is "now" when generating and
/// the stored time when re-rendering).
#[derive(Clone, Debug)]
pub struct ReportRequest {
    pub site_id: i64,
    pub period: Period,
    pub report_type: &'static str,
    pub sections: Vec<SectionKey>,
    pub branding_id: Option<i64>,
    pub theme: Theme,
}

/// The outputs and where the time went.
pub struct Rendered {
    pub data: ReportData,
    pub pdf: Vec<u8>,
    pub html: String,
    pub timings: Timings,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    pub collect: Duration,
    pub pdf: render::pdf::PdfTimings,
    pub html: Duration,
}

impl Timings {
    pub fn pdf_total(&self) -> Duration {
        self.pdf.charts + self.pdf.layout + self.pdf.write
    }
}

/// The brand of a report: the agency branding (which must belong to the site's account, else it
/// is "not found"), or IGNY8's.
pub async fn brand_for(conn: &mut DbConn<'_>, site: &Site, branding_id: Option<i64>) -> AppResult<Brand> {
    let Some(id) = branding_id else {
        return Ok(Brand::igny8());
    };
    let b = Branding::find(conn, id).await?;
    if b.account_id != site.account_id || !b.is_active {
        return Err(AppError::NotFound);
    }
    Brand::agency(
        &b.brand_name,
        &b.primary_color,
        &b.secondary_color,
        &b.contact_email,
        &b.contact_phone,
        &b.website_url,
        &b.footer_text,
    )
}

/// Unauthorized on purpose: callers are `lifecycle::generate` (which authorizes) and the operator CLI.
pub(crate) async fn render_report(
    conn: &mut DbConn<'_>,
    req: &ReportRequest,
    generated_at: NaiveDateTime,
) -> AppResult<Rendered> {
    let site = Site::find(conn, req.site_id).await?;
    let brand = brand_for(conn, &site, req.branding_id).await?;
    let started = Instant::now();
    let data = collect_data(conn, &site, req.period, req.report_type, &req.sections, generated_at).await?;
    let collect = started.elapsed();
    let (pdf, html, timings) = render_data(&data, &brand, req.theme)?;
    Ok(Rendered {
        data,
        pdf,
        html,
        timings: Timings { collect, ..timings },
    })
}

/// Renders frozen data: everything, the PDF's creation date included, comes from `data`, so
/// regenerating from the same data gives the same bytes.
pub fn render_data(data: &ReportData, brand: &Brand, theme: Theme) -> AppResult<(Vec<u8>, String, Timings)> {
    let generated_at = chrono::DateTime::parse_from_rfc3339(&data.generated_at)
        .map_err(|e| AppError::invalid("report_data.generated_at", format!("not an RFC 3339 time: {e}")))?
        .naive_utc();
    let doc = document::build(data, brand, theme);
    let seed = serde_json::to_vec(data).map_err(|e| AppError::internal(format!("report data: {e}")))?;
    let (pdf, pdf_time) = render::pdf::render_timed(&doc, generated_at, &seed)?;
    let t = Instant::now();
    let html = render::html::render(&doc, None)?;
    Ok((
        pdf,
        html,
        Timings {
            collect: Duration::ZERO,
            pdf: pdf_time,
            html: t.elapsed(),
        },
    ))
}
