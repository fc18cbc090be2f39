//! A plotters drawing backend that writes PDF vector operators, so charts in the PDF are paths
//! and real text (sharp at any zoom, extractable, a few KB each) instead of bitmaps that cost
//! megabytes to rasterise and compress. The operators become a form XObject (see `finish`).
//!
//! Coordinates are plotters' (pixels, y down) on a `width` × `height` canvas; the form flips them.

use std::collections::BTreeMap;
use std::fmt::Write;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontStyle,
    FontTransform,
};

use crate::reports::render::fonts::{Weight, face};

/// A drawing as PDF content: operators in canvas units plus what they use.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawing {
    pub width: u32,
    pub height: u32,
    pub ops: String,
    /// ExtGState names (`/A18`) → opacity, for translucent fills and strokes.
    pub opacity: BTreeMap<String, f64>,
}

/// Font resource names the operators use: the Identity-H fonts of `finish`.
pub const FONT_REGULAR: &str = "R";
pub const FONT_BOLD: &str = "B";

pub struct PdfBackend<'a> {
    out: &'a mut Drawing,
    /// The opacity in effect (percent); forms start opaque.
    opacity: u32,
}

impl<'a> PdfBackend<'a> {
    pub fn new(out: &'a mut Drawing, width: u32, height: u32) -> PdfBackend<'a> {
        *out = Drawing {
            width,
            height,
            ..Drawing::default()
        };
        PdfBackend { out, opacity: 100 }
    }

    fn y(&self, y: i32) -> i32 {
        self.out.height as i32 - y
    }

    /// Sets the fill (`rg`) or stroke (`RG`) colour and its opacity.
    fn color(&mut self, c: BackendColor, stroke: bool) {
        let (r, g, b) = c.rgb;
        let op = if stroke { "RG" } else { "rg" };
        let _ = writeln!(self.out.ops, "{} {} {} {op}", unit(r), unit(g), unit(b));
        let percent = (c.alpha.clamp(0.0, 1.0) * 100.0).round() as u32;
        if percent != self.opacity {
            let name = format!("A{percent}");
            let _ = writeln!(self.out.ops, "/{name} gs");
            self.out.opacity.insert(name, f64::from(percent) / 100.0);
            self.opacity = percent;
        }
    }
}

/// 0–255 as a PDF colour component with at most three decimals.
fn unit(v: u8) -> String {
    let s = format!("{:.3}", f64::from(v) / 255.0);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

type Result<T = ()> = std::result::Result<T, DrawingErrorKind<std::fmt::Error>>;

impl DrawingBackend for PdfBackend<'_> {
    type ErrorType = std::fmt::Error;

    fn get_size(&self) -> (u32, u32) {
        (self.out.width, self.out.height)
    }

    fn ensure_prepared(&mut self) -> Result {
        Ok(())
    }

    fn present(&mut self) -> Result {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result {
        self.draw_rect(point, (point.0 + 1, point.1 + 1), &color, true)
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result {
        self.draw_path([from, to], style)
    }

    fn draw_rect<S: BackendStyle>(&mut self, ul: BackendCoord, br: BackendCoord, style: &S, fill: bool) -> Result {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.color(style.color(), !fill);
        let (x, y) = (ul.0.min(br.0), self.y(ul.1.max(br.1)));
        let (w, h) = ((br.0 - ul.0).abs(), (br.1 - ul.1).abs());
        if fill {
            let _ = writeln!(self.out.ops, "{x} {y} {w} {h} re f");
        } else {
            let _ = writeln!(self.out.ops, "{} w {x} {y} {w} {h} re S", style.stroke_width());
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Result {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let mut ops = String::new();
        for (i, (x, y)) in path.into_iter().enumerate() {
            let _ = write!(ops, "{x} {} {} ", self.y(y), if i == 0 { "m" } else { "l" });
        }
        if ops.is_empty() {
            return Ok(());
        }
        self.color(style.color(), true);
        let _ = writeln!(self.out.ops, "{} w 1 J 1 j {ops}S", style.stroke_width());
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> Result {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.color(style.color(), !fill);
        // four Bézier quarter arcs; k is the usual control-point distance for a circle
        let (cx, cy, r) = (f64::from(center.0), f64::from(self.y(center.1)), f64::from(radius));
        let k = 0.5523 * r;
        let _ = write!(
            self.out.ops,
            "{:.1} {cy:.1} m {:.1} {:.1} {:.1} {:.1} {cx:.1} {:.1} c {:.1} {:.1} {:.1} {:.1} {:.1} {cy:.1} c \
             {:.1} {:.1} {:.1} {:.1} {cx:.1} {:.1} c {:.1} {:.1} {:.1} {:.1} {:.1} {cy:.1} c ",
            cx + r,
            cx + r,
            cy + k,
            cx + k,
            cy + r,
            cy + r,
            cx - k,
            cy + r,
            cx - r,
            cy + k,
            cx - r,
            cx - r,
            cy - k,
            cx - k,
            cy - r,
            cy - r,
            cx + k,
            cy - r,
            cx + r,
            cy - k,
            cx + r,
        );
        if fill {
            let _ = writeln!(self.out.ops, "f");
        } else {
            let _ = writeln!(self.out.ops, "{} w S", style.stroke_width());
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Result {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let mut ops = String::new();
        for (i, (x, y)) in vert.into_iter().enumerate() {
            let _ = write!(ops, "{x} {} {} ", self.y(y), if i == 0 { "m" } else { "l" });
        }
        if ops.is_empty() {
            return Ok(());
        }
        self.color(style.color(), false);
        let _ = writeln!(self.out.ops, "{ops}h f");
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, style: &T, pos: BackendCoord) -> Result {
        let color = style.color();
        if color.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let (weight, font) = match style.style() {
            FontStyle::Bold => (Weight::Bold, FONT_BOLD),
            _ => (Weight::Regular, FONT_REGULAR),
        };
        let f = face(weight);
        let size = style.size();
        let (w, h) = (f.width(text, size), f.height_at(size));
        let dx = match style.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Center => -w / 2.0,
            HPos::Right => -w,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0.0,
            VPos::Center => -h / 2.0,
            VPos::Bottom => -h,
        };
        // offset from the anchor to the baseline start, in canvas coordinates (y down), then rotated
        let (ox, oy) = (dx, dy + f.ascent_at(size));
        let (a, b, c, d, tx, ty) = match style.transform() {
            FontTransform::None => (1.0, 0.0, 0.0, 1.0, ox, oy),
            FontTransform::Rotate90 => (0.0, -1.0, 1.0, 0.0, -oy, ox),
            FontTransform::Rotate180 => (-1.0, 0.0, 0.0, -1.0, -ox, -oy),
            FontTransform::Rotate270 => (0.0, 1.0, -1.0, 0.0, oy, -ox),
        };
        let x = f64::from(pos.0) + tx;
        let y = f64::from(self.y(pos.1)) - ty;
        self.color(color, false);
        let _ = writeln!(
            self.out.ops,
            "BT /{font} {size:.1} Tf {a} {b} {c} {d} {x:.1} {y:.1} Tm {} Tj ET",
            f.hex_glyphs(text)
        );
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(&self, text: &str, style: &T) -> Result<(u32, u32)> {
        let f = face(match style.style() {
            FontStyle::Bold => Weight::Bold,
            _ => Weight::Regular,
        });
        let size = style.size();
        Ok((f.width(text, size).ceil() as u32, f.height_at(size).ceil() as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    #[test]
    fn shapes_and_text_become_operators() {
        let mut drawing = Drawing::default();
        {
            let root = PdfBackend::new(&mut drawing, 200, 100).into_drawing_area();
            root.fill(&WHITE).unwrap();
            root.draw(&Rectangle::new([(10, 10), (20, 30)], RED.mix(0.5).filled()))
                .unwrap();
            root.draw(&PathElement::new(
                vec![(0, 0), (50, 50)],
                plotters::style::Color::stroke_width(&BLUE, 3),
            ))
            .unwrap();
            root.draw(&Text::new("Clicks", (5, 5), ("sans-serif", 12.0).into_font()))
                .unwrap();
            root.present().unwrap();
        }
        assert_eq!((drawing.width, drawing.height), (200, 100));
        let ops = &drawing.ops;
        assert!(ops.contains("0 0 200 100 re f"), "background: {ops}");
        assert!(
            ops.contains("1 0 0 rg") && ops.contains("10 70 10 20 re f"),
            "y is flipped: {ops}"
        );
        assert!(ops.contains("3 w 1 J 1 j 0 100 m 50 50 l S"), "{ops}");
        assert!(ops.contains("BT /R 12.0 Tf") && ops.contains("Tj ET"), "{ops}");
        assert_eq!(drawing.opacity.get("A50"), Some(&0.5));
        assert_eq!(
            drawing.opacity.get("A100"),
            Some(&1.0),
            "back to opaque after the translucent fill"
        );
        assert!(ops.find("/A50 gs").unwrap() < ops.find("/A100 gs").unwrap());
    }

    #[test]
    fn colour_components() {
        assert_eq!(unit(255), "1");
        assert_eq!(unit(0), "0");
        assert_eq!(unit(51), "0.2");
    }
}
