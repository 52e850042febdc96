//! Indicators, indicator trees, targets, portal statistics and disclosure checklists.
//!
//! These are facts and definitions only; normalising, weighting and scoring belong to the
//! engine.
//!
//! # Serde shape (TOML)
//!
//! ```toml
//! [[indicator]]
//! id = "online_share"
//! name_vi = "Tỷ lệ hồ sơ trực tuyến"
//! name_en = "Share of dossiers filed online"
//! unit = "%"
//! direction = "higher_is_better"
//!
//! [[target]]
//! indicator = "processing_time_cut"
//! comparison = ">="                  # or ge, ≥, <=, le, ≤, =, eq, >, gt, <, lt
//! value = "30"                       # a string or a number; read as an exact decimal
//! description_vi = "rút ngắn 30% thời gian giải quyết TTHC so với quy định"
//!
//! [portal]
//! articles = 163
//! documents = 1255
//! visits = 1241760
//! online_procedures = { level_3 = 87 }
//! [[portal.extra]]
//! label_vi = "văn bản các loại liên quan đến công tác lãnh đạo, chỉ đạo"
//! count = 37
//! group_vi = "bầu cử đại biểu Quốc hội và HĐND các cấp nhiệm kỳ 2021-2025"
//!
//! [[disclosure]]
//! id = "budget"
//! category = "budget_documents"
//! description_vi = "Công khai dự toán, quyết toán ngân sách huyện"
//! disclosed = false
//! ```

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::serde_str::serde_via_str;
use crate::text::fold;
use crate::{ModelError, OnlineServiceLevel, Period};

/// Which way an indicator improves.
///
/// Serialized as `higher_is_better` / `lower_is_better`; parsed also from `higher`, `lower`,
/// `+`, `-`, `càng cao càng tốt`, `càng thấp càng tốt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    /// A larger value is better (e.g. share of dossiers resolved on time).
    HigherIsBetter,
    /// A smaller value is better (e.g. days to obtain a document).
    LowerIsBetter,
}

impl Direction {
    /// The name used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher_is_better",
            Direction::LowerIsBetter => "lower_is_better",
        }
    }

    /// Whether `a` is strictly better than `b` in this direction.
    ///
    /// ```
    /// use minhbach_model::Direction;
    /// use rust_decimal::Decimal;
    /// assert!(Direction::LowerIsBetter.is_better(Decimal::ONE, Decimal::TWO));
    /// ```
    pub fn is_better(self, a: Decimal, b: Decimal) -> bool {
        match self {
            Direction::HigherIsBetter => a > b,
            Direction::LowerIsBetter => a < b,
        }
    }

    /// Parses a direction (see the type documentation).
    pub fn parse(s: &str) -> Result<Direction, ModelError> {
        match s.trim() {
            "+" => return Ok(Direction::HigherIsBetter),
            "-" | "−" => return Ok(Direction::LowerIsBetter),
            _ => {}
        }
        match fold(s).as_str() {
            "higher is better" | "higher" | "cang cao cang tot" | "tang" => {
                Ok(Direction::HigherIsBetter)
            }
            "lower is better" | "lower" | "cang thap cang tot" | "giam" => {
                Ok(Direction::LowerIsBetter)
            }
            _ => Err(ModelError::UnknownValue {
                what: "direction",
                value: s.to_string(),
                expected: "higher_is_better or lower_is_better (also higher, lower, +, -)".into(),
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

serde_via_str!(Direction, "higher_is_better or lower_is_better");

/// The definition of one indicator.
///
/// ```
/// use minhbach_model::{Direction, Indicator};
/// let i: Indicator = serde_json::from_str(r#"{
///   "id": "budget_publish",
///   "name_vi": "Các tài liệu về ngân sách được công bố ngay sau khi cơ quan, cá nhân có thẩm quyền phê duyệt",
///   "name_en": "Budget documents published right after approval",
///   "unit": "% đồng ý", "direction": "+", "source": "PCI (VCCI)"
/// }"#).unwrap();
/// assert_eq!(i.direction, Direction::HigherIsBetter);
/// i.validate().unwrap();
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Indicator {
    /// Stable identifier (no spaces), e.g. `budget_publish`.
    pub id: String,
    /// Vietnamese name, as official documents word it.
    pub name_vi: String,
    /// English name.
    #[serde(default)]
    pub name_en: Option<String>,
    /// Unit as written in reports: `%`, `hồ sơ`, `điểm`, `ngày`, `văn bản`.
    pub unit: String,
    /// Which way it improves.
    pub direction: Direction,
    /// Where the values come from (survey, one-stop system, portal …).
    #[serde(default)]
    pub source: Option<String>,
}

/// Checks an identifier: not blank, no whitespace.
fn check_id(record: &str, field: &'static str, id: &str) -> Result<(), ModelError> {
    if id.trim().is_empty() || id.chars().any(char::is_whitespace) {
        return Err(ModelError::InvalidField {
            record: record.to_string(),
            field,
            value: id.to_string(),
            reason: "an identifier is not blank and has no spaces".into(),
        });
    }
    Ok(())
}

fn check_text(record: &str, field: &'static str, v: &str) -> Result<(), ModelError> {
    if v.trim().is_empty() {
        return Err(ModelError::InvalidField {
            record: record.to_string(),
            field,
            value: v.to_string(),
            reason: "blank".into(),
        });
    }
    Ok(())
}

impl Indicator {
    /// Checks that the id has no spaces and the Vietnamese name is not blank.
    pub fn validate(&self) -> Result<(), ModelError> {
        let rec = format!("indicator {:?}", self.id);
        check_id(&rec, "id", &self.id)?;
        check_text(&rec, "name_vi", &self.name_vi)
    }
}

fn one() -> Decimal {
    Decimal::ONE
}

/// A node of an indicator tree (index → sub-index → indicator) with its weight among its
/// siblings. A node without children is a leaf and its `id` names an [`Indicator`].
///
/// Weights are relative: the engine divides each by the sum of its siblings' weights, so
/// `5/5/20/…` percentages and `0.05/0.05/0.2/…` fractions describe the same tree.
///
/// ```
/// use minhbach_model::IndicatorNode;
/// let tree: IndicatorNode = serde_json::from_str(r#"{
///   "id": "transparency", "name_vi": "Tính minh bạch",
///   "children": [
///     { "id": "website_visits", "name_vi": "% DN truy cập website của tỉnh", "weight": "0.20" },
///     { "id": "budget_publish", "name_vi": "Tài liệu ngân sách được công bố kịp thời", "weight": "0.05" }
///   ]
/// }"#).unwrap();
/// tree.validate().unwrap();
/// assert_eq!(tree.leaf_ids(), ["website_visits", "budget_publish"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IndicatorNode {
    /// Identifier; for a leaf, the indicator id.
    pub id: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    #[serde(default)]
    pub name_en: Option<String>,
    /// Weight among its siblings (default 1); not negative.
    #[serde(default = "one")]
    pub weight: Decimal,
    /// Children; empty for a leaf.
    #[serde(default)]
    pub children: Vec<IndicatorNode>,
}

impl IndicatorNode {
    /// Whether this node is a leaf.
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }

    /// The ids of the leaves, depth first, left to right.
    pub fn leaf_ids(&self) -> Vec<&str> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(n) = stack.pop() {
            if n.is_leaf() {
                out.push(n.id.as_str());
            } else {
                stack.extend(n.children.iter().rev());
            }
        }
        out
    }

    /// Checks the tree: ids valid and unique across the tree, weights not negative, and
    /// every inner node has at least one child with a positive weight.
    pub fn validate(&self) -> Result<(), ModelError> {
        let mut nodes = vec![self];
        let mut i = 0;
        while let Some(n) = nodes.get(i).copied() {
            nodes.extend(n.children.iter());
            i += 1;
        }
        let mut seen = HashSet::new();
        for n in &nodes {
            let rec = format!("indicator tree node {:?}", n.id);
            check_id(&rec, "id", &n.id)?;
            check_text(&rec, "name_vi", &n.name_vi)?;
            if !seen.insert(n.id.as_str()) {
                return Err(ModelError::Duplicate {
                    what: "indicator tree node id",
                    key: n.id.clone(),
                });
            }
            if n.weight < Decimal::ZERO {
                return Err(ModelError::InvalidField {
                    record: rec,
                    field: "weight",
                    value: n.weight.to_string(),
                    reason: "a weight is not negative".into(),
                });
            }
        }
        for n in &nodes {
            if !n.is_leaf() && !n.children.iter().any(|c| c.weight > Decimal::ZERO) {
                return Err(ModelError::InvalidField {
                    record: format!("indicator tree node {:?}", n.id),
                    field: "children",
                    value: n.children.len().to_string(),
                    reason: "no child has a positive weight".into(),
                });
            }
        }
        Ok(())
    }

    /// Checks that every leaf names one of `indicators`.
    pub fn check_leaves(&self, indicators: &[Indicator]) -> Result<(), ModelError> {
        for id in self.leaf_ids() {
            if !indicators.iter().any(|i| i.id == id) {
                return Err(ModelError::InvalidField {
                    record: format!("indicator tree {:?}", self.id),
                    field: "children",
                    value: id.to_string(),
                    reason: "this leaf names no known indicator".into(),
                });
            }
        }
        Ok(())
    }
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
                what: "comparison",
                value: s.to_string(),
                expected: "ge, le, eq, gt, lt (or >=, ≥, <=, ≤, =, >, <)".into(),
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
    "a comparison: ge, le, eq, gt, lt, >=, <=, =, >, <"
);

/// A target for an indicator: "rút ngắn 30% thời gian giải quyết TTHC" is
/// `processing_time_cut ≥ 30`.
///
/// ```
/// use minhbach_model::{Comparison, Target};
/// use rust_decimal_macros::dec;
/// let t = Target {
///     indicator: "processing_time_cut".into(), comparison: Comparison::Ge, value: dec!(30),
///     description_vi: "rút ngắn 30% thời gian giải quyết TTHC".into(), period: None,
/// };
/// assert!(t.is_met(dec!(30.0)));
/// assert!(!t.is_met(dec!(29.99)));
/// assert_eq!(t.shortfall(dec!(25)), dec!(5));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Target {
    /// The indicator id.
    pub indicator: String,
    /// How the value must compare with [`Target::value`].
    pub comparison: Comparison,
    /// The target value, exact.
    pub value: Decimal,
    /// The target in words, as the plan states it.
    pub description_vi: String,
    /// The period the target applies to, when it has one.
    #[serde(default)]
    pub period: Option<Period>,
}

impl Target {
    /// Whether `actual` meets the target.
    pub fn is_met(&self, actual: Decimal) -> bool {
        self.comparison.holds(actual, self.value)
    }

    /// How far `actual` is from meeting the target (zero when met; for strict `>`/`<` and
    /// `=`, the distance to the target value).
    pub fn shortfall(&self, actual: Decimal) -> Decimal {
        if self.is_met(actual) {
            Decimal::ZERO
        } else {
            (self.value - actual).abs()
        }
    }

    /// Checks the indicator id and that the description is not blank.
    pub fn validate(&self) -> Result<(), ModelError> {
        let rec = format!("target for {:?}", self.indicator);
        check_id(&rec, "indicator", &self.indicator)?;
        check_text(&rec, "description_vi", &self.description_vi)
    }
}

/// A count reported beside the standard portal figures, with its Vietnamese label: in the
/// seed report "37 văn bản các loại liên quan đến công tác lãnh đạo, chỉ đạo" and "22 tin,
/// bài tuyên truyền" posted for the election.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ExtraCount {
    /// What was counted, written to follow the number: "văn bản các loại liên quan đến công
    /// tác lãnh đạo, chỉ đạo".
    pub label_vi: String,
    /// The count.
    pub count: u64,
    /// The occasion or group the count belongs to, e.g. "bầu cử đại biểu Quốc hội và HĐND
    /// các cấp nhiệm kỳ 2021-2025"; counts with the same group are reported together.
    #[serde(default)]
    pub group_vi: Option<String>,
}

/// Statistics of the unit's web portal (Cổng thông tin điện tử) for a period. Absent
/// figures (`None`) were not reported, which is different from zero.
///
/// ```
/// use minhbach_model::{OnlineServiceLevel, PortalStats};
/// let p: PortalStats = serde_json::from_str(r#"{
///   "period": "2021-H1", "articles": 163, "documents": 1255, "visits": 1241760,
///   "online_procedures": { "level_3": 87 },
///   "extra": [{ "label_vi": "tin, bài tuyên truyền", "count": 22, "group_vi": "bầu cử" }]
/// }"#).unwrap();
/// assert_eq!(p.online_procedures.get(&OnlineServiceLevel::Level3), Some(&87));
/// p.validate().unwrap();
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PortalStats {
    /// The period the figures cover.
    #[serde(default)]
    pub period: Option<Period>,
    /// News items posted (tin, bài).
    #[serde(default)]
    pub articles: Option<u64>,
    /// Documents posted (văn bản chỉ đạo, điều hành các loại).
    #[serde(default)]
    pub documents: Option<u64>,
    /// Visits (lượt truy cập).
    #[serde(default)]
    pub visits: Option<u64>,
    /// Procedures offered online, by level ("87 thủ tục hành chính mức độ 3").
    #[serde(default)]
    pub online_procedures: BTreeMap<OnlineServiceLevel, u64>,
    /// Other counts with their labels, in report order.
    #[serde(default)]
    pub extra: Vec<ExtraCount>,
}

impl PortalStats {
    /// Checks that every extra count has a label.
    pub fn validate(&self) -> Result<(), ModelError> {
        for (i, e) in self.extra.iter().enumerate() {
            check_text(
                &format!("portal extra count {}", i + 1),
                "label_vi",
                &e.label_vi,
            )?;
        }
        Ok(())
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
    /// and can be overridden per item with [`DisclosureItem::shortfall_vi`].
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
                what: "disclosure category",
                value: s.to_string(),
                expected: format!(
                    "one of {}",
                    CATEGORIES
                        .iter()
                        .map(|c| c.1)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
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

/// One line of a disclosure checklist: was this information made public?
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DisclosureItem {
    /// Identifier, unique within the checklist.
    pub id: String,
    /// The category.
    pub category: DisclosureCategory,
    /// What is to be disclosed, in the office's words.
    pub description_vi: String,
    /// Whether it was disclosed in the period.
    pub disclosed: bool,
    /// Free note (where, when, by whom).
    #[serde(default)]
    pub note: Option<String>,
    /// The "tồn tại, hạn chế" clause to use instead of the category's.
    #[serde(default)]
    pub shortfall_vi: Option<String>,
}

impl DisclosureItem {
    /// The shortfall clause for this item: its own [`DisclosureItem::shortfall_vi`] if set,
    /// else the category's (see [`DisclosureCategory::shortfall_vi`]).
    pub fn shortfall_sentence(&self, portal: &str) -> String {
        match &self.shortfall_vi {
            Some(s) => s.replace("{portal}", portal),
            None => self.category.shortfall_vi(portal),
        }
    }
}

/// The disclosure checklist of a unit for a period, in the given order; item ids unique.
/// Serialized as a plain list of [`DisclosureItem`]s, validated on deserialization.
///
/// ```
/// use minhbach_model::{DisclosureCategory, DisclosureChecklist, DisclosureItem};
/// let item = |id: &str, c, ok| DisclosureItem {
///     id: id.into(), category: c, description_vi: "…".into(), disclosed: ok,
///     note: None, shortfall_vi: None,
/// };
/// let list = DisclosureChecklist::new(vec![
///     item("news", DisclosureCategory::News, true),
///     item("budget", DisclosureCategory::BudgetDocuments, false),
///     item("bidding", DisclosureCategory::BiddingResults, false),
/// ]).unwrap();
/// assert_eq!((list.disclosed_count(), list.len()), (1, 3));
/// let shortfalls: Vec<String> = list
///     .undisclosed()
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
    /// Builds a checklist: ids valid and unique, descriptions not blank.
    pub fn new(items: Vec<DisclosureItem>) -> Result<DisclosureChecklist, ModelError> {
        let mut seen = HashSet::new();
        for i in &items {
            let rec = format!("disclosure item {:?}", i.id);
            check_id(&rec, "id", &i.id)?;
            check_text(&rec, "description_vi", &i.description_vi)?;
            if !seen.insert(i.id.as_str()) {
                return Err(ModelError::Duplicate {
                    what: "disclosure item id",
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

    /// How many items were disclosed.
    pub fn disclosed_count(&self) -> usize {
        self.items.iter().filter(|i| i.disclosed).count()
    }

    /// The items not disclosed, in order: the "tồn tại, hạn chế".
    pub fn undisclosed(&self) -> impl Iterator<Item = &DisclosureItem> {
        self.items.iter().filter(|i| !i.disclosed)
    }

    /// The items of one category.
    pub fn of_category(&self, c: DisclosureCategory) -> impl Iterator<Item = &DisclosureItem> {
        self.items.iter().filter(move |i| i.category == c)
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
    fn bundle_in_toml() {
        let text = r#"
[[indicator]]
id = "processing_time_cut"
name_vi = "Tỷ lệ rút ngắn thời gian giải quyết TTHC"
unit = "%"
direction = "higher_is_better"

[[target]]
indicator = "processing_time_cut"
comparison = "≥"
value = 30
description_vi = "rút ngắn 30% thời gian giải quyết TTHC so với quy định"
period = "2021"

[[target]]
indicator = "on_time_rate"
comparison = "ge"
value = "98.5"
description_vi = "tỷ lệ hồ sơ giải quyết đúng hạn đạt từ 98,5% trở lên"

[portal]
period = "6 tháng đầu năm 2021"
articles = 163
documents = 1255
visits = 1241760
online_procedures = { level_3 = 87 }

[[portal.extra]]
label_vi = "văn bản các loại liên quan đến công tác lãnh đạo, chỉ đạo"
count = 37
group_vi = "bầu cử đại biểu Quốc hội và HĐND các cấp nhiệm kỳ 2021-2025"

[[portal.extra]]
label_vi = "tin, bài tuyên truyền"
count = 22
group_vi = "bầu cử đại biểu Quốc hội và HĐND các cấp nhiệm kỳ 2021-2025"

[[disclosure]]
id = "socio_economic_plan"
category = "socio_economic_plan"
description_vi = "Kế hoạch phát triển kinh tế - xã hội năm 2021"
disclosed = false

[[disclosure]]
id = "budget"
category = "Tài liệu về ngân sách"
description_vi = "Dự toán ngân sách huyện năm 2021"
disclosed = false

[[disclosure]]
id = "bidding"
category = "bidding_results"
description_vi = "Kết quả lựa chọn nhà thầu"
disclosed = false

[[disclosure]]
id = "feedback"
category = "citizen_feedback"
description_vi = "Mục hỏi đáp trên Cổng thông tin điện tử huyện"
disclosed = false
note = "chưa có cán bộ phụ trách"
"#;
        #[derive(Deserialize, Serialize)]
        struct B {
            indicator: Vec<Indicator>,
            target: Vec<Target>,
            portal: PortalStats,
            disclosure: DisclosureChecklist,
        }
        let b: B = toml::from_str(text).unwrap();
        assert_eq!(b.target[0].value, dec!(30));
        assert_eq!(b.target[0].period.clone().unwrap().to_string(), "2021");
        assert_eq!(b.target[1].value, dec!(98.5));
        assert!(b.target[1].is_met(dec!(98.77)));
        assert_eq!(b.portal.period.clone().unwrap().to_string(), "2021-H1");
        assert_eq!(b.portal.visits, Some(1_241_760));
        assert_eq!(
            b.portal.online_procedures.get(&OnlineServiceLevel::Level3),
            Some(&87)
        );
        assert_eq!(b.portal.extra.len(), 2);
        let seed = "chưa công khai, minh bạch kế hoạch phát triển kinh tế - xã hội; \
                    chưa công khai các tài liệu về ngân sách sau khi cơ quan có thẩm quyền phê duyệt theo quy định; \
                    chưa công khai thông tin kết quả đấu thầu trên Cổng thông tin điện tử huyện; \
                    công tác tiếp nhận và phản hồi thắc mắc, kiến nghị của cá nhân, tổ chức, doanh nghiệp \
                    trên Cổng thông tin điện tử huyện chưa được triển khai thực hiện nghiêm túc";
        let got: Vec<String> = b
            .disclosure
            .undisclosed()
            .map(|i| i.shortfall_sentence("Cổng thông tin điện tử huyện"))
            .collect();
        assert_eq!(got.join("; "), seed);
        // JSON round trip of the whole bundle
        let json = serde_json::to_string(&b).unwrap();
        let back: B = serde_json::from_str(&json).unwrap();
        assert_eq!(back.portal, b.portal);
        assert_eq!(back.disclosure, b.disclosure);
        assert_eq!(back.target, b.target);
    }

    #[test]
    fn validation_names_values() {
        let e = DisclosureChecklist::new(vec![
            DisclosureItem {
                id: "a".into(),
                category: DisclosureCategory::News,
                description_vi: "x".into(),
                disclosed: true,
                note: None,
                shortfall_vi: None,
            };
            2
        ])
        .unwrap_err()
        .to_string();
        assert!(e.contains("\"a\""), "{e}");
        let tree = IndicatorNode {
            id: "root".into(),
            name_vi: "Gốc".into(),
            name_en: None,
            weight: dec!(1),
            children: vec![IndicatorNode {
                id: "x".into(),
                name_vi: "X".into(),
                name_en: None,
                weight: dec!(-0.5),
                children: vec![],
            }],
        };
        let e = tree.validate().unwrap_err().to_string();
        assert!(e.contains("-0.5"), "{e}");
        let e = tree.check_leaves(&[]).unwrap_err().to_string();
        assert!(e.contains("\"x\""), "{e}");
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
            let target = |c| Target { indicator: "x".into(), comparison: c, value: v, description_vi: "x".into(), period: None };
            prop_assert_eq!(target(Comparison::Ge).is_met(a), !target(Comparison::Lt).is_met(a));
            prop_assert_eq!(target(Comparison::Le).is_met(a), !target(Comparison::Gt).is_met(a));
            prop_assert_eq!(target(Comparison::Eq).is_met(a),
                target(Comparison::Ge).is_met(a) && target(Comparison::Le).is_met(a));
            for c in [Comparison::Ge, Comparison::Le, Comparison::Eq, Comparison::Gt, Comparison::Lt] {
                prop_assert_eq!(Comparison::parse(c.as_str()).unwrap(), c);
                prop_assert_eq!(Comparison::parse(c.symbol()).unwrap(), c);
                let t = target(c);
                prop_assert_eq!(t.shortfall(a).is_zero(), t.is_met(a) || a == v);
            }
        }
    }
}
