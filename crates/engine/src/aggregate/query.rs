//! What to compute: the period (its window of instants), the cut-off, the grouping, the policy, the due-date sources.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::policy::Policy;
use crate::{EngineError, QueryReason};

/// The instants a query counts: `[start, end]`, both inclusive, local naive date-times.
///
/// A `Window` is not a reporting period: the model's
/// [`Period`](minhbach_model::Period) names one ("2021-H1", "6 tháng đầu năm 2021") and
/// [`Window::from`] turns it into its instants, 00:00:00 of its first day to 23:59:59 of its
/// last; a window can also be any range of instants ([`Window::days`], or the fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Window {
    /// First instant of the period (S).
    pub start: NaiveDateTime,
    /// Last instant of the period (E), inclusive.
    pub end: NaiveDateTime,
}

impl From<&minhbach_model::Period> for Window {
    /// The instants of a reporting period of the model: from 00:00:00 of its first day to
    /// 23:59:59 of its last.
    ///
    /// ```
    /// use minhbach_engine::aggregate::Window;
    /// let h1: minhbach_model::Period = "2021-H1".parse().unwrap();
    /// let p = Window::from(&h1);
    /// assert_eq!(p.start.to_string(), "2021-01-01 00:00:00");
    /// assert_eq!(p.end.to_string(), "2021-06-30 23:59:59");
    /// ```
    fn from(p: &minhbach_model::Period) -> Self {
        Window {
            start: p.start_datetime(),
            end: p.end_datetime(),
        }
    }
}

impl std::str::FromStr for Window {
    type Err = minhbach_model::ModelError;

    /// The instants of a period written as any code the model reads ([`Period`]'s parser:
    /// `2021-H1`, `Q3/2022`, `6 tháng đầu năm 2021`, …), as [`Window::from`] that period.
    ///
    /// ```
    /// use minhbach_engine::aggregate::{GroupKey, Query, Window};
    /// let w: Window = "2021-H1".parse().unwrap();
    /// assert_eq!(w.start.to_string(), "2021-01-01 00:00:00");
    /// assert_eq!(w.end.to_string(), "2021-06-30 23:59:59");
    /// let q = Query::new("quý 1/2021".parse().unwrap()).group_by([GroupKey::Agency]);
    /// assert_eq!(q.period.end.to_string(), "2021-03-31 23:59:59");
    /// assert!("2021-H3".parse::<Window>().is_err());
    /// ```
    ///
    /// [`Period`]: minhbach_model::Period
    fn from_str(s: &str) -> Result<Window, Self::Err> {
        s.parse::<minhbach_model::Period>()
            .map(|p| Window::from(&p))
    }
}

impl Window {
    /// The period from the start of `first` to 23:59:59 of `last`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use minhbach_engine::aggregate::Window;
    /// let p = Window::days(
    ///     NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
    ///     NaiveDate::from_ymd_opt(2021, 6, 30).unwrap(),
    /// ).unwrap();
    /// assert_eq!(p.end.to_string(), "2021-06-30 23:59:59");
    /// ```
    pub fn days(first: NaiveDate, last: NaiveDate) -> Result<Window, EngineError> {
        let start = first.and_hms_opt(0, 0, 0);
        let end = last.and_hms_opt(23, 59, 59);
        match (start, end) {
            (Some(start), Some(end)) if start <= end => Ok(Window { start, end }),
            _ => Err(EngineError::InvalidQuery {
                reason: QueryReason::PeriodEndsBeforeStart { first, last },
            }),
        }
    }
}

/// A grouping dimension of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKey {
    /// The agency handling the dossier (đơn vị xử lý).
    Agency,
    /// The procedure code (mã thủ tục).
    Procedure,
    /// The field (lĩnh vực).
    Field,
    /// The government level (cấp thực hiện: tỉnh, huyện, xã).
    Level,
    /// The online service level (mức độ 2/3/4 of NĐ 43/2011; toàn trình / một phần of NĐ
    /// 42/2022): the dossier's own when the export has the column, else its procedure's in
    /// [`Query::online_levels`]. Spelled as reports write it (`mức độ 3`, `toàn trình`) when
    /// recognised, as found otherwise.
    OnlineLevel,
    /// The submission channel (`direct`, `online`, `postal`).
    Channel,
    /// The month of receipt, `YYYY-MM` (so carried-over dossiers fall in months before the
    /// period).
    Month,
    /// The reporting unit (district, commune) a partial was saved for: set when partials are
    /// merged (`partial::Merger`), never read from a dossier file.
    Unit,
}

impl GroupKey {
    /// All dimensions.
    pub const ALL: [GroupKey; 8] = [
        GroupKey::Agency,
        GroupKey::Procedure,
        GroupKey::Field,
        GroupKey::Level,
        GroupKey::OnlineLevel,
        GroupKey::Channel,
        GroupKey::Month,
        GroupKey::Unit,
    ];

    /// The dimensions a dossier file can be grouped by: every one but [`GroupKey::Unit`]
    /// (the last of [`GroupKey::ALL`]), which only merged partials carry.
    ///
    /// ```
    /// use minhbach_engine::aggregate::GroupKey;
    /// assert!(!GroupKey::DOSSIER.contains(&GroupKey::Unit));
    /// assert_eq!(GroupKey::DOSSIER.len() + 1, GroupKey::ALL.len());
    /// ```
    pub const DOSSIER: &'static [GroupKey] = match GroupKey::ALL.split_last() {
        Some((_, dossier)) => dossier,
        None => &[],
    };

    /// The name used in keys and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKey::Agency => "agency",
            GroupKey::Procedure => "procedure",
            GroupKey::Field => "field",
            GroupKey::Level => "level",
            GroupKey::OnlineLevel => "online_level",
            GroupKey::Channel => "channel",
            GroupKey::Month => "month",
            GroupKey::Unit => "unit",
        }
    }

    /// Parses a dimension name (`agency`, `procedure`, `field`, `level`, `online_level`,
    /// `channel`, `month`, `unit`).
    pub fn parse(s: &str) -> Result<GroupKey, EngineError> {
        GroupKey::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| EngineError::InvalidQuery {
                reason: QueryReason::UnknownGroupKey {
                    value: s.to_string(),
                },
            })
    }
}

impl fmt::Display for GroupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A working-day calendar, as the engine needs it: to compute missing due dates and mean
/// processing times in working days. Implemented for `minhbach_calendar::Calendar`;
/// embedders may supply their own.
pub trait WorkCalendar: Send + Sync + fmt::Debug {
    /// Whether `day` is a working day.
    fn is_working_day(&self, day: NaiveDate) -> bool;
    /// The due date-time of a dossier received at `received_at` with a statutory time of
    /// `working_days` working days; `None` when outside the calendar's range.
    fn due_at(&self, received_at: NaiveDateTime, working_days: u32) -> Option<NaiveDateTime>;
}

/// Where the due date of a dossier comes from. A statutory catalogue always comes with the
/// calendar that counts its working days, so a query cannot name statutory times it has no
/// way to turn into dates.
///
/// ```
/// use std::collections::BTreeMap;
/// use std::sync::Arc;
/// use minhbach_calendar::Calendar;
/// use minhbach_engine::aggregate::{DueDates, Window, Query};
/// let h1: minhbach_model::Period = "2021-H1".parse().unwrap();
/// let calendar = Arc::new(Calendar::vietnam(2020, 2022).unwrap());
/// let catalogue = BTreeMap::from([("1.001757".to_string(), 5)]);
/// let q = Query::new(Window::from(&h1))
///     .with_due_dates(DueDates::Statutory { calendar, catalogue });
/// assert_eq!(q.due_dates.statutory_days("1.001757"), Some(5));
/// assert!(q.calendar().is_some());
/// assert!(Query::new(Window::from(&h1)).calendar().is_none());
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum DueDates {
    /// Only the dossiers' own due dates (`due_at`); a dossier without one has an unknown due
    /// date, classified by [`Policy::unknown_due`]. The calendar, when given, counts
    /// processing times in working days.
    FromData {
        /// The working-day calendar for processing times in working days.
        calendar: Option<Arc<dyn WorkCalendar>>,
    },
    /// A dossier without `due_at` is due its procedure's statutory number of working days
    /// after receipt, counted with `calendar` (which also counts processing times in working
    /// days); a dossier whose procedure is not in `catalogue` has an unknown due date.
    Statutory {
        /// The working-day calendar.
        calendar: Arc<dyn WorkCalendar>,
        /// Statutory processing time in working days per procedure code.
        catalogue: BTreeMap<String, u32>,
    },
}

impl Default for DueDates {
    /// Due dates from the data, no calendar.
    fn default() -> Self {
        DueDates::FromData { calendar: None }
    }
}

impl DueDates {
    /// The working-day calendar, if any.
    pub fn calendar(&self) -> Option<&Arc<dyn WorkCalendar>> {
        match self {
            DueDates::FromData { calendar } => calendar.as_ref(),
            DueDates::Statutory { calendar, .. } => Some(calendar),
        }
    }

    /// The statutory working days of procedure `code`, when due dates are statutory and the
    /// catalogue lists it.
    pub fn statutory_days(&self, code: &str) -> Option<u32> {
        match self {
            DueDates::FromData { .. } => None,
            DueDates::Statutory { catalogue, .. } => catalogue.get(code).copied(),
        }
    }

    /// The statutory catalogue (code → working days); empty when due dates come from the
    /// data only.
    pub fn catalogue(&self) -> impl Iterator<Item = (&str, u32)> {
        let cat = match self {
            DueDates::FromData { .. } => None,
            DueDates::Statutory { catalogue, .. } => Some(catalogue),
        };
        cat.into_iter()
            .flat_map(|c| c.iter().map(|(k, v)| (k.as_str(), *v)))
    }
}

/// What is counted: the period, the cut-off, the grouping, the counting convention and where
/// due dates come from. Build with [`Query::new`] and the `with_*` methods. How files are read
/// (columns, limits, duplicate check, sheet) is the [`Reader`](super::Reader)'s business.
///
/// ```
/// use minhbach_engine::aggregate::{GroupKey, Window, Policy, Query};
/// use chrono::NaiveDate;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let q = Query::new(Window::days(d(2021, 1, 1), d(2021, 6, 30)).unwrap())
///     .group_by([GroupKey::Agency])
///     .with_policy(Policy::decision766());
/// assert_eq!(q.cutoff(), q.period.end);
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Query {
    /// The period [S, E].
    pub period: Window,
    /// The cut-off C ("as of"); `None` means the end of the period.
    #[serde(default)]
    pub as_of: Option<NaiveDateTime>,
    /// Grouping dimensions, in key order; empty gives only the total row.
    #[serde(default)]
    pub group_by: Vec<GroupKey>,
    /// The counting convention.
    #[serde(default)]
    pub policy: Policy,
    /// Where due dates come from, and the working-day calendar (not serialised).
    #[serde(skip)]
    pub due_dates: DueDates,
    /// The online service level per procedure code, for grouping by
    /// [`GroupKey::OnlineLevel`] the dossiers whose row does not state one.
    #[serde(default)]
    pub online_levels: BTreeMap<String, String>,
}

impl Query {
    /// A query for `period`, cut-off at its end, no grouping, the default policy.
    pub fn new(period: Window) -> Query {
        Query {
            period,
            as_of: None,
            group_by: Vec::new(),
            policy: Policy::default(),
            due_dates: DueDates::default(),
            online_levels: BTreeMap::new(),
        }
    }

    /// Sets the grouping dimensions.
    pub fn group_by(mut self, keys: impl IntoIterator<Item = GroupKey>) -> Query {
        self.group_by = keys.into_iter().collect();
        self
    }

    /// Sets the policy.
    pub fn with_policy(mut self, policy: Policy) -> Query {
        self.policy = policy;
        self
    }

    /// Sets the cut-off C.
    pub fn as_of(mut self, cutoff: NaiveDateTime) -> Query {
        self.as_of = Some(cutoff);
        self
    }

    /// Sets where due dates come from ([`DueDates`]).
    pub fn with_due_dates(mut self, due_dates: DueDates) -> Query {
        self.due_dates = due_dates;
        self
    }

    /// Sets the working-day calendar, keeping where due dates come from: with
    /// [`DueDates::FromData`] it counts processing times in working days; with
    /// [`DueDates::Statutory`] it replaces the calendar of the statutory due dates too.
    pub fn with_calendar(mut self, calendar: Arc<dyn WorkCalendar>) -> Query {
        self.due_dates = match self.due_dates {
            DueDates::FromData { .. } => DueDates::FromData {
                calendar: Some(calendar),
            },
            DueDates::Statutory { catalogue, .. } => DueDates::Statutory {
                calendar,
                catalogue,
            },
        };
        self
    }

    /// Sets the online service level per procedure code ([`Query::online_levels`]).
    pub fn with_online_levels(mut self, levels: BTreeMap<String, String>) -> Query {
        self.online_levels = levels;
        self
    }

    /// The working-day calendar, if any ([`DueDates::calendar`]).
    pub fn calendar(&self) -> Option<&Arc<dyn WorkCalendar>> {
        self.due_dates.calendar()
    }

    /// The cut-off C.
    pub fn cutoff(&self) -> NaiveDateTime {
        self.as_of.unwrap_or(self.period.end)
    }

    /// Checks the query ([`Query::validate`]) and that a drill-down `key` has one value per
    /// grouping key.
    pub(crate) fn validate_drill_key(&self, key: &[&str]) -> Result<(), EngineError> {
        self.validate()?;
        if key.len() != self.group_by.len() {
            return Err(EngineError::InvalidQuery {
                reason: QueryReason::DrillDownLength {
                    values: key.len(),
                    keys: self.group_by.len(),
                },
            });
        }
        Ok(())
    }

    /// Checks the query: the period is ordered and no group key repeats.
    pub fn validate(&self) -> Result<(), EngineError> {
        if self.period.start > self.period.end {
            return Err(EngineError::InvalidQuery {
                reason: QueryReason::PeriodStartsAfterEnd {
                    start: self.period.start,
                    end: self.period.end,
                },
            });
        }
        for (i, k) in self.group_by.iter().enumerate() {
            if *k == GroupKey::Unit {
                return Err(EngineError::InvalidQuery {
                    reason: QueryReason::UnitKeyOnDossiers,
                });
            }
            if self.group_by.iter().take(i).any(|x| x == k) {
                return Err(EngineError::InvalidQuery {
                    reason: QueryReason::GroupKeyTwice { key: k.to_string() },
                });
            }
        }
        Ok(())
    }

    /// The part of the query that must agree for two aggregations to merge.
    pub(crate) fn signature(&self) -> QuerySignature {
        QuerySignature {
            period: self.period,
            cutoff: self.cutoff(),
            group_by: self.group_by.clone(),
            policy: self.policy.clone(),
        }
    }
}

/// The part of a query two partial aggregations must share to be merged (internal: read
/// through `Aggregation`'s accessors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct QuerySignature {
    /// The period.
    pub period: Window,
    /// The cut-off.
    pub cutoff: NaiveDateTime,
    /// The grouping.
    pub group_by: Vec<GroupKey>,
    /// The policy.
    pub policy: Policy,
}
