//! The libraries' errors in the language of the run.
//!
//! The libraries' error enums (`ModelError`, `CalendarError`, `EngineError`, `ReportError`)
//! display English `thiserror` texts, which embedders log. The CLI shows them to officers in
//! the language of the run. Errors and reasons that implement `minhbach_model::Bilingual`
//! carry their Vietnamese wording in the crate that detects them (the model's errors, date and
//! dossier reasons; the engine's rejected-row and file reasons); the others have a
//! Vietnamese rendering here, written from the variant's fields: the file, line, column, field
//! and value are kept as they are, and their typed reasons are shown with `in_lang`. A variant
//! added later falls back to the English text until it gets its own arm here.

use minhbach_calendar::CalendarError;
use minhbach_engine::scoring::UnitRowReason;
use minhbach_engine::EngineError;
use minhbach_model::{Bilingual, ModelError};
use minhbach_report::ReportError;

use crate::failure::{Lang, RunLang};

/// A model error in the language of the run.
pub fn model(e: &ModelError) -> String {
    e.in_lang(Lang::current()).to_string()
}

/// A calendar error in the language of the run (its Vietnamese wording lives in the model,
/// `calendar_text`).
pub fn calendar(e: &CalendarError) -> String {
    e.in_lang(Lang::current()).to_string()
}

/// An engine error in the language of the run.
pub fn engine(e: &EngineError) -> String {
    match Lang::current() {
        Lang::En => e.to_string(),
        Lang::Vi => engine_vi(e),
    }
}

/// A report error in the language of the run.
pub fn report(e: &ReportError) -> String {
    match Lang::current() {
        Lang::En => e.to_string(),
        Lang::Vi => report_vi(e),
    }
}

fn io_vi(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "không có tệp này".to_string(),
        std::io::ErrorKind::PermissionDenied => "không có quyền đọc".to_string(),
        std::io::ErrorKind::IsADirectory => "là một thư mục".to_string(),
        _ => e.to_string(),
    }
}

fn engine_vi(e: &EngineError) -> String {
    match e {
        EngineError::Io { path, source } => format!("{path}: {}", io_vi(source)),
        EngineError::NotRegularFile { path, kind } => format!(
            "{path} là {}, không phải một tệp thông thường",
            crate::input::kind_vi(kind)
        ),
        EngineError::TooLarge {
            path,
            limit,
            limit_name,
        } => format!(
            "{path}: lớn hơn giới hạn {limit} byte ({limit_name}); nâng giới hạn nếu tệp là thật"
        ),
        EngineError::TooManyGroups { path, limit } => format!(
            "{path}: nhiều hơn {limit} nhóm khác nhau (Limits::max_groups); nhóm theo ít khóa hơn hoặc khóa rộng hơn, hoặc nâng giới hạn"
        ),
        EngineError::MissingColumn {
            path,
            column,
            found,
        } => format!("{path}: thiếu cột bắt buộc {column:?} (các cột có: {found})"),
        EngineError::AmbiguousColumn {
            path,
            column,
            first,
            second,
        } => format!("{path}: hai cột {first:?} và {second:?} cùng ứng với {column}"),
        EngineError::BadFile { path, reason } => format!("{path}: {}", reason.in_lang(Lang::Vi)),
        EngineError::NotText {
            path,
            offset,
            line,
            byte,
        } => format!(
            "{path}: không phải tệp văn bản, nên không phải tệp CSV xuất từ phần mềm: byte \
             0x{byte:02X} ở vị trí {offset} (dòng {line}) là dữ liệu nhị phân, không phải chữ"
        ),
        EngineError::InvalidQuery { reason } => {
            format!("yêu cầu không hợp lệ: {}", reason.in_lang(Lang::Vi))
        }
        EngineError::UnknownPolicy { name } => {
            format!("quy ước đếm không rõ {name:?}: cần bieu06, decision766 hoặc opencps")
        }
        EngineError::BadPartial { path, reason } => {
            format!("{path}: {}", reason.in_lang(Lang::Vi))
        }
        EngineError::MergeMismatch { reason } => {
            format!("tổng hợp: {}", reason.in_lang(Lang::Vi))
        }
        EngineError::IdentityBroken { row, identity } => {
            format!("đẳng thức của Biểu 06 không đúng ở dòng {row}: {identity}")
        }
        EngineError::InvalidDefinition { node, reason } => {
            format!(
                "định nghĩa bộ chỉ số: nút {node:?}: {}",
                reason.in_lang(Lang::Vi)
            )
        }
        EngineError::DefinitionSyntax {
            source_name,
            line,
            column,
            reason,
        } => {
            let at = match (line, column) {
                (Some(l), Some(c)) => format!(": dòng {l}, cột {c}"),
                (Some(l), None) => format!(": dòng {l}"),
                _ => String::new(),
            };
            format!("{source_name}{at}: {}", reason.in_lang(Lang::Vi))
        }
        EngineError::UnknownPreset { name, known } => {
            format!("không có bộ chỉ số {name:?}; các bộ có sẵn: {known}")
        }
        EngineError::NoUnits { index } => format!("bộ chỉ số {index:?}: không có đơn vị nào để tính điểm"),
        EngineError::MissingIndicatorColumns { index, indicators } => format!(
            "số liệu các đơn vị: không có cột cho chỉ tiêu {} của bộ chỉ số {index:?}",
            indicators
                .iter()
                .map(|i| format!("{i:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        EngineError::UnitData {
            source_name,
            line,
            column,
            column_name,
            value,
            reason,
        } => format!(
            "{source_name}: dòng {line}, cột {column} ({column_name}): {value:?}: {}",
            reason.in_lang(Lang::Vi)
        ),
        EngineError::OutOfDomain { .. }
        | EngineError::Normalisation { .. }
        | EngineError::MissingValue { .. }
        | EngineError::Arithmetic { .. }
            if UnitRowReason::from_error(e).is_some() =>
        {
            // A unit's scoring error: worded once, by the engine's reason for leaving it out.
            UnitRowReason::from_error(e)
                .map(|r| r.in_lang(Lang::Vi).to_string())
                .unwrap_or_default()
        }
        EngineError::DegenerateAnchors { indicator, reason } => {
            format!("chỉ tiêu {indicator:?}: {}", reason.in_lang(Lang::Vi))
        }
        EngineError::Arithmetic { unit, node, reason } => {
            format!("đơn vị {unit:?}, nút {node:?}: {}", reason.in_lang(Lang::Vi))
        }
        EngineError::AuditInput {
            line,
            column,
            reason,
            ..
        } => format!("dòng {line}, cột {column}: {}", reason.in_lang(Lang::Vi)),
        other => other.to_string(),
    }
}

fn report_vi(e: &ReportError) -> String {
    match e {
        ReportError::Io { path, source } => format!("{path}: {}", io_vi(source)),
        ReportError::MissingFile { path, what } => {
            format!("{path}: thiếu tệp ({})", what.in_lang(Lang::Vi))
        }
        ReportError::Toml {
            path,
            line,
            column,
            message,
        } => format!("{path}:{line}:{column}: {}", message.in_lang(Lang::Vi)),
        ReportError::Csv { path, line, reason } => {
            format!("{path}:{line}: {}", reason.in_lang(Lang::Vi))
        }
        ReportError::InvalidField {
            path,
            field,
            value,
            reason,
        } => {
            // A CSV cell of the bundle is named "line N <column as written>".
            let field = match field.strip_prefix("line ").and_then(|r| r.split_once(' ')) {
                Some((line, column)) => format!("dòng {line}, cột {column}"),
                None => format!("trường {field}"),
            };
            format!(
                "{path}: {field}: giá trị không hợp lệ {value:?}: {}",
                reason.in_lang(Lang::Vi)
            )
        }
        ReportError::ControlCharacter {
            path,
            field,
            codepoint,
            position,
        } => format!(
            "{path}: trường {field}: ký tự điều khiển U+{codepoint:04X} ở ký tự thứ {position}"
        ),
        ReportError::UnknownPlaceholder {
            path,
            field,
            name,
            known,
        } => format!("{path}: trường {field}: không có chỗ điền {{{name}}} (các chỗ điền có: {known})"),
        ReportError::UnbalancedBrace {
            path,
            field,
            position,
        } => format!("{path}: trường {field}: dấu ngoặc nhọn không khớp ở ký tự thứ {position}"),
        ReportError::EmptyPlaceholder {
            path,
            field,
            position,
        } => format!("{path}: trường {field}: chỗ điền rỗng {{}} ở ký tự thứ {position}"),
        ReportError::TextTooLong { path, field, limit } => format!(
            "{path}: trường {field}: các chỗ điền mở rộng thành hơn {limit} byte văn bản (Limits::max_report_text_bytes)"
        ),
        ReportError::FileRefused { path, reason } => {
            format!("{path}: {}", reason.in_lang(Lang::Vi))
        }
        ReportError::Unreconciled {
            source_name,
            agency,
            identity,
            left,
            right,
        } => format!(
            "{source_name}{}: số liệu không khớp: {}: {left} ≠ {right}",
            agency
                .as_ref()
                .map(|a| format!(", đơn vị {a}"))
                .unwrap_or_default(),
            identity.in_lang(Lang::Vi)
        ),
        ReportError::Engine { path, source } if ReportError::engine_names_file(source, path) => {
            engine_vi(source)
        }
        ReportError::Engine { path, source } => format!("{path}: {}", engine_vi(source)),
        // Writers' failures (a defect, or a build without the PDF writer): the library's
        // detail quoted after a Vietnamese sentence.
        ReportError::Docx(m) => format!("không tạo được tệp DOCX: {m:?}"),
        ReportError::Json(m) => format!("không ghi được cây văn bản ra dạng JSON: {m:?}"),
        ReportError::Pdf(m) => format!("không tạo được tệp PDF: {m:?}"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_renderings_keep_file_line_column_value_and_reason() {
        let e = ModelError::Csv {
            line: 7,
            column: "ngày tiếp nhận".into(),
            value: "31/02/2021".into(),
            reason: minhbach_model::CsvReason::Value(Box::new(
                minhbach_model::parse_date("31/02/2021").unwrap_err(),
            )),
        };
        assert_eq!(
            e.in_lang(Lang::Vi).to_string(),
            "dòng 7, cột \"ngày tiếp nhận\": giá trị \"31/02/2021\": ngày giờ không hợp lệ \
             \"31/02/2021\": tháng đó không có ngày này"
        );
        let e = ReportError::Toml {
            path: "report.toml".into(),
            line: 3,
            column: 9,
            message: minhbach_report::TomlReason::Syntax(minhbach_model::SyntaxMessage::new(
                minhbach_model::SyntaxFormat::Toml,
                "expected `=`",
            )),
        };
        assert_eq!(
            report_vi(&e),
            "report.toml:3:9: không đúng cú pháp TOML (trình đọc báo: \"expected `=`\")"
        );
        assert_eq!(e.to_string(), "report.toml:3:9: expected `=`");
        let e = ReportError::UnknownPlaceholder {
            path: "report.toml".into(),
            field: "narrative.intro".into(),
            name: "dossiers.x".into(),
            known: "dossiers.received".into(),
        };
        assert!(
            report_vi(&e).contains("không có chỗ điền {dossiers.x}"),
            "{}",
            report_vi(&e)
        );
        let e = ReportError::Unreconciled {
            source_name: "dossiers.csv".into(),
            agency: Some("Phòng Tư pháp".into()),
            identity: minhbach_report::Identity::Balance,
            left: 7,
            right: 6,
        };
        assert!(
            e.to_string()
                .starts_with("dossiers.csv, agency Phòng Tư pháp: figures do not reconcile: "),
            "{e}"
        );
        assert!(
            report_vi(&e).starts_with(
                "dossiers.csv, đơn vị Phòng Tư pháp: số liệu không khớp: tiếp nhận mới + kỳ \
                 trước chuyển qua"
            ) && report_vi(&e).ends_with(": 7 ≠ 6"),
            "{}",
            report_vi(&e)
        );
        let e = EngineError::MissingColumn {
            path: "hoso.csv".into(),
            column: "received_at".into(),
            found: "id, agency".into(),
        };
        assert_eq!(
            engine_vi(&e),
            "hoso.csv: thiếu cột bắt buộc \"received_at\" (các cột có: id, agency)"
        );
        let e = ReportError::Engine {
            path: "dossiers.csv".into(),
            source: Box::new(EngineError::UnknownPolicy { name: "x".into() }),
        };
        assert!(
            report_vi(&e).starts_with("dossiers.csv: quy ước đếm không rõ"),
            "{}",
            report_vi(&e)
        );
        // A bad partial of a province bundle: the file named once, in both languages.
        let e = ReportError::Engine {
            path: "huyen/b.partial".into(),
            source: Box::new(EngineError::BadPartial {
                path: "huyen/b.partial".into(),
                reason: minhbach_engine::aggregate::PartialReason::Empty,
            }),
        };
        assert_eq!(
            report_vi(&e).matches("b.partial").count(),
            1,
            "{}",
            report_vi(&e)
        );
        assert_eq!(
            e.to_string(),
            "huyen/b.partial: empty file, not a minhbach partial"
        );
        assert_eq!(
            report_vi(&e),
            "huyen/b.partial: tệp trống, không phải tệp số liệu riêng của minhbach"
        );
        let e = minhbach_model::parse_date("2021-13-01").unwrap_err();
        assert_eq!(
            e.in_lang(Lang::Vi).to_string(),
            "ngày giờ không hợp lệ \"2021-13-01\": tháng phải từ 1 đến 12"
        );
        let e = minhbach_model::parse_datetime("2021-02-31 08:00").unwrap_err();
        assert!(
            e.in_lang(Lang::Vi)
                .to_string()
                .ends_with("tháng đó không có ngày này"),
            "{}",
            e.in_lang(Lang::Vi).to_string()
        );
        let e = CalendarError::LunarOutOfRange {
            value: "2200-01-01".into(),
        };
        assert!(e
            .in_lang(Lang::Vi)
            .to_string()
            .contains("nằm ngoài phạm vi âm lịch"));
    }

    #[test]
    fn bad_file_reasons_in_vietnamese() {
        use minhbach_engine::aggregate::FileReason;
        let e = EngineError::BadFile {
            path: "hoso.csv".into(),
            reason: FileReason::NotUtf8 {
                line: 2,
                byte: 0xe1,
                offset: 25,
                cp1258: true,
            },
        };
        assert!(
            engine_vi(&e).starts_with(
                "hoso.csv: dòng 2: không phải UTF-8 hợp lệ (byte 0xE1 ở vị trí 25): có lẽ tệp mã \
                 hóa Windows-1258"
            ),
            "{}",
            engine_vi(&e)
        );
        let e = EngineError::BadFile {
            path: "hoso.csv".into(),
            reason: FileReason::NoHeaderRow,
        };
        assert_eq!(engine_vi(&e), "hoso.csv: tệp trống: không có dòng tiêu đề");
    }
}
