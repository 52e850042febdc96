//! Indicators, directions, comparisons and targets; portal statistics and disclosure
//! checklists: the vocabulary shared by scoring (`minhbach-engine`) and the report bundle
//! (`minhbach-report`).
//!
//! These are facts and definitions only; normalising, weighting and scoring belong to the
//! engine, reading files to the report.
//!
//! # Serde shape (TOML, as in a report bundle)
//!
//! ```toml
//! [[target]]                          # targets.toml
//! id = "dossiers_on_time"             # also `indicator` or `node`
//! name = "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn"
//! value = "95"                        # a string or a number; read as an exact decimal
//! unit = "%"
//! comparison = "at_least"             # also `direction`; ge, ≥, >=, at_most, le, ≤, =, >, <
//! metric = "dossiers.on_time_rate"    # or actual = "97.5"
//! shortcoming = "tỷ lệ hồ sơ giải quyết đúng hạn chưa đạt chỉ tiêu 95%"
//!
//! [[item]]                            # disclosure.toml
//! id = "budget"
//! duty = "Công khai dự toán, quyết toán ngân sách huyện"
//! status = "unmet"                    # met | unmet | partial | unknown
//! category = "budget_documents"       # optional: gives the default shortcoming wording
//! ```

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::serde_str::serde_via_str;
use crate::text::fold;
use crate::{FieldReason, KeyKind, ModelError, Period, Record, ValueKind};

/// Which way an indicator improves.
///
/// Serialized as `higher` / `lower`; parsed also from `higher_is_better`, `lower_is_better`,
/// `positive`, `negative`, `+`, `-`, `thuận`, `nghịch`, `càng cao càng tốt`, `càng thấp càng tốt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    /// A larger value is better ("thuận"; e.g. share of dossiers resolved on time).
    Higher,
    /// A smaller value is better ("nghịch"; e.g. days to obtain a document).
    Lower,
}

impl Direction {
    /// The name used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
        }
    }

    /// Whether `a` is strictly better than `b` in this direction.
    ///
    /// ```
    /// use minhbach_model::Direction;
    /// use rust_decimal::Decimal;
    /// assert!(Direction::Lower.is_better(Decimal::ONE, Decimal::TWO));
    /// ```
    pub fn is_better(self, a: Decimal, b: Decimal) -> bool {
        match self {
            Direction::Higher => a > b,
            Direction::Lower => a < b,
        }
    }

    /// The comparison a target takes in this direction when it states none: at least the
    /// target value when higher is better, at most when lower is better.
    pub fn comparison(self) -> Comparison {
        match self {
            Direction::Higher => Comparison::Ge,
            Direction::Lower => Comparison::Le,
        }
    }

    /// The Vietnamese wording: "càng cao càng tốt" / "càng thấp càng tốt".
    pub fn name_vi(self) -> &'static str {
        match self {
            Direction::Higher => "càng cao càng tốt",
            Direction::Lower => "càng thấp càng tốt",
        }
    }

    /// Parses a direction (see the type documentation).
    pub fn parse(s: &str) -> Result<Direction, ModelError> {
        match s.trim() {
            "+" => return Ok(Direction::Higher),
            "-" | "−" => return Ok(Direction::Lower),
            _ => {}
        }
        match fold(s).as_str() {
            "higher is better" | "higher" | "positive" | "thuan" | "cang cao cang tot" | "tang" => {
                Ok(Direction::Higher)
            }
            "lower is better" | "lower" | "negative" | "nghich" | "cang thap cang tot" | "giam" => {
                Ok(Direction::Lower)
            }
            _ => Err(ModelError::UnknownValue {
                what: ValueKind::Direction,
                value: s.to_string(),
            }),
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Direction {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, ModelError> {
        Direction::parse(s)
    }
}

serde_via_str!(Direction, "higher or lower");

/// What an indicator is: its id, names, unit and direction. Scoring places indicators in
/// an index tree (`minhbach_engine::scoring::IndicatorSpec` adds the weight and the
/// normalisation); a report names them in its scorecard.
///
/// ```
/// use minhbach_model::{Direction, Indicator};
/// let i: Indicator = serde_json::from_str(r#"{
///   "id": "budget_publish",
///   "name_vi": "Các tài liệu về ngân sách được công bố ngay sau khi cơ quan, cá nhân có thẩm quyền phê duyệt",
///   "name_en": "Budget documents published right after approval",
///   "unit": "% đồng ý", "direction": "+"
/// }"#).unwrap();
/// assert_eq!(i.direction, Some(Direction::Higher));
/// i.validate().unwrap();
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Stable identifier (no spaces), e.g. `budget_publish`; the column header in unit data.
    pub id: String,
    /// Vietnamese name, as official documents word it.
    #[serde(default)]
    pub name_vi: String,
    /// English name (empty when none).
    #[serde(default)]
    pub name_en: String,
    /// Unit as written in reports: `%`, `hồ sơ`, `điểm`, `ngày`, `văn bản`.
    #[serde(default)]
    pub unit: String,
    /// Which way it improves. Scoring requires it; [`Indicator::validate`] checks it.
    #[serde(default)]
    pub direction: Option<Direction>,
    /// Free-text note: where the values come from, caveats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Indicator {
    /// An indicator with the given id, names, unit and direction, and no note.
    pub fn new(
        id: impl Into<String>,
        name_vi: impl Into<String>,
        name_en: impl Into<String>,
        unit: impl Into<String>,
        direction: Direction,
    ) -> Indicator {
        Indicator {
            id: id.into(),
            name_vi: name_vi.into(),
            name_en: name_en.into(),
            unit: unit.into(),
            direction: Some(direction),
            note: None,
        }
    }

    /// Checks that the id is not blank and has no spaces, and that a direction is given.
    pub fn validate(&self) -> Result<(), ModelError> {
        let rec = || Record::Indicator {
            id: self.id.clone(),
        };
        check_id(rec, "id", &self.id)?;
        if self.direction.is_none() {
            return Err(ModelError::InvalidField {
                record: rec(),
                field: "direction",
                value: String::new(),
                reason: FieldReason::MissingDirection,
            });
        }
        Ok(())
    }
}

/// Checks an identifier: not blank, no whitespace.
fn check_id(record: impl Fn() -> Record, field: &'static str, id: &str) -> Result<(), ModelError> {
    if id.trim().is_empty() || id.chars().any(char::is_whitespace) {
        return Err(ModelError::InvalidField {
            record: record(),
            field,
            value: id.to_string(),
            reason: FieldReason::NotIdentifier,
        });
    }
    Ok(())
}

fn check_text(record: impl Fn() -> Record, field: &'static str, v: &str) -> Result<(), ModelError> {
    if v.trim().is_empty() {
        return Err(ModelError::InvalidField {
            record: record(),
            field,
            value: v.to_string(),
            reason: FieldReason::Blank,
        });
    }
    Ok(())
}

/// How a value is compared with a target.
///
/// Serialized as `ge`, `le`, `eq`, `gt`, `lt`; parsed also from `>=`, `≥`, `<=`, `≤`, `=`,
/// `==`, `>`, `<`, `at_least`, `at_most`, `tối thiểu`, `tối đa`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Comparison {
    /// At least (≥).
    Ge,
    /// At most (≤).
    Le,
    /// Exactly (=), compared as exact decimals (`1.0 = 1`).
    Eq,
    /// More than (>).
    Gt,
    /// Less than (<).
    Lt,
}

impl Comparison {
    /// The name used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparison::Ge => "ge",
            Comparison::Le => "le",
            Comparison::Eq => "eq",
            Comparison::Gt => "gt",
            Comparison::Lt => "lt",
        }
    }

    /// The mathematical symbol: `≥`, `≤`, `=`, `>`, `<`.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Ge => "≥",
            Comparison::Le => "≤",
            Comparison::Eq => "=",
            Comparison::Gt => ">",
            Comparison::Lt => "<",
        }
    }

    /// Whether `actual` compares with `target` as required.
    pub fn holds(self, actual: Decimal, target: Decimal) -> bool {
        match self {
            Comparison::Ge => actual >= target,
            Comparison::Le => actual <= target,
            Comparison::Eq => actual == target,
            Comparison::Gt => actual > target,
            Comparison::Lt => actual < target,
        }
    }

    /// Parses a comparison (see the type documentation).
    pub fn parse(s: &str) -> Result<Comparison, ModelError> {
        match s.trim() {
            ">=" | "≥" | "=>" => return Ok(Comparison::Ge),
            "<=" | "≤" | "=<" => return Ok(Comparison::Le),
            "=" | "==" => return Ok(Comparison::Eq),
            ">" => return Ok(Comparison::Gt),
            "<" => return Ok(Comparison::Lt),
            _ => {}
        }
        match fold(s).as_str() {
            "ge" | "at least" | "toi thieu" | "khong thap hon" => Ok(Comparison::Ge),
            "le" | "at most" | "toi da" | "khong vuot qua" => Ok(Comparison::Le),
            "eq" | "equal" | "bang" => Ok(Comparison::Eq),
            "gt" => Ok(Comparison::Gt),
            "lt" => Ok(Comparison::Lt),
            _ => Err(ModelError::UnknownValue {
                what: ValueKind::Comparison,
                value: s.to_string(),
            }),
        }
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Comparison {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, ModelError> {
        Comparison::parse(s)
    }
}

serde_via_str!(
    Comparison,
    "a comparison: at_least, at_most, ge, le, eq, gt, lt, >=, <=, =, >, <"
);

/// A target (chỉ tiêu) for an indicator or a node of an index: "tỷ lệ hồ sơ giải quyết đúng
/// hạn đạt từ 95% trở lên" is `dossiers_on_time ≥ 95`. The report bundle's `targets.toml`
/// and scoring's comparisons both use it.
///
/// ```
/// use minhbach_model::{Comparison, Direction, Target};
/// use rust_decimal_macros::dec;
/// let t: Target = toml::from_str(r#"
///     id = "late_rate"
///     name = "Tỷ lệ hồ sơ trễ hạn"
///     value = "2"
///     unit = "%"
///     direction = "at_most"
/// "#).unwrap();
/// assert_eq!(t.comparison, Some(Comparison::Le));
/// assert!(t.is_met(dec!(2.0), Direction::Higher)); // the stated comparison wins
/// assert!(!t.is_met(dec!(2.01), Direction::Higher));
/// let plain = Target::new("transparency", dec!(6.5));
/// assert!(plain.is_met(dec!(6), Direction::Lower)); // no comparison: the direction's
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The indicator or node id (`{target.<id>}` in a report).
    #[serde(alias = "indicator", alias = "node")]
    pub id: String,
    /// The target's name, as the plan words it.
    #[serde(default, alias = "name_vi")]
    pub name: String,
    /// The target value, exact.
    pub value: Decimal,
    /// Unit printed after values (`%`, `điểm`); empty for none.
    #[serde(default)]
    pub unit: String,
    /// How the actual value must compare with [`Target::value`]; when absent, the
    /// comparison of the indicator's direction ([`Direction::comparison`]; a report
    /// bundle's targets are "at least" by default).
    #[serde(default, alias = "direction", skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
    /// The actual value, typed by the office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Decimal>,
    /// A computed figure giving the actual value (`dossiers.on_time_rate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// The clause listed under "tồn tại, hạn chế" when the target is missed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortcoming: Option<String>,
    /// The unit (province, district) the target applies to; `None` for every unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_to: Option<String>,
    /// The period the target applies to, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
}

impl Target {
    /// A target `value` for `id`, with no name, unit or comparison of its own.
    pub fn new(id: impl Into<String>, value: Decimal) -> Target {
        Target {
            id: id.into(),
            name: String::new(),
            value,
            unit: String::new(),
            comparison: None,
            actual: None,
            metric: None,
            shortcoming: None,
            applies_to: None,
            period: None,
        }
    }

    /// The comparison that applies for an indicator improving in `direction`: the stated
    /// one, else the direction's.
    pub fn comparison_for(&self, direction: Direction) -> Comparison {
        self.comparison.unwrap_or(direction.comparison())
    }

    /// Whether `actual` meets the target (see [`Target::comparison_for`]).
    pub fn is_met(&self, actual: Decimal, direction: Direction) -> bool {
        self.comparison_for(direction).holds(actual, self.value)
    }

    /// Checks the id.
    pub fn validate(&self) -> Result<(), ModelError> {
        check_id(
            || Record::Target {
                id: self.id.clone(),
            },
            "id",
            &self.id,
        )
    }
}

/// A value of the portal statistics (`portal.toml`): a count or a percentage.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PortalValue {
    /// A count, printed grouped (`1.241.760`).
    Count(u64),
    /// A percentage, printed with `%` (`100%`).
    Percent(Decimal),
}

impl PortalValue {
    /// A value written as text: Vietnamese thousands (`"1.200"`, `"1.241.760"`) are a
    /// count; anything else a percentage (`"100"`, `"98,5"`, `"98.5%"`). `None` when it
    /// is neither.
    ///
    /// ```
    /// use minhbach_model::PortalValue;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(PortalValue::from_text("1.200"), Some(PortalValue::Count(1200)));
    /// assert_eq!(PortalValue::from_text("98,5"), Some(PortalValue::Percent(dec!(98.5))));
    /// assert_eq!(PortalValue::from_text("nhiều"), None);
    /// ```
    pub fn from_text(s: &str) -> Option<PortalValue> {
        if let Some(n) = crate::vi::parse_grouped_count(s) {
            return Some(PortalValue::Count(n));
        }
        let t = s.trim();
        let p = t.strip_suffix('%').unwrap_or(t).trim().replace(',', ".");
        p.parse().ok().map(PortalValue::Percent)
    }
}

/// Whether a disclosure duty (công khai) was done in the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureStatus {
    /// Done.
    Met,
    /// Not done.
    Unmet,
    /// Done in part.
    Partial,
    /// Not known: the office must decide.
    Unknown,
}

impl DisclosureStatus {
    /// The verdict as a report's scorecard writes it: "Đã thực hiện", "Chưa thực hiện",
    /// "Thực hiện một phần", "Chưa xác định".
    pub fn name_vi(self) -> &'static str {
        match self {
            DisclosureStatus::Met => "Đã thực hiện",
            DisclosureStatus::Unmet => "Chưa thực hiện",
            DisclosureStatus::Partial => "Thực hiện một phần",
            DisclosureStatus::Unknown => "Chưa xác định",
        }
    }

    /// Whether the duty belongs under "tồn tại, hạn chế" (unmet or partial).
    pub fn is_shortcoming(self) -> bool {
        matches!(self, DisclosureStatus::Unmet | DisclosureStatus::Partial)
    }
}

/// A category of information that must be disclosed: the sections a portal must carry under
/// Nghị định 43/2011/NĐ-CP Điều 10 khoản 1, and the items the PCI transparency sub-index
/// asks firms about.
///
/// Serialized as the snake_case name (`budget_documents`); parsed also from the Vietnamese
/// name ([`DisclosureCategory::name_vi`]) in any case, with or without diacritics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DisclosureCategory {
    /// Điều 10 k1 a: thông tin giới thiệu.
    Introduction,
    /// Điều 10 k1 b: tin tức, sự kiện.
    News,
    /// Điều 10 k1 c: thông tin chỉ đạo, điều hành (incl. the leaders' work schedule).
    Direction,
    /// Điều 10 k1 d: tuyên truyền, phổ biến, hướng dẫn thực hiện pháp luật.
    LegalDissemination,
    /// Điều 10 k1 đ: chiến lược, định hướng, quy hoạch, kế hoạch phát triển.
    DevelopmentPlans,
    /// Điều 10 k1 e: văn bản quy phạm pháp luật và văn bản quản lý hành chính.
    LegalDocuments,
    /// Điều 10 k1 g: công báo điện tử (government and provincial portals only).
    ElectronicGazette,
    /// Điều 10 k1 h: dự án, hạng mục đầu tư, đấu thầu, mua sắm công.
    InvestmentProjects,
    /// Điều 10 k1 i: lấy ý kiến góp ý của tổ chức, cá nhân.
    PublicConsultation,
    /// Điều 10 k1 k: thông tin liên hệ của cán bộ, công chức có thẩm quyền.
    OfficialContacts,
    /// Điều 10 k1 l: thông tin giao dịch của cổng thông tin điện tử.
    PortalContact,
    /// PCI: tài liệu về ngân sách, published after approval.
    BudgetDocuments,
    /// PCI: kết quả đấu thầu.
    BiddingResults,
    /// PCI: kế hoạch phát triển kinh tế - xã hội.
    SocioEconomicPlan,
    /// PCI: tài liệu quy hoạch (land-use, construction plans).
    PlanningDocuments,
    /// PCI: tiếp nhận và phản hồi thắc mắc, kiến nghị trên cổng thông tin.
    CitizenFeedback,
    /// Công khai thủ tục hành chính (the procedure catalogue, fees, forms).
    AdministrativeProcedures,
}

/// (variant, name, Điều 10 k1 point, Vietnamese name, shortfall template with `{portal}`)
/// The disclosure categories' codes, comma-separated (what [`DisclosureCategory::parse`]
/// expects).
pub(crate) fn category_codes() -> String {
    CATEGORIES
        .iter()
        .map(|c| c.1)
        .collect::<Vec<_>>()
        .join(", ")
}

const CATEGORIES: &[(DisclosureCategory, &str, Option<&str>, &str, &str)] = {
    use DisclosureCategory::*;
    &[
        (Introduction, "introduction", Some("a"), "Thông tin giới thiệu",
         "chưa cập nhật đầy đủ thông tin giới thiệu trên {portal}"),
        (News, "news", Some("b"), "Tin tức, sự kiện",
         "chưa thường xuyên cập nhật tin tức, sự kiện trên {portal}"),
        (Direction, "direction", Some("c"), "Thông tin chỉ đạo, điều hành",
         "chưa đăng tải đầy đủ thông tin chỉ đạo, điều hành trên {portal}"),
        (LegalDissemination, "legal_dissemination", Some("d"),
         "Thông tin tuyên truyền, phổ biến, hướng dẫn thực hiện pháp luật, chế độ, chính sách",
         "chưa đăng tải đầy đủ thông tin tuyên truyền, phổ biến, hướng dẫn thực hiện pháp luật, chế độ, chính sách trên {portal}"),
        (DevelopmentPlans, "development_plans", Some("đ"),
         "Chiến lược, định hướng, quy hoạch, kế hoạch phát triển",
         "chưa công khai đầy đủ chiến lược, định hướng, quy hoạch, kế hoạch phát triển trên {portal}"),
        (LegalDocuments, "legal_documents", Some("e"),
         "Hệ thống văn bản quy phạm pháp luật chuyên ngành và văn bản quản lý hành chính có liên quan",
         "chưa cập nhật đầy đủ văn bản quy phạm pháp luật chuyên ngành và văn bản quản lý hành chính có liên quan trên {portal}"),
        (ElectronicGazette, "electronic_gazette", Some("g"), "Công báo điện tử",
         "chưa đăng tải Công báo điện tử trên {portal}"),
        (InvestmentProjects, "investment_projects", Some("h"),
         "Thông tin về dự án, hạng mục đầu tư, đấu thầu, mua sắm công",
         "chưa công khai thông tin về dự án, hạng mục đầu tư, đấu thầu, mua sắm công trên {portal}"),
        (PublicConsultation, "public_consultation", Some("i"),
         "Mục lấy ý kiến góp ý của tổ chức, cá nhân",
         "chưa triển khai mục lấy ý kiến góp ý của tổ chức, cá nhân trên {portal}"),
        (OfficialContacts, "official_contacts", Some("k"),
         "Thông tin liên hệ của cán bộ, công chức có thẩm quyền",
         "chưa công khai thông tin liên hệ của cán bộ, công chức có thẩm quyền trên {portal}"),
        (PortalContact, "portal_contact", Some("l"), "Thông tin giao dịch của cổng thông tin điện tử",
         "chưa công khai đầy đủ thông tin giao dịch của {portal}"),
        (BudgetDocuments, "budget_documents", None, "Tài liệu về ngân sách",
         "chưa công khai các tài liệu về ngân sách sau khi cơ quan có thẩm quyền phê duyệt theo quy định"),
        (BiddingResults, "bidding_results", None, "Kết quả đấu thầu",
         "chưa công khai thông tin kết quả đấu thầu trên {portal}"),
        (SocioEconomicPlan, "socio_economic_plan", None, "Kế hoạch phát triển kinh tế - xã hội",
         "chưa công khai, minh bạch kế hoạch phát triển kinh tế - xã hội"),
        (PlanningDocuments, "planning_documents", None, "Tài liệu quy hoạch",
         "chưa công khai đầy đủ các tài liệu quy hoạch theo quy định"),
        (CitizenFeedback, "citizen_feedback", None,
         "Tiếp nhận và phản hồi thắc mắc, kiến nghị của cá nhân, tổ chức, doanh nghiệp",
         "công tác tiếp nhận và phản hồi thắc mắc, kiến nghị của cá nhân, tổ chức, doanh nghiệp trên {portal} chưa được triển khai thực hiện nghiêm túc"),
        (AdministrativeProcedures, "administrative_procedures", None, "Công khai thủ tục hành chính",
         "chưa công khai đầy đủ thủ tục hành chính thuộc thẩm quyền giải quyết trên {portal}"),
    ]
};

impl DisclosureCategory {
    /// Every category: Điều 10 points in order, then the PCI items.
    pub fn all() -> impl Iterator<Item = DisclosureCategory> {
        CATEGORIES.iter().map(|c| c.0)
    }

    fn row(
        self,
    ) -> (
        &'static str,
        Option<&'static str>,
        &'static str,
        &'static str,
    ) {
        CATEGORIES
            .iter()
            .find(|c| c.0 == self)
            .map(|c| (c.1, c.2, c.3, c.4))
            .unwrap_or(("", None, "", ""))
    }

    /// The snake_case name used in data files.
    pub fn as_str(self) -> &'static str {
        self.row().0
    }

    /// The Vietnamese name, capitalised as a heading.
    pub fn name_vi(self) -> &'static str {
        self.row().2
    }

    /// The point (điểm) of Nghị định 43/2011/NĐ-CP Điều 10 khoản 1 this category is
    /// (`"a"` … `"l"`, including `"đ"`); `None` for PCI items.
    pub fn nd43_point(self) -> Option<&'static str> {
        self.row().1
    }

    /// The legal basis in words: "điểm h khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP", or
    /// "Chỉ số PCI, chỉ số thành phần Tính minh bạch" for PCI items.
    pub fn basis_vi(self) -> String {
        match self.nd43_point() {
            Some(p) => format!("điểm {p} khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP"),
            None => "Chỉ số PCI, chỉ số thành phần “Tính minh bạch”".to_string(),
        }
    }

    /// The clause a report writes under "tồn tại, hạn chế" when the item was not disclosed,
    /// lower case, `portal` being how the report names the portal (e.g. "Cổng thông tin
    /// điện tử huyện"). The budget, bidding, socio-economic plan and feedback clauses are the
    /// wording of report 415/BC-UBND (Lý Sơn, 2021); the others are drafted in the same style
    /// and can be overridden per item with [`DisclosureItem::shortcoming`].
    ///
    /// ```
    /// use minhbach_model::DisclosureCategory as C;
    /// assert_eq!(C::BiddingResults.shortfall_vi("Cổng thông tin điện tử huyện"),
    ///     "chưa công khai thông tin kết quả đấu thầu trên Cổng thông tin điện tử huyện");
    /// assert_eq!(C::BudgetDocuments.shortfall_vi("Cổng thông tin điện tử huyện"),
    ///     "chưa công khai các tài liệu về ngân sách sau khi cơ quan có thẩm quyền phê duyệt theo quy định");
    /// ```
    pub fn shortfall_vi(self, portal: &str) -> String {
        self.row().3.replace("{portal}", portal)
    }

    /// Parses a category from its snake_case name or its Vietnamese name.
    pub fn parse(s: &str) -> Result<DisclosureCategory, ModelError> {
        let t = s.trim();
        let f = fold(t);
        CATEGORIES
            .iter()
            .find(|c| c.1 == t || fold(c.1) == f || fold(c.3) == f)
            .map(|c| c.0)
            .ok_or_else(|| ModelError::UnknownValue {
                what: ValueKind::DisclosureCategory,
                value: s.to_string(),
            })
    }
}

impl fmt::Display for DisclosureCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DisclosureCategory {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, ModelError> {
        DisclosureCategory::parse(s)
    }
}

serde_via_str!(
    DisclosureCategory,
    "a disclosure category such as \"budget_documents\""
);

/// One duty of a disclosure checklist (`disclosure.toml`, `[[item]]`): was this information
/// made public?
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosureItem {
    /// Identifier, unique within the checklist.
    pub id: String,
    /// The duty, in the office's words.
    #[serde(alias = "description_vi")]
    pub duty: String,
    /// Whether it was done.
    pub status: DisclosureStatus,
    /// The clause listed under "tồn tại, hạn chế" when unmet or partial.
    #[serde(
        default,
        alias = "shortfall_vi",
        skip_serializing_if = "Option::is_none"
    )]
    pub shortcoming: Option<String>,
    /// The category of information, which gives the default clause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<DisclosureCategory>,
    /// Free note (where, when, by whom).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl DisclosureItem {
    /// The "tồn tại, hạn chế" clause for this item: its own [`DisclosureItem::shortcoming`]
    /// if set (with `{portal}` replaced), else its category's
    /// ([`DisclosureCategory::shortfall_vi`]), else `"chưa thực hiện đầy đủ: <duty>"`.
    ///
    /// ```
    /// use minhbach_model::{DisclosureCategory, DisclosureItem, DisclosureStatus};
    /// let mut item = DisclosureItem {
    ///     id: "bidding".into(), duty: "Công khai kết quả đấu thầu".into(),
    ///     status: DisclosureStatus::Unmet, shortcoming: None, category: None, note: None,
    /// };
    /// assert_eq!(item.shortfall_sentence("Cổng"), "chưa thực hiện đầy đủ: công khai kết quả đấu thầu");
    /// item.category = Some(DisclosureCategory::BiddingResults);
    /// assert_eq!(item.shortfall_sentence("Cổng thông tin điện tử huyện"),
    ///     "chưa công khai thông tin kết quả đấu thầu trên Cổng thông tin điện tử huyện");
    /// ```
    pub fn shortfall_sentence(&self, portal: &str) -> String {
        match (&self.shortcoming, self.category) {
            (Some(s), _) => s.replace("{portal}", portal),
            (None, Some(c)) => c.shortfall_vi(portal),
            (None, None) => format!("chưa thực hiện đầy đủ: {}", self.duty.to_lowercase()),
        }
    }
}

/// The disclosure checklist of a unit for a period, in the given order; item ids unique.
/// Serialized as a plain list of [`DisclosureItem`]s, validated on deserialization.
///
/// ```
/// use minhbach_model::{DisclosureCategory, DisclosureChecklist, DisclosureItem, DisclosureStatus};
/// let item = |id: &str, c, status| DisclosureItem {
///     id: id.into(), duty: "…".into(), status, shortcoming: None, category: Some(c), note: None,
/// };
/// let list = DisclosureChecklist::new(vec![
///     item("news", DisclosureCategory::News, DisclosureStatus::Met),
///     item("budget", DisclosureCategory::BudgetDocuments, DisclosureStatus::Unmet),
///     item("bidding", DisclosureCategory::BiddingResults, DisclosureStatus::Partial),
/// ]).unwrap();
/// assert_eq!(list.len(), 3);
/// let shortfalls: Vec<String> = list
///     .shortcomings()
///     .map(|i| i.shortfall_sentence("Cổng thông tin điện tử huyện"))
///     .collect();
/// assert_eq!(shortfalls[1], "chưa công khai thông tin kết quả đấu thầu trên Cổng thông tin điện tử huyện");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<DisclosureItem>", into = "Vec<DisclosureItem>")]
pub struct DisclosureChecklist {
    items: Vec<DisclosureItem>,
}

impl DisclosureChecklist {
    /// Builds a checklist: ids valid and unique, duties not blank.
    pub fn new(items: Vec<DisclosureItem>) -> Result<DisclosureChecklist, ModelError> {
        let mut seen = HashSet::new();
        for i in &items {
            let rec = || Record::DisclosureItem { id: i.id.clone() };
            check_id(rec, "id", &i.id)?;
            check_text(rec, "duty", &i.duty)?;
            if !seen.insert(i.id.as_str()) {
                return Err(ModelError::Duplicate {
                    what: KeyKind::DisclosureItemId,
                    key: i.id.clone(),
                });
            }
        }
        Ok(DisclosureChecklist { items })
    }

    /// All items, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, DisclosureItem> {
        self.items.iter()
    }

    /// How many items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the checklist is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The items unmet or done in part, in order: the "tồn tại, hạn chế".
    pub fn shortcomings(&self) -> impl Iterator<Item = &DisclosureItem> {
        self.items.iter().filter(|i| i.status.is_shortcoming())
    }
}

impl TryFrom<Vec<DisclosureItem>> for DisclosureChecklist {
    type Error = ModelError;
    fn try_from(v: Vec<DisclosureItem>) -> Result<Self, ModelError> {
        DisclosureChecklist::new(v)
    }
}

impl From<DisclosureChecklist> for Vec<DisclosureItem> {
    fn from(c: DisclosureChecklist) -> Vec<DisclosureItem> {
        c.items
    }
}

impl<'a> IntoIterator for &'a DisclosureChecklist {
    type Item = &'a DisclosureItem;
    type IntoIter = std::slice::Iter<'a, DisclosureItem>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    #[test]
    fn bundle_files_in_toml() {
        let text = r#"
[[target]]
id = "processing_time_cut"
name = "Tỷ lệ rút ngắn thời gian giải quyết TTHC"
comparison = "≥"
value = 30
unit = "%"
period = "2021"

[[target]]
indicator = "on_time_rate"
direction = "at_most"
value = "98.5"

[[item]]
id = "socio_economic_plan"
category = "socio_economic_plan"
duty = "Kế hoạch phát triển kinh tế - xã hội năm 2021"
status = "unmet"

[[item]]
id = "budget"
category = "Tài liệu về ngân sách"
duty = "Dự toán ngân sách huyện năm 2021"
status = "partial"

[[item]]
id = "bidding"
category = "bidding_results"
duty = "Kết quả lựa chọn nhà thầu"
status = "met"

[[item]]
id = "feedback"
category = "citizen_feedback"
description_vi = "Mục hỏi đáp trên Cổng thông tin điện tử huyện"
status = "unmet"
note = "chưa có cán bộ phụ trách"
"#;
        #[derive(Deserialize, Serialize)]
        struct TargetsToml {
            target: Vec<Target>,
            item: DisclosureChecklist,
        }
        let b: TargetsToml = toml::from_str(text).unwrap();
        assert_eq!(b.target[0].value, dec!(30));
        assert_eq!(b.target[0].period.clone().unwrap().to_string(), "2021");
        assert_eq!(b.target[1].id, "on_time_rate");
        assert_eq!(b.target[1].value, dec!(98.5));
        assert!(b.target[0].is_met(dec!(30), Direction::Lower));
        assert!(!b.target[1].is_met(dec!(98.77), Direction::Higher));
        let seed = "chưa công khai, minh bạch kế hoạch phát triển kinh tế - xã hội; \
                    chưa công khai các tài liệu về ngân sách sau khi cơ quan có thẩm quyền phê duyệt theo quy định; \
                    công tác tiếp nhận và phản hồi thắc mắc, kiến nghị của cá nhân, tổ chức, doanh nghiệp \
                    trên Cổng thông tin điện tử huyện chưa được triển khai thực hiện nghiêm túc";
        let got: Vec<String> = b
            .item
            .shortcomings()
            .map(|i| i.shortfall_sentence("Cổng thông tin điện tử huyện"))
            .collect();
        assert_eq!(got.join("; "), seed);
        let json = serde_json::to_string(&b).unwrap();
        let back: TargetsToml = serde_json::from_str(&json).unwrap();
        assert_eq!(back.item, b.item);
        assert_eq!(back.target, b.target);
        // A misspelt field is an error, not a silent default.
        assert!(toml::from_str::<Target>("id = \"x\"\nvalue = 1\ndirektion = \"le\"").is_err());
    }

    #[test]
    fn validation_names_values() {
        let item = DisclosureItem {
            id: "a".into(),
            duty: "x".into(),
            status: DisclosureStatus::Met,
            shortcoming: None,
            category: None,
            note: None,
        };
        let e = DisclosureChecklist::new(vec![item.clone(), item])
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"a\""), "{e}");
        let mut i = Indicator::new("on time", "Đúng hạn", "", "%", Direction::Higher);
        let e = i.validate().unwrap_err().to_string();
        assert!(e.contains("\"on time\""), "{e}");
        i.id = "on_time".into();
        i.direction = None;
        let e = i.validate().unwrap_err().to_string();
        assert!(e.contains("direction"), "{e}");
        let e = Target::new("", dec!(1)).validate().unwrap_err().to_string();
        assert!(e.contains("identifier"), "{e}");
    }

    #[test]
    fn every_category_has_distinct_names_and_wording() {
        let all: Vec<_> = DisclosureCategory::all().collect();
        for c in &all {
            assert_eq!(DisclosureCategory::parse(c.as_str()).unwrap(), *c);
            assert_eq!(DisclosureCategory::parse(c.name_vi()).unwrap(), *c);
            let s = c.shortfall_vi("Cổng");
            assert!(s.contains("chưa") && !s.contains('{'), "{s}");
        }
        let mut names: Vec<_> = all.iter().map(|c| fold(c.name_vi())).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all.len());
        assert_eq!(
            DisclosureCategory::DevelopmentPlans.basis_vi(),
            "điểm đ khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP"
        );
    }

    #[test]
    fn directions_and_their_comparisons() {
        for (s, d) in [
            ("higher", Direction::Higher),
            ("positive", Direction::Higher),
            ("+", Direction::Higher),
            ("Thuận", Direction::Higher),
            ("higher_is_better", Direction::Higher),
            ("lower", Direction::Lower),
            ("negative", Direction::Lower),
            ("-", Direction::Lower),
            ("nghịch", Direction::Lower),
            ("càng thấp càng tốt", Direction::Lower),
        ] {
            assert_eq!(Direction::parse(s).unwrap(), d, "{s}");
            assert_eq!(Direction::parse(d.as_str()).unwrap(), d);
        }
        assert_eq!(Direction::Higher.comparison(), Comparison::Ge);
        assert_eq!(Direction::Lower.comparison(), Comparison::Le);
        assert!(Direction::parse("up").is_err());
        assert_eq!(Comparison::parse("at_least").unwrap(), Comparison::Ge);
        assert_eq!(Comparison::parse("at_most").unwrap(), Comparison::Le);
        assert_eq!(
            PortalValue::from_text("1.241.760"),
            Some(PortalValue::Count(1_241_760))
        );
        assert_eq!(
            PortalValue::from_text("98.5%"),
            Some(PortalValue::Percent(dec!(98.5)))
        );
        assert_eq!(
            PortalValue::from_text("1.2"),
            Some(PortalValue::Percent(dec!(1.2)))
        );
    }

    proptest! {
        #[test]
        fn parsers_never_panic_and_name_the_value(s in ".*") {
            let q = format!("{s:?}");
            if let Err(e) = Direction::parse(&s) { prop_assert!(e.to_string().contains(&q)); }
            if let Err(e) = Comparison::parse(&s) { prop_assert!(e.to_string().contains(&q)); }
            if let Err(e) = DisclosureCategory::parse(&s) { prop_assert!(e.to_string().contains(&q)); }
        }

        #[test]
        fn targets_agree_with_comparisons(a in -10_000i64..10_000, t in -10_000i64..10_000, scale in 0u32..4) {
            let a = Decimal::new(a, scale);
            let v = Decimal::new(t, scale);
            let target = |c| Target { comparison: Some(c), ..Target::new("x", v) };
            let met = |c| target(c).is_met(a, Direction::Higher);
            prop_assert_eq!(met(Comparison::Ge), !met(Comparison::Lt));
            prop_assert_eq!(met(Comparison::Le), !met(Comparison::Gt));
            prop_assert_eq!(met(Comparison::Eq), met(Comparison::Ge) && met(Comparison::Le));
            prop_assert_eq!(Target::new("x", v).is_met(a, Direction::Higher), met(Comparison::Ge));
            prop_assert_eq!(Target::new("x", v).is_met(a, Direction::Lower), met(Comparison::Le));
            for c in [Comparison::Ge, Comparison::Le, Comparison::Eq, Comparison::Gt, Comparison::Lt] {
                prop_assert_eq!(Comparison::parse(c.as_str()).unwrap(), c);
                prop_assert_eq!(Comparison::parse(c.symbol()).unwrap(), c);
            }
        }
    }
}
