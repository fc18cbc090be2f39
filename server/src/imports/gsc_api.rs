//! Search Console's Search Analytics API response (`searchanalytics.query`): `rows[]` with
//! `keys` in the order of the request's dimensions, `clicks`, `impressions`, `ctr` (a fraction)
//! and `position`, and `responseAggregationType`. The response does not name its dimensions, so
//! they are read off the keys of the first rows (a date, a URL, a device, a country code, else a
//! query). One dimension is stored, or the query by country (what rankings by country read), by
//! day when the rows carry the date, else over the days the importer says the request asked for
//! (the response does not say). Rows by two dimensions are also added up into each one whose
//! totals they give exactly (`exact_rollup`: a query's, from its rows by country or device; a
//! country's from rows by device; a page's from rows by country or device), kept in memory until
//! the end; any other row is streamed, never held whole.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;

use app::types::import::ImportNote;
use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::text::note;
use super::{BATCH_ROWS, GscRow, Sink, SiteHost};
use crate::reports::period::Period;

/// How many rows are looked at to tell what each key is.
const SAMPLE_ROWS: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Date,
    Page,
    Device,
    Country,
    Query,
}

impl Key {
    fn of(value: &str) -> Key {
        if NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok() {
            Key::Date
        } else if value.starts_with("https://") || value.starts_with("http://") {
            Key::Page
        } else if matches!(value, "DESKTOP" | "MOBILE" | "TABLET") {
            Key::Device
        } else if country(value).is_some() {
            Key::Country
        } else {
            Key::Query
        }
    }

    fn name(self) -> &'static str {
        match self {
            Key::Date => "date",
            Key::Page => "page",
            Key::Device => "device",
            Key::Country => "country",
            Key::Query => "query",
        }
    }
}

#[derive(Deserialize)]
struct ApiRow {
    #[serde(default)]
    keys: Vec<String>,
    clicks: f64,
    impressions: f64,
    ctr: f64,
    position: f64,
}

#[derive(Deserialize)]
struct ApiError {
    code: Option<i64>,
    message: Option<String>,
    status: Option<String>,
}

/// Reads a response, handing the rows to `sink` in batches; the first fault stops it.
/// `dates`: the days a response without the date dimension sums (its request's range).
pub fn parse(
    reader: impl Read,
    site: &SiteHost,
    dates: Option<Period>,
    sink: &mut Sink<'_, GscRow>,
) -> Result<(), ImportNote> {
    let state = RefCell::new(State {
        site,
        dates,
        rollups: Vec::new(),
        sums: BTreeMap::new(),
        sink,
        sample: Vec::new(),
        keys: None,
        batch: Vec::new(),
        rows: 0,
        fault: None,
        saw_rows: false,
    });
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, reader));
    let outcome = Response(&state).deserialize(&mut de).and_then(|()| de.end());
    let mut state = state.into_inner();
    if let Some(fault) = state.fault.take() {
        return Err(fault);
    }
    if let Err(e) = outcome {
        let row = (state.rows > 0).then_some(state.rows as i64 + 1);
        return Err(note(row, "", format!("not a Search Analytics response: {e}")));
    }
    state.finish()
}

/// A row added up: (day, until, dimension, value); its sums are (clicks, impressions, Σ position
/// × impressions).
type SumKey = (NaiveDate, Option<NaiveDate>, &'static str, String);

struct State<'a, 's> {
    site: &'a SiteHost,
    dates: Option<Period>,
    /// Of rows keyed by two dimensions: those each row is also added up into (`exact_rollup`).
    rollups: Vec<Key>,
    /// The sums of those.
    sums: BTreeMap<SumKey, (i64, i64, f64)>,
    sink: &'a mut Sink<'s, GscRow>,
    /// The first rows, kept until the keys are known.
    sample: Vec<ApiRow>,
    keys: Option<Vec<Key>>,
    batch: Vec<GscRow>,
    rows: usize,
    fault: Option<ImportNote>,
    saw_rows: bool,
}

impl State<'_, '_> {
    fn push(&mut self, row: ApiRow) -> Result<(), ImportNote> {
        self.rows += 1;
        if self.keys.is_none() {
            self.sample.push(row);
            return if self.sample.len() == SAMPLE_ROWS {
                self.settle()
            } else {
                Ok(())
            };
        }
        self.take(self.rows, row)
    }

    /// Decides what each key is from the sample, then takes the sampled rows.
    fn settle(&mut self) -> Result<(), ImportNote> {
        let width = self.sample.first().map_or(0, |r| r.keys.len());
        let mut keys = vec![Key::Date; width];
        for (i, row) in self.sample.iter().enumerate() {
            if row.keys.len() != width {
                return Err(note(
                    Some(i as i64 + 1),
                    "keys",
                    format!("{} keys where the first row has {width}", row.keys.len()),
                ));
            }
            for (k, value) in keys.iter_mut().zip(&row.keys) {
                *k = (*k).max(Key::of(value));
            }
        }
        if !keys.contains(&Key::Date) && self.dates.is_none() {
            return Err(note(
                None,
                "keys",
                "the rows carry no date: give the days the response sums (its request's startDate..endDate, e.g. `--dates 2026-10-01..2026-10-31` or the form's Dates), or query the API with the `date` dimension",
            ));
        }
        let others: Vec<Key> = keys.iter().copied().filter(|k| *k != Key::Date).collect();
        let named = |ks: &[Key]| ks.iter().map(|k| k.name()).collect::<Vec<_>>().join(" and ");
        if others.len() > 2 || keys.len() > others.len() + 1 {
            return Err(note(
                None,
                "keys",
                format!(
                    "rows keyed by {}: at most two dimensions besides the date are read",
                    named(&keys)
                ),
            ));
        }
        if let [a, b] = others[..] {
            self.rollups = [(a, b), (b, a)]
                .into_iter()
                .filter(|(keep, over)| exact_rollup(*keep, *over))
                .map(|(keep, _)| keep)
                .collect();
            let by_query_and_country = others.contains(&Key::Query) && others.contains(&Key::Country);
            if self.rollups.is_empty() && !by_query_and_country {
                return Err(note(
                    None,
                    "keys",
                    format!(
                        "rows keyed by {}: neither adds up to its own totals (Search Console leaves out anonymised queries, and counts by page differently), so they are not stored; query the API with one of them",
                        named(&others)
                    ),
                ));
            }
        }
        self.keys = Some(keys);
        for (i, row) in std::mem::take(&mut self.sample).into_iter().enumerate() {
            self.take(i + 1, row)?;
        }
        Ok(())
    }

    fn take(&mut self, n: usize, row: ApiRow) -> Result<(), ImportNote> {
        let keys = self.keys.as_ref().expect("settled");
        let at = |column: &str, m: String| note(Some(n as i64), column, m);
        if row.keys.len() != keys.len() {
            return Err(at(
                "keys",
                format!("{} keys where the first row has {}", row.keys.len(), keys.len()),
            ));
        }
        let mut date = None;
        // each dimension besides the date, with its value as stored
        let mut parts: Vec<(Key, String)> = Vec::with_capacity(2);
        for (kind, raw) in keys.iter().zip(row.keys) {
            let value = match kind {
                Key::Date => {
                    date = Some(
                        NaiveDate::parse_from_str(&raw, "%Y-%m-%d")
                            .map_err(|_| at("keys", format!("`{raw}` is not a date (YYYY-MM-DD)")))?,
                    );
                    continue;
                }
                Key::Page if !self.site.owns(&raw) => return Err(at("keys", self.site.foreign(&raw))),
                Key::Country => country(&raw)
                    .ok_or_else(|| at("keys", format!("`{raw}` is not a country code")))?
                    .to_owned(),
                Key::Device if Key::of(&raw) != Key::Device => {
                    return Err(at("keys", format!("`{raw}` is not a device (DESKTOP, MOBILE, TABLET)")));
                }
                Key::Device => raw.to_ascii_lowercase(),
                Key::Page | Key::Query => raw,
            };
            parts.push((*kind, value));
        }
        let value_of = |k: Key| parts.iter().find(|(p, _)| *p == k).map(|(_, v)| v.as_str());
        // the row as stored: one dimension, the query by country, or (two others) only added up
        let stored: Option<(&'static str, String)> = match parts.as_slice() {
            [] => Some(("total", String::new())),
            [(k, v)] => Some((k.name(), v.clone())),
            _ => match (value_of(Key::Query), value_of(Key::Country)) {
                (Some(query), Some(code)) => Some(("query_country", format!("{code}:{query}"))),
                _ => None,
            },
        };
        let (date, until) = match (date, self.dates) {
            (Some(day), _) => (day, None),
            (None, Some(p)) => (p.start, Some(p.end)),
            (None, None) => return Err(at("keys", "the row carries no date".into())),
        };
        let whole = |column: &str, v: f64| {
            if v >= 0.0 && v.fract() == 0.0 && v < 1e15 {
                Ok(v as i64)
            } else {
                Err(at(column, format!("{v} is not a count")))
            }
        };
        let clicks = whole("clicks", row.clicks)?;
        let impressions = whole("impressions", row.impressions)?;
        if clicks > impressions {
            return Err(at("clicks", format!("{clicks} clicks from {impressions} impressions")));
        }
        if !(0.0..=1.0).contains(&row.ctr) {
            return Err(at("ctr", format!("{} is not a fraction between 0 and 1", row.ctr)));
        }
        if !(row.position >= 1.0 || (impressions == 0 && row.position >= 0.0)) || !row.position.is_finite() {
            return Err(at(
                "position",
                format!("{} is not a search position (1 or more)", row.position),
            ));
        }
        for keep in &self.rollups {
            let value = value_of(*keep).unwrap_or_default().to_owned();
            let sum = self
                .sums
                .entry((date, until, keep.name(), value))
                .or_insert((0, 0, 0.0));
            sum.0 += clicks;
            sum.1 += impressions;
            sum.2 += row.position * impressions as f64;
        }
        if let Some((dimension, value)) = stored {
            self.emit(GscRow {
                date,
                until,
                dimension,
                value,
                clicks,
                impressions,
                ctr: row.ctr,
                position: (impressions > 0).then_some(row.position),
            })?;
        }
        Ok(())
    }

    /// Hands a row over, a batch at a time.
    fn emit(&mut self, row: GscRow) -> Result<(), ImportNote> {
        self.batch.push(row);
        if self.batch.len() == BATCH_ROWS {
            (self.sink)(std::mem::take(&mut self.batch))?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<(), ImportNote> {
        if !self.saw_rows {
            return Err(note(
                None,
                "rows",
                "no `rows`: not a Search Analytics response, or one with no data",
            ));
        }
        if self.keys.is_none() && !self.sample.is_empty() {
            self.settle()?;
        }
        for ((date, until, dimension, value), (clicks, impressions, weighted)) in std::mem::take(&mut self.sums) {
            self.emit(GscRow {
                date,
                until,
                dimension,
                value,
                clicks,
                impressions,
                ctr: if impressions > 0 {
                    clicks as f64 / impressions as f64
                } else {
                    0.0
                },
                position: (impressions > 0).then(|| weighted / impressions as f64),
            })?;
        }
        if !self.batch.is_empty() {
            (self.sink)(std::mem::take(&mut self.batch))?;
        }
        Ok(())
    }
}

/// Whether rows by `keep` and `over` add up, over `over`, to `keep`'s own totals: not over the
/// query (Search Console leaves anonymised queries out of rows by query), and not from rows by
/// page into anything but pages (it counts by page then, not by property).
fn exact_rollup(keep: Key, over: Key) -> bool {
    over != Key::Query && (over != Key::Page || keep == Key::Page)
}

/// The response object: `rows` streamed, an `error` body refused, the rest ignored.
struct Response<'r, 'a, 's>(&'r RefCell<State<'a, 's>>);

impl<'de> DeserializeSeed<'de> for Response<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Response<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object with `rows`")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "rows" => {
                    self.0.borrow_mut().saw_rows = true;
                    map.next_value_seed(Rows(self.0))?;
                }
                "error" => {
                    let e: ApiError = map.next_value()?;
                    let what = [e.code.map(|c| c.to_string()), e.status, e.message]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ");
                    self.0.borrow_mut().fault = Some(note(
                        None,
                        "error",
                        format!("the file is the API's error answer, not data: {what}"),
                    ));
                    return Err(serde::de::Error::custom("error body"));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct Rows<'r, 'a, 's>(&'r RefCell<State<'a, 's>>);

impl<'de> DeserializeSeed<'de> for Rows<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Rows<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of rows")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(row) = seq.next_element::<ApiRow>()? {
            let mut state = self.0.borrow_mut();
            if let Err(fault) = state.push(row) {
                state.fault = Some(fault);
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// The ISO 3166-1 alpha-2 code (lower case) of the alpha-3 code Search Console gives a country
/// (`usa` → `us`); `xkk` is Kosovo, `zzz` an unknown region.
pub fn country(alpha3: &str) -> Option<&'static str> {
    match alpha3 {
        "xkk" => return Some("xk"),
        "zzz" => return Some("zz"),
        _ => {}
    }
    COUNTRIES
        .split_ascii_whitespace()
        .find_map(|pair| pair.strip_prefix(alpha3)?.strip_prefix(':'))
}

const COUNTRIES: &str = "
    abw:aw afg:af ago:ao aia:ai ala:ax alb:al and:ad are:ae arg:ar arm:am asm:as ata:aq atf:tf atg:ag aus:au
    aut:at aze:az bdi:bi bel:be ben:bj bes:bq bfa:bf bgd:bd bgr:bg bhr:bh bhs:bs bih:ba blm:bl blr:by blz:bz
    bmu:bm bol:bo bra:br brb:bb brn:bn btn:bt bvt:bv bwa:bw caf:cf can:ca cck:cc che:ch chl:cl chn:cn civ:ci
    cmr:cm cod:cd cog:cg cok:ck col:co com:km cpv:cv cri:cr cub:cu cuw:cw cxr:cx cym:ky cyp:cy cze:cz deu:de
    dji:dj dma:dm dnk:dk dom:do dza:dz ecu:ec egy:eg eri:er esh:eh esp:es est:ee eth:et fin:fi fji:fj flk:fk
    fra:fr fro:fo fsm:fm gab:ga gbr:gb geo:ge ggy:gg gha:gh gib:gi gin:gn glp:gp gmb:gm gnb:gw gnq:gq grc:gr
    grd:gd grl:gl gtm:gt guf:gf gum:gu guy:gy hkg:hk hmd:hm hnd:hn hrv:hr hti:ht hun:hu idn:id imn:im ind:in
    iot:io irl:ie irn:ir irq:iq isl:is isr:il ita:it jam:jm jey:je jor:jo jpn:jp kaz:kz ken:ke kgz:kg khm:kh
    kir:ki kna:kn kor:kr kwt:kw lao:la lbn:lb lbr:lr lby:ly lca:lc lie:li lka:lk lso:ls ltu:lt lux:lu lva:lv
    mac:mo maf:mf mar:ma mco:mc mda:md mdg:mg mdv:mv mex:mx mhl:mh mkd:mk mli:ml mlt:mt mmr:mm mne:me mng:mn
    mnp:mp moz:mz mrt:mr msr:ms mtq:mq mus:mu mwi:mw mys:my myt:yt nam:na ncl:nc ner:ne nfk:nf nga:ng nic:ni
    niu:nu nld:nl nor:no npl:np nru:nr nzl:nz omn:om pak:pk pan:pa pcn:pn per:pe phl:ph plw:pw png:pg pol:pl
    pri:pr prk:kp prt:pt pry:py pse:ps pyf:pf qat:qa reu:re rou:ro rus:ru rwa:rw sau:sa sdn:sd sen:sn sgp:sg
    sgs:gs shn:sh sjm:sj slb:sb sle:sl slv:sv smr:sm som:so spm:pm srb:rs ssd:ss stp:st sur:sr svk:sk svn:si
    swe:se swz:sz sxm:sx syc:sc syr:sy tca:tc tcd:td tgo:tg tha:th tjk:tj tkl:tk tkm:tm tls:tl ton:to tto:tt
    tun:tn tur:tr tuv:tv twn:tw tza:tz uga:ug ukr:ua umi:um ury:uy usa:us uzb:uz vat:va vct:vc ven:ve vgb:vg
    vir:vi vnm:vn vut:vu wlf:wf wsm:ws yem:ye zaf:za zmb:zm zwe:zw
";
