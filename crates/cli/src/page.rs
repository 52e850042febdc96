//! `minhbach page`: the statistics page of a province (or a district) for its portal — one
//! self-contained HTML file (no network, no external resource) built from the units' partial
//! files: a sortable per-unit table, per-unit and per-month charts (inline SVG), filters by
//! unit and by online service level, every number linked to its definition.
//!
//! Every figure is computed here, by the engine (merged counts, the measures catalogue);
//! the page's script only shows, hides and reorders rows and chart bars already in the file. The
//! script reads `sort`, `dir`, `level` and `unit` from the URL (query string or fragment),
//! so a link can open the page sorted and filtered; it writes the time its last sort took
//! (milliseconds) to `data-sort-ms` on the `<html>` element.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use minhbach_engine::aggregate::partial::{KeyFilter, MergeOptions, Merged, Partial, SharedPolicy};
use minhbach_engine::aggregate::{Column, Counts, GroupKey, MeasureId, MeasureOptions, Rounding};
use minhbach_model::OnlineServiceLevel;
use minhbach_report::tree::{Bar, Chart, FigureBlock};
use minhbach_report::vi;
use minhbach_report::writer::{bar_svg, html_escape as esc};
use rust_decimal::Decimal;

use crate::aggregate::MeasureArgs;
use crate::failure::{tr, Failure, FileRole, RunOutcome};
use crate::input;
use crate::merge::{failure, merge_files, shared_arg};
use crate::output::Destination;
use crate::progress::Ui;

/// `minhbach page …`
#[derive(Debug, Args)]
#[command(after_help = "\
The page is one HTML file that works offline (from a USB stick): open it in any browser or
publish it on the portal. Save the partials with --by online_level,month (the dossiers' own
level, else their procedure's in the catalogue given to aggregate --procedures), or with --by
procedure,month and give the procedure catalogue here (--procedures, with its online_level
column), to get the filter by online service level (mức độ) and the chart by month.

Examples:
  minhbach page xa/*.json -o thong-ke.html
  minhbach page xa/*.json --procedures thu-tuc.csv -o thong-ke.html
  minhbach page huyen/*.json --title 'Thống kê giải quyết TTHC tỉnh Quảng Ngãi' -o thong-ke.html
  Open thong-ke.html#sort=on_time_rate&dir=desc to show the units by on-time rate.")]
pub struct PageArgs {
    /// Partial files (from `minhbach aggregate … --unit NAME --save-partial FILE`).
    #[arg(value_name = "PARTIAL", required = true)]
    partials: Vec<PathBuf>,
    /// The page title (default: "Thống kê tình hình giải quyết thủ tục hành chính").
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// Procedure catalogue (CSV with the online_level column, docs/data-formats.md): with
    /// partials saved --by procedure, the page gets a filter by online service level
    /// (partials saved --by online_level have it without a catalogue).
    #[arg(long, value_name = "CATALOGUE")]
    procedures: Option<PathBuf>,
    /// Dossiers found in several units (liên thông): counted once, in the first unit given
    /// that holds them, or in every unit.
    #[arg(long, default_value = "once", value_parser = shared_arg())]
    shared: SharedPolicy,
    /// Accept two partials of the same unit and add them up.
    #[arg(long)]
    allow_same_unit: bool,
    #[command(flatten)]
    measures: MeasureArgs,
    /// Output file (default: standard output).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

/// The count columns of the page, in the engine's order ([`Column::ALL`]): the Biểu 06 counts
/// but the total handled and the pending within due (pending less overdue), and none of the
/// buckets outside Biểu 06.
fn counts() -> impl Iterator<Item = Column> {
    Column::ALL.into_iter().filter(|c| {
        !matches!(c, Column::Handled | Column::PendingWithinDue) && !Column::SEPARATE.contains(c)
    })
}

/// The measures of the page, in order.
const MEASURES: [MeasureId; 4] = [
    MeasureId::OnTimeRate,
    MeasureId::ResolvedEarlyRate,
    MeasureId::LateRate,
    MeasureId::OnlineRate,
];

/// What one view of the page shows: all levels, or one online service level.
struct View {
    /// `all`, or the level value.
    id: String,
    /// The caption of the filter option.
    label: String,
    /// Counts per unit, in the order the units were given.
    units: Vec<(String, Counts)>,
    /// The total of the view.
    total: Counts,
    /// Counts per month (`YYYY-MM`), when the partials are grouped by month.
    months: Option<BTreeMap<Vec<String>, Counts>>,
}

/// Runs `minhbach page`.
pub fn run(a: PageArgs, ui: &Ui) -> Result<RunOutcome, Failure> {
    let target = Destination::from_arg(a.output.as_deref());
    for f in &a.partials {
        input::check_file(f, FileRole::Partial)?;
    }
    let mut inputs = a.partials.clone();
    inputs.extend(a.procedures.iter().cloned());
    target.check(&inputs, None)?;
    let catalogue = a
        .procedures
        .as_deref()
        .map(crate::dossiers::procedure_catalogue)
        .transpose()?;
    // The grouping of the partials decides the filters and charts the page can have.
    let first = a.partials.first().ok_or_else(|| {
        Failure::usage(tr(
            "no partial file given",
            "chưa chỉ ra tệp số liệu riêng nào",
        ))
    })?;
    let name = first.display().to_string();
    let grouping = Partial::from_bytes(&input::read_bytes(first, FileRole::Partial)?, &name)
        .map_err(failure)?
        .group_by;
    // The online service level of a group: the partials' own key when they were saved
    // --by online_level (the dossier's level, else its procedure's), else the procedure's in
    // the catalogue when they were saved --by procedure.
    let by_level = grouping.contains(&GroupKey::OnlineLevel);
    let by_procedure = !by_level && catalogue.is_some() && grouping.contains(&GroupKey::Procedure);
    if catalogue.is_some() && !by_procedure {
        ui.note(&if by_level {
            tr(
                "--procedures is not used: the partials are grouped by online service level already",
                "không dùng --procedures: số liệu của các đơn vị đã lập theo mức độ dịch vụ công",
            )
        } else {
            tr(
                "--procedures is not used: the partials are not grouped by procedure (save them with --by procedure or --by online_level)",
                "không dùng --procedures: số liệu của các đơn vị không lập theo thủ tục (lập lại với --by procedure hoặc --by online_level)",
            )
        });
    }
    let by_month = grouping.contains(&GroupKey::Month);
    let mut keys = vec![GroupKey::Unit];
    if by_level {
        keys.push(GroupKey::OnlineLevel);
    } else if by_procedure {
        keys.push(GroupKey::Procedure);
    }
    if by_month {
        keys.push(GroupKey::Month);
    }
    let merged = merge_files(
        &a.partials,
        MergeOptions {
            group_by: keys,
            shared: a.shared,
            allow_same_unit: a.allow_same_unit,
        },
        ui,
    )?;
    let mut options = merged.aggregation.policy().measures;
    a.measures.apply(&mut options);
    let levels = if by_level {
        Some(Levels::Grouped)
    } else {
        catalogue.filter(|_| by_procedure).map(|cat| {
            Levels::Catalogue(
                cat.iter()
                    .filter_map(|p| p.online_level.map(|l| (p.code.clone(), l)))
                    .collect(),
            )
        })
    };
    let views = views(&merged, levels.as_ref(), by_month)?;
    let title = a
        .title
        .unwrap_or_else(|| "Thống kê tình hình giải quyết thủ tục hành chính".into());
    let html = page(&title, &merged, &views, &options);
    target.write(html.as_bytes())?;
    Ok(RunOutcome::Success)
}

/// Where the online service level of a merged group comes from.
enum Levels {
    /// The partials are grouped by [`GroupKey::OnlineLevel`]: the key's value (an
    /// unrecognised or empty value is "unknown").
    Grouped,
    /// The partials are grouped by procedure: the procedure's level in the catalogue.
    Catalogue(BTreeMap<String, OnlineServiceLevel>),
}

impl Levels {
    /// The key the level is read from.
    fn key(&self) -> GroupKey {
        match self {
            Levels::Grouped => GroupKey::OnlineLevel,
            Levels::Catalogue(_) => GroupKey::Procedure,
        }
    }

    /// The level of a group whose key value is `v`.
    fn of(&self, v: &str) -> Option<OnlineServiceLevel> {
        match self {
            Levels::Grouped => OnlineServiceLevel::parse(v).ok(),
            Levels::Catalogue(m) => m.get(v).copied(),
        }
    }

    /// The caption of the filter of the groups without a known level.
    fn unknown_label(&self) -> String {
        let unknown = vi::capitalise_first(OnlineServiceLevel::UNKNOWN_VIETNAMESE);
        match self {
            Levels::Grouped => unknown,
            Levels::Catalogue(_) => format!("{unknown} (thủ tục ngoài danh mục)"),
        }
    }
}

/// The views: all levels, then each online service level found among the groups, then the
/// groups without a known level.
fn views(merged: &Merged, levels: Option<&Levels>, by_month: bool) -> Result<Vec<View>, Failure> {
    let engine = crate::dossiers::engine_failure;
    // (id, label, which groups: None = all, Some(None) = no level, Some(Some(l))).
    let mut filters: Vec<(String, String, Option<Option<OnlineServiceLevel>>)> =
        vec![("all".into(), "Tất cả các mức độ".into(), None)];
    if let Some(levels) = levels {
        let mut found: Vec<Option<OnlineServiceLevel>> = merged
            .regroup(&[levels.key()], None)
            .map_err(engine)?
            .into_keys()
            .map(|k| k.first().and_then(|v| levels.of(v)))
            .collect();
        found.sort();
        found.dedup();
        // Known levels first, "unknown" last.
        let unknown_first = usize::from(found.first() == Some(&None));
        found.rotate_left(unknown_first);
        for l in found {
            match l {
                Some(l) => filters.push((
                    format!("level-{}", l.as_str()),
                    format!("Mức độ: {}", l.vietnamese()),
                    Some(Some(l)),
                )),
                None => filters.push(("level-none".into(), levels.unknown_label(), Some(None))),
            }
        }
    }
    filters
        .into_iter()
        .map(|(id, label, level)| {
            let keep = |v: &str| levels.and_then(|m| m.of(v)) == level.flatten();
            let only: Option<KeyFilter> = match (level, levels) {
                (Some(_), Some(m)) => Some((m.key(), &keep as &dyn Fn(&str) -> bool)),
                _ => None,
            };
            let per_unit = merged.regroup(&[GroupKey::Unit], only).map_err(engine)?;
            let units = merged
                .units
                .iter()
                .map(|u| {
                    let c = per_unit.get(std::slice::from_ref(u)).copied();
                    (u.clone(), c.unwrap_or_default())
                })
                .collect();
            let total = merged
                .regroup(&[], only)
                .map_err(engine)?
                .into_values()
                .next()
                .unwrap_or_default();
            let months = if by_month {
                Some(merged.regroup(&[GroupKey::Month], only).map_err(engine)?)
            } else {
                None
            };
            Ok(View {
                id,
                label,
                units,
                total,
                months,
            })
        })
        .collect()
}

/// The page.
fn page(title: &str, merged: &Merged, views: &[View], o: &MeasureOptions) -> String {
    let agg = &merged.aggregation;
    let mut h = String::with_capacity(64 * 1024 + views.len() * merged.units.len() * 1500);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{t}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n<h1>{t}</h1>\n\
         <p class=\"period\">Từ ngày {from} đến ngày {to} (số liệu đến {cutoff}); {n} đơn vị; quy ước tính {conv}.</p>\n\
         </header>\n",
        t = esc(title),
        from = vi::date_numeric(agg.period().start.date()),
        to = vi::date_numeric(agg.period().end.date()),
        cutoff = esc(&agg.cutoff().format("%H:%M ngày %d/%m/%Y").to_string()),
        n = vi::int(merged.units.len() as u64),
        conv = esc(&agg.policy().name),
    );
    // Filters.
    h.push_str("<form class=\"filters\" role=\"search\" aria-label=\"Lọc số liệu\" onsubmit=\"return false\">\n");
    h.push_str("<label for=\"loc-don-vi\">Đơn vị</label> <input id=\"loc-don-vi\" type=\"search\" list=\"ds-don-vi\" autocomplete=\"off\" placeholder=\"Gõ tên đơn vị\">\n<datalist id=\"ds-don-vi\">");
    for u in &merged.units {
        let _ = write!(h, "<option value=\"{}\">", esc(u));
    }
    h.push_str("</datalist>\n");
    h.push_str("<label for=\"loc-muc-do\">Mức độ dịch vụ công</label> <select id=\"loc-muc-do\">");
    for v in views {
        let _ = write!(
            h,
            "<option value=\"{}\">{}</option>",
            esc(&v.id),
            esc(&v.label)
        );
    }
    h.push_str("</select>\n");
    if views.len() == 1 {
        h.push_str("<span class=\"note\">(cần tệp số liệu lập theo mức độ: --by online_level, hoặc theo thủ tục kèm danh mục thủ tục có mức độ: --by procedure, --procedures)</span>\n");
    }
    h.push_str("<output id=\"so-dong\" aria-live=\"polite\"></output>\n</form>\n<main>\n");
    for (i, v) in views.iter().enumerate() {
        view_section(&mut h, v, i == 0, o);
    }
    definitions(&mut h, o);
    let _ = write!(
        h,
        "</main>\n<footer><p>Tổng hợp từ {} tệp số liệu của các đơn vị bằng minhbach; {}</p></footer>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        vi::int(merged.partials),
        esc(&shared_note(merged)),
    );
    h
}

fn shared_note(merged: &Merged) -> String {
    format!(
        "{}.",
        minhbach_report::province::shared_sentence(&merged.shared)
    )
}

/// One view: the table and its charts.
fn view_section(h: &mut String, v: &View, shown: bool, o: &MeasureOptions) {
    let _ = write!(
        h,
        "<section class=\"view\" id=\"v-{id}\" data-view=\"{id}\"{hidden} aria-label=\"{label}\">\n\
         <h2>Kết quả giải quyết theo đơn vị — {label}</h2>\n<div class=\"scroll\">\n<table class=\"units\">\n\
         <caption>Kết quả giải quyết thủ tục hành chính theo đơn vị ({label}). Bấm vào tiêu đề cột để sắp xếp; bấm vào số để xem định nghĩa.</caption>\n<thead>\n<tr>",
        id = esc(&v.id),
        label = esc(&v.label),
        hidden = if shown { "" } else { " hidden" },
    );
    let th = |h: &mut String, key: &str, caption: &str, kind: &str| {
        let _ = write!(
            h,
            "<th scope=\"col\" aria-sort=\"none\" data-sort=\"{key}\" data-type=\"{kind}\"><button type=\"button\">{}</button> <a class=\"def\" href=\"#def-{key}\" title=\"Định nghĩa\" aria-label=\"Định nghĩa: {}\">?</a></th>",
            esc(caption),
            esc(caption)
        );
    };
    th(h, "unit", "Đơn vị", "text");
    for c in counts() {
        th(h, c.as_str(), c.label(), "number");
    }
    for m in MEASURES {
        let m = m.measure();
        th(
            h,
            m.key,
            &format!("{} ({})", m.caption, m.unit.caption()),
            "number",
        );
    }
    h.push_str("</tr>\n</thead>\n<tbody>\n");
    for (unit, c) in &v.units {
        row(h, Some(unit), c, o);
    }
    h.push_str("</tbody>\n<tfoot>\n");
    row(h, None, &v.total, o);
    h.push_str("</tfoot>\n</table>\n</div>\n");
    // Per-unit chart: the on-time rate of each unit.
    let m = MeasureId::OnTimeRate.measure();
    let dp = m.decimals(o);
    let bars = v
        .units
        .iter()
        .filter_map(|(u, c)| {
            m.compute(c, o).map(|value| Bar {
                label: u.clone(),
                value,
                text: vi::percent(value, dp),
            })
        })
        .collect::<Vec<_>>();
    figure(
        h,
        "chart-units",
        &FigureBlock {
            caption: format!("{} theo đơn vị ({})", m.caption, v.label),
            chart: Chart::Bar {
                unit: "%".into(),
                max: Decimal::ONE_HUNDRED,
                bars,
            },
        },
        "",
    );
    if let Some(months) = &v.months {
        let max = months
            .values()
            .map(Counts::received)
            .max()
            .unwrap_or(0)
            .max(1);
        let bars = months
            .iter()
            .map(|(k, c)| Bar {
                label: month_label(k.first().map(String::as_str).unwrap_or("")),
                value: Decimal::from(c.received()),
                text: vi::int(c.received()),
            })
            .collect();
        figure(
            h,
            "chart-months",
            &FigureBlock {
                caption: format!("Số hồ sơ mới tiếp nhận theo tháng ({})", v.label),
                chart: Chart::Bar {
                    unit: " hồ sơ".into(),
                    max: Decimal::from(max),
                    bars,
                },
            },
            "",
        );
    }
    h.push_str("</section>\n");
}

/// `2021-03` → `Tháng 03/2021`.
fn month_label(k: &str) -> String {
    match k.split_once('-') {
        Some((y, m)) => format!("Tháng {m}/{y}"),
        None if k.is_empty() => "Không rõ tháng".into(),
        None => k.to_string(),
    }
}

fn figure(h: &mut String, class: &str, f: &FigureBlock, attr: &str) {
    let _ = write!(
        h,
        "<figure class=\"{class}\" {attr}>\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
        bar_svg(f),
        esc(&f.caption)
    );
}

/// One table row: a unit's (or, without a unit, the total's) counts and measures. Every
/// cell carries its value in `data-v` (a plain number, for sorting) and links to the
/// definition of its column.
fn row(h: &mut String, unit: Option<&str>, c: &Counts, o: &MeasureOptions) {
    match unit {
        Some(u) => {
            let _ = write!(
                h,
                "<tr data-unit=\"{u}\"><th scope=\"row\" data-v=\"{u}\">{u}</th>",
                u = esc(u)
            );
        }
        None => h.push_str("<tr class=\"total\"><th scope=\"row\">Tổng cộng</th>"),
    }
    for col in counts() {
        let n = c.get(col);
        let _ = write!(
            h,
            "<td data-v=\"{n}\"><a href=\"#def-{}\" tabindex=\"-1\">{}</a></td>",
            col.as_str(),
            vi::int(n)
        );
    }
    for id in MEASURES {
        let m = id.measure();
        match m.compute(c, o) {
            Some(v) => {
                let _ = write!(
                    h,
                    "<td data-v=\"{v}\"><a href=\"#def-{}\" tabindex=\"-1\">{}</a></td>",
                    m.key,
                    vi::decimal(v, m.decimals(o))
                );
            }
            None => {
                let _ = write!(
                    h,
                    "<td data-v=\"\"><a href=\"#def-{}\" tabindex=\"-1\" title=\"Không có mẫu số\">–</a></td>",
                    m.key
                );
            }
        }
    }
    h.push_str("</tr>\n");
}

/// The definitions every number links to: the Biểu 06 columns and the measures' formulas
/// under the options in force.
fn definitions(h: &mut String, o: &MeasureOptions) {
    h.push_str("<section id=\"dinh-nghia\">\n<h2>Định nghĩa các chỉ tiêu</h2>\n<dl>\n");
    h.push_str(
        "<dt id=\"def-unit\">Đơn vị</dt><dd>Đơn vị báo cáo (huyện, xã, sở, ngành) đã gửi tệp số liệu; dòng Tổng cộng là tổng của mọi đơn vị.</dd>\n",
    );
    for c in counts() {
        let form = c
            .number()
            .map(|n| format!("cột ({n}) Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP)"))
            .unwrap_or_else(|| match c {
                Column::Received => {
                    "cột (4) + (5) Biểu số 06/VPCP/KSTT: hồ sơ mới tiếp nhận trong kỳ".into()
                }
                _ => "ngoài Biểu số 06".into(),
            });
        let _ = writeln!(
            h,
            "<dt id=\"def-{}\">{}</dt><dd>Số hồ sơ, {}.</dd>",
            c.as_str(),
            esc(c.label()),
            esc(&form)
        );
    }
    for id in MEASURES {
        let m = id.measure();
        let _ = writeln!(
            h,
            "<dt id=\"def-{}\">{} ({})</dt><dd>{}; {}, {} chữ số thập phân.</dd>",
            m.key,
            esc(m.caption),
            esc(m.unit.caption()),
            esc(&m.formula_vi(o)),
            match m.rounding(o) {
                Rounding::HalfUp => "làm tròn lên từ 0,5 (half-up)",
                Rounding::Floor => "làm tròn xuống (floor)",
            },
            m.decimals(o)
        );
    }
    h.push_str("</dl>\n</section>\n");
}

const CSS: &str = r#"
body { font-family: "Times New Roman", Times, serif; margin: 1em; color: #111; background: #fff; }
h1 { font-size: 1.4em; margin: 0 0 .2em; } h2 { font-size: 1.15em; }
.filters { display: flex; flex-wrap: wrap; gap: .5em 1em; align-items: center; margin: .8em 0; padding: .5em; background: #f2f4f8; }
.filters input, .filters select { font: inherit; padding: .2em .4em; }
.note { color: #555; font-style: italic; }
.scroll { overflow-x: auto; }
table.units { border-collapse: collapse; font-size: .92em; }
table.units caption { text-align: left; padding: .3em 0; color: #333; }
table.units th, table.units td { border: 1px solid #999; padding: .2em .4em; }
table.units td { text-align: right; white-space: nowrap; }
table.units tbody th { text-align: left; font-weight: normal; }
table.units thead th { background: #e3e8f2; vertical-align: bottom; }
table.units thead button { font: inherit; font-weight: bold; background: none; border: 0; padding: 0; cursor: pointer; text-align: left; }
table.units thead button:focus-visible, a:focus-visible { outline: 2px solid #1d4ed8; outline-offset: 2px; }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
table.units td a { color: inherit; text-decoration: none; }
table.units td a:hover { text-decoration: underline; }
a.def { font-size: .8em; color: #1d4ed8; }
tr.total th, tr.total td { font-weight: bold; background: #f7f7f7; }
tr[hidden] { display: none; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
dl dt { font-weight: bold; margin-top: .4em; } dl dd { margin-left: 1.5em; }
@media print {
  .filters, a.def { display: none; }
  body { margin: 0; font-size: 11pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  .scroll { overflow: visible; }
  figure { break-inside: avoid; }
}
"#;

/// The page's script: filters, keyboard-accessible sorting (header buttons), and the same
/// from the URL (`?sort=KEY&dir=asc|desc&level=ID&unit=TEXT`, or after `#`); the unit filter
/// hides the rows and the per-unit chart's bars of the other units. It computes
/// no figure: it only shows, hides and reorders rows.
const SCRIPT: &str = r#"
(function () {
  "use strict";
  var doc = document;
  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().trim();
  }
  function params() {
    var out = {};
    var parts = [location.search.replace(/^\?/, ""), location.hash.replace(/^#/, "")];
    parts.forEach(function (p) {
      p.split("&").forEach(function (kv) {
        if (!kv) return;
        var i = kv.indexOf("=");
        if (i < 0) return;
        try { out[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1).replace(/\+/g, " ")); } catch (e) {}
      });
    });
    return out;
  }
  var unitBox = doc.getElementById("loc-don-vi");
  var levelBox = doc.getElementById("loc-muc-do");
  var countOut = doc.getElementById("so-dong");
  function sections() { return Array.prototype.slice.call(doc.querySelectorAll("section.view")); }
  function current() {
    var v = levelBox.value;
    return sections().filter(function (s) { return s.getAttribute("data-view") === v; })[0] || sections()[0];
  }
  function applyFilters() {
    var v = levelBox.value, q = fold(unitBox.value), shown = 0, total = 0;
    sections().forEach(function (s) {
      var on = s.getAttribute("data-view") === v;
      s.hidden = !on;
      Array.prototype.forEach.call(s.querySelectorAll("tbody tr"), function (tr) {
        var match = !q || fold(tr.getAttribute("data-unit")).indexOf(q) >= 0;
        tr.hidden = !match;
        if (on) { total++; if (match) shown++; }
      });
    });
    countOut.textContent = "Đang hiện " + shown + " / " + total + " đơn vị";
    // The per-unit charts show the bars of the units shown, moved up to close the gaps.
    Array.prototype.forEach.call(doc.querySelectorAll("figure.chart-units svg"), function (svg) {
      var step = parseFloat(svg.getAttribute("data-row")) || 22, k = 0;
      Array.prototype.forEach.call(svg.querySelectorAll("g.bar"), function (g, i) {
        var match = !q || fold(g.getAttribute("data-label")).indexOf(q) >= 0;
        g.setAttribute("display", match ? "inline" : "none");
        g.setAttribute("transform", "translate(0," + ((k - i) * step) + ")");
        if (match) k++;
      });
      var w = svg.viewBox.baseVal.width, h = k * step + 30;
      svg.setAttribute("height", String(h));
      svg.setAttribute("viewBox", "0 0 " + w + " " + h);
      var axis = svg.querySelector("line.axis"), scale = svg.querySelector("text.scale");
      if (axis) axis.setAttribute("y2", String(k * step + 8));
      if (scale) scale.setAttribute("y", String(k * step + 24));
      svg.setAttribute("data-shown", String(k));
    });
  }
  function sortBy(th, dir) {
    var t0 = performance.now();
    var table = th.closest("table");
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var col = headers.indexOf(th);
    var numeric = th.getAttribute("data-type") === "number";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (tr, i) {
      var raw = tr.cells[col].getAttribute("data-v");
      var k = numeric ? (raw === "" ? null : parseFloat(raw)) : fold(raw);
      return { tr: tr, k: k, i: i };
    });
    var sign = dir === "desc" ? -1 : 1;
    keyed.sort(function (a, b) {
      if (a.k === null && b.k === null) return a.i - b.i;
      if (a.k === null) return 1;
      if (b.k === null) return -1;
      var c = numeric ? a.k - b.k : (a.k < b.k ? -1 : a.k > b.k ? 1 : 0);
      return c !== 0 ? sign * c : a.i - b.i;
    });
    var frag = doc.createDocumentFragment();
    keyed.forEach(function (x) { frag.appendChild(x.tr); });
    body.appendChild(frag);
    headers.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", dir === "desc" ? "descending" : "ascending");
    doc.documentElement.setAttribute("data-sort-ms", String(Math.round((performance.now() - t0) * 10) / 10));
    doc.documentElement.setAttribute("data-sorted-by", th.getAttribute("data-sort") + ":" + (dir === "desc" ? "desc" : "asc"));
  }
  function sortAll(key, dir) {
    sections().forEach(function (s) {
      var th = s.querySelector('thead th[data-sort="' + key + '"]');
      if (th) sortBy(th, dir);
    });
  }
  doc.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("thead th button");
    if (!b) return;
    var th = b.parentNode;
    var dir = th.getAttribute("aria-sort") === "descending" ? "asc" : (th.getAttribute("aria-sort") === "ascending" ? "desc" : (th.getAttribute("data-type") === "number" ? "desc" : "asc"));
    sortAll(th.getAttribute("data-sort"), dir);
    th.querySelector("button").focus();
  });
  unitBox.addEventListener("input", applyFilters);
  levelBox.addEventListener("change", applyFilters);
  var p = params();
  if (p.level) levelBox.value = p.level;
  if (p.unit) unitBox.value = p.unit;
  applyFilters();
  if (p.sort) sortAll(p.sort, p.dir === "asc" ? "asc" : "desc");
  doc.documentElement.setAttribute("data-ready", "1");
})();
"#;
