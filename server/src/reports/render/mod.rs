//! Renderers of the document: PDF (genpdf, charts as bitmaps) and HTML (handlebars, charts as SVG).

pub mod charts;
pub mod html;
pub mod pdf;
