//! The design system: the pieces every page is built from (with `style/main.css`).

pub mod chart;
pub mod error_panel;
pub mod feedback;
pub mod form;
pub mod header;
pub mod islands;
pub mod kpi;
pub mod shell;
pub mod table;
pub mod widgets;
