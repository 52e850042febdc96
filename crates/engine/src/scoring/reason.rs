//! Why scoring refuses a definition, a unit-data cell or a unit: the typed reasons of
//! [`EngineError::InvalidDefinition`], [`EngineError::UnitData`],
//! [`EngineError::Normalisation`], [`EngineError::DegenerateAnchors`],
//! [`EngineError::Arithmetic`] and [`RejectedUnitRow::reason`](super::RejectedUnitRow).
//!
//! Each reason's `Display` is its English sentence (the sentences the engine always wrote);
//! its [`Bilingual`] implementation is the Vietnamese one, an exhaustive match.
//!
//! ```
//! use minhbach_engine::scoring::{UnitDataReason, UnitTable};
//! use minhbach_engine::EngineError;
//! use minhbach_model::{Bilingual, Lang};
//! let e = UnitTable::from_csv_reader("unit,x\nA,1e400\n".as_bytes(), "t.csv").unwrap_err();
//! let EngineError::UnitData { reason, .. } = &e else { panic!("{e}") };
//! assert_eq!(*reason, UnitDataReason::NumberTooLarge);
//! assert!(reason.in_lang(Lang::Vi).to_string().starts_with("vượt quá giới hạn: số quá lớn"));
//! ```

use std::fmt;

use minhbach_model::{
    bilingual_via_fmt_in, say, Bilingual, Direction, Lang, SyntaxFormat, SyntaxMessage,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::EngineError;

/// Why an index definition does not hold together ([`EngineError::InvalidDefinition`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DefinitionReason {
    /// The definition cannot be written as TOML (the serialiser's message).
    CannotSerialise {
        /// The serialiser's message.
        detail: String,
    },
    /// `set_anchors` names an indicator the index does not have.
    NoSuchIndicator,
    /// Anchors set on an indicator whose normalisation is not min–max.
    AnchorsNeedMinMax {
        /// The indicator's normalisation method (`goalposts`, …).
        method: String,
    },
    /// A target names a node that is not in the index.
    TargetNotInIndex {
        /// The index's id.
        index: String,
    },
    /// An indicator without a direction.
    DirectionMissing,
    /// A negative weight.
    NegativeWeight {
        /// The weight.
        weight: Decimal,
    },
    /// A domain whose minimum exceeds its maximum.
    DomainInverted {
        /// The minimum.
        min: Decimal,
        /// The maximum.
        max: Decimal,
    },
    /// Identity normalisation of a lower-is-better indicator that counts.
    IdentityLowerIsBetter,
    /// A min–max target range that is empty or inverted.
    MinMaxRange {
        /// Bottom of the range.
        low: Decimal,
        /// Top of the range.
        high: Decimal,
    },
    /// Explicit anchors whose minimum is not below their maximum.
    AnchorsInverted {
        /// The minimum.
        min: Decimal,
        /// The maximum.
        max: Decimal,
    },
    /// Goalposts whose lower post is not below the upper one.
    GoalpostsInverted {
        /// The lower goalpost.
        lower: Decimal,
        /// The upper goalpost.
        upper: Decimal,
    },
    /// A goalposts target range that is empty or inverted.
    GoalpostsRange {
        /// Bottom of the range.
        low: Decimal,
        /// Top of the range.
        high: Decimal,
    },
    /// A z-score output standard deviation that is not positive.
    ZScoreSd {
        /// The standard deviation.
        s: Decimal,
    },
    /// A distance-to-target scale that is not positive.
    DistanceScale {
        /// The scale.
        scale: Decimal,
    },
    /// A distance-to-target target that is not better than the worst value.
    TargetNotBetter {
        /// The target.
        target: Decimal,
        /// The worst value.
        worst: Decimal,
        /// The indicator's direction.
        direction: Direction,
    },
    /// A threshold that is not positive.
    ThresholdNotPositive {
        /// The threshold.
        threshold: Decimal,
    },
    /// Negative maximum points.
    NegativeMaxPoints {
        /// The points.
        max_points: Decimal,
    },
    /// An empty id.
    EmptyId,
    /// An id with leading or trailing spaces.
    IdSpaces,
    /// An id used twice.
    DuplicateId,
    /// A parent that names an indicator.
    ParentIsIndicator {
        /// The parent named.
        parent: String,
    },
    /// A parent that names nothing in the index.
    UnknownParent {
        /// The parent named.
        parent: String,
    },
    /// A group that names itself as parent.
    OwnParent,
    /// A cycle of parent links.
    Cycle {
        /// The groups on the cycle, in link order (the first again at the end).
        path: Vec<String>,
    },
    /// A scale that is not positive.
    ScaleNotPositive {
        /// The scale.
        scale: Decimal,
    },
    /// A min–max indicator whose anchors must be given (pooled over past editions).
    AnchorsMissing,
    /// A group or the index with no inputs.
    NoInputs,
    /// A group that no path links to the index.
    Unreachable,
    /// Input weights that do not add up to the declared total.
    WeightTotalMismatch {
        /// The sum of the inputs' weights.
        sum: Decimal,
        /// The declared `weight_total`.
        total: Decimal,
    },
    /// Input weights that add up to zero.
    WeightsSumZero,
    /// A declared maximum score that the inputs' maxima do not give.
    MaxScoreMismatch {
        /// The declared `max_score`.
        declared: Decimal,
        /// The maximum the inputs give.
        computed: Decimal,
    },
}

impl DefinitionReason {
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use DefinitionReason as R;
        match self {
            R::CannotSerialise { detail } => {
                say!(f, lang => "cannot serialise to TOML: {detail}", "không ghi được định nghĩa ra dạng TOML ({detail:?})")
            }
            R::NoSuchIndicator => {
                say!(f, lang => "no such indicator", "bộ chỉ số không có chỉ tiêu này")
            }
            R::AnchorsNeedMinMax { method } => {
                say!(f, lang => "anchors apply to min_max normalisation, not {method}", "mốc chỉ dùng cho cách chuẩn hóa min_max, không dùng cho {method}")
            }
            R::TargetNotInIndex { index } => {
                say!(f, lang => "target names a node that is not in index {index:?}", "chỉ tiêu kế hoạch ghi một nút không có trong bộ chỉ số {index:?}")
            }
            R::DirectionMissing => {
                say!(f, lang => "direction is missing (set direction = \"higher\" or \"lower\")", "thiếu chiều đánh giá (ghi direction = \"higher\" nếu càng cao càng tốt hoặc \"lower\" nếu càng thấp càng tốt)")
            }
            R::NegativeWeight { weight } => {
                say!(f, lang => "negative weight {weight}", "trọng số âm {weight}")
            }
            R::DomainInverted { min, max } => {
                say!(f, lang => "domain min {min} exceeds max {max}", "miền giá trị có cận dưới {min} lớn hơn cận trên {max}")
            }
            R::IdentityLowerIsBetter => {
                say!(f, lang => "identity normalisation keeps raw values, so a lower-is-better indicator would count the wrong way; use min_max, goalposts or threshold, or give it weight 0 (informational)", "cách chuẩn hóa identity giữ nguyên giá trị, nên chỉ tiêu càng thấp càng tốt sẽ bị tính ngược; dùng min_max, goalposts hoặc threshold, hoặc đặt trọng số 0 (chỉ để tham khảo)")
            }
            R::MinMaxRange { low, high } => {
                say!(f, lang => "min_max range low {low} must be below high {high}", "khoảng điểm min_max: cận dưới {low} phải nhỏ hơn cận trên {high}")
            }
            R::AnchorsInverted { min, max } => {
                say!(f, lang => "explicit anchors min {min} must be below max {max}", "mốc ghi sẵn: mốc thấp {min} phải nhỏ hơn mốc cao {max}")
            }
            R::GoalpostsInverted { lower, upper } => {
                say!(f, lang => "goalposts lower {lower} must be below upper {upper}", "goalposts: ngưỡng dưới {lower} phải nhỏ hơn ngưỡng trên {upper}")
            }
            R::GoalpostsRange { low, high } => {
                say!(f, lang => "goalposts range low {low} must be below high {high}", "khoảng điểm goalposts: cận dưới {low} phải nhỏ hơn cận trên {high}")
            }
            R::ZScoreSd { s } => {
                say!(f, lang => "z_score output sd s = {s} must be positive", "z_score: độ lệch chuẩn đầu ra s = {s} phải dương")
            }
            R::DistanceScale { scale } => {
                say!(f, lang => "distance_to_target scale {scale} must be positive", "distance_to_target: thang điểm {scale} phải dương")
            }
            R::TargetNotBetter {
                target,
                worst,
                direction,
            } => {
                let word = match direction {
                    Direction::Higher => "higher",
                    Direction::Lower => "lower",
                };
                say!(f, lang => "distance_to_target: target {target} is not better than worst {worst} for direction {direction:?}", "distance_to_target: mục tiêu {target} không tốt hơn giá trị kém nhất {worst} theo chiều {word}")
            }
            R::ThresholdNotPositive { threshold } => {
                say!(f, lang => "threshold {threshold} must be positive", "ngưỡng {threshold} phải dương")
            }
            R::NegativeMaxPoints { max_points } => {
                say!(f, lang => "max_points {max_points} must not be negative", "điểm tối đa max_points {max_points} không được âm")
            }
            R::EmptyId => say!(f, lang => "empty id", "mã để trống"),
            R::IdSpaces => {
                say!(f, lang => "id has leading or trailing spaces", "mã có dấu cách ở đầu hoặc cuối")
            }
            R::DuplicateId => say!(f, lang => "duplicate id", "mã bị trùng"),
            R::ParentIsIndicator { parent } => {
                say!(f, lang => "parent {parent:?} is an indicator, not a group", "nút cha {parent:?} là một chỉ tiêu, không phải một nhóm")
            }
            R::UnknownParent { parent } => {
                say!(f, lang => "unknown parent id {parent:?}", "không có nút cha {parent:?}")
            }
            R::OwnParent => {
                say!(f, lang => "group is its own parent (cycle)", "nhóm là nút cha của chính nó (vòng lặp)")
            }
            R::Cycle { path } => {
                let path = path.join(" → ");
                say!(f, lang => "cycle in parent links: {path}", "các liên kết nút cha tạo thành vòng lặp: {path}")
            }
            R::ScaleNotPositive { scale } => {
                say!(f, lang => "scale {scale} must be positive", "thang điểm {scale} phải dương")
            }
            R::AnchorsMissing => {
                say!(f, lang => "min–max anchors must be supplied (PCI pooled extremes over past editions): write anchors = {{ explicit = {{ min = …, max = … }} }} in the definition", "cần ghi mốc min–max (giá trị cực trị gộp của các kỳ PCI trước): ghi anchors = {{ explicit = {{ min = …, max = … }} }} trong định nghĩa")
            }
            R::NoInputs => {
                say!(f, lang => "has no inputs (no group or indicator names it as parent)", "không có đầu vào (không nhóm hoặc chỉ tiêu nào ghi nút này là nút cha)")
            }
            R::Unreachable => {
                say!(f, lang => "not reachable from the index", "không nối được tới bộ chỉ số")
            }
            R::WeightTotalMismatch { sum, total } => {
                say!(f, lang => "weights of the inputs sum to {sum}, but weight_total declares {total}", "tổng trọng số các đầu vào là {sum}, nhưng weight_total ghi {total}")
            }
            R::WeightsSumZero => {
                say!(f, lang => "weights of the inputs sum to zero", "tổng trọng số các đầu vào bằng 0")
            }
            R::MaxScoreMismatch { declared, computed } => {
                say!(f, lang => "declared max_score {declared}, but the inputs' maxima give {computed}", "điểm tối đa ghi là {declared}, nhưng điểm tối đa của các đầu vào cho {computed}")
            }
        }
    }
}
bilingual_via_fmt_in!(DefinitionReason);

/// Why an index definition file cannot be parsed ([`EngineError::DefinitionSyntax`]): the
/// parser's message, in both languages ([`SyntaxMessage`]).
pub type SyntaxReason = SyntaxMessage;

/// Why a cell or a row of unit data is refused ([`EngineError::UnitData`] and
/// [`UnitRowReason::Data`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnitDataReason {
    /// `NaN` or an infinity.
    NotFinite,
    /// A decimal comma (`1,5`), ambiguous in CSV.
    DecimalComma,
    /// A number too large for an exact decimal (`1e308`, 30 digits).
    NumberTooLarge,
    /// A number with more decimal places than an exact decimal holds (`1e-40`).
    TooManyDecimals,
    /// Text that is not a number.
    NotANumber,
    /// The header line cannot be read (the CSV reader's message).
    HeaderUnreadable {
        /// The reader's message.
        detail: String,
    },
    /// The first column is not named `unit`.
    FirstColumnNotUnit,
    /// A column without a name.
    EmptyColumnName,
    /// A column name given twice.
    DuplicateColumn,
    /// A line that is not UTF-8.
    NotUtf8,
    /// A line the CSV reader cannot read (its message), when reading leniently.
    NotReadableCsv {
        /// The reader's message.
        detail: String,
    },
    /// A line the CSV reader cannot read (its message, as it is).
    Csv {
        /// The reader's message.
        detail: String,
    },
    /// A row with another number of fields than the header.
    RowLength {
        /// Fields on the row.
        fields: u64,
        /// Fields of the header.
        expected: u64,
    },
    /// A row without a unit name.
    EmptyUnit,
    /// A unit named on two rows.
    DuplicateUnit,
    /// A row added in code with another number of values than the table's columns.
    ValueCount {
        /// Values given.
        values: usize,
        /// The table's columns.
        columns: usize,
    },
    /// A value given in code for a column the table does not have.
    NoSuchColumn,
    /// An anchors file whose header lacks `indicator`, `min` or `max`.
    AnchorsHeader,
    /// An anchors row without an indicator id.
    EmptyIndicatorId,
    /// An anchors row with an empty `min` or `max`.
    EmptyAnchor,
}

impl UnitDataReason {
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use UnitDataReason as R;
        // A CSV reader's message: as it is in English, worded in Vietnamese.
        let csv = |detail: &str| SyntaxMessage::new(SyntaxFormat::Csv, detail);
        match self {
            R::NotFinite => {
                say!(f, lang => "not a finite number (NaN/infinity is not allowed; leave the cell empty for a missing value)", "không phải một số hữu hạn (không nhận NaN/vô cực; để trống ô nếu thiếu số liệu)")
            }
            R::DecimalComma => {
                say!(f, lang => "decimal comma is ambiguous in CSV; write the number with a decimal point", "dấu phẩy thập phân dễ nhầm trong tệp CSV; ghi số với dấu chấm thập phân")
            }
            R::NumberTooLarge => {
                say!(f, lang => "out of range: the number is too large (an exact decimal holds at most 79228162514264337593543950335, about 7.9 × 10^28)", "vượt quá giới hạn: số quá lớn (số thập phân chính xác lớn nhất là 79228162514264337593543950335, khoảng 7,9 × 10^28)")
            }
            R::TooManyDecimals => {
                say!(f, lang => "out of range: the number has more than 28 decimal places (too small for an exact decimal)", "vượt quá giới hạn: số có hơn 28 chữ số thập phân (quá nhỏ để ghi chính xác)")
            }
            R::NotANumber => say!(f, lang => "not a decimal number", "không phải một số thập phân"),
            R::HeaderUnreadable { detail } => {
                let vi = csv(detail);
                let vi = vi.in_lang(Lang::Vi);
                say!(f, lang => "cannot read the header: {detail}", "không đọc được dòng tiêu đề: {vi}")
            }
            R::FirstColumnNotUnit => {
                say!(f, lang => "the first column must be named `unit`", "cột đầu tiên phải có tên `unit`")
            }
            R::EmptyColumnName => say!(f, lang => "empty column name", "cột không có tên"),
            R::DuplicateColumn => say!(f, lang => "duplicate column", "tên cột bị trùng"),
            R::NotUtf8 => say!(f, lang => "not valid UTF-8", "không phải UTF-8 hợp lệ"),
            R::NotReadableCsv { detail } => {
                let vi = csv(detail);
                let vi = vi.in_lang(Lang::Vi);
                say!(f, lang => "not readable as CSV: {detail}", "không đọc được dạng CSV: {vi}")
            }
            R::Csv { detail } => {
                let vi = csv(detail);
                let vi = vi.in_lang(Lang::Vi);
                say!(f, lang => "{detail}", "không đọc được dạng CSV: {vi}")
            }
            R::RowLength { fields, expected } => {
                say!(f, lang => "row has {fields} fields, the header has {expected}", "dòng có {fields} trường, dòng tiêu đề có {expected}")
            }
            R::EmptyUnit => say!(f, lang => "empty unit name", "tên đơn vị để trống"),
            R::DuplicateUnit => say!(f, lang => "duplicate unit", "đơn vị bị trùng"),
            R::ValueCount { values, columns } => {
                say!(f, lang => "{values} values for {columns} columns", "{values} giá trị cho {columns} cột")
            }
            R::NoSuchColumn => say!(f, lang => "no such column", "không có cột này"),
            R::AnchorsHeader => {
                say!(f, lang => "the header must name the columns indicator, min and max", "dòng tiêu đề phải có các cột indicator (chỉ tiêu), min và max")
            }
            R::EmptyIndicatorId => say!(f, lang => "empty indicator id", "mã chỉ tiêu để trống"),
            R::EmptyAnchor => {
                say!(f, lang => "an anchor cannot be empty", "mốc không được để trống")
            }
        }
    }
}
bilingual_via_fmt_in!(UnitDataReason);

/// Why a normalisation cannot map a value ([`EngineError::Normalisation`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum NormalisationReason {
    /// The computation overflows an exact decimal.
    Overflow,
    /// A value outside explicit anchors, without `truncate`.
    OutsideAnchors {
        /// The lower anchor.
        min: Decimal,
        /// The upper anchor.
        max: Decimal,
    },
}

impl NormalisationReason {
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NormalisationReason::Overflow => {
                say!(f, lang => "arithmetic overflow", "tràn số khi tính")
            }
            NormalisationReason::OutsideAnchors { min, max } => {
                say!(f, lang => "outside the explicit anchors [{min}, {max}] (set truncate = true to clamp)", "nằm ngoài các mốc ghi sẵn [{min}, {max}] (đặt truncate = true để đưa về mốc gần nhất)")
            }
        }
    }
}
bilingual_via_fmt_in!(NormalisationReason);

/// Why the anchors of a normalisation collapse ([`EngineError::DegenerateAnchors`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DegenerateReason {
    /// Min–max with min = max.
    MinMax {
        /// The one value.
        value: Decimal,
        /// Units with a value.
        units: usize,
    },
    /// Z-score with a standard deviation of 0.
    ZScore {
        /// Units with a value.
        units: usize,
    },
    /// Percentile rank of equal values.
    PercentileRank {
        /// Units with a value.
        units: usize,
    },
}

impl DegenerateReason {
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DegenerateReason::MinMax { value, units } => {
                say!(f, lang => "min = max = {value} over {units} unit(s); min–max is undefined", "giá trị nhỏ nhất = lớn nhất = {value} trên {units} đơn vị; không chuẩn hóa min–max được")
            }
            DegenerateReason::ZScore { units } => {
                say!(f, lang => "standard deviation is 0 over {units} unit(s); z-score is undefined", "độ lệch chuẩn bằng 0 trên {units} đơn vị; không tính được z-score")
            }
            DegenerateReason::PercentileRank { units } => {
                say!(f, lang => "all {units} value(s) are equal; percentile rank is undefined", "cả {units} giá trị đều bằng nhau; không xếp được thứ hạng phần trăm")
            }
        }
    }
}
bilingual_via_fmt_in!(DegenerateReason);

/// Why an aggregation cannot be computed exactly ([`EngineError::Arithmetic`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ArithmeticReason {
    /// The computation overflows an exact decimal.
    Overflow,
    /// The weights of the inputs that have a value add up to zero.
    AvailableWeightsZero,
    /// A weighted sum whose available inputs can earn no points.
    NoPointsToReweight,
    /// A weighted geometric mean of a value that is not positive.
    GeometricNonPositive {
        /// The value.
        value: Decimal,
    },
    /// A defect: the compiled index lost track of a node (`what` names the lookup).
    Internal {
        /// The lookup that failed.
        what: String,
    },
}

impl ArithmeticReason {
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArithmeticReason::Overflow => {
                say!(f, lang => "arithmetic overflow", "tràn số khi tính")
            }
            ArithmeticReason::AvailableWeightsZero => {
                say!(f, lang => "the weights of the available inputs sum to zero", "tổng trọng số các đầu vào có số liệu bằng 0")
            }
            ArithmeticReason::NoPointsToReweight => {
                say!(f, lang => "the available inputs can earn no points, so the sum cannot be re-weighted", "các đầu vào có số liệu không có điểm nào, nên không tính lại tỷ trọng được")
            }
            ArithmeticReason::GeometricNonPositive { value } => {
                say!(f, lang => "weighted geometric mean needs strictly positive inputs, got {value}", "trung bình nhân có trọng số cần các đầu vào dương, gặp {value}")
            }
            ArithmeticReason::Internal { what } => {
                say!(f, lang => "{what}", "lỗi nội bộ của chương trình (tra cứu {what})")
            }
        }
    }
}
bilingual_via_fmt_in!(ArithmeticReason);

/// Why a row of unit data was left out ([`RejectedUnitRow::reason`](super::RejectedUnitRow)):
/// when reading (a bad cell, an empty or repeated unit, a row of the wrong length) or when
/// scoring (the unit's error, which the English wording repeats as the engine words it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnitRowReason {
    /// The row cannot be read.
    Data {
        /// Why.
        reason: UnitDataReason,
    },
    /// A value outside its indicator's declared domain ([`EngineError::OutOfDomain`]).
    OutOfDomain {
        /// The unit.
        unit: String,
        /// The indicator.
        indicator: String,
        /// The value.
        value: Decimal,
        /// The declared domain.
        domain: String,
    },
    /// A value the normalisation cannot map ([`EngineError::Normalisation`]).
    Normalisation {
        /// The unit.
        unit: String,
        /// The indicator.
        indicator: String,
        /// The value.
        value: Decimal,
        /// Why.
        reason: NormalisationReason,
    },
    /// A missing value the index does not allow ([`EngineError::MissingValue`]).
    MissingValue {
        /// The unit.
        unit: String,
        /// The node whose policy refused the gap.
        node: String,
        /// The input without a value.
        input: String,
    },
    /// An aggregation that cannot be computed ([`EngineError::Arithmetic`]).
    Arithmetic {
        /// The unit.
        unit: String,
        /// The node.
        node: String,
        /// Why.
        reason: ArithmeticReason,
    },
}

impl UnitRowReason {
    /// The reason a scoring error gives for leaving its unit out, when it concerns one unit.
    pub fn from_error(e: &EngineError) -> Option<UnitRowReason> {
        Some(match e {
            EngineError::OutOfDomain {
                unit,
                indicator,
                value,
                domain,
            } => UnitRowReason::OutOfDomain {
                unit: unit.clone(),
                indicator: indicator.clone(),
                value: *value,
                domain: domain.clone(),
            },
            EngineError::Normalisation {
                unit,
                indicator,
                value,
                reason,
            } => UnitRowReason::Normalisation {
                unit: unit.clone(),
                indicator: indicator.clone(),
                value: *value,
                reason: reason.clone(),
            },
            EngineError::MissingValue { unit, node, input } => UnitRowReason::MissingValue {
                unit: unit.clone(),
                node: node.clone(),
                input: input.clone(),
            },
            EngineError::Arithmetic { unit, node, reason } if !unit.is_empty() => {
                UnitRowReason::Arithmetic {
                    unit: unit.clone(),
                    node: node.clone(),
                    reason: reason.clone(),
                }
            }
            _ => return None,
        })
    }

    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnitRowReason::Data { reason } => write!(f, "{}", reason.in_lang(lang)),
            UnitRowReason::OutOfDomain {
                unit,
                indicator,
                value,
                domain,
            } => {
                say!(f, lang => "unit {unit:?}, indicator {indicator:?}: value {value} is outside the declared domain {domain}", "đơn vị {unit:?}, chỉ tiêu {indicator:?}: giá trị {value} nằm ngoài miền giá trị {domain}")
            }
            UnitRowReason::Normalisation {
                unit,
                indicator,
                value,
                reason,
            } => {
                let reason = reason.in_lang(lang);
                say!(f, lang => "unit {unit:?}, indicator {indicator:?}: value {value}: {reason}", "đơn vị {unit:?}, chỉ tiêu {indicator:?}: giá trị {value}: {reason}")
            }
            UnitRowReason::MissingValue { unit, node, input } => {
                say!(f, lang => "unit {unit:?}, node {node:?}: input {input:?} is missing and the missing-value policy of {node:?} is `fail`", "đơn vị {unit:?}, nút {node:?}: thiếu {input:?} mà cách xử lý giá trị thiếu của {node:?} là `fail`")
            }
            UnitRowReason::Arithmetic { unit, node, reason } => {
                let reason = reason.in_lang(lang);
                say!(f, lang => "unit {unit:?}, node {node:?}: {reason}", "đơn vị {unit:?}, nút {node:?}: {reason}")
            }
        }
    }
}
bilingual_via_fmt_in!(UnitRowReason);

impl From<UnitDataReason> for UnitRowReason {
    fn from(reason: UnitDataReason) -> Self {
        UnitRowReason::Data { reason }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use minhbach_model::untranslated;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn every_definition_reason_has_a_vietnamese_wording() {
        use DefinitionReason as R;
        let all = [
            R::CannotSerialise { detail: "x".into() },
            R::NoSuchIndicator,
            R::AnchorsNeedMinMax {
                method: "goalposts".into(),
            },
            R::TargetNotInIndex {
                index: "pci".into(),
            },
            R::DirectionMissing,
            R::NegativeWeight { weight: d("-1") },
            R::DomainInverted {
                min: d("2"),
                max: d("1"),
            },
            R::IdentityLowerIsBetter,
            R::MinMaxRange {
                low: d("2"),
                high: d("1"),
            },
            R::AnchorsInverted {
                min: d("2"),
                max: d("1"),
            },
            R::GoalpostsInverted {
                lower: d("2"),
                upper: d("1"),
            },
            R::GoalpostsRange {
                low: d("2"),
                high: d("1"),
            },
            R::ZScoreSd { s: d("0") },
            R::DistanceScale { scale: d("0") },
            R::TargetNotBetter {
                target: d("1"),
                worst: d("2"),
                direction: Direction::Higher,
            },
            R::ThresholdNotPositive { threshold: d("0") },
            R::NegativeMaxPoints {
                max_points: d("-1"),
            },
            R::EmptyId,
            R::IdSpaces,
            R::DuplicateId,
            R::ParentIsIndicator { parent: "a".into() },
            R::UnknownParent { parent: "a".into() },
            R::OwnParent,
            R::Cycle {
                path: vec!["a".into(), "b".into(), "a".into()],
            },
            R::ScaleNotPositive { scale: d("0") },
            R::AnchorsMissing,
            R::NoInputs,
            R::Unreachable,
            R::WeightTotalMismatch {
                sum: d("1"),
                total: d("2"),
            },
            R::WeightsSumZero,
            R::MaxScoreMismatch {
                declared: d("1"),
                computed: d("2"),
            },
        ];
        // A new reason must be added above: this match is exhaustive.
        for r in &all {
            match r {
                R::CannotSerialise { .. }
                | R::NoSuchIndicator
                | R::AnchorsNeedMinMax { .. }
                | R::TargetNotInIndex { .. }
                | R::DirectionMissing
                | R::NegativeWeight { .. }
                | R::DomainInverted { .. }
                | R::IdentityLowerIsBetter
                | R::MinMaxRange { .. }
                | R::AnchorsInverted { .. }
                | R::GoalpostsInverted { .. }
                | R::GoalpostsRange { .. }
                | R::ZScoreSd { .. }
                | R::DistanceScale { .. }
                | R::TargetNotBetter { .. }
                | R::ThresholdNotPositive { .. }
                | R::NegativeMaxPoints { .. }
                | R::EmptyId
                | R::IdSpaces
                | R::DuplicateId
                | R::ParentIsIndicator { .. }
                | R::UnknownParent { .. }
                | R::OwnParent
                | R::Cycle { .. }
                | R::ScaleNotPositive { .. }
                | R::AnchorsMissing
                | R::NoInputs
                | R::Unreachable
                | R::WeightTotalMismatch { .. }
                | R::WeightsSumZero
                | R::MaxScoreMismatch { .. } => {}
            }
        }
        assert_eq!(untranslated(&all), Vec::<String>::new());
        assert_eq!(
            R::TargetNotBetter {
                target: d("1"),
                worst: d("2"),
                direction: Direction::Higher,
            }
            .to_string(),
            "distance_to_target: target 1 is not better than worst 2 for direction Higher"
        );
    }

    #[test]
    fn every_unit_data_reason_has_a_vietnamese_wording() {
        use UnitDataReason as R;
        let all = [
            R::NotFinite,
            R::DecimalComma,
            R::NumberTooLarge,
            R::TooManyDecimals,
            R::NotANumber,
            R::HeaderUnreadable { detail: "x".into() },
            R::FirstColumnNotUnit,
            R::EmptyColumnName,
            R::DuplicateColumn,
            R::NotUtf8,
            R::NotReadableCsv { detail: "x".into() },
            R::Csv { detail: "x".into() },
            R::RowLength {
                fields: 2,
                expected: 3,
            },
            R::EmptyUnit,
            R::DuplicateUnit,
            R::ValueCount {
                values: 2,
                columns: 3,
            },
            R::NoSuchColumn,
            R::AnchorsHeader,
            R::EmptyIndicatorId,
            R::EmptyAnchor,
        ];
        for r in &all {
            match r {
                R::NotFinite
                | R::DecimalComma
                | R::NumberTooLarge
                | R::TooManyDecimals
                | R::NotANumber
                | R::HeaderUnreadable { .. }
                | R::FirstColumnNotUnit
                | R::EmptyColumnName
                | R::DuplicateColumn
                | R::NotUtf8
                | R::NotReadableCsv { .. }
                | R::Csv { .. }
                | R::RowLength { .. }
                | R::EmptyUnit
                | R::DuplicateUnit
                | R::ValueCount { .. }
                | R::NoSuchColumn
                | R::AnchorsHeader
                | R::EmptyIndicatorId
                | R::EmptyAnchor => {}
            }
        }
        assert_eq!(untranslated(&all), Vec::<String>::new());
    }

    #[test]
    fn scoring_reasons_have_a_vietnamese_wording() {
        let norm = [
            NormalisationReason::Overflow,
            NormalisationReason::OutsideAnchors {
                min: d("0"),
                max: d("1"),
            },
        ];
        assert_eq!(untranslated(&norm), Vec::<String>::new());
        let degenerate = [
            DegenerateReason::MinMax {
                value: d("1"),
                units: 2,
            },
            DegenerateReason::ZScore { units: 2 },
            DegenerateReason::PercentileRank { units: 2 },
        ];
        assert_eq!(untranslated(&degenerate), Vec::<String>::new());
        let arith = [
            ArithmeticReason::Overflow,
            ArithmeticReason::AvailableWeightsZero,
            ArithmeticReason::NoPointsToReweight,
            ArithmeticReason::GeometricNonPositive { value: d("0") },
            ArithmeticReason::Internal {
                what: "node index".into(),
            },
        ];
        assert_eq!(untranslated(&arith), Vec::<String>::new());
        let rows = [
            UnitRowReason::from(UnitDataReason::EmptyUnit),
            UnitRowReason::OutOfDomain {
                unit: "A".into(),
                indicator: "x".into(),
                value: d("135"),
                domain: "[0, 100]".into(),
            },
            UnitRowReason::Normalisation {
                unit: "A".into(),
                indicator: "x".into(),
                value: d("1"),
                reason: NormalisationReason::Overflow,
            },
            UnitRowReason::MissingValue {
                unit: "A".into(),
                node: "g".into(),
                input: "x".into(),
            },
            UnitRowReason::Arithmetic {
                unit: "A".into(),
                node: "g".into(),
                reason: ArithmeticReason::Overflow,
            },
        ];
        assert_eq!(untranslated(&rows), Vec::<String>::new());
    }

    #[test]
    fn a_unit_left_out_words_its_error_as_the_engine_does() {
        let errors = [
            EngineError::OutOfDomain {
                unit: "Sơn Hà".into(),
                indicator: "on_time".into(),
                value: d("135"),
                domain: "[0, 100]".into(),
            },
            EngineError::Normalisation {
                unit: "A".into(),
                indicator: "x".into(),
                value: d("5"),
                reason: NormalisationReason::OutsideAnchors {
                    min: d("0"),
                    max: d("1"),
                },
            },
            EngineError::MissingValue {
                unit: "A".into(),
                node: "g".into(),
                input: "x".into(),
            },
            EngineError::Arithmetic {
                unit: "A".into(),
                node: "g".into(),
                reason: ArithmeticReason::GeometricNonPositive { value: d("0") },
            },
        ];
        for e in &errors {
            let r = UnitRowReason::from_error(e).unwrap();
            assert_eq!(r.to_string(), e.to_string());
        }
        let internal = EngineError::Arithmetic {
            unit: String::new(),
            node: String::new(),
            reason: ArithmeticReason::Internal {
                what: "node index".into(),
            },
        };
        assert_eq!(UnitRowReason::from_error(&internal), None);
    }
}
