//! Bad bundles give clear errors naming file and field (or line and column), or visible
//! warnings in the report — never a panic.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too
#![allow(clippy::string_slice)] // test code: a slice off a character boundary fails the test
mod common;

use std::path::Path;

use common::*;
use minhbach_engine::aggregate::Counts;
use minhbach_report::tree::ReportDocument;
use minhbach_report::{compose, writer, Bundle, DossierSummary, ReportError};
use proptest::prelude::*;

/// Copies the small files of the reference bundle (not the dossiers) into a temp folder,
/// applying `edit` to report.toml.
fn bundle_with(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    bundle_without_dossiers(edit, |targets| targets)
}

fn summary() -> DossierSummary {
    DossierSummary {
        total: Counts {
            received_direct_postal: 6662,
            carried_over: 112,
            resolved_early: 5510,
            resolved_on_time: 1181,
            pending_within_due: 83,
            ..Default::default()
        },
        by_agency: vec![],
        source: "test".into(),
        warnings: vec![],
        rows: None,
    }
}

fn load_compose(dir: &Path) -> Result<ReportDocument, ReportError> {
    let b = Bundle::load(dir)?;
    compose(&b, Some(&summary()))
}

#[test]
fn missing_report_toml() {
    let dir = tempfile::tempdir().unwrap();
    let e = Bundle::load(dir.path()).unwrap_err();
    assert!(matches!(e, ReportError::MissingFile { .. }), "{e}");
    assert!(e.to_string().contains("report.toml"));
}

#[test]
fn missing_data_file_is_named() {
    let dir = bundle_with(|s| s);
    std::fs::remove_file(dir.path().join("portal.toml")).unwrap();
    let e = Bundle::load(dir.path()).unwrap_err();
    assert!(matches!(e, ReportError::MissingFile { .. }));
    assert!(e.to_string().contains("portal.toml"), "{e}");
}

#[test]
fn missing_dossiers_file_is_named() {
    let dir = bundle_with(|s| s.replace("[files]\n", "[files]\ndossiers = \"nope.csv\"\n"));
    let e = Bundle::load(dir.path()).unwrap_err();
    assert!(e.to_string().contains("nope.csv"), "{e}");
}

#[test]
fn toml_syntax_error_names_line_and_column() {
    let dir = bundle_with(|s| s.replace("place = \"Lý Sơn\"", "place = \"Lý Sơn"));
    let e = Bundle::load(dir.path()).unwrap_err();
    match &e {
        ReportError::Toml {
            path, line, column, ..
        } => {
            assert!(path.ends_with("report.toml"));
            assert_eq!(*line, 9, "{e}");
            assert!(*column > 1, "{e}");
        }
        other => panic!("expected a TOML error, got {other}"),
    }
}

#[test]
fn unknown_field_is_reported_with_position() {
    let dir = bundle_with(|s| s.replace("place = \"Lý Sơn\"", "plaec = \"Lý Sơn\""));
    let e = Bundle::load(dir.path()).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("report.toml:9:1:") && msg.contains("plaec"),
        "{msg}"
    );
}

#[test]
fn toml_error_in_data_file() {
    let dir = bundle_with(|s| s);
    std::fs::write(dir.path().join("portal.toml"), "posts = 163\nvisits = -5\n").unwrap();
    let e = Bundle::load(dir.path()).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("portal.toml") && msg.contains("visits") && msg.contains("negative"),
        "{msg}"
    );
    std::fs::write(dir.path().join("targets.toml"), "[[target]]\nid = 1\n").unwrap();
    std::fs::write(dir.path().join("portal.toml"), "posts = 1\n").unwrap();
    let e = Bundle::load(dir.path()).unwrap_err();
    assert!(
        e.to_string()
            .starts_with(&format!("{}:2:", dir.path().join("targets.toml").display())),
        "{e}"
    );
}

#[test]
fn csv_errors_name_line_and_field() {
    let dir = bundle_with(|s| s);
    std::fs::write(
        dir.path().join("documents.csv"),
        "number,date\n21/KH-UBND,2021-02-05\n26/KH-UBND,31/02/2021\n",
    )
    .unwrap();
    let e = Bundle::load(dir.path()).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("documents.csv") && msg.contains("line 3 date") && msg.contains("31/02/2021"),
        "{msg}"
    );
    std::fs::write(dir.path().join("documents.csv"), "date\n2021-02-05\n").unwrap();
    let e = Bundle::load(dir.path()).unwrap_err();
    assert!(e.to_string().contains("missing column \"number\""), "{e}");
}

#[test]
fn unreconciled_figures_are_refused() {
    let dir = bundle_with(|s| s);
    let b = Bundle::load(dir.path()).unwrap();
    let mut s = summary();
    s.total.pending_within_due = 82; // 6.774 handled, 6.773 accounted for
    let e = compose(&b, Some(&s)).unwrap_err();
    match e {
        ReportError::Unreconciled { left, right, .. } => assert_eq!((left, right), (6774, 6773)),
        other => panic!("{other}"),
    }
}

#[test]
fn typed_figures_in_report_toml_are_checked() {
    let dir = bundle_with(|s| {
        s + "\n[dossiers]\nsource = \"typed\"\n[dossiers.total]\nreceived = 100\nresolved_on_time = 90\npending_within_due = 5\n"
    });
    let b = Bundle::load(dir.path()).unwrap();
    let e = compose(&b, None).unwrap_err();
    assert!(
        e.to_string().contains("do not reconcile") && e.to_string().contains("100 ≠ 95"),
        "{e}"
    );
}

#[test]
fn typed_figures_compose_when_they_add_up() {
    let dir = bundle_with(|s| {
        s + "\n[dossiers]\n[dossiers.total]\nreceived = 100\nresolved_on_time = 90\nresolved_late = 5\npending_overdue = 5\n"
    });
    let b = Bundle::load(dir.path()).unwrap();
    let doc = compose(&b, None).unwrap();
    let txt = writer::to_text(&doc);
    assert!(txt.contains("90/100 hồ sơ đã giải quyết xong theo đúng thời gian quy định, 5 hồ sơ giải quyết xong nhưng quá hạn, còn 5 hồ sơ đã quá hạn nhưng chưa giải quyết xong."), "{txt}");
}

#[test]
fn unknown_placeholder_names_field() {
    let dir = bundle_with(|s| s.replace("{portal.posts}", "{portal.postz}"));
    let e = load_compose(dir.path()).unwrap_err();
    match &e {
        ReportError::UnknownPlaceholder {
            path,
            field,
            name,
            known,
        } => {
            assert_eq!(name, "portal.postz");
            assert_eq!(field, "section[0].section[1].paragraphs[1]");
            assert!(known.contains("portal.posts"));
            // The path carries the line and column of the paragraph's string in report.toml.
            let src = std::fs::read_to_string(dir.path().join("report.toml")).unwrap();
            let line = src
                .lines()
                .position(|l| l.contains("{portal.postz}"))
                .unwrap()
                + 1;
            let column = src.lines().nth(line - 1).unwrap().find('"').unwrap() + 1;
            assert!(
                path.ends_with(&format!("report.toml:{line}:{column}")),
                "{path}"
            );
        }
        other => panic!("{other}"),
    }
}

#[test]
fn unbalanced_brace_and_escapes() {
    let dir = bundle_with(|s| s.replace("{portal.posts}", "{portal.posts"));
    let e = load_compose(dir.path()).unwrap_err();
    assert!(
        matches!(&e, ReportError::UnbalancedBrace { path, .. } if path.contains("report.toml:")),
        "{e}"
    );
    let dir = bundle_with(|s| s.replace("Kính báo cáo Sở Tư pháp tổng hợp./.", "{{literal}} ./."));
    let doc = load_compose(dir.path()).unwrap();
    assert_eq!(doc.closing.as_deref(), Some("{literal} ./."));
}

#[test]
fn control_characters_are_refused_with_field() {
    let dir = bundle_with(|s| s.replace("name = \"Lê Văn Ninh\"", "name = \"Lê Văn\\u0007 Ninh\""));
    let e = Bundle::load(dir.path()).unwrap_err();
    match &e {
        ReportError::ControlCharacter {
            field, codepoint, ..
        } => {
            assert_eq!(field, "signature.name");
            assert_eq!(*codepoint, 7);
        }
        other => panic!("{other}"),
    }
    let dir = bundle_with(|s| s);
    std::fs::write(
        dir.path().join("documents.csv"),
        "number,subject\n21/KH-UBND,\"rà\u{1b}soát\"\n",
    )
    .unwrap();
    let e = Bundle::load(dir.path()).unwrap_err();
    assert!(
        e.to_string().contains("line 2 subject") && e.to_string().contains("U+001B"),
        "{e}"
    );
}

#[test]
fn lower_case_signature_line_is_refused() {
    let dir = bundle_with(|s| s.replace("\"KT. CHỦ TỊCH\"", "\"KT. Chủ tịch\""));
    let e = Bundle::load(dir.path()).unwrap_err();
    assert!(e.to_string().contains("signature.lines[1]"), "{e}");
}

#[test]
fn unknown_disclosure_status_is_a_visible_warning() {
    let dir = bundle_with(|s| s);
    let d = std::fs::read_to_string(dir.path().join("disclosure.toml")).unwrap();
    std::fs::write(
        dir.path().join("disclosure.toml"),
        d.replacen("status = \"met\"", "status = \"unknown\"", 1),
    )
    .unwrap();
    let doc = load_compose(dir.path()).unwrap();
    let w = doc.warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("Đăng tải đầy đủ văn bản quy phạm pháp luật"));
    assert!(writer::to_text(&doc).contains("[!] CẦN KIỂM TRA"));
    assert!(writer::to_html(&doc).contains("class=\"warning\""));
    assert!(writer::to_docx_xml(&doc).document.contains("CẦN KIỂM TRA"));
}

#[test]
fn catalogue_and_portal_disagreement_is_a_warning() {
    let dir = bundle_with(|s| s);
    let p = std::fs::read_to_string(dir.path().join("portal.toml")).unwrap();
    std::fs::write(
        dir.path().join("portal.toml"),
        p.replace("procedures_level3 = 87", "procedures_level3 = 88"),
    )
    .unwrap();
    let doc = load_compose(dir.path()).unwrap();
    assert!(
        doc.warnings()
            .iter()
            .any(|w| w.contains("87") && w.contains("88")),
        "{:?}",
        doc.warnings()
    );
}

#[test]
fn missed_target_becomes_a_shortcoming() {
    let dir = bundle_with(|s| s);
    let b = Bundle::load(dir.path()).unwrap();
    let mut s = summary();
    s.total.resolved_early = 5000;
    s.total.resolved_late = 510; // 6.181/6.691 = 92,38% < 95%
    let doc = compose(&b, Some(&s)).unwrap();
    let txt = writer::to_text(&doc);
    assert!(
        txt.contains("tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn chưa đạt chỉ tiêu 95%"),
        "{txt}"
    );
    assert!(txt.contains("6.181/6.774 hồ sơ đã giải quyết xong theo đúng thời gian quy định, 510 hồ sơ giải quyết xong nhưng quá hạn, còn 83 hồ sơ chưa đến hạn trả"));
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let dir = bundle_with(|s| {
        s.replace(
            "\"Sở Tư pháp;\"",
            "\"<script>alert('x')</script> & **bold**;\"",
        )
    });
    let doc = load_compose(dir.path()).unwrap();
    let html = writer::to_html(&doc);
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; **bold**;"));
    let md = writer::to_markdown(&doc);
    assert!(md.contains("&lt;script&gt;") && md.contains("\\*\\*bold\\*\\*"));
    let xml = writer::to_docx_xml(&doc).document;
    assert!(xml.contains("&lt;script&gt;"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any text in the tree, control characters included, renders in every format; the DOCX
    /// XML and the HTML never carry a forbidden character or an unescaped `<` from the text.
    #[test]
    fn any_text_renders_safely(s in "\\PC{0,40}|[\\x00-\\x1f<>&\"']{0,20}") {
        use minhbach_report::tree::*;
        let mut doc = ReportDocument::new(
            Header::new("ỦY BAN NHÂN DÂN", &s, "415/BC-UBND".parse().unwrap(), &s, None, 2021),
            "BÁO CÁO", s.clone(), Signature::new(&["CHỦ TỊCH"], &s));
        doc.body.push(Block::para(vec![Inline::text(s.clone()), Inline::figure(s.clone(), "x")]));
        doc.recipients.push(s.clone());
        doc.body.push(Block::Table(TableBlock {
            caption: Some(s.clone()),
            widths: vec![1, 2],
            header: vec![vec![HeaderCell::span(s.clone(), 2, 1)]],
            rows: vec![BodyRow { cells: vec![s.clone(), s.clone()], bold: false }],
            note: None,
        }));
        // PDF typesetting is too slow for every case; tests/pdf.rs runs hostile text through it.
        for f in writer::Format::ALL.into_iter().filter(|f| *f != writer::Format::Pdf) {
            writer::render(&doc, f).unwrap();
        }
        let xml = writer::to_docx_xml(&doc).document;
        prop_assert!(!xml.chars().any(is_forbidden_char));
        let html = writer::to_html(&doc);
        prop_assert!(!html.chars().any(is_forbidden_char));
        if s.contains('<') {
            prop_assert!(html.contains("&lt;"));
        }
    }

    /// Unbalanced or unknown placeholders in any field are errors, never panics.
    #[test]
    fn any_closing_text_composes_or_errors(s in "[a-z{}. ]{0,30}") {
        let dir = bundle_with(|r| r.replace("Kính báo cáo Sở Tư pháp tổng hợp./.", &s.replace('\\', "")));
        let _ = load_compose(dir.path());
    }
}

#[test]
fn bad_document_number_and_period_are_named() {
    let dir = bundle_with(|s| s);
    std::fs::write(
        dir.path().join("documents.csv"),
        "number,date\n21/KH-UBND,2021-02-05\nabc/XYZ,\n",
    )
    .unwrap();
    let e = Bundle::load(dir.path()).unwrap_err();
    assert!(
        e.to_string().contains("line 3 number") && e.to_string().contains("abc/XYZ"),
        "{e}"
    );
    let dir = bundle_with(|s| s.replace("code = \"2021-H1\"", "code = \"2021-H3\""));
    let e = Bundle::load(dir.path()).unwrap_err();
    assert!(
        e.to_string().contains("period.code") && e.to_string().contains("2021-H3"),
        "{e}"
    );
    let dir =
        bundle_with(|s| s.replace("code = \"2021-H1\"", "start = 2021-01-01\nend = 2021-06-30"));
    let p = Bundle::load(dir.path()).unwrap().period;
    assert_eq!(p.start().to_string(), "2021-01-01");
    assert_eq!(p.end().to_string(), "2021-06-30");
    let dir =
        bundle_with(|s| s.replace("code = \"2021-H1\"", "start = 2021-07-01\nend = 2021-06-30"));
    let e = Bundle::load(dir.path()).unwrap_err();
    assert!(e.to_string().contains("period.end"), "{e}");
}

/// report.toml dates are read by the model's date parser (`minhbach_model::parse_date`,
/// `parse_datetime_with`): its layouts and its reasons, with the file, line and column.
#[test]
fn report_toml_dates_use_the_model_parser() {
    let dir = bundle_with(|s| s.replace("date = 2021-08-27", "date = \"31/02/2021\""));
    let e = Bundle::load(dir.path()).unwrap_err();
    let msg = e.to_string();
    let path = dir.path().join("report.toml").display().to_string();
    assert!(
        msg.starts_with(&format!("{path}:"))
            && msg.contains("invalid date \"31/02/2021\": no such day in that month"),
        "{msg}"
    );
    // D/M/YYYY, as the model reads it.
    let dir = bundle_with(|s| s.replace("date = 2021-08-27", "date = \"27/8/2021\""));
    let b = Bundle::load(dir.path()).unwrap();
    assert_eq!(
        b.spec.document.date,
        chrono::NaiveDate::from_ymd_opt(2021, 8, 27)
    );
    // A cut-off given as a date alone is the end of that day; without seconds is accepted.
    for (cut_off, expected) in [
        ("2021-06-30", "2021-06-30 23:59:59"),
        ("\"30/06/2021 17:00\"", "2021-06-30 17:00:00"),
    ] {
        let dir = bundle_with(|s| {
            s.replace(
                "cut_off = 2021-06-30T23:59:59",
                &format!("cut_off = {cut_off}"),
            )
        });
        let b = Bundle::load(dir.path()).unwrap();
        assert_eq!(
            b.spec.period.cut_off.unwrap().to_string(),
            expected,
            "{cut_off}"
        );
    }
    let dir = bundle_with(|s| {
        s.replace(
            "cut_off = 2021-06-30T23:59:59",
            "cut_off = \"2021-06-30 24:00\"",
        )
    });
    let msg = Bundle::load(dir.path()).unwrap_err().to_string();
    assert!(
        msg.contains("invalid date-time \"2021-06-30 24:00\": time of day must be"),
        "{msg}"
    );
}

/// `[document] number` is the model's `DocumentNumber`, read leniently: a near-miss type
/// abbreviation is written officially, a draft keeps the blank for the clerk, and a number
/// that is not one is refused with the file, line and column.
#[test]
fn report_number_is_the_models_document_number() {
    let number = |n: &str| {
        bundle_with(|s| s.replace("number = \"415/BC-UBND\"", &format!("number = \"{n}\"")))
    };
    let dir = number("5/bc-UBND");
    let doc = load_compose(dir.path()).unwrap();
    assert_eq!(doc.header.number_line(), "Số: 05/BC-UBND");
    let dir = number("/BC-UBND");
    let doc = load_compose(dir.path()).unwrap();
    assert_eq!(doc.header.number_line(), "Số:       /BC-UBND");
    assert!(doc.header.number.is_draft());
    for bad in ["415", "41a/BC-UBND", "BC-UBND"] {
        let dir = number(bad);
        let msg = Bundle::load(dir.path()).unwrap_err().to_string();
        let path = dir.path().join("report.toml").display().to_string();
        assert!(
            msg.starts_with(&format!("{path}:8:")) && msg.contains("invalid document number"),
            "{bad}: {msg}"
        );
    }
}

/// `[basis]` is the model's `Document`: the number read leniently, the date as a TOML date or
/// text, the kind by name; the model's checks and unknown keys name report.toml.
#[test]
fn basis_is_a_model_document() {
    let basis = |b: &str| {
        bundle_with(|s| {
            let start = s.find("[basis]").unwrap();
            let end = s.find("[files]").unwrap();
            format!("{}[basis]\n{b}\n\n{}", &s[..start], &s[end..])
        })
    };
    let cited = |b: &str| {
        let dir = basis(b);
        let bundle = Bundle::load(dir.path()).unwrap();
        let doc = compose(&bundle, Some(&summary())).unwrap();
        let text = writer::to_text(&doc);
        let start = text.find("Theo nội dung ").unwrap() + "Theo nội dung ".len();
        let end = start + text[start..].find("; UBND huyện").unwrap();
        text[start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        cited("number = \"130/QD-UBND\"\ndate = \"18/02/2021\"\nissuer = \"Chủ tịch UBND tỉnh\"\nsubject = \"Về kế hoạch kiểm soát TTHC\""),
        "Quyết định số 130/QĐ-UBND ngày 18/02/2021 của Chủ tịch UBND tỉnh về kế hoạch kiểm soát TTHC"
    );
    assert_eq!(
        cited("number = \"12/UBND-VX\"\nkind = \"Thông báo\"\ndate = 2021-08-18\nsubject = \"lịch tiếp công dân\""),
        "Thông báo số 12/UBND-VX ngày 18/8/2021 về lịch tiếp công dân"
    );
    let path = |d: &tempfile::TempDir| d.path().join("report.toml").display().to_string();
    for (b, field) in [
        ("number = \"/STP-HCTP\"", "basis.number"),
        (
            "number = \"21/KH-UBND\"\nkind = \"Quyết định\"",
            "basis.kind",
        ),
        (
            "number = \"21/2020/KH-UBND\"\ndate = 2021-02-05",
            "basis.date",
        ),
    ] {
        let dir = basis(b);
        let msg = Bundle::load(dir.path()).unwrap_err().to_string();
        assert!(
            msg.starts_with(&format!("{}: field {field}: invalid value", path(&dir))),
            "{b}: {msg}"
        );
    }
    // TOML errors: file, line and column of the key.
    for (b, line, what) in [
        (
            "number = \"21/KH-UBND\"\nsubjet = \"typo\"",
            2,
            "unknown field `subjet`",
        ),
        ("number = \"21/KH-UB.ND\"", 1, "invalid document number"),
        (
            "number = \"21/KH-UBND\"\ndate = \"31/02/2021\"",
            2,
            "no such day in that month",
        ),
    ] {
        let dir = basis(b);
        let msg = Bundle::load(dir.path()).unwrap_err().to_string();
        let text = std::fs::read_to_string(dir.path().join("report.toml")).unwrap();
        let basis_line = text.lines().position(|l| l == "[basis]").unwrap() + 1;
        assert!(
            msg.starts_with(&format!("{}:{}:", path(&dir), basis_line + line))
                && msg.contains(what),
            "{b}: {msg}"
        );
    }
}

/// documents.csv with an office register's Vietnamese headers: a date that does not exist
/// is refused naming the file, the line and the column as written.
#[test]
fn vietnamese_register_headers_name_the_bad_cell() {
    let dir = bundle_with(|s| s);
    std::fs::write(
        dir.path().join("documents.csv"),
        "\"Số, ký hiệu\",Ngày ban hành,Trích yếu\n21/KH-UBND,05/02/2021,V/v rà soát\n26/KH-UBND,31/02/2021,truyền thông\n",
    )
    .unwrap();
    let e = Bundle::load(dir.path()).unwrap_err();
    let path = dir.path().join("documents.csv").display().to_string();
    assert_eq!(
        e.to_string(),
        format!("{path}: field line 3 Ngày ban hành: invalid value \"31/02/2021\": invalid date-time \"31/02/2021\": no such day in that month")
    );
    std::fs::write(
        dir.path().join("documents.csv"),
        "\"Số, ký hiệu\",Ngày ban hành,Trích yếu\n21/KH-UBND,05/02/2021,V/v rà soát\n",
    )
    .unwrap();
    let doc = load_compose(dir.path()).unwrap();
    let text = writer::to_text(&doc);
    assert!(
        text.contains("Kế hoạch số 21/KH-UBND ngày 05/02/2021 về việc rà soát"),
        "{text}"
    );
}
