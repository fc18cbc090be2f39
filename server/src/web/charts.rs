//! Charts for the pages: the report's chart code (`reports::render::charts`, the PDF's own)
//! drawn as SVG once per UI theme.

use app::types::dashboard::ThemedChart;

use crate::error::{AppError, AppResult};
use crate::reports::brand::{Brand, Theme};
use crate::reports::document::{Chart, ChartKind};
use crate::reports::render::charts;

/// Width and height of a page chart (SVG user units; it scales to its box).
const W: u32 = 760;
const H: u32 = 280;

/// The chart in the platform's colours.
pub fn themed(title: &str, kind: ChartKind, points: Vec<(String, f64)>) -> AppResult<ThemedChart> {
    themed_for(&Brand::igny8(), title, kind, points)
}

/// The chart in a brand's colours (an agency's, on its domain).
pub fn themed_for(brand: &Brand, title: &str, kind: ChartKind, points: Vec<(String, f64)>) -> AppResult<ThemedChart> {
    let chart = Chart {
        title: title.to_owned(),
        kind,
        points,
    };
    let draw = |theme: Theme| {
        charts::svg(&chart, brand, &theme.palette(), W, H)
            .map_err(|e| AppError::internal(format!("chart {title}: {e}")))
    };
    Ok(ThemedChart {
        title: title.to_owned(),
        light: draw(Theme::Light)?,
        dark: draw(Theme::Dark)?,
    })
}
