//! A chart drawn on the server by the report's own chart code (plotters, the same as the PDF's),
//! inlined as SVG once per UI theme; the stylesheet shows the one that fits.

use leptos::prelude::*;

use crate::types::dashboard::ThemedChart;

#[component]
pub fn Chart(chart: ThemedChart, #[prop(optional, into)] test: Option<String>) -> impl IntoView {
    view! {
        <figure class="chart" data-test=test aria-label=chart.title.clone()>
            <div class="for-light" inner_html=chart.light></div>
            <div class="for-dark" inner_html=chart.dark></div>
        </figure>
    }
}
