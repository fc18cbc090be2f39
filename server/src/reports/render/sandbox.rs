//! Report templates are data, never code. An account's owner writes them, Alorig staff open what
//! they render, and a scheduled batch renders them unattended, so a template may print the
//! report's values and nothing else:
//!
//! - **before it is parsed**, its blocks may nest at most `MAX_BLOCK_DEPTH` deep and its
//!   sub-expressions `MAX_PAREN_DEPTH` deep (the parser and the renderer recurse);
//! - **once parsed**, partials (`{{> x}}`), inline partials (`{{#*inline}}`), decorators
//!   (`{{* x}}`), `log` and unescaped output are refused, with the line they are on;
//! - **rendering** runs on a thread of its own with a large stack, where a panic is an error,
//!   within an output budget (`MAX_OUTPUT_BYTES`) and a time budget (`TIME_BUDGET`), at most
//!   `MAX_CONCURRENT` at once (a runaway render holds its slot until it ends, so they cannot pile
//!   up);
//! - **its output** is cleaned with an allow-list HTML sanitizer (`clean`): no scripts, event
//!   handlers, frames, objects, forms, styles, remote images or links other than http(s)/mailto.

use std::io::Write;
use std::time::{Duration, Instant};

use handlebars::template::{Parameter, Template, TemplateElement};

use crate::error::{AppError, AppResult};

/// Blocks (`{{#each}}`, `{{#if}}`, chained `{{else if}}`) inside one another.
pub const MAX_BLOCK_DEPTH: usize = 12;
/// Sub-expressions inside one another: `(eq (len rows) 0)` is two.
pub const MAX_PAREN_DEPTH: usize = 8;
/// What one rendering may print.
pub const MAX_OUTPUT_BYTES: usize = 8 * 1024 * 1024;
/// How long one rendering may take.
pub const TIME_BUDGET: Duration = Duration::from_secs(2);
/// Renderings at once in this process.
pub const MAX_CONCURRENT: usize = 4;
/// The rendering thread's stack: far more than `MAX_BLOCK_DEPTH` needs.
const STACK_BYTES: usize = 16 * 1024 * 1024;

fn refused(line: usize, what: &str) -> AppError {
    AppError::invalid("template_html", format!("line {line}: {what}"))
}

/// Checks a template's source and parses it. Every failure names the line.
pub fn parse(source: &str) -> AppResult<Template> {
    prescan(source)?;
    let template = Template::compile(source).map_err(|e| {
        AppError::invalid(
            "template_html",
            match e.pos() {
                Some((line, column)) => format!("line {line}, column {column}: {}", e.reason()),
                None => format!("is not a valid template: {}", e.reason()),
            },
        )
    })?;
    walk(&template, source)?;
    Ok(template)
}

/// Nesting and unescaped output, read from the text before the parser (which recurses) sees it.
fn prescan(source: &str) -> AppResult<()> {
    let line_at = |at: usize| source[..at].bytes().filter(|b| *b == b'\n').count() + 1;
    // per open block, how deep it counts (1, plus one per chained `else if`)
    let mut blocks: Vec<usize> = Vec::new();
    let mut rest = 0;
    while let Some(found) = source[rest..].find("{{") {
        let start = rest + found;
        let inner_start = start + 2;
        let bytes = source.as_bytes();
        // comments: `{{!-- … --}}` may hold `}}`; `{{! … }}` may not
        if source[inner_start..].starts_with("!--") {
            rest = source[inner_start..]
                .find("--}}")
                .map_or(source.len(), |end| inner_start + end + 4);
            continue;
        }
        if matches!(bytes.get(inner_start), Some(b'{' | b'&')) {
            return Err(unescaped(line_at(start)));
        }
        let Some(len) = source[inner_start..].find("}}") else {
            break; // the parser reports the unclosed tag
        };
        let inner = &source[inner_start..inner_start + len];
        rest = inner_start + len + 2;
        let body = inner.trim_start_matches('~').trim_start();
        if body.starts_with(['{', '&']) {
            return Err(unescaped(line_at(start)));
        }
        let mut parens: usize = 0;
        for c in body.chars() {
            match c {
                '(' => {
                    parens += 1;
                    if parens > MAX_PAREN_DEPTH {
                        return Err(refused(
                            line_at(start),
                            &format!("sub-expressions are nested more than {MAX_PAREN_DEPTH} deep"),
                        ));
                    }
                }
                ')' => parens = parens.saturating_sub(1),
                _ => {}
            }
        }
        let word = body.split_whitespace().next().unwrap_or("");
        if body.starts_with('#') || (body.starts_with('^') && body.len() > 1) {
            blocks.push(1);
        } else if body.starts_with('/') {
            blocks.pop();
        } else if word.trim_end_matches('~') == "else"
            && body.split_whitespace().nth(1).is_some()
            && let Some(top) = blocks.last_mut()
        {
            *top += 1;
        }
        if blocks.iter().sum::<usize>() > MAX_BLOCK_DEPTH {
            return Err(refused(
                line_at(start),
                &format!("blocks are nested more than {MAX_BLOCK_DEPTH} deep"),
            ));
        }
    }
    Ok(())
}

fn unescaped(line: usize) -> AppError {
    refused(
        line,
        "prints unescaped output ({{{…}}}, {{&…}} and raw blocks are not allowed; use {{styles}} and {{chart index}})",
    )
}

/// What a parsed template may not contain.
fn walk(t: &Template, source: &str) -> AppResult<()> {
    for (i, element) in t.elements.iter().enumerate() {
        let line = t.mapping.get(i).map_or(0, |m| m.0);
        let line = if line == 0 { guess_line(source, element) } else { line };
        match element {
            TemplateElement::PartialExpression(_) | TemplateElement::PartialBlock(_) => {
                return Err(refused(line, "partials ({{> …}}) are not allowed"));
            }
            TemplateElement::DecoratorExpression(_) | TemplateElement::DecoratorBlock(_) => {
                return Err(refused(
                    line,
                    "decorators and inline partials ({{* …}}, {{#*inline …}}) are not allowed",
                ));
            }
            TemplateElement::HtmlExpression(_) => return Err(unescaped(line)),
            TemplateElement::Expression(h) | TemplateElement::HelperBlock(h) => {
                check_call(&h.name, &h.params, h.hash.values(), line)?;
                for inner in [&h.template, &h.inverse].into_iter().flatten() {
                    walk(inner, source)?;
                }
            }
            TemplateElement::RawString(_) | TemplateElement::Comment(_) => {}
            // what a later handlebars adds is refused until it is known to be data
            _ => return Err(refused(line, "this construct is not allowed")),
        }
    }
    Ok(())
}

fn check_call<'a>(
    name: &Parameter,
    params: &'a [Parameter],
    hash: impl Iterator<Item = &'a Parameter>,
    line: usize,
) -> AppResult<()> {
    if name.as_name() == Some("log") {
        return Err(refused(line, "`log` is not allowed"));
    }
    for p in params.iter().chain(hash) {
        if let Parameter::Subexpression(sub) = p {
            match sub.element.as_ref() {
                TemplateElement::Expression(h) | TemplateElement::HelperBlock(h) => {
                    check_call(&h.name, &h.params, h.hash.values(), line)?;
                }
                _ => return Err(refused(line, "this sub-expression is not allowed")),
            }
        }
    }
    Ok(())
}

/// The parser keeps no position for some elements: point at the first line holding the
/// construct's opening characters.
fn guess_line(source: &str, element: &TemplateElement) -> usize {
    let needle = match element {
        TemplateElement::PartialExpression(_) | TemplateElement::PartialBlock(_) => ">",
        TemplateElement::DecoratorExpression(_) | TemplateElement::DecoratorBlock(_) => "*",
        _ => "log",
    };
    source
        .lines()
        .position(|l| l.contains("{{") && l.contains(needle))
        .map_or(1, |i| i + 1)
}

/// The CSS of a template: it goes into a `<style>` element, so it may not hold markup, and it
/// may load nothing (`@import`, `url()` other than `data:`) nor run anything (`expression()`,
/// bindings, `javascript:`).
pub fn check_css(css: &str) -> AppResult<()> {
    let bad = |why: &str| AppError::invalid("template_css", why.to_owned());
    if css.contains('<') {
        return Err(bad("may not contain `<` (no markup inside CSS)"));
    }
    if css.contains('\\') {
        return Err(bad("may not contain `\\` escapes"));
    }
    let lower = css.to_ascii_lowercase();
    for word in [
        "@import",
        "expression(",
        "javascript:",
        "-moz-binding",
        "behavior:",
        "@namespace",
    ] {
        if lower.contains(word) {
            return Err(bad(&format!("may not use `{word}`")));
        }
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("url(") {
        let arg = rest[at + 4..].trim_start().trim_start_matches(['"', '\'']);
        if !arg.starts_with("data:image/") {
            return Err(bad("may load nothing: `url()` takes only data:image/… URLs"));
        }
        rest = &rest[at + 4..];
    }
    Ok(())
}

/// A style attribute is kept when it loads and runs nothing (the checks of `check_css`).
fn safe_inline_style(value: &str) -> bool {
    check_css(value).is_ok() && !value.to_ascii_lowercase().contains("url(")
}

/// Renderings running in this process, and the condition their end signals.
static RUNNING: (std::sync::Mutex<usize>, std::sync::Condvar) = (std::sync::Mutex::new(0), std::sync::Condvar::new());

/// A rendering's place among the `MAX_CONCURRENT`; given back when its thread ends, however it
/// ends.
struct Slot;

impl Slot {
    /// Waits up to `wait` for a free place.
    fn take(wait: Duration) -> Option<Slot> {
        let (count, freed) = &RUNNING;
        let deadline = Instant::now() + wait;
        let mut n = count.lock().unwrap_or_else(|e| e.into_inner());
        while *n >= MAX_CONCURRENT {
            let left = deadline.checked_duration_since(Instant::now())?;
            n = freed.wait_timeout(n, left).unwrap_or_else(|e| e.into_inner()).0;
        }
        *n += 1;
        Some(Slot)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let (count, freed) = &RUNNING;
        *count.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        freed.notify_one();
    }
}

/// Where a rendering writes: a buffer that refuses to grow past the output budget or to be
/// written to after the time budget.
pub struct Budget {
    out: Vec<u8>,
    deadline: Instant,
}

impl Write for Budget {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.out.len() + buf.len() > MAX_OUTPUT_BYTES {
            return Err(std::io::Error::other(format!(
                "prints more than {} MB",
                MAX_OUTPUT_BYTES / (1024 * 1024)
            )));
        }
        if Instant::now() > self.deadline {
            return Err(std::io::Error::other(format!(
                "takes longer than {} s",
                TIME_BUDGET.as_secs()
            )));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `render` on a thread of its own and returns what it wrote into the `Budget`. A panic,
/// a budget exceeded or a render still running after the time budget is an error on
/// `template_html`; this process carries on.
pub fn isolated<F>(render: F) -> AppResult<String>
where
    F: FnOnce(&mut Budget) -> AppResult<()> + Send + 'static,
{
    let slot = Slot::take(TIME_BUDGET).ok_or_else(|| {
        AppError::Unavailable("too many report templates are being rendered; try again shortly".into())
    })?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("template".into())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            let _slot = slot;
            let mut budget = Budget {
                out: Vec::new(),
                deadline: Instant::now() + TIME_BUDGET,
            };
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render(&mut budget)));
            let _ = tx.send(match result {
                Ok(Ok(())) => String::from_utf8(budget.out)
                    .map_err(|_| AppError::invalid("template_html", "cannot render: prints text that is not UTF-8")),
                Ok(Err(e)) => Err(e),
                Err(_) => Err(AppError::invalid(
                    "template_html",
                    "cannot render: stopped with an internal error",
                )),
            });
        })
        .map_err(|e| AppError::internal(format!("template thread: {e}")))?;
    rx.recv_timeout(TIME_BUDGET + Duration::from_millis(500))
        .unwrap_or_else(|_| {
            Err(AppError::invalid(
                "template_html",
                format!("cannot render: takes longer than {} s", TIME_BUDGET.as_secs()),
            ))
        })
}

/// The element a chart is printed as (`{{chart i}}`), replaced by the chart's SVG after the
/// output is cleaned: the sanitizer never sees the SVG, and text cannot forge the element (its
/// `<` would be escaped).
pub const CHART_TAG: &str = "igny8-chart";

pub fn chart_placeholder(index: usize) -> String {
    format!("<{CHART_TAG} data-index=\"{index}\"></{CHART_TAG}>")
}

/// The template's output with only allowed markup left (see the module's documentation), and the
/// charts put in their places.
pub fn clean(html: &str, charts: &[String]) -> String {
    use std::collections::{HashMap, HashSet};
    let tags: HashSet<&str> = [
        "a",
        "abbr",
        "article",
        "aside",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "main",
        "mark",
        "nav",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
        CHART_TAG,
    ]
    .into_iter()
    .collect();
    let tag_attributes: HashMap<&str, HashSet<&str>> = [
        ("a", ["href"].into_iter().collect()),
        ("img", ["src", "alt", "width", "height"].into_iter().collect()),
        ("td", ["colspan", "rowspan"].into_iter().collect()),
        ("th", ["colspan", "rowspan", "scope"].into_iter().collect()),
        ("col", ["span"].into_iter().collect()),
        ("ol", ["start", "reversed"].into_iter().collect()),
        ("time", ["datetime"].into_iter().collect()),
        (CHART_TAG, ["data-index"].into_iter().collect()),
    ]
    .into_iter()
    .collect();
    let cleaned = ammonia::Builder::default()
        .tags(tags)
        .clean_content_tags(
            ["script", "style", "template", "title", "noscript", "iframe", "object"]
                .into_iter()
                .collect(),
        )
        .generic_attributes(
            ["class", "id", "title", "lang", "dir", "role", "style"]
                .into_iter()
                .collect(),
        )
        .tag_attributes(tag_attributes)
        .url_schemes(["http", "https", "mailto", "data"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer nofollow"))
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| {
            let lower = value.trim().to_ascii_lowercase();
            match (element, attribute) {
                // images only from the document itself: no remote resources
                ("img", "src") => (lower.starts_with("data:image/png;base64,")
                    || lower.starts_with("data:image/jpeg;base64,"))
                .then(|| value.into()),
                (_, "href") => (!lower.starts_with("data:")).then(|| value.into()),
                (_, "style") => safe_inline_style(value).then(|| value.into()),
                _ => Some(value.into()),
            }
        })
        .clean(html)
        .to_string();
    let mut out = cleaned;
    for (i, svg) in charts.iter().enumerate() {
        out = out.replace(&chart_placeholder(i), svg);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(source: &str) -> String {
        parse(source).map(|_| ()).unwrap_err().to_string()
    }

    #[test]
    fn partials_decorators_and_log_are_refused_with_their_line() {
        let crash = r#"{{#*inline "a"}}{{> a}}{{/inline}}{{> a}}"#;
        let e = refusal(crash);
        assert!(e.starts_with("template_html: line 1:"), "{e}");
        assert!(e.contains("inline partials"), "{e}");
        let e = refusal("<p>ok</p>\n<div>\n{{> header}}\n</div>");
        assert!(e.contains("line 3") && e.contains("partials"), "{e}");
        let e = refusal("a\n{{#> layout}}x{{/layout}}");
        assert!(e.contains("line 2") && e.contains("partials"), "{e}");
        let e = refusal("{{* decorator}}");
        assert!(e.contains("decorators"), "{e}");
        let e = refusal("x\ny\n{{log client}}");
        assert!(e.contains("line 3") && e.contains("`log`"), "{e}");
        let e = refusal("{{#if (log client)}}x{{/if}}");
        assert!(e.contains("`log`"), "{e}");
        let e = refusal("{{#each sections}}\n{{#if title}}\n{{> nested}}{{/if}}{{/each}}");
        assert!(e.contains("line 3") && e.contains("partials"), "{e}");
        parse("{{#each sections}}{{#if title}}<h2>{{title}}</h2>{{else}}-{{/if}}{{/each}}").unwrap();
        parse("{{!-- {{> not a partial, a comment}} --}}{{client}}").unwrap();
    }

    #[test]
    fn deep_nesting_is_refused_before_the_parser_sees_it() {
        let deep = format!("{}x{}", "{{#if a}}".repeat(20_000), "{{/if}}".repeat(20_000));
        let e = refusal(&deep);
        assert!(e.contains("line 1") && e.contains("nested more than 12"), "{e}");
        let chain = format!("{{{{#if a}}}}{}{{{{/if}}}}", "{{else if b}}x".repeat(5000));
        assert!(refusal(&chain).contains("nested more than 12"));
        let parens = format!("{{{{eq {}a{} b}}}}", "(eq ".repeat(5000), ")".repeat(5000));
        assert!(refusal(&parens).contains("sub-expressions"));
        let ok = format!("{}x{}", "{{#if a}}".repeat(12), "{{/if}}".repeat(12));
        parse(&ok).unwrap();
        // siblings do not add up
        parse(&"{{#if a}}x{{/if}}".repeat(5000)).unwrap();
    }

    #[test]
    fn unescaped_output_is_refused() {
        for raw in [
            "{{{client}}}",
            "{{&client}}",
            "{{~{client}~}}",
            "{{{{raw}}}}{{client}}{{{{/raw}}}}",
            "{{ &client}}",
        ] {
            assert!(refusal(raw).contains("unescaped"), "{raw}");
        }
    }

    #[test]
    fn css_that_loads_runs_or_breaks_out_is_refused() {
        check_css("h1{color:red} .x{background:url(data:image/png;base64,AAAA)}").unwrap();
        for bad in [
            "</style><script>x</script>",
            "@import url(https://evil.example/x.css);",
            "body{background:url(https://evil.example/track.png)}",
            "body{background:url( 'http://evil.example/')}",
            "p{width:expression(alert(1))}",
            "a{-moz-binding:url(x)}",
            "p{content:'\\3c script'}",
        ] {
            assert_eq!(check_css(bad).unwrap_err().field(), Some("template_css"), "{bad}");
        }
    }

    #[test]
    fn output_keeps_content_and_drops_code() {
        let dirty = r#"<h1 class="t" onclick="x()">Title</h1><script>alert(1)</script>
<img src=x onerror=alert(1)><img src="data:image/png;base64,iVBOR" alt="logo">
<a href="javascript:alert(1)">j</a><a href="https://agency.example/">site</a><a href="data:text/html,x">d</a>
<iframe src="https://evil.example"></iframe><object data="x"></object><form action="/x"><input name="a"></form>
<style>body{}</style><p style="color:red">red</p><p style="background:url(https://e.example/t.png)">bg</p>
<svg><script>alert(1)</script></svg><math><mi xlink:href="javascript:alert(1)">m</mi></math>
<div>{CHART}</div><igny8-chart data-index="9"></igny8-chart>"#
            .replace("{CHART}", &chart_placeholder(0));
        let out = clean(&dirty, &["<svg id=\"c0\"></svg>".to_owned()]);
        let lower = out.to_ascii_lowercase();
        for gone in [
            "<script",
            "onclick",
            "onerror",
            "javascript:",
            "<iframe",
            "<object",
            "<form",
            "<input",
            "<style",
            "url(https",
            "data:text/html",
            "<math",
            "src=\"x\"",
        ] {
            assert!(!lower.contains(gone), "{gone} survived: {out}");
        }
        for kept in [
            r#"<h1 class="t">Title</h1>"#,
            r#"<img src="data:image/png;base64,iVBOR" alt="logo">"#,
            r#"<a href="https://agency.example/" rel="noopener noreferrer nofollow">site</a>"#,
            r#"<p style="color:red">red</p>"#,
            r#"<div><svg id="c0"></svg></div>"#,
        ] {
            assert!(out.contains(kept), "{kept} missing: {out}");
        }
        assert!(
            out.contains(r#"<igny8-chart data-index="9"></igny8-chart>"#),
            "no chart 9: left as an empty element"
        );
    }

    #[test]
    fn data_images_survive_cleaning_byte_for_byte() {
        use base64::Engine;
        let png = include_bytes!("../../../../public/igny8-logo.png");
        let src = format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(png)
        );
        let img = format!(r#"<img src="{src}" alt="logo">"#);
        assert_eq!(clean(&img, &[]), img);
    }

    #[test]
    fn a_panic_or_an_overrun_is_an_error_and_the_process_goes_on() {
        let e = isolated(|_| panic!("boom")).unwrap_err();
        assert_eq!(e.field(), Some("template_html"));
        let fail = |e: std::io::Error| AppError::invalid("template_html", format!("cannot render: {e}"));
        let e = isolated(move |b| {
            let chunk = vec![b'x'; 1024 * 1024];
            for _ in 0..20 {
                b.write_all(&chunk).map_err(fail)?;
            }
            Ok(())
        })
        .unwrap_err();
        assert!(e.to_string().contains("more than 8 MB"), "{e}");
        let e = isolated(|_| {
            std::thread::sleep(TIME_BUDGET + Duration::from_secs(1));
            Ok(())
        })
        .unwrap_err();
        assert!(e.to_string().contains("longer than 2 s"), "{e}");
        assert_eq!(isolated(move |b| b.write_all(b"fine").map_err(fail)).unwrap(), "fine");
    }
}
