//! Charts drawn with plotters: the same drawing code renders SVG (for HTML) and PDF vector
//! operators (`render::pdf::vector`). Text uses the embedded DejaVu Sans, so no system fonts are
//! needed.

use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::reports::brand::{Brand, Palette, Rgb};
use crate::reports::document::{Chart, ChartKind};
use crate::reports::render::fonts::{BOLD_TTF, REGULAR_TTF};

/// plotters looks fonts up by family name; register ours once per process.
fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Both are valid TrueType files compiled into the binary, so these cannot fail at run time.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, REGULAR_TTF);
        let _ = plotters::style::register_font("sans-serif", FontStyle::Bold, BOLD_TTF);
    });
}

fn color(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// The chart as SVG markup (`width` × `height` user units).
pub fn svg(chart: &Chart, brand: &Brand, palette: &Palette, width: u32, height: u32) -> Result<String, String> {
    register_fonts();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        draw(&root, chart, brand, palette, 1.0)?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Draws the chart on any plotters backend; `scale` × 900 is the canvas width.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart,
    brand: &Brand,
    palette: &Palette,
    scale: f64,
) -> Result<(), String> {
    let px = |x: f64| (x * scale).round() as u32;
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&color(palette.page)).map_err(err)?;
    let text = color(palette.text);
    let muted = color(palette.muted);
    let grid = color(palette.grid);
    let primary = color(brand.primary);
    let label_font = ("sans-serif", px(13.0) as f64).into_font().color(&muted);
    let caption = ("sans-serif", px(17.0) as f64, FontStyle::Bold)
        .into_font()
        .color(&text);
    let n = chart.points.len().max(1);
    let max = chart.points.iter().map(|p| p.1).fold(0.0f64, f64::max);
    let top = if max <= 0.0 { 1.0 } else { max * 1.12 };
    let labels: Vec<String> = chart.points.iter().map(|p| short_label(&p.0)).collect();

    let mut builder = ChartBuilder::on(root);
    builder
        .caption(&chart.title, caption)
        .margin(px(12.0))
        .margin_right(px(28.0))
        .x_label_area_size(px(34.0))
        .y_label_area_size(px(56.0));
    match chart.kind {
        ChartKind::Line => {
            let mut c = builder
                .build_cartesian_2d(0f64..(n.saturating_sub(1).max(1)) as f64, 0f64..top)
                .map_err(err)?;
            c.configure_mesh()
                .light_line_style(grid.mix(0.4))
                .max_light_lines(2)
                .bold_line_style(grid)
                .axis_style(grid)
                .label_style(label_font)
                .x_labels(6)
                .y_labels(5)
                .x_label_formatter(&|x| labels.get(x.round() as usize).cloned().unwrap_or_default())
                .y_label_formatter(&|y| compact(*y))
                .draw()
                .map_err(err)?;
            let points = chart.points.iter().enumerate().map(|(i, p)| (i as f64, p.1));
            c.draw_series(
                AreaSeries::new(points.clone(), 0.0, primary.mix(0.18)).border_style(primary.stroke_width(px(3.0))),
            )
            .map_err(err)?;
        }
        ChartKind::Bars => {
            let mut c = builder
                .build_cartesian_2d((0..n as i32).into_segmented(), 0f64..top)
                .map_err(err)?;
            c.configure_mesh()
                .disable_x_mesh()
                .light_line_style(grid.mix(0.4))
                .max_light_lines(2)
                .bold_line_style(grid)
                .axis_style(grid)
                .label_style(label_font)
                .x_labels(12)
                .y_labels(5)
                .x_label_formatter(&|x| match x {
                    SegmentValue::CenterOf(i) => labels.get(*i as usize).cloned().unwrap_or_default(),
                    _ => String::new(),
                })
                .y_label_formatter(&|y| compact(*y))
                .draw()
                .map_err(err)?;
            let secondary = color(brand.secondary);
            // the gap on each side of a bar: 10 px, less when the bars are narrow (many points)
            let plot_width = (900.0 - 12.0 - 28.0 - 56.0) * scale;
            let gap = ((plot_width / n as f64) * 0.2).min(10.0 * scale).floor() as u32;
            c.draw_series(chart.points.iter().enumerate().map(|(i, p)| {
                let fill = if i % 2 == 0 { primary } else { secondary };
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i as i32), 0.0),
                        (SegmentValue::Exact(i as i32 + 1), p.1),
                    ],
                    fill.filled(),
                );
                bar.set_margin(0, 0, gap, gap);
                bar
            }))
            .map_err(err)?;
        }
    }
    Ok(())
}

/// `2026-10-05` → `10-05`; other labels unchanged.
fn short_label(s: &str) -> String {
    if s.len() == 10 && s.as_bytes()[4] == b'-' {
        s[5..].to_owned()
    } else {
        s.to_owned()
    }
}

/// `12500` → `12.5k`.
fn compact(y: f64) -> String {
    if y.abs() >= 1_000_000.0 {
        format!("{:.1}M", y / 1_000_000.0)
    } else if y.abs() >= 1_000.0 {
        format!("{:.1}k", y / 1_000.0)
    } else if y.fract() == 0.0 {
        format!("{y:.0}")
    } else {
        format!("{y:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::brand::Theme;

    fn chart(kind: ChartKind) -> Chart {
        Chart {
            title: "Clicks <&>".into(),
            kind,
            points: (1..=20)
                .map(|d| (format!("2026-10-{d:02}"), f64::from(d * 10)))
                .collect(),
        }
    }

    #[test]
    fn svg_escapes_text_and_uses_the_brand_colour() {
        let brand = Brand::igny8();
        let s = svg(&chart(ChartKind::Line), &brand, &Theme::Light.palette(), 900, 320).unwrap();
        assert!(s.starts_with("<svg"));
        assert!(s.contains("Clicks &lt;&amp;&gt;"));
        assert!(
            s.to_uppercase().contains(&brand.primary.hex()[1..]),
            "primary colour used"
        );
        let bars = svg(&chart(ChartKind::Bars), &brand, &Theme::Dark.palette(), 900, 320).unwrap();
        assert!(bars.contains("10-05"));
    }

    #[test]
    fn many_bars_stay_drawable() {
        // two years of weeks on a page-sized chart: narrow bars, never negative widths
        let many = Chart {
            title: "Weeks".into(),
            kind: ChartKind::Bars,
            points: (0..105).map(|w| (format!("w{w}"), f64::from(w % 7))).collect(),
        };
        let s = svg(&many, &Brand::igny8(), &Theme::Light.palette(), 760, 280).unwrap();
        assert!(s.matches("<rect").count() > 90, "the bars are drawn");
        assert!(!s.contains("width=\"-"), "no negative width");
    }
}
