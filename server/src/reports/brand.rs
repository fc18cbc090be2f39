//! Whose name, colours, logo and contact details a report carries: IGNY8's by default, or an
//! agency's (`AgencyBranding`) for white-label reports — then nothing says IGNY8 or Alorig.

use crate::error::{AppError, AppResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#RRGGBB`; `field` names the input in the error.
    pub fn parse(hex: &str, field: &str) -> AppResult<Rgb> {
        let bad = || AppError::invalid(field, format!("`{hex}` is not a colour like #1F3A93"));
        let digits = hex.trim().strip_prefix('#').ok_or_else(bad)?;
        if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let byte = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).map_err(|_| bad());
        Ok(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    /// The WCAG contrast ratio of two colours (1 to 21).
    pub fn contrast(self, other: Rgb) -> f64 {
        fn luminance(c: Rgb) -> f64 {
            let lin = |v: u8| {
                let s = f64::from(v) / 255.0;
                if s <= 0.039_28 {
                    s / 12.92
                } else {
                    ((s + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
        }
        let (a, b) = (luminance(self), luminance(other));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

/// Light or dark pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn parse(s: &str) -> AppResult<Theme> {
        match s {
            "light" => Ok(Theme::Light),
            "dark" => Ok(Theme::Dark),
            other => Err(AppError::invalid("theme", format!("`{other}` is not light or dark"))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn palette(self) -> Palette {
        match self {
            Theme::Light => Palette {
                page: Rgb(0xFF, 0xFF, 0xFF),
                text: Rgb(0x1B, 0x22, 0x33),
                muted: Rgb(0x5B, 0x64, 0x78),
                tile: Rgb(0xF3, 0xF5, 0xF9),
                grid: Rgb(0xE3, 0xE6, 0xEE),
                good: Rgb(0x12, 0x7A, 0x3D),
                bad: Rgb(0xB4, 0x23, 0x18),
            },
            Theme::Dark => Palette {
                page: Rgb(0x12, 0x16, 0x22),
                text: Rgb(0xE8, 0xEB, 0xF2),
                muted: Rgb(0xA0, 0xA8, 0xBA),
                tile: Rgb(0x1E, 0x24, 0x34),
                grid: Rgb(0x33, 0x3B, 0x4F),
                good: Rgb(0x4A, 0xDE, 0x80),
                bad: Rgb(0xF8, 0x71, 0x71),
            },
        }
    }
}

/// The colours of a theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    pub page: Rgb,
    pub text: Rgb,
    pub muted: Rgb,
    pub tile: Rgb,
    pub grid: Rgb,
    pub good: Rgb,
    pub bad: Rgb,
}

/// A logo ready to print on one theme's pages: transparency flattened onto the page colour,
/// encoded once for each renderer.
#[derive(Clone, Debug, PartialEq)]
pub struct Raster {
    pub width: u32,
    pub height: u32,
    /// PNG, for the HTML (a data: URL).
    pub png: Vec<u8>,
    /// Deflated RGB pixels, for the PDF (an image XObject).
    pub deflated: Vec<u8>,
}

/// A logo prepared for both themes.
#[derive(Clone, Debug, PartialEq)]
pub struct Logo {
    pub light: Raster,
    pub dark: Raster,
}

impl Logo {
    pub fn for_theme(&self, theme: Theme) -> &Raster {
        match theme {
            Theme::Light => &self.light,
            Theme::Dark => &self.dark,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Brand {
    pub name: String,
    pub white_label: bool,
    pub primary: Rgb,
    pub secondary: Rgb,
    pub contact_email: String,
    pub contact_phone: String,
    pub website: String,
    pub footer_text: String,
    pub logo: Option<std::sync::Arc<Logo>>,
}

/// Longest brand name accepted (the column's limit).
pub const MAX_BRAND_NAME: usize = 200;

impl Brand {
    /// IGNY8's own branding, for reports that are not white-label.
    pub fn igny8() -> Brand {
        Brand {
            name: "IGNY8".into(),
            white_label: false,
            primary: Rgb(0x43, 0x38, 0xCA),
            secondary: Rgb(0x0E, 0xA5, 0xE9),
            contact_email: "reports@igny8.com".into(),
            contact_phone: String::new(),
            website: "https://igny8.com".into(),
            footer_text: "IGNY8 · Managed SEO by Alorig".into(),
            logo: Some(super::logo::IGNY8.clone()),
        }
    }

    /// An agency's branding; validates what reports print (name, colours).
    #[allow(clippy::too_many_arguments)]
    pub fn agency(
        name: &str,
        primary: &str,
        secondary: &str,
        contact_email: &str,
        contact_phone: &str,
        website: &str,
        footer_text: &str,
    ) -> AppResult<Brand> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_BRAND_NAME {
            return Err(AppError::invalid(
                "brand_name",
                format!("must be 1–{MAX_BRAND_NAME} characters"),
            ));
        }
        if name.contains(['<', '>']) || name.chars().any(char::is_control) {
            return Err(AppError::invalid(
                "brand_name",
                "must be plain text (no markup or control characters)",
            ));
        }
        Ok(Brand {
            name: name.to_owned(),
            white_label: true,
            primary: Rgb::parse(primary, "primary_color")?,
            secondary: Rgb::parse(secondary, "secondary_color")?,
            contact_email: contact_email.trim().to_owned(),
            contact_phone: contact_phone.trim().to_owned(),
            website: website.trim().to_owned(),
            footer_text: footer_text.trim().to_owned(),
            logo: None,
        })
    }

    /// The contact line of the footer: email · phone · website, whichever exist.
    pub fn contact_line(&self) -> String {
        [&self.contact_email, &self.contact_phone, &self.website]
            .into_iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_names_are_validated() {
        assert_eq!(Rgb::parse("#1f3a93", "primary_color").unwrap(), Rgb(0x1F, 0x3A, 0x93));
        for bad in ["1F3A93", "#1F3A9", "#GGGGGG", "#1F3A93FF", "red"] {
            assert_eq!(
                Rgb::parse(bad, "primary_color").unwrap_err().field(),
                Some("primary_color"),
                "{bad}"
            );
        }
        let e = Brand::agency("<script>x</script>", "#000000", "#FFFFFF", "", "", "", "").unwrap_err();
        assert_eq!(e.field(), Some("brand_name"));
        let e = Brand::agency("Ok", "#000000", "blue", "", "", "", "").unwrap_err();
        assert_eq!(e.field(), Some("secondary_color"));
        assert_eq!(
            Brand::agency(&"x".repeat(201), "#000000", "#000000", "", "", "", "")
                .unwrap_err()
                .field(),
            Some("brand_name")
        );
        let b = Brand::agency(
            "Northstar",
            "#000000",
            "#FFFFFF",
            "a@b.example",
            "",
            "https://n.example",
            "",
        )
        .unwrap();
        assert_eq!(b.contact_line(), "a@b.example · https://n.example");
    }
}
