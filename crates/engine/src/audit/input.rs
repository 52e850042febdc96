//! Figures typed into a TOML file, for the reader who prefers to type the table:
//!
//! ```toml
//! period = "Quý I/2020"            # optional, for every scope
//! [[scope]]
//! name = "toàn tỉnh"               # optional ("chung" when absent)
//! received = 659245                # counts: figure ids, non-negative integers
//! resolved = 643272
//! resolved_in_time = 635593
//! on_time_rate = "98.81"           # rates: strings keep the decimals the text uses
//! approximate = ["on_time_rate"]   # optional: figures stated as "gần", "khoảng"
//! ```

use std::str::FromStr;

use minhbach_model::Period;
use rust_decimal::Decimal;

use super::names::FigureName;
use super::number;
use super::reason::InputReason;
use super::{Approximation, Figures, StatedFigure, DEFAULT_SCOPE};
use crate::EngineError;

fn err(src: &str, at: usize, reason: InputReason) -> EngineError {
    let before = src.get(..at).unwrap_or(src);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    EngineError::AuditInput {
        line,
        column,
        start: at,
        end: at,
        reason,
    }
}

/// Byte offset of the line `key = …` at or after `from` (for positions in messages).
fn locate(src: &str, key: &str, from: usize) -> usize {
    let mut offset = from;
    for line in src.get(from..).unwrap_or("").split_inclusive('\n') {
        let t = line.trim_start();
        let bare = t.strip_prefix('"').unwrap_or(t);
        if bare.starts_with(key)
            && bare
                .get(key.len()..)
                .is_some_and(|r| r.trim_start().starts_with('=') || r.starts_with('"'))
        {
            return offset + (line.len() - t.len());
        }
        offset += line.len();
    }
    from
}

/// Byte offsets of each `[[scope]]` header.
fn scope_offsets(src: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with("[[") && t.trim_start_matches('[').trim_start().starts_with("scope") {
            out.push(offset);
        }
        offset += line.len();
    }
    out
}

pub(super) fn from_toml(src: &str) -> Result<Figures, EngineError> {
    let value: toml::Table = toml::from_str(src).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        err(
            src,
            at,
            InputReason::Toml {
                detail: e.message().to_string(),
            },
        )
    })?;
    let mut global_period = None;
    let mut scopes = None;
    for (k, v) in &value {
        match (k.as_str(), v) {
            ("period", toml::Value::String(p)) => global_period = Some(p.clone()),
            ("scope", toml::Value::Array(a)) => scopes = Some(a),
            _ => {
                return Err(err(
                    src,
                    locate(src, k, 0),
                    InputReason::UnknownTopKey { key: k.clone() },
                ))
            }
        }
    }
    let Some(scopes) = scopes else {
        return Err(err(src, 0, InputReason::NoScope));
    };
    let offsets = scope_offsets(src);
    let mut figures = Figures::default();
    for (block, s) in scopes.iter().enumerate() {
        let from = offsets.get(block).copied().unwrap_or(0);
        let toml::Value::Table(t) = s else {
            return Err(err(src, from, InputReason::ScopeNotTable));
        };
        let name = match t.get("name") {
            None => DEFAULT_SCOPE.to_string(),
            Some(toml::Value::String(n)) => n.trim().to_string(),
            Some(_) => {
                return Err(err(
                    src,
                    locate(src, "name", from),
                    InputReason::NotAString { key: "name".into() },
                ))
            }
        };
        let period = match t.get("period") {
            None => global_period.clone(),
            Some(toml::Value::String(p)) => Some(p.clone()),
            Some(_) => {
                return Err(err(
                    src,
                    locate(src, "period", from),
                    InputReason::NotAString {
                        key: "period".into(),
                    },
                ))
            }
        };
        let period_code = period
            .as_deref()
            .and_then(|p| Period::parse(p).ok())
            .map(|p| p.to_string());
        let approximate: Vec<String> = match t.get("approximate") {
            None => Vec::new(),
            Some(toml::Value::Array(a)) => a
                .iter()
                .map(|x| x.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| {
                    err(
                        src,
                        locate(src, "approximate", from),
                        InputReason::ApproximateNotList,
                    )
                })?,
            Some(_) => {
                return Err(err(
                    src,
                    locate(src, "approximate", from),
                    InputReason::ApproximateNotList,
                ))
            }
        };
        for (k, v) in t {
            if matches!(k.as_str(), "name" | "period" | "approximate") {
                continue;
            }
            let at = locate(src, k, from);
            let Some(fig) = FigureName::parse(k) else {
                return Err(err(src, at, InputReason::UnknownFigure { key: k.clone() }));
            };
            let (value, decimals) = match v {
                toml::Value::Integer(i) if *i >= 0 => (Decimal::from(*i), 0),
                toml::Value::String(s) => {
                    let n = number::parse(s.trim().trim_end_matches('%').trim()).map_err(|_| {
                        err(
                            src,
                            at,
                            InputReason::NotANumber {
                                key: k.clone(),
                                value: format!("{s:?}"),
                            },
                        )
                    })?;
                    (n.value, n.decimals)
                }
                toml::Value::Float(f) if fig.is_rate() && f.is_finite() && *f >= 0.0 => {
                    let d = Decimal::from_str(&f.to_string()).map_err(|_| {
                        err(
                            src,
                            at,
                            InputReason::NotANumber {
                                key: k.clone(),
                                value: f.to_string(),
                            },
                        )
                    })?;
                    (d, d.scale())
                }
                _ => {
                    return Err(err(
                        src,
                        at,
                        InputReason::WrongType {
                            key: k.clone(),
                            rate: fig.is_rate(),
                        },
                    ))
                }
            };
            if !fig.is_rate() && decimals > 0 {
                return Err(err(
                    src,
                    at,
                    InputReason::FractionalCount { key: k.clone() },
                ));
            }
            let line_end = src
                .get(at..)
                .and_then(|r| r.find('\n'))
                .map_or(src.len(), |e| at + e);
            figures.figures.push(StatedFigure {
                name: fig,
                value,
                decimals,
                approximate: approximate
                    .iter()
                    .any(|a| a == k)
                    .then_some(Approximation::About),
                scope: name.clone(),
                period: period.clone(),
                period_code: period_code.clone(),
                text: src.get(at..line_end).unwrap_or("").trim().to_string(),
                start: at,
                end: line_end,
                block,
            });
        }
    }
    // Text order of the file.
    figures.figures.sort_by_key(|f| (f.block, f.start));
    Ok(figures)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::MeasureId;
    use rust_decimal_macros::dec;

    #[test]
    fn reads_scopes_and_rates() {
        let f = from_toml(
            "period = \"Quý I/2020\"\n[[scope]]\nname = \"toàn tỉnh\"\nreceived = 659245\non_time_rate = \"98,81\"\nlate_rate = 1.19\napproximate = [\"late_rate\"]\n[[scope]]\nreceived = 5\n",
        )
        .unwrap();
        assert_eq!(f.figures.len(), 4);
        let r = &f.figures[1];
        assert_eq!(
            (r.name, r.value, r.decimals),
            (FigureName::Rate(MeasureId::OnTimeRate), dec!(98.81), 2)
        );
        assert_eq!(f.figures[2].approximate, Some(Approximation::About));
        assert_eq!(f.figures[0].period_code.as_deref(), Some("2020-Q1"));
        assert_eq!(f.figures[3].scope, DEFAULT_SCOPE);
        assert_eq!(f.figures[3].block, 1);
    }

    #[test]
    fn errors_name_the_line() {
        let e = from_toml("[[scope]]\nreceived = 5\nrecieved = 6\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("line 3, column 1") && e.contains("recieved"),
            "{e}"
        );
        let e = from_toml("[[scope]]\nresolved = -5\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("line 2") && e.contains("must be a non-negative integer"),
            "{e}"
        );
        let e = from_toml("[[scope]\n").unwrap_err().to_string();
        assert!(e.contains("TOML"), "{e}");
        let e = from_toml("x = 1\n").unwrap_err().to_string();
        assert!(e.contains("\"x\""), "{e}");
    }
}
