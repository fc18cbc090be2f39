//! Renderers of the document: PDF (genpdf, charts as vector paths) and HTML (handlebars, charts
//! as SVG).

pub mod charts;
pub mod fonts;
pub mod html;
pub mod pdf;
pub mod sandbox;
