//! Fuzz target bodies, shared by the cargo-fuzz binaries (`fuzz/fuzz_targets/*.rs`) and the
//! corpus replay test of the root package (`tests/fuzz_corpus_replay.rs`), which includes this
//! file with `#[path]`. Every function takes arbitrary bytes and must return normally: a panic
//! (including a failed `assert!` of an invariant below) is a finding.
//!
//! Only the facade crate `minhbach` is used, so the file compiles in both places.

use std::io::Cursor;

use minhbach::calendar::{Calendar, DueRule, Schedules, MAX_YEAR, MIN_YEAR};
use minhbach::engine::aggregate as agg;
use minhbach::engine::audit;
use minhbach::engine::scoring::{IndexDefinition, ScoreOptions, UnitTable};
use minhbach::model::{
    self, parse_date, parse_datetime, parse_datetime_with, Channel, DateOnly, DocumentNumber,
    DocumentType, Outcome, Period, ProcedureCatalogue,
};

/// A target: its name (also the corpus folder `fuzz/corpus/<name>/`) and its body.
pub type Target = (&'static str, fn(&[u8]));

/// Every target, in the order of `fuzz/Cargo.toml`.
pub const TARGETS: &[Target] = &[
    ("datetime", datetime),
    ("document_number", document_number),
    ("period", period),
    ("closed_sets", closed_sets),
    ("procedure_csv", procedure_csv),
    ("model_json", model_json),
    ("schedule_toml", schedule_toml),
    ("index_definition", index_definition),
    ("unit_csv", unit_csv),
    ("dossier_csv", dossier_csv),
    ("render", render),
    ("audit_text", audit_text),
    ("xlsx", xlsx),
];

/// Text parsers see the input as UTF-8 when it is; otherwise lossily decoded, so that the
/// fuzzer's byte mutations still reach the parser.
fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Date-times and dates (`parse_datetime`, `parse_datetime_with`, `parse_date`): no panic, and
/// whatever parses prints in the canonical layouts and parses back to the same value.
pub fn datetime(data: &[u8]) {
    let s = text(data);
    if let Ok(t) = parse_datetime(&s) {
        for layout in [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M:%S",
            "%d/%m/%Y %H:%M:%S",
        ] {
            let printed = t.format(layout).to_string();
            let back = parse_datetime(&printed);
            assert_eq!(back.ok(), Some(t), "{s:?} -> {printed:?}");
        }
    }
    if let Ok(t) = parse_datetime_with(&s, DateOnly::EndOfDay) {
        let start = parse_datetime(&s);
        // The reading of a date without a time can only move the time later.
        assert!(start.is_ok_and(|a| a <= t), "{s:?}");
    }
    if let Ok(d) = parse_date(&s) {
        let printed = d.format("%d/%m/%Y").to_string();
        assert_eq!(parse_date(&printed).ok(), Some(d), "{s:?} -> {printed:?}");
        // A date alone is also a date-time at midnight.
        assert_eq!(
            parse_datetime(&s).ok(),
            d.and_hms_opt(0, 0, 0),
            "{s:?} parses as a date but not as the same date-time"
        );
    }
}

/// Document numbers and symbols (strict and lenient): no panic; a parsed number prints in its
/// canonical form, which parses (strictly) back to the same value; strict success implies
/// lenient success with the same value.
pub fn document_number(data: &[u8]) {
    let s = text(data);
    let strict = DocumentNumber::parse(&s);
    let lenient = DocumentNumber::parse_lenient(&s);
    if let Ok(n) = &strict {
        assert_eq!(
            lenient.as_ref().ok(),
            Some(n),
            "{s:?}: strict ok, lenient differs"
        );
    }
    for n in [strict.ok(), lenient.ok()].into_iter().flatten() {
        let printed = n.to_string();
        let back = DocumentNumber::parse(&printed);
        assert_eq!(
            back.as_ref().ok(),
            Some(&n),
            "{s:?} -> {printed:?} -> {back:?}"
        );
        let _ = (n.symbol(), n.doc_type(), n.year(), n.issuer(), n.unit());
    }
    let _ = DocumentType::parse(&s);
}

/// Reporting periods: no panic; a parsed period prints canonically and parses back to itself;
/// every derived period and name can be computed.
pub fn period(data: &[u8]) {
    let s = text(data);
    let Ok(p) = Period::parse(&s) else { return };
    let printed = p.to_string();
    assert_eq!(
        Period::parse(&printed).ok(),
        Some(p.clone()),
        "{s:?} -> {printed:?}"
    );
    assert!(p.start() <= p.end(), "{s:?}");
    assert!(p.days() >= 1, "{s:?}");
    assert!(p.contains(p.start()) && p.contains(p.end()), "{s:?}");
    let name = p.vietnamese_name();
    assert!(!name.is_empty());
    for q in [p.previous(), p.next(), p.same_period_last_year()]
        .into_iter()
        .flatten()
    {
        assert_eq!(Period::parse(&q.to_string()).ok(), Some(q.clone()));
        let _ = q.vietnamese_name();
    }
    if let Some(prev) = p.previous() {
        assert!(prev.end() < p.start(), "{s:?}: previous overlaps");
    }
    if let Some(next) = p.next() {
        assert!(next.start() > p.end(), "{s:?}: next overlaps");
    }
    let _ = (
        p.kind(),
        p.calendar_year(),
        p.start_datetime(),
        p.end_datetime(),
    );
}

/// The closed sets parsed from text (channels, outcomes, levels, online levels, document types,
/// task statuses, directions, comparisons, disclosure categories) and the folding used for
/// header matching: no panic; folding is idempotent; canonical names parse back.
pub fn closed_sets(data: &[u8]) {
    let s = text(data);
    let folded = model::text::fold(&s);
    assert_eq!(
        model::text::fold(&folded),
        folded,
        "fold is not idempotent on {s:?}"
    );
    if let Ok(c) = Channel::parse(&s) {
        assert_eq!(Channel::parse(c.as_str()).ok(), Some(c));
    }
    if let Ok(Some(o)) = Outcome::parse(&s) {
        assert_eq!(Outcome::parse(o.as_str()).ok(), Some(Some(o)));
    }
    if let Ok(l) = model::GovernmentLevel::parse(&s) {
        assert_eq!(model::GovernmentLevel::parse(l.as_str()).ok(), Some(l));
    }
    if let Ok(l) = model::OnlineServiceLevel::parse(&s) {
        assert_eq!(model::OnlineServiceLevel::parse(l.as_str()).ok(), Some(l));
    }
    if let Ok(t) = DocumentType::parse(&s) {
        assert_eq!(DocumentType::parse(t.as_str()).ok(), Some(t));
    }
    let _ = s.parse::<model::TaskStatus>();
    let _ = s.parse::<model::Direction>();
    let _ = s.parse::<model::Comparison>();
    let _ = s.parse::<model::DisclosureCategory>();
}

/// The procedure catalogue CSV: no panic; a catalogue that loads has unique codes.
pub fn procedure_csv(data: &[u8]) {
    let s = text(data);
    // The documents register, the model's other CSV format (same reader): every document it
    // accepts is valid, no number repeats within a year, and its serde form reads back equal.
    if let Ok(reg) = model::DocumentRegister::from_csv_str(&s) {
        for d in reg.iter() {
            assert!(d.validate().is_ok(), "invalid document accepted: {d:?}");
            assert!(d.number.as_ref().is_some_and(|n| !n.is_draft()));
        }
        let json = serde_json::to_string(&reg).unwrap_or_default();
        let back = serde_json::from_str::<model::DocumentRegister>(&json);
        assert!(
            back.is_ok_and(|b| b == reg),
            "register does not read back: {json}"
        );
    }
    if let Ok(cat) = ProcedureCatalogue::from_csv_str(&s) {
        let mut codes: Vec<&str> = cat.iter().map(|p| p.code.as_str()).collect();
        let n = codes.len();
        assert_eq!(n, cat.len());
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), n, "duplicate procedure codes accepted");
        for p in cat.iter() {
            assert!(cat.get(&p.code).is_some());
        }
        let by_level: u64 = cat.count_by_online_level().values().sum();
        assert!(by_level <= n as u64);
    }
}

/// The model's serde forms (what a bundle's JSON or TOML files deserialize into): no panic,
/// and whatever deserializes and validates serializes and deserializes back to itself.
pub fn model_json(data: &[u8]) {
    // The first byte selects the type, the rest is the document.
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let s = text(rest);
    macro_rules! roundtrip {
        ($t:ty) => {{
            if let Ok(v) = serde_json::from_str::<$t>(&s) {
                let json = serde_json::to_string(&v).unwrap_or_default();
                let back = serde_json::from_str::<$t>(&json);
                assert!(
                    back.is_ok(),
                    "{} does not read back: {json}",
                    stringify!($t)
                );
            }
        }};
    }
    match selector % 10 {
        0 => roundtrip!(model::DocumentRegister),
        1 => roundtrip!(model::ProcedureCatalogue),
        2 => roundtrip!(model::DisclosureChecklist),
        3 => roundtrip!(std::collections::BTreeMap<String, model::PortalValue>),
        4 => roundtrip!(Vec<model::Target>),
        5 => roundtrip!(Vec<model::Plan>),
        6 => roundtrip!(Vec<model::Indicator>),
        7 => {
            if let Ok(d) = serde_json::from_str::<model::Dossier>(&s) {
                let _ = d.validate();
                let _ = d.effective_outcome();
            }
        }
        8 => roundtrip!(Vec<Period>),
        _ => roundtrip!(Vec<DocumentNumber>),
    }
}

/// Calendar schedule files (`Schedules::from_toml`, `CalendarBuilder::schedule_file`): no
/// panic; a schedule that loads builds a calendar over its years on which working-day
/// arithmetic is consistent.
pub fn schedule_toml(data: &[u8]) {
    let s = text(data);
    let Ok(schedules) = Schedules::from_toml(&s, "fuzz.toml") else {
        // The builder must report the same file as an error too.
        let built = Calendar::builder()
            .years(2021, 2021)
            .schedule_file(&s)
            .build();
        let _ = built;
        return;
    };
    let years: Vec<i32> = schedules.years().collect();
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
        return;
    };
    // Keep each execution cheap: a calendar over at most three of the file's years.
    let first = first.clamp(MIN_YEAR, MAX_YEAR);
    let last = last.min(first.saturating_add(2)).clamp(MIN_YEAR, MAX_YEAR);
    let Ok(cal) = Calendar::builder()
        .years(first, last)
        .schedule_file(&s)
        .build()
    else {
        return;
    };
    let (lo, hi) = cal.range();
    assert!(lo <= hi);
    for y in first..=last {
        let _ = cal.working_days_in_year(y);
        let _ = cal.holidays(y);
        let _ = cal.source(y);
    }
    let mut d = lo;
    for n in [0u32, 1, 5, 22, 400] {
        if let Ok(due) = cal.add_working_days(d, n) {
            assert!(due >= d);
            if let Ok(back) = cal.working_days_between(d, due) {
                assert_eq!(back, i64::from(n), "{d} + {n} working days = {due}");
            }
        }
        if let Some(dt) = d.and_hms_opt(16, 30, 0) {
            let _ = cal.due_at(dt, n, &DueRule::default());
        }
        let _ = cal.next_working_day(d);
        let _ = cal.previous_working_day(d);
        d = d
            .checked_add_days(chrono::Days::new(37))
            .unwrap_or(hi)
            .min(hi);
    }
}

/// A small table every definition from [`index_definition`] is scored against: three units with
/// values spread over the usual domains, one missing.
fn fixed_table(columns: &[&str]) -> UnitTable {
    let mut t = UnitTable::new(columns.iter().copied());
    let values: [&[Option<i64>]; 3] = [
        &[Some(0), Some(50), None],
        &[Some(100), Some(1), Some(7)],
        &[Some(42), Some(0), Some(99)],
    ];
    for (u, vals) in ["A", "B", "C"].iter().zip(values) {
        let row = (0..columns.len())
            .map(|i| {
                vals.get(i % vals.len())
                    .copied()
                    .flatten()
                    .map(rust_decimal::Decimal::from)
            })
            .collect();
        let _ = t.push_unit(*u, row);
    }
    t
}

/// Scoring index definitions (TOML and JSON): no panic while parsing, compiling and scoring;
/// a definition that scores gives ranks within 1..=units and explains every node.
pub fn index_definition(data: &[u8]) {
    let s = text(data);
    for def in [
        IndexDefinition::from_toml_str(&s, "fuzz.toml"),
        IndexDefinition::from_json_str(&s, "fuzz.json"),
    ] {
        let Ok(def) = def else { continue };
        let _ = def.to_toml_string();
        let Ok(index) = def.compile() else { continue };
        if index.nodes.len() > 200 {
            continue;
        }
        let table = fixed_table(&index.indicator_ids());
        let Ok(scores) = index.score(&table, &ScoreOptions::default()) else {
            continue;
        };
        check_scores(&scores, table.len());
    }
}

fn check_scores(scores: &minhbach::engine::ScoreSet, units: usize) {
    for u in &scores.units {
        for (node, ns) in scores.index.nodes.iter().zip(&u.nodes) {
            if let Some(r) = ns.rank {
                assert!(r >= 1 && r as usize <= units, "rank {r} of {units}");
            }
            assert!(scores.explain(&u.unit, &node.id).is_some());
        }
    }
    let _ = scores.view(2);
}

/// The definition the unit-data target scores with: a two-level index over columns `a`–`d`
/// that exercises min–max, goalposts, geometric means and the missing-value policies.
const UNIT_INDEX: &str = r#"
id = "fuzz"
name_vi = "Chỉ số thử"
aggregation = "weighted_mean"
scale = 10
weight_total = 1
missing = "drop_and_reweight"

[[groups]]
id = "g1"
name_vi = "Nhóm 1"
weight = 0.6
aggregation = "weighted_mean"
missing = "drop_and_reweight"

[[groups]]
id = "g2"
name_vi = "Nhóm 2"
weight = 0.4
aggregation = "weighted_geometric_mean"
missing = "drop_and_reweight"

[[indicators]]
id = "a"
parent = "g1"
name_vi = "A"
direction = "higher"
weight = 2
normalisation = { method = "min_max" }

[[indicators]]
id = "b"
parent = "g1"
name_vi = "B"
direction = "lower"
weight = 1
normalisation = { method = "goalposts", lower = 0, upper = 10, low = 1, high = 10 }

[[indicators]]
id = "c"
parent = "g2"
name_vi = "C"
direction = "higher"
weight = 1
normalisation = { method = "min_max", anchors = { explicit = { min = 0, max = 1 } } }

[[indicators]]
id = "d"
parent = "g2"
name_vi = "D"
direction = "higher"
weight = 1
normalisation = { method = "z_score" }
"#;

/// Unit data CSV (`UnitTable::from_csv_reader`): no panic; a table that loads has one value per
/// unit and column, and scoring it with a fixed index does not panic.
pub fn unit_csv(data: &[u8]) {
    let Ok(table) = UnitTable::from_csv_reader(Cursor::new(data), "fuzz.csv") else {
        return;
    };
    for c in table.columns() {
        assert_eq!(table.column(c).map(<[_]>::len), Some(table.len()));
    }
    if table.len() > 500 {
        return;
    }
    let index = match IndexDefinition::from_toml_str(UNIT_INDEX, "fuzz index").map(|d| d.compile())
    {
        Ok(Ok(index)) => index,
        other => panic!("the fixed fuzz index does not compile: {other:?}"),
    };
    if let Ok(scores) = index.score(&table, &ScoreOptions::default()) {
        check_scores(&scores, table.len());
    }
}

/// The query every dossier CSV input is aggregated with: the first half of 2021 under one of
/// the named policies, grouped by nothing, agency or agency × channel × month.
fn dossier_query(selector: u8) -> agg::Query {
    let period = match agg::Window::days(
        chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or_default(),
        chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap_or_default(),
    ) {
        Ok(p) => p,
        Err(e) => panic!("fixed period: {e}"),
    };
    let policy = match selector % 3 {
        0 => agg::Policy::bieu06(),
        1 => agg::Policy::decision766(),
        _ => agg::Policy::opencps(),
    };
    let keys: &[agg::GroupKey] = match (selector / 3) % 3 {
        0 => &[],
        1 => &[agg::GroupKey::Agency],
        _ => &[
            agg::GroupKey::Agency,
            agg::GroupKey::Channel,
            agg::GroupKey::Month,
        ],
    };
    agg::Query::new(period)
        .group_by(keys.iter().copied())
        .with_policy(policy)
}

/// Dossier CSV ingest (`aggregate_csv_reader`), the engine's main door for untrusted files:
/// no panic; a successful run satisfies the conservation identities (rows read = counted +
/// rejected, Biểu 06 table identities); the exact and the two-pass duplicate checks agree.
/// The first byte selects policy and grouping, the rest is the file.
pub fn dossier_csv(data: &[u8]) {
    let Some((&selector, file)) = data.split_first() else {
        return;
    };
    let q = dossier_query(selector);
    let two_pass = agg::aggregate_csv_reader(file, "fuzz.csv", &q);
    let exact = agg::Reader::new()
        .with_duplicates(agg::DuplicateCheck::Exact)
        .aggregate_csv_reader(file, "fuzz.csv", &q);
    match (&two_pass, &exact) {
        (Ok(a), Ok(b)) => {
            assert!(a.check().is_ok(), "{:?}", a.check());
            let r = &a.report;
            assert_eq!(r.rows_read, r.rows_counted + r.rows_rejected);
            assert_eq!(
                a.groups, b.groups,
                "two-pass and exact duplicate checks differ"
            );
            assert_eq!(
                (r.rows_read, r.rows_counted, r.rows_rejected),
                (
                    b.report.rows_read,
                    b.report.rows_counted,
                    b.report.rows_rejected
                )
            );
            let t = a.total();
            assert_eq!(t.received(), t.received_online + t.received_direct_postal);
            assert_eq!(
                t.resolved(),
                t.resolved_early + t.resolved_on_time + t.resolved_late
            );
            assert_eq!(t.pending(), t.pending_within_due + t.pending_overdue);
            let table = a.table();
            let _ = table.views();
        }
        (Err(_), Err(_)) => {}
        (a, b) => panic!(
            "duplicate check changes success: two-pass {:?} / exact {:?}",
            a.as_ref().err(),
            b.as_ref().err()
        ),
    }
}

/// The report writers (text, Markdown, HTML, DOCX XML, JSON) on an arbitrary document tree
/// (the input is the tree's JSON form): no panic; no character that XML 1.0 forbids reaches
/// the HTML or the DOCX XML; text never becomes markup (`<script` cannot appear in HTML or
/// DOCX XML, since the writers' own templates never contain it); JSON round-trips.
pub fn render(data: &[u8]) {
    use minhbach::report::tree::{is_forbidden_char, ReportDocument};
    use minhbach::report::writer;
    let Ok(doc) = serde_json::from_slice::<ReportDocument>(data) else {
        return;
    };
    let _ = writer::to_text(&doc);
    let _ = writer::to_markdown(&doc);
    let html = writer::to_html(&doc);
    assert!(
        !html.chars().any(is_forbidden_char),
        "forbidden character in HTML"
    );
    assert!(
        !html.to_lowercase().contains("<script"),
        "text became markup in HTML"
    );
    let xml = writer::to_docx_xml(&doc);
    for part in std::iter::once(&xml.document).chain(&xml.headers) {
        assert!(
            !part.chars().any(is_forbidden_char),
            "forbidden character in DOCX XML"
        );
        assert!(!part.contains("<script"), "text became markup in DOCX XML");
    }
    if let Ok(json) = writer::to_json(&doc) {
        assert!(
            serde_json::from_str::<ReportDocument>(&json).is_ok(),
            "JSON does not read back"
        );
    }
    if data.len() < 4096 {
        let _ = writer::to_docx(&doc);
    }
}

/// Figures read from published prose (`audit::extract`) and from a figures file
/// (`audit::Figures::from_toml`), then checked: no panic; every span is the number as written
/// (on char boundaries, starting with a digit); counts are whole; an identity's difference is
/// published − computed and it holds exactly when that is 0; a reproduced rate names its
/// conventions.
pub fn audit_text(data: &[u8]) {
    let s = text(data);
    let figures = match audit::extract(&s) {
        Ok(f) => f,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    for f in &figures.figures {
        let written = s.get(f.start..f.end);
        assert!(
            written.is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit())),
            "{s:?}: span {}..{} of {:?}",
            f.start,
            f.end,
            f.name
        );
        assert!(!f.value.is_sign_negative(), "{s:?}");
        if !f.name.is_rate() {
            assert_eq!(f.value.fract(), rust_decimal::Decimal::ZERO, "{s:?}: {f:?}");
        }
    }
    for u in &figures.unattached {
        assert!(s.get(u.start..u.end).is_some(), "{s:?}: {u:?}");
        assert!(!model::Bilingual::in_lang(&u.reason, model::Lang::Vi)
            .to_string()
            .is_empty());
    }
    check_findings(&audit::check(&figures));
    if let Ok(typed) = audit::Figures::from_toml(&s) {
        check_findings(&audit::check(&typed));
    }
}

fn check_findings(checks: &audit::Checks) {
    for f in &checks.findings {
        match f.kind {
            audit::FindingKind::Identity => {
                let (Some(p), Some(c), Some(d)) = (f.published, f.computed, f.difference) else {
                    panic!("identity without figures: {f:?}");
                };
                assert_eq!(
                    rust_decimal::Decimal::from_i128_with_scale(d, 0),
                    p - c,
                    "{f:?}"
                );
                assert_eq!(d == 0, f.status == audit::Status::Holds, "{f:?}");
            }
            audit::FindingKind::Rate => {
                assert!(!f.conventions.is_empty(), "{f:?}");
                assert!(f.difference.is_none(), "{f:?}");
            }
            _ => {}
        }
        // The arithmetic is worded in both languages.
        for lang in [model::Lang::En, model::Lang::Vi] {
            let text = model::Bilingual::in_lang(&f.arithmetic, lang).to_string();
            assert!(!text.is_empty(), "{f:?}");
        }
    }
}

/// The fixed parts of a workbook around a fuzzed sheet (`xlsx` target).
const XLSX_PARTS: [(&str, &str); 3] = [
    (
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    ),
    (
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/><sheet name="Sheet2" sheetId="2" r:id="rId4"/></sheets></workbook>"#,
    ),
    (
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#,
    ),
];

/// A workbook whose sheet, shared strings and styles are the input's parts, separated by NUL
/// bytes (sheet XML, then `sharedStrings.xml`, then `styles.xml`), so that the fuzzer mutates
/// the XML the reader parses rather than the zip container.
fn xlsx_workbook(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut parts = data.splitn(3, |b| *b == 0);
    let sheet = parts.next().unwrap_or_default();
    let sst = parts.next();
    let styles = parts.next();
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut put = |name: &str, body: &[u8]| {
        if z.start_file(name, o).is_ok() {
            let _ = z.write_all(body);
        }
    };
    for (name, body) in XLSX_PARTS {
        put(name, body.as_bytes());
    }
    put("xl/worksheets/sheet1.xml", sheet);
    if let Some(s) = sst {
        put("xl/sharedStrings.xml", s);
    }
    if let Some(s) = styles {
        put("xl/styles.xml", s);
    }
    z.finish().map(Cursor::into_inner).unwrap_or_default()
}

/// XLSX workbooks (`aggregate_xlsx_reader`): an input starting with `PK` is a whole workbook,
/// anything else the parts of one (see `xlsx_workbook`). No panic and no unbounded memory
/// (libFuzzer's default limit); a workbook that is read conserves its rows and meets the
/// table identities, and its sheet report points at rows inside Excel's limits.
pub fn xlsx(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let bytes = if rest.starts_with(b"PK") {
        rest.to_vec()
    } else {
        xlsx_workbook(rest)
    };
    let q = dossier_query(selector);
    let mut reader = agg::Reader::new();
    if selector & 0x80 != 0 {
        reader = reader.with_sheet("2");
    }
    if let Ok(a) = reader.aggregate_xlsx_reader(Cursor::new(bytes), "fuzz.xlsx", &q) {
        assert!(a.check().is_ok(), "{:?}", a.check());
        let r = &a.report;
        assert_eq!(r.rows_read, r.rows_counted + r.rows_rejected);
        for s in &r.sheets {
            assert!((1..=1_048_576).contains(&s.header_row), "{s:?}");
            assert!(s.totals_rows.iter().all(|t| *t <= 1_048_576), "{s:?}");
            assert!(s.date_system == 1900 || s.date_system == 1904);
        }
        for row in &r.rejected {
            assert!(row.line <= 1_048_576, "{row:?}");
        }
        let t = a.total();
        assert_eq!(t.received(), t.received_online + t.received_direct_postal);
        assert_eq!(t.pending(), t.pending_within_due + t.pending_overdue);
    }
}
