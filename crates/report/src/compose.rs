//! The composer: builds the transparency report's [`ReportDocument`] from a [`Bundle`] and the
//! dossier figures. It computes and formats every figure; writers only lay out.
//!
//! Narrative text passes through unchanged except for `{placeholders}`, which are replaced
//! by figures and lists computed from the bundle (`{{` and `}}` write literal braces):
//!
//! | placeholder | replaced by |
//! |---|---|
//! | `{basis}` | `Công văn số 839/STP-HCTP&BTTP ngày 18/8/2021 của Sở Tư pháp về việc …` |
//! | `{period}`, `{period.padded}`, `{next_period}` | `6 tháng đầu năm 2021`, `06 tháng đầu năm 2021`, `6 tháng cuối năm 2021` |
//! | `{documents}` | the register as `Kế hoạch số 21/KH-UBND ngày 05/02/2021 về …; …` |
//! | `{dossiers.sentence}` | `6.691/6.774 hồ sơ đã giải quyết xong theo đúng thời gian quy định, còn 83 hồ sơ chưa đến hạn trả, đang tiếp tục giải quyết.` (late and overdue clauses only when non-zero) |
//! | `{dossiers.<figure>}` | `handled`, `received`, `received_online`, `carried_over`, `resolved`, `resolved_in_time`, `resolved_early`, `resolved_on_time`, `resolved_late`, `pending`, `pending_within_due`, `pending_overdue`, `on_time_rate` |
//! | `{portal.<key>}` | a value of `portal.toml` |
//! | `{procedures.count}`, `{procedures.level3}`, `{procedures.level4}` | counts from the catalogue |
//! | `{target.<id>}` | a target's value with its unit (`30%`) |
//! | `{shortcomings}` | unmet disclosure duties and missed targets, joined by `; ` |

use std::collections::BTreeMap;

use minhbach_engine::aggregate::{
    Column, ColumnGroup, Counts, Measure, MeasureId, MeasureOptions, Unit,
};
use minhbach_model::OnlineServiceLevel;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::bundle::{Bundle, SectionSpec};
use crate::tree::{
    Appendix, Bar, Block, BodyRow, Chart, FigureBlock, Header, HeaderCell, Inline, List, ListStyle,
    Numbering, ReportDocument, Section, Signature, TableBlock,
};
use crate::{vi, ReportError};
use minhbach_model::{Direction, DisclosureStatus, PortalValue, Target};

/// The mark of a value the office has still to supply (a new bundle's narrative slots and
/// the figures of an empty dossiers file).
pub const TO_FILL: &str = "CẦN BỔ SUNG";

/// The metrics a target can name to have its actual value computed: every percentage of the
/// engine's measures catalogue, as `dossiers.<measure>` (`dossiers.on_time_rate`, …).
pub fn metrics() -> Vec<String> {
    Measure::all()
        .filter(|m| m.unit == Unit::Percent)
        .map(|m| format!("dossiers.{}", m.key))
        .collect()
}

/// The measure a target's `metric` names, if it is one of [`metrics`].
pub fn metric(name: &str) -> Option<&'static Measure> {
    let key = name.strip_prefix("dossiers.")?;
    Measure::all().find(|m| m.key == key && m.unit == Unit::Percent)
}

/// The serde shape of dossier counts typed in `report.toml [dossiers]`: the Biểu 06 columns
/// as an office reads them off its own table (`received` is the total received in the period,
/// of which `received_online`). A thin view of the engine's [`Counts`], holding no formula.
mod typed_counts {
    use minhbach_engine::aggregate::Counts;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(default, deny_unknown_fields)]
    struct Typed {
        received: u64,
        received_online: u64,
        carried_over: u64,
        resolved_early: u64,
        resolved_on_time: u64,
        resolved_late: u64,
        pending_within_due: u64,
        pending_overdue: u64,
        #[serde(skip_serializing_if = "is_zero")]
        withdrawn: u64,
        #[serde(skip_serializing_if = "is_zero")]
        rejected: u64,
        #[serde(skip_serializing_if = "is_zero")]
        waiting: u64,
        #[serde(skip_serializing_if = "is_zero")]
        unknown_due: u64,
    }

    fn is_zero(n: &u64) -> bool {
        *n == 0
    }

    pub(super) fn serialize<S: Serializer>(c: &Counts, s: S) -> Result<S::Ok, S::Error> {
        Typed {
            received: c.received(),
            received_online: c.received_online,
            carried_over: c.carried_over,
            resolved_early: c.resolved_early,
            resolved_on_time: c.resolved_on_time,
            resolved_late: c.resolved_late,
            pending_within_due: c.pending_within_due,
            pending_overdue: c.pending_overdue,
            withdrawn: c.withdrawn,
            rejected: c.rejected,
            waiting: c.waiting,
            unknown_due: c.unknown_due,
        }
        .serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Counts, D::Error> {
        let t = Typed::deserialize(d)?;
        let direct = t.received.checked_sub(t.received_online).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "received_online ({}) is more than received ({})",
                t.received_online, t.received
            ))
        })?;
        Ok(Counts {
            received_online: t.received_online,
            received_direct_postal: direct,
            carried_over: t.carried_over,
            resolved_early: t.resolved_early,
            resolved_on_time: t.resolved_on_time,
            resolved_late: t.resolved_late,
            pending_within_due: t.pending_within_due,
            pending_overdue: t.pending_overdue,
            withdrawn: t.withdrawn,
            rejected: t.rejected,
            waiting: t.waiting,
            unknown_due: t.unknown_due,
            ..Counts::default()
        })
    }
}

/// Checks received + carried over = resolved + pending + separate buckets for one row.
fn check_counts(c: &Counts, source_name: &str, agency: Option<&str>) -> Result<(), ReportError> {
    let (left, right) = c.balance();
    if left != right {
        return Err(ReportError::Unreconciled {
            source_name: source_name.to_string(),
            agency: agency.map(str::to_string),
            identity: crate::Identity::Balance,
            left,
            right,
        });
    }
    Ok(())
}

/// One agency's row of Biểu 06.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyCounts {
    /// The agency (đơn vị).
    pub agency: String,
    /// Its counts.
    #[serde(with = "typed_counts")]
    pub counts: Counts,
}

/// The dossier figures the report needs: the totals and, for the Biểu 06 appendix, one row
/// per agency. Filled from the engine's aggregation or typed in `report.toml [dossiers]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DossierSummary {
    /// Totals.
    #[serde(with = "typed_counts")]
    pub total: Counts,
    /// Rows by agency (may be empty).
    #[serde(default)]
    pub by_agency: Vec<AgencyCounts>,
    /// Where the figures came from (file name), for notes and errors.
    #[serde(default)]
    pub source: String,
    /// Points the office must check (rejected rows, unclassifiable dossiers); printed as
    /// warnings next to the dossier sentence.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// How the rows of the dossiers file were used, when the figures come from a file
    /// (`None` for figures typed or built by a program).
    #[serde(default)]
    pub rows: Option<RowTally>,
}

/// What became of the rows of a dossiers file: every row read is counted or rejected, and a
/// counted row lies in the table or outside the report's period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RowTally {
    /// Data rows read (header excluded).
    pub read: u64,
    /// Rows rejected as bad data (each one reported).
    pub rejected: u64,
    /// Valid dossiers outside the period: received after it, or finished before it.
    pub outside_period: u64,
}

impl DossierSummary {
    /// Whether the figures come from a dossiers file that holds no row at all (a new
    /// bundle): every dossier figure is then "CẦN BỔ SUNG".
    pub fn file_is_empty(&self) -> bool {
        self.rows.is_some_and(|r| r.read == 0)
    }
}

impl DossierSummary {
    /// Checks every identity on the totals and on each agency row, and that the rows add up
    /// to the totals.
    pub fn check(&self) -> Result<(), ReportError> {
        let src = if self.source.is_empty() {
            "dossier figures"
        } else {
            &self.source
        };
        check_counts(&self.total, src, None)?;
        if self.by_agency.is_empty() {
            return Ok(());
        }
        let mut sum = Counts::default();
        for a in &self.by_agency {
            check_counts(&a.counts, src, Some(&a.agency))?;
            sum.merge(&a.counts);
        }
        if sum != self.total {
            return Err(ReportError::Unreconciled {
                source_name: src.to_string(),
                agency: None,
                identity: crate::Identity::AgencySum,
                left: sum.handled(),
                right: self.total.handled(),
            });
        }
        Ok(())
    }
}

/// The sentence of section I.2: `6.691/6.774 hồ sơ đã giải quyết xong theo đúng thời gian
/// quy định, còn 83 hồ sơ chưa đến hạn trả, đang tiếp tục giải quyết.` The late and overdue
/// clauses appear only when non-zero.
///
/// ```
/// use minhbach_engine::aggregate::Counts;
/// use minhbach_report::dossier_sentence;
/// let c = Counts { received_direct_postal: 6774, resolved_on_time: 6691, pending_within_due: 83, ..Default::default() };
/// let text: String = dossier_sentence(&c).iter().map(|i| i.as_str()).collect();
/// assert_eq!(text, "6.691/6.774 hồ sơ đã giải quyết xong theo đúng thời gian quy định, còn 83 hồ sơ chưa đến hạn trả, đang tiếp tục giải quyết.");
/// ```
pub fn dossier_sentence(c: &Counts) -> Vec<Inline> {
    let fig = |n: u64, src: &str| Inline::figure(vi::int(n), format!("dossiers.{src}"));
    let t = Inline::text;
    if c.handled() == 0 {
        return vec![t(
            "chưa có hồ sơ tiếp nhận, chưa có hồ sơ giải quyết trong kỳ.",
        )];
    }
    let mut out = if c.resolved() == 0 {
        vec![
            fig(c.handled(), "handled"),
            t(" hồ sơ nhận giải quyết, chưa có hồ sơ giải quyết xong"),
        ]
    } else {
        vec![
            fig(c.resolved_in_time(), "resolved_in_time"),
            t("/"),
            fig(c.handled(), "handled"),
            t(" hồ sơ đã giải quyết xong theo đúng thời gian quy định"),
        ]
    };
    if c.resolved_late > 0 {
        out.push(t(", "));
        out.push(fig(c.resolved_late, "resolved_late"));
        out.push(t(" hồ sơ giải quyết xong nhưng quá hạn"));
    }
    if c.set_aside() > 0 {
        out.push(t(", "));
        out.push(fig(c.set_aside(), "set_aside"));
        out.push(t(" hồ sơ rút hoặc trả lại"));
    }
    match (c.pending_within_due, c.pending_overdue) {
        (0, 0) => {}
        (w, 0) => {
            out.push(t(", còn "));
            out.push(fig(w, "pending_within_due"));
            out.push(t(" hồ sơ chưa đến hạn trả, đang tiếp tục giải quyết"));
        }
        (0, o) => {
            out.push(t(", còn "));
            out.push(fig(o, "pending_overdue"));
            out.push(t(" hồ sơ đã quá hạn nhưng chưa giải quyết xong"));
        }
        (w, o) => {
            out.push(t(", còn "));
            out.push(fig(w, "pending_within_due"));
            out.push(t(" hồ sơ chưa đến hạn trả, đang tiếp tục giải quyết và "));
            out.push(fig(o, "pending_overdue"));
            out.push(t(" hồ sơ đã quá hạn nhưng chưa giải quyết xong"));
        }
    }
    out.push(t("."));
    out
}

/// A placeholder's value and the warnings that go with it.
struct PlaceholderValue {
    inlines: Vec<Inline>,
    warnings: Vec<String>,
    /// Whether the warnings matter only where the placeholder is used (a rate that cannot
    /// be computed), not at the end of the report when no text uses it.
    only_if_used: bool,
}

struct ComposeContext {
    values: BTreeMap<String, PlaceholderValue>,
    /// Warnings not tied to a placeholder, or whose placeholder is unused.
    loose: Vec<String>,
    used: std::collections::BTreeSet<String>,
    /// Bytes of text produced by placeholders so far, and the limit
    /// (`Limits::max_report_text_bytes`).
    expanded: usize,
    max_expanded: usize,
}

impl ComposeContext {
    fn put(&mut self, k: impl Into<String>, inlines: Vec<Inline>) {
        self.values.insert(
            k.into(),
            PlaceholderValue {
                inlines,
                warnings: Vec::new(),
                only_if_used: false,
            },
        );
    }
    /// Like [`ComposeContext::put`] with a warning shown only next to the text that uses `k`.
    fn put_warned_if_used(&mut self, k: impl Into<String>, inlines: Vec<Inline>, w: String) {
        self.values.insert(
            k.into(),
            PlaceholderValue {
                inlines,
                warnings: vec![w],
                only_if_used: true,
            },
        );
    }
    fn warn(&mut self, k: &str, w: String) {
        match self.values.get_mut(k) {
            Some(v) => v.warnings.push(w),
            None => self.loose.push(w),
        }
    }
}

/// Splits text into inlines, turning `<https://…>` into links.
fn text_inlines(s: &str, out: &mut Vec<Inline>) {
    let mut rest = s;
    while let Some(i) = rest.find("<http") {
        let Some(j) = rest.get(i..).and_then(|r| r.find('>')) else {
            break;
        };
        let before = rest.get(..i).unwrap_or("");
        let url = rest.get(i + 1..i + j).unwrap_or("");
        if url.contains(char::is_whitespace) {
            break;
        }
        if !before.is_empty() {
            push_text(out, before);
        }
        out.push(Inline::Link {
            url: url.to_string(),
        });
        rest = rest.get(i + j + 1..).unwrap_or("");
    }
    if !rest.is_empty() {
        push_text(out, rest);
    }
}

fn push_text(out: &mut Vec<Inline>, s: &str) {
    if let Some(Inline::Text { text }) = out.last_mut() {
        text.push_str(s);
    } else {
        out.push(Inline::text(s));
    }
}

/// Expands placeholders in `text` (field `field` of `path`).
fn expand(
    ctx: &mut ComposeContext,
    path: &str,
    field: &str,
    text: &str,
    warnings: &mut Vec<String>,
) -> Result<Vec<Inline>, ReportError> {
    let mut out = Vec::new();
    let mut buf = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or(' ');
        let next = chars.get(i + 1).copied();
        match c {
            '{' if next == Some('{') => {
                buf.push('{');
                i += 2;
            }
            '}' if next == Some('}') => {
                buf.push('}');
                i += 2;
            }
            '{' => {
                let Some(len) = chars
                    .get(i + 1..)
                    .and_then(|r| r.iter().position(|&x| x == '}'))
                else {
                    return Err(ReportError::UnbalancedBrace {
                        path: path.to_string(),
                        field: field.to_string(),
                        position: i,
                    });
                };
                let name: String = chars
                    .get(i + 1..i + 1 + len)
                    .map_or(String::new(), |s| s.iter().collect());
                // A name is letters, digits, `_` and `.`; anything else means the brace was
                // never closed (`{portal.posts tin, bài; {portal.documents}`).
                if name.is_empty() {
                    return Err(ReportError::EmptyPlaceholder {
                        path: path.to_string(),
                        field: field.to_string(),
                        position: i,
                    });
                }
                if !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
                {
                    return Err(ReportError::UnbalancedBrace {
                        path: path.to_string(),
                        field: field.to_string(),
                        position: i,
                    });
                }
                let Some(v) = ctx.values.get(&name) else {
                    return Err(ReportError::UnknownPlaceholder {
                        path: path.to_string(),
                        field: field.to_string(),
                        name,
                        known: ctx.values.keys().cloned().collect::<Vec<_>>().join(", "),
                    });
                };
                if !buf.is_empty() {
                    text_inlines(&buf, &mut out);
                    buf.clear();
                }
                ctx.expanded = ctx.expanded.saturating_add(inlines_len(&v.inlines));
                if ctx.expanded > ctx.max_expanded {
                    return Err(ReportError::TextTooLong {
                        path: path.to_string(),
                        field: field.to_string(),
                        limit: ctx.max_expanded,
                    });
                }
                for inl in &v.inlines {
                    match inl {
                        Inline::Text { text } => push_text(&mut out, text),
                        other => out.push(other.clone()),
                    }
                }
                for w in &v.warnings {
                    if !warnings.contains(w) {
                        warnings.push(w.clone());
                    }
                }
                ctx.used.insert(name);
                i += len + 2;
            }
            '}' => {
                return Err(ReportError::UnbalancedBrace {
                    path: path.to_string(),
                    field: field.to_string(),
                    position: i,
                })
            }
            _ => {
                buf.push(c);
                i += 1;
            }
        }
    }
    if !buf.is_empty() {
        text_inlines(&buf, &mut out);
    }
    Ok(out)
}

/// Bytes of text in `inlines` (links and figures count their text too).
fn inlines_len(inlines: &[Inline]) -> usize {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text { text } | Inline::Bold { text } | Inline::Italic { text } => text.len(),
            Inline::Figure { text, source } => text.len() + source.len(),
            Inline::Link { url } => url.len(),
        })
        .sum()
}

fn join_inlines(parts: Vec<Vec<Inline>>, sep: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, p) in parts.into_iter().enumerate() {
        if i > 0 {
            push_text(&mut out, sep);
        }
        for inl in p {
            match inl {
                Inline::Text { text } => push_text(&mut out, &text),
                other => out.push(other),
            }
        }
    }
    out
}

/// How a disclosure item's category wording names the portal (`{portal}` in
/// [`minhbach_model::DisclosureCategory::shortfall_vi`]) when the item has no text of its own.
const PORTAL_NAME: &str = "Cổng thông tin điện tử";

fn portal_text(v: &PortalValue) -> String {
    match v {
        PortalValue::Count(n) => vi::int(*n),
        PortalValue::Percent(d) => {
            let dp = if d.fract().is_zero() { 0 } else { 2 };
            vi::percent(*d, dp)
        }
    }
}

fn target_text(value: Decimal, unit: &str) -> String {
    let dp = value.normalize().scale().min(4);
    format!("{}{unit}", vi::decimal(value, dp))
}

/// How a target fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Met,
    Missed,
    NotAssessed,
}

/// Builds the report from a loaded bundle. `dossiers` are the figures from the dossiers file
/// (see [`crate::summarise_dossiers`], which runs the engine); when `None`, the figures typed in
/// `report.toml [dossiers]` are used, if any.
///
/// Errors: unknown placeholders, unbalanced braces, figures that do not reconcile.
pub fn compose(
    bundle: &Bundle,
    dossiers: Option<&DossierSummary>,
) -> Result<ReportDocument, ReportError> {
    compose_inner(bundle, dossiers, None).map_err(|e| at_line(bundle, e))
}

/// A placeholder error in a field of report.toml, with the line and column of the field's
/// value added to its path (`report.toml:12:11`), as the TOML parser's errors have them.
fn at_line(bundle: &Bundle, mut e: ReportError) -> ReportError {
    if let ReportError::UnknownPlaceholder { path, field, .. }
    | ReportError::UnbalancedBrace { path, field, .. }
    | ReportError::EmptyPlaceholder { path, field, .. } = &mut e
    {
        let report_toml = bundle.dir.join("report.toml");
        if *path == report_toml.display().to_string() {
            if let Ok(src) = crate::bundle::read(&report_toml, &bundle.limits) {
                *path = crate::error::at_field(path, &src, field);
            }
        }
    }
    e
}

/// Builds the consolidated report of a province bundle from its merged units
/// ([`crate::consolidate`]): the same report as [`compose`] over the merged totals, with
/// Biểu 06 one row per unit plus the total (`[appendices] bieu06`), the ranking of the units
/// with a chart of the ranking measure per unit (`[appendices] ranking`), and the
/// placeholders `{units.count}`, `{units.first}` (the unit or units ranked first),
/// `{units.measure}` (the ranking measure's name) and `{units.shared}` (dossiers found in
/// several units).
pub fn compose_consolidated(
    bundle: &Bundle,
    units: &crate::Consolidation,
) -> Result<ReportDocument, ReportError> {
    compose_inner(bundle, Some(&units.summary), Some(units)).map_err(|e| at_line(bundle, e))
}

fn compose_inner(
    bundle: &Bundle,
    dossiers: Option<&DossierSummary>,
    units: Option<&crate::Consolidation>,
) -> Result<ReportDocument, ReportError> {
    let spec = &bundle.spec;
    let options = bundle.policy()?.measures;
    let report_path = bundle.dir.join("report.toml").display().to_string();
    let typed;
    let dossiers = match dossiers {
        Some(d) => Some(d),
        None => {
            typed = spec.dossiers.clone().map(|mut d| {
                if d.source.is_empty() {
                    d.source = format!("{report_path} [dossiers]");
                }
                d
            });
            typed.as_ref()
        }
    };
    if let Some(d) = dossiers {
        d.check()?;
    }
    let (start, end) = (bundle.period.start(), bundle.period.end());
    let mut ctx = ComposeContext {
        values: BTreeMap::new(),
        loose: Vec::new(),
        used: Default::default(),
        expanded: 0,
        max_expanded: bundle.limits.max_report_text_bytes,
    };
    // A period the office named itself ("năm 2022" for 15/12/2021–14/12/2022) keeps its name.
    let period_name = bundle
        .period
        .name()
        .map_or_else(|| vi::period_name(start, end), str::to_string);
    ctx.put("period", vec![Inline::text(period_name.clone())]);
    ctx.put(
        "period.padded",
        vec![Inline::text(bundle.period.name().map_or_else(
            || vi::period_name_padded(start, end),
            str::to_string,
        ))],
    );
    let next = match vi::next_period(start, end) {
        Some((s, e)) => vi::period_name(s, e),
        None => "kỳ tiếp theo".to_string(),
    };
    ctx.put("next_period", vec![Inline::text(next)]);

    if let Some(b) = &spec.basis {
        ctx.put("basis", vec![Inline::text(vi::citation(b))]);
    }

    // The documents register.
    if spec.files.documents.is_some() {
        let parts: Vec<Vec<Inline>> = bundle
            .documents
            .iter()
            .map(|d| {
                let number = d
                    .number
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let s = vi::citation(d);
                vec![Inline::figure(s, format!("documents.{number}"))]
            })
            .collect();
        ctx.put("documents", join_inlines(parts, "; "));
        for d in &bundle.documents {
            if let (Some(date), Some(issued)) = (d.date, spec.document.date) {
                if date > issued {
                    ctx.warn(
                        "documents",
                        format!(
                            "{} ngày {} trong danh mục văn bản có ngày sau ngày ban hành báo cáo ({}).",
                            d.number.as_ref().map(ToString::to_string).unwrap_or_default(),
                            vi::date_short(date),
                            vi::date_short(issued)
                        ),
                    );
                }
            }
        }
    }

    // Dossier figures.
    if let Some(d) = dossiers.filter(|d| d.file_is_empty()) {
        // A new bundle: the dossiers file holds its header only.
        let missing = |key: &str| vec![Inline::figure(TO_FILL, key)];
        ctx.put("dossiers.sentence", missing("dossiers.sentence"));
        let keys = Column::ALL
            .into_iter()
            .map(|col| col.as_str())
            .chain(["resolved_in_time", "set_aside"])
            .chain(Measure::all().map(|m| m.key));
        for k in keys {
            let key = format!("dossiers.{k}");
            ctx.put(key.clone(), missing(&key));
        }
        ctx.warn(
            "dossiers.sentence",
            format!(
                "Tệp {} chưa có hồ sơ nào: cần bổ sung dữ liệu hồ sơ xuất từ hệ thống một cửa điện tử.",
                d.source
            ),
        );
    } else if let Some(d) = dossiers {
        let c = &d.total;
        ctx.put("dossiers.sentence", dossier_sentence(c));
        for w in &d.warnings {
            ctx.warn("dossiers.sentence", w.clone());
        }
        let counts = Column::ALL
            .into_iter()
            .map(|col| (col.as_str(), c.get(col)))
            .chain([
                ("resolved_in_time", c.resolved_in_time()),
                ("set_aside", c.set_aside()),
            ]);
        for (k, n) in counts {
            let key = format!("dossiers.{k}");
            ctx.put(key.clone(), vec![Inline::figure(vi::int(n), key)]);
        }
        for m in Measure::all() {
            let key = format!("dossiers.{}", m.key);
            match m.compute(c, &options) {
                Some(v) => {
                    let text = measure_text(m, v, &options);
                    ctx.put(key.clone(), vec![Inline::figure(text, key)]);
                }
                None => {
                    ctx.put_warned_if_used(
                        key.clone(),
                        vec![Inline::figure("—", key.clone())],
                        format!(
                            "{} ({key}) không tính được: mẫu số ({}) bằng 0.",
                            m.caption,
                            m.denominator(&options)
                        ),
                    );
                }
            }
        }
    }

    for (k, v) in &bundle.portal {
        let key = format!("portal.{k}");
        ctx.put(key.clone(), vec![Inline::figure(portal_text(v), key)]);
    }
    if spec.files.procedures.is_some() {
        let count = |lvl: Option<OnlineServiceLevel>| -> u64 {
            bundle
                .procedures
                .iter()
                .filter(|p| lvl.is_none() || p.online_level == lvl)
                .count() as u64
        };
        for (k, n) in [
            ("count", count(None)),
            ("level3", count(Some(OnlineServiceLevel::Level3))),
            ("level4", count(Some(OnlineServiceLevel::Level4))),
        ] {
            let key = format!("procedures.{k}");
            ctx.put(key.clone(), vec![Inline::figure(vi::int(n), key)]);
        }
        if let Some(PortalValue::Count(p)) = bundle.portal.get("procedures_level3") {
            let c = count(Some(OnlineServiceLevel::Level3));
            if *p != c {
                let w = format!(
                    "Số TTHC mức độ 3 trong danh mục thủ tục ({}) khác số liệu Cổng thông tin ({}).",
                    vi::int(c),
                    vi::int(*p)
                );
                ctx.warn("procedures.level3", w.clone());
                ctx.warn("portal.procedures_level3", w);
            }
        }
    }

    // Targets and shortcomings.
    let mut verdicts = Vec::new();
    let mut shortcoming_parts: Vec<String> = Vec::new();
    let mut shortcoming_warnings = Vec::new();
    for it in &bundle.disclosure {
        match it.status {
            DisclosureStatus::Unmet | DisclosureStatus::Partial => {
                shortcoming_parts.push(it.shortfall_sentence(PORTAL_NAME));
            }
            DisclosureStatus::Unknown => shortcoming_warnings.push(format!(
                "Chưa có thông tin về việc thực hiện “{}” (disclosure.toml, item {}): đề nghị xác định trước khi ký.",
                it.duty, it.id
            )),
            DisclosureStatus::Met => {}
        }
    }
    for t in &bundle.targets {
        ctx.put(
            format!("target.{}", t.id),
            vec![Inline::figure(
                target_text(t.value, &t.unit),
                format!("targets.{}", t.id),
            )],
        );
        let actual = match t.metric.as_deref().and_then(metric) {
            Some(m) => {
                let a = dossiers.and_then(|d| m.compute(&d.total, &options));
                if a.is_none() {
                    shortcoming_warnings.push(format!(
                        "Chỉ tiêu “{}” không đánh giá được: chưa có số liệu để tính {} (mẫu số {} bằng 0).",
                        t.name,
                        m.caption.to_lowercase(),
                        m.denominator(&options)
                    ));
                }
                a
            }
            None => t.actual,
        };
        let verdict = match actual {
            None => Verdict::NotAssessed,
            Some(a) => {
                if t.is_met(a, Direction::Higher) {
                    Verdict::Met
                } else {
                    Verdict::Missed
                }
            }
        };
        if verdict == Verdict::Missed {
            shortcoming_parts.push(
                t.shortcoming
                    .clone()
                    .unwrap_or_else(|| format!("chưa đạt chỉ tiêu {}", t.name.to_lowercase())),
            );
        }
        verdicts.push((t, actual, verdict));
    }
    if !bundle.disclosure.is_empty() || !bundle.targets.is_empty() {
        let text = match shortcoming_parts.first() {
            Some(first) => {
                let mut parts = shortcoming_parts.clone();
                if let Some(p) = parts.first_mut() {
                    *p = vi::capitalise_first(first);
                }
                parts.join("; ")
            }
            None => {
                shortcoming_warnings.push(
                    "Dữ liệu không ghi nhận tồn tại, hạn chế nào: đề nghị rà soát lại đoạn đánh giá chung."
                        .to_string(),
                );
                "(không có)".to_string()
            }
        };
        ctx.put(
            "shortcomings",
            vec![Inline::figure(text, "disclosure+targets")],
        );
        for w in shortcoming_warnings {
            ctx.warn("shortcomings", w);
        }
    }

    if let Some(u) = units {
        units_placeholders(&mut ctx, u, &options);
    }

    // The document.
    let d = &spec.document;
    let mut warnings = Vec::new();
    let summary = crate::tree::plain(&expand(
        &mut ctx,
        &report_path,
        "document.summary",
        &d.summary,
        &mut warnings,
    )?);
    let year = d.date.map_or_else(
        || chrono::Datelike::year(&end),
        |x| chrono::Datelike::year(&x),
    );
    let header = Header {
        parent_body: d.parent_body.clone(),
        issuing_body: d.issuing_body.clone(),
        motto: Default::default(),
        number: d.number.clone(),
        place: d.place.clone(),
        date: d.date,
        year,
    };
    let signature = Signature {
        lines: spec.signature.lines.clone(),
        name: spec.signature.name.clone(),
    };
    let mut doc = ReportDocument::new(header, d.doc_type.clone(), summary, signature);
    doc.addressees = d.addressees.clone();
    if let Some(intro) = &spec.text.intro {
        let mut w = Vec::new();
        doc.body.push(Block::para(expand(
            &mut ctx,
            &report_path,
            "text.intro",
            intro,
            &mut w,
        )?));
        doc.body
            .extend(w.into_iter().map(|text| Block::Warning { text }));
    }
    let mut counters = [0u32; 8];
    for (i, s) in spec.section.iter().enumerate() {
        let b = section(
            &mut ctx,
            bundle,
            &report_path,
            &format!("section[{i}]"),
            s,
            0,
            &mut counters,
        )?;
        doc.body.push(b);
    }
    // Warnings of placeholders that no text used, and loose warnings.
    let mut tail: Vec<String> = std::mem::take(&mut ctx.loose);
    for (k, v) in &ctx.values {
        if !ctx.used.contains(k) && !v.only_if_used {
            tail.extend(v.warnings.iter().cloned());
        }
    }
    tail.extend(warnings);
    doc.body
        .extend(tail.into_iter().map(|text| Block::Warning { text }));
    if let Some(c) = &spec.text.closing {
        doc.closing = Some(crate::tree::plain(&expand(
            &mut ctx,
            &report_path,
            "text.closing",
            c,
            &mut Vec::new(),
        )?));
    }
    doc.recipients = spec.recipients.list.clone();

    // Appendices.
    let mut n = 0u32;
    let subtitle = {
        let date = d
            .date
            .map(|x| format!(" ngày {}", vi::date_short(x)))
            .unwrap_or_default();
        Some(format!(
            "(Kèm theo {} số {}{date})",
            vi::capitalise_first(&d.doc_type.to_lowercase()),
            doc.header.number
        ))
    };
    let cut_off = bundle.cut_off();
    if let Some(ds) = dossiers.filter(|d| !d.file_is_empty()) {
        if spec.appendices.bieu06 {
            n += 1;
            doc.appendices.push(Appendix {
                label: format!("Phụ lục {}", vi::roman(n)),
                title: format!(
                    "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH {}",
                    period_name.to_uppercase()
                ),
                subtitle: subtitle.clone(),
                blocks: vec![Block::Table(match units {
                    Some(u) => units_bieu06_table(u, cut_off),
                    None => bieu06_table(ds, cut_off),
                })],
            });
        }
        if let Some(u) = units.filter(|_| spec.appendices.ranking) {
            n += 1;
            let m = u.measure.measure();
            doc.appendices.push(Appendix {
                label: format!("Phụ lục {}", vi::roman(n)),
                title: format!("XẾP HẠNG CÁC ĐƠN VỊ THEO {}", m.caption.to_uppercase()),
                subtitle: subtitle.clone(),
                blocks: ranking_blocks(u, &options, &period_name),
            });
        }
        if spec.appendices.on_time_chart {
            let bars: Vec<Bar> = ds
                .by_agency
                .iter()
                .filter_map(|a| {
                    let m = MeasureId::OnTimeRate.measure();
                    m.compute(&a.counts, &options).map(|r| Bar {
                        label: a.agency.clone(),
                        value: r,
                        text: measure_text(m, r, &options),
                    })
                })
                .collect();
            if !bars.is_empty() {
                n += 1;
                doc.appendices.push(Appendix {
                    label: format!("Phụ lục {}", vi::roman(n)),
                    title: "TỶ LỆ HỒ SƠ GIẢI QUYẾT ĐÚNG HẠN THEO ĐƠN VỊ".to_string(),
                    subtitle: subtitle.clone(),
                    blocks: vec![Block::Figure(FigureBlock {
                        caption: format!(
                            "Tỷ lệ hồ sơ giải quyết đúng hạn ({}), {}",
                            options.denominator.on_time_caption_vi(),
                            period_name
                        ),
                        chart: Chart::Bar {
                            unit: "%".to_string(),
                            max: Decimal::from(100),
                            bars,
                        },
                    })],
                });
            }
        }
    }
    if spec.appendices.scorecard && (!bundle.targets.is_empty() || !bundle.disclosure.is_empty()) {
        n += 1;
        doc.appendices.push(Appendix {
            label: format!("Phụ lục {}", vi::roman(n)),
            title: "ĐÁNH GIÁ CHỈ TIÊU VÀ NHIỆM VỤ CÔNG KHAI, MINH BẠCH".to_string(),
            subtitle,
            blocks: scorecard(bundle, &verdicts),
        });
    }
    Ok(doc)
}

fn section(
    ctx: &mut ComposeContext,
    bundle: &Bundle,
    path: &str,
    field: &str,
    s: &SectionSpec,
    depth: usize,
    counters: &mut [u32; 8],
) -> Result<Block, ReportError> {
    let numbering = match s.numbering.as_deref() {
        Some("dash") => Numbering::Dash,
        Some("none") => Numbering::None,
        _ => {
            let c = counters.get_mut(depth.min(7)).map_or(1, |c| {
                *c += 1;
                *c
            });
            for x in counters.iter_mut().skip(depth + 1) {
                *x = 0;
            }
            match depth {
                0 => Numbering::Roman(c),
                1 => Numbering::Arabic(c),
                _ => Numbering::Letter(c),
            }
        }
    };
    let mut warnings = Vec::new();
    let title = expand(
        ctx,
        path,
        &format!("{field}.title"),
        &s.title,
        &mut warnings,
    )?;
    let mut blocks: Vec<Block> = warnings
        .into_iter()
        .map(|text| Block::Warning { text })
        .collect();
    for (j, p) in s.paragraphs.iter().enumerate() {
        let mut w = Vec::new();
        let inl = expand(ctx, path, &format!("{field}.paragraphs[{j}]"), p, &mut w)?;
        blocks.push(Block::para(inl));
        blocks.extend(w.into_iter().map(|text| Block::Warning { text }));
    }
    if s.list.as_deref() == Some("tasks") {
        let mut items = Vec::new();
        for (k, t) in bundle.spec.task.iter().enumerate() {
            let mut w = Vec::new();
            items.push(expand(
                ctx,
                path,
                &format!("task[{k}].text"),
                &t.text,
                &mut w,
            )?);
            blocks.extend(w.into_iter().map(|text| Block::Warning { text }));
        }
        blocks.push(Block::List(List {
            style: ListStyle::Arabic,
            items,
        }));
    }
    for (k, sub) in s.section.iter().enumerate() {
        blocks.push(section(
            ctx,
            bundle,
            path,
            &format!("{field}.section[{k}]"),
            sub,
            depth + 1,
            counters,
        )?);
    }
    Ok(Block::Section(Section {
        numbering,
        title,
        blocks,
    }))
}

/// A measure's value as the report writes it: `98,77%` for a percentage, `123,00` for a
/// mean time (the text names the unit).
fn measure_text(m: &Measure, v: Decimal, o: &MeasureOptions) -> String {
    match m.unit {
        Unit::Percent => vi::percent(v, m.decimals(o)),
        _ => vi::decimal(v, m.decimals(o)),
    }
}

fn counts_row(stt: &str, name: &str, c: &Counts, bold: bool) -> BodyRow {
    let mut cells = vec![stt.to_string(), name.to_string()];
    cells.extend(Column::BIEU06.iter().map(|col| vi::int(c.get(*col))));
    BodyRow { cells, bold }
}

/// The Biểu 06 table: the columns of [`Column::BIEU06`] under their group captions, by
/// agency, with a total row.
pub fn bieu06_table(d: &DossierSummary, cut_off: chrono::NaiveDateTime) -> TableBlock {
    let mut top = vec![
        HeaderCell::span("STT", 1, 3),
        HeaderCell::span("Đơn vị", 1, 3),
    ];
    let mut middle = Vec::new();
    let mut bottom = Vec::new();
    let mut i = 0;
    while let Some(first) = Column::BIEU06.get(i) {
        let group = first.group();
        let members: Vec<Column> = Column::BIEU06
            .iter()
            .skip(i)
            .take_while(|c| c.group() == group)
            .copied()
            .collect();
        i += members.len().max(1);
        let caption = group.map_or("", ColumnGroup::caption);
        top.push(HeaderCell::span(caption, members.len() as u32, 1));
        match (
            group.and_then(ColumnGroup::details_caption),
            members.split_first(),
        ) {
            (Some(details), Some((total, rest))) => {
                middle.push(HeaderCell::span(total.caption(), 1, 2));
                middle.push(HeaderCell::span(details, rest.len() as u32, 1));
                bottom.extend(rest.iter().map(|c| HeaderCell::new(c.caption())));
            }
            _ => middle.extend(members.iter().map(|c| HeaderCell::span(c.caption(), 1, 2))),
        }
    }
    let header = vec![top, middle, bottom];
    let mut rows: Vec<BodyRow> = d
        .by_agency
        .iter()
        .enumerate()
        .map(|(i, a)| counts_row(&(i + 1).to_string(), &a.agency, &a.counts, false))
        .collect();
    rows.push(counts_row("", "Tổng cộng", &d.total, true));
    let src = if d.source.is_empty() {
        String::new()
    } else {
        format!(" từ tệp {}", d.source)
    };
    TableBlock {
        caption: Some("Biểu 06: Tình hình, kết quả giải quyết thủ tục hành chính".to_string()),
        widths: vec![6, 19, 8, 7, 8, 8, 8, 8, 8, 6, 7, 8, 6],
        header,
        rows,
        note: Some(format!(
            "Số liệu tổng hợp{src}; thời điểm chốt số liệu: {} ngày {}. BCCI: dịch vụ bưu chính công ích.",
            cut_off.format("%H:%M:%S"),
            vi::date_short(cut_off.date())
        )),
    }
}

/// `{units.count}`, `{units.first}`, `{units.measure}`, `{units.shared}` of a province report.
fn units_placeholders(ctx: &mut ComposeContext, u: &crate::Consolidation, o: &MeasureOptions) {
    ctx.put(
        "units.count",
        vec![Inline::figure(vi::int(u.units), "units.count")],
    );
    let m = u.measure.measure();
    ctx.put(
        "units.measure",
        vec![Inline::text(m.caption.to_lowercase())],
    );
    let first: Vec<String> = u
        .ranking
        .iter()
        .filter(|r| r.rank == Some(1))
        .filter_map(|r| {
            r.value
                .map(|v| format!("{} ({})", r.unit, measure_text(m, v, o)))
        })
        .collect();
    if first.is_empty() {
        ctx.put_warned_if_used(
            "units.first",
            vec![Inline::figure("—", "units.first")],
            format!(
                "Không xếp hạng được đơn vị nào theo {}: mẫu số bằng 0 ở mọi đơn vị.",
                m.caption.to_lowercase()
            ),
        );
    } else {
        ctx.put(
            "units.first",
            vec![Inline::figure(first.join(", "), "units.first")],
        );
    }
    ctx.put(
        "units.shared",
        vec![Inline::figure(vi::int(u.shared.dossiers), "units.shared")],
    );
}

/// Biểu 06 of a province report: one row per unit plus the total, with a note on where the
/// figures come from and how shared dossiers were counted.
fn units_bieu06_table(u: &crate::Consolidation, cut_off: chrono::NaiveDateTime) -> TableBlock {
    let mut t = bieu06_table(&u.summary, cut_off);
    t.note = Some(format!(
        "Số liệu tổng hợp từ số liệu của {} đơn vị; {}; thời điểm chốt số liệu: {} ngày {}. BCCI: dịch vụ bưu chính công ích.",
        vi::int(u.units),
        crate::province::shared_sentence(&u.shared),
        cut_off.format("%H:%M:%S"),
        vi::date_short(cut_off.date())
    ));
    t
}

/// The ranking table (units by rank; unranked units last, in the order given) and the chart
/// of the ranking measure per unit, in the same order.
fn ranking_blocks(u: &crate::Consolidation, o: &MeasureOptions, period_name: &str) -> Vec<Block> {
    let m = u.measure.measure();
    let mut ranked: Vec<&minhbach_engine::aggregate::partial::RankedUnit> =
        u.ranking.iter().collect();
    ranked.sort_by_key(|r| (r.rank.is_none(), r.rank));
    let denominators: BTreeMap<&str, i128> = u
        .summary
        .by_agency
        .iter()
        .map(|a| (a.agency.as_str(), m.fraction(&a.counts, o).denominator))
        .collect();
    let rows = ranked
        .iter()
        .map(|r| BodyRow {
            cells: vec![
                r.rank.map_or_else(|| "—".to_string(), |k| k.to_string()),
                r.unit.clone(),
                denominators
                    .get(r.unit.as_str())
                    .map_or_else(String::new, |d| vi::int(u64::try_from(*d).unwrap_or(0))),
                r.value
                    .map_or_else(|| "—".to_string(), |v| measure_text(m, v, o)),
            ],
            bold: false,
        })
        .collect();
    let caption = format!("{} ({})", m.caption, m.unit.caption());
    let better = if m.lower_is_better() {
        "thấp hơn là tốt hơn"
    } else {
        "cao hơn là tốt hơn"
    };
    let table = TableBlock {
        caption: Some(format!("Xếp hạng các đơn vị theo {}", m.caption.to_lowercase())),
        widths: vec![10, 46, 20, 24],
        header: vec![vec![
            HeaderCell::new("Hạng"),
            HeaderCell::new("Đơn vị"),
            HeaderCell::new("Mẫu số (hồ sơ)"),
            HeaderCell::new(caption),
        ]],
        rows,
        note: Some(format!(
            "{} = {} ({better}); các đơn vị bằng nhau sau khi làm tròn cùng hạng (1, 2, 2, 4) như cách xếp hạng PCI; đơn vị có mẫu số bằng 0 không được xếp hạng.",
            m.caption,
            m.formula_vi(o)
        )),
    };
    let bars: Vec<Bar> = ranked
        .iter()
        .filter_map(|r| {
            r.value.map(|v| Bar {
                label: r.unit.clone(),
                value: v,
                text: measure_text(m, v, o),
            })
        })
        .collect();
    let max = match m.unit {
        Unit::Percent => Decimal::ONE_HUNDRED,
        _ => bars
            .iter()
            .map(|b| b.value)
            .max()
            .unwrap_or(Decimal::ONE)
            .max(Decimal::ONE),
    };
    let unit = match m.unit {
        Unit::Percent => "%".to_string(),
        other => format!(" {}", other.caption()),
    };
    let mut blocks = vec![Block::Table(table)];
    if !bars.is_empty() {
        blocks.push(Block::Figure(FigureBlock {
            caption: format!("{} theo đơn vị, {period_name}", m.caption),
            chart: Chart::Bar { unit, max, bars },
        }));
    }
    blocks
}

fn scorecard(bundle: &Bundle, verdicts: &[(&Target, Option<Decimal>, Verdict)]) -> Vec<Block> {
    let mut blocks = Vec::new();
    if !verdicts.is_empty() {
        let rows = verdicts
            .iter()
            .enumerate()
            .map(|(i, (t, actual, v))| BodyRow {
                cells: vec![
                    (i + 1).to_string(),
                    t.name.clone(),
                    format!(
                        "{} {}",
                        t.comparison_for(Direction::Higher).symbol(),
                        target_text(t.value, &t.unit)
                    ),
                    actual.map_or("—".to_string(), |a| target_text(a, &t.unit)),
                    match v {
                        Verdict::Met => "Đạt",
                        Verdict::Missed => "Chưa đạt",
                        Verdict::NotAssessed => "Chưa đánh giá",
                    }
                    .to_string(),
                    match t.metric.as_deref() {
                        Some(m) => format!("tính từ dữ liệu ({m})"),
                        None if t.actual.is_some() => "số liệu nhập".to_string(),
                        None => "chưa có số liệu".to_string(),
                    },
                ],
                bold: false,
            })
            .collect();
        blocks.push(Block::Table(TableBlock {
            caption: Some("Chỉ tiêu".to_string()),
            widths: vec![6, 34, 12, 12, 12, 24],
            header: vec![[
                "STT",
                "Chỉ tiêu",
                "Mục tiêu",
                "Thực hiện",
                "Đánh giá",
                "Căn cứ",
            ]
            .into_iter()
            .map(HeaderCell::new)
            .collect()],
            rows,
            note: None,
        }));
    }
    if !bundle.disclosure.is_empty() {
        let rows = bundle
            .disclosure
            .iter()
            .enumerate()
            .map(|(i, it)| BodyRow {
                cells: vec![
                    (i + 1).to_string(),
                    it.duty.clone(),
                    it.status.name_vi().to_string(),
                ],
                bold: false,
            })
            .collect();
        blocks.push(Block::Table(TableBlock {
            caption: Some("Nhiệm vụ công khai, minh bạch".to_string()),
            widths: vec![6, 69, 25],
            header: vec![["STT", "Nội dung", "Đánh giá"]
                .into_iter()
                .map(HeaderCell::new)
                .collect()],
            rows,
            note: None,
        }));
    }
    blocks
}
