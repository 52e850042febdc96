//! The report's figures come from the engine's measures catalogue under the bundle's
//! `[convention]`: placeholders for every measure, denominators and decimals set in
//! report.toml, "—" for a zero denominator, targets on any percentage measure.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too
mod common;

use common::*;
use minhbach_report::{compose, writer, Bundle, ReportError};

/// The reference bundle without its dossiers file, with typed figures (100 received,
/// 90 resolved on time, 5 late, 5 pending overdue), a paragraph quoting rates, and `extra`
/// appended to report.toml.
fn bundle(extra: &str, targets: Option<&str>) -> tempfile::TempDir {
    let typed = "\n[dossiers]\nsource = \"typed\"\n[dossiers.total]\nreceived = 100\nreceived_online = 30\nresolved_on_time = 90\nresolved_late = 5\npending_overdue = 5\n";
    bundle_without_dossiers(
        |report| {
            let report = report.replace(
                "{dossiers.sentence}",
                "{dossiers.sentence} Tỷ lệ đúng hạn {dossiers.on_time_rate}, quá hạn {dossiers.late_rate}, trả lại và rút {dossiers.set_aside_rate}, trực tuyến {dossiers.online_rate}.",
            );
            format!("{report}{typed}{extra}")
        },
        |t| match targets {
            Some(m) => t.replace("metric = \"dossiers.on_time_rate\"", m),
            None => t,
        },
    )
}

fn text(dir: &tempfile::TempDir) -> Result<String, ReportError> {
    let b = Bundle::load(dir.path())?;
    Ok(writer::to_text(&compose(&b, None)?))
}

#[test]
fn default_convention_rates_over_resolved_two_decimals() {
    let t = text(&bundle("", None)).unwrap();
    assert!(
        t.contains(
            "Tỷ lệ đúng hạn 94,74%, quá hạn 5,26%, trả lại và rút 0,00%, trực tuyến 30,00%."
        ),
        "{t}"
    );
}

#[test]
fn report_toml_sets_denominator_and_decimals() {
    let t = text(&bundle(
        "\n[convention]\ndenominator = \"due\"\ndecimals = 1\n",
        None,
    ))
    .unwrap();
    // due = 95 resolved + 5 overdue; late = 5 + 5
    assert!(
        t.contains("Tỷ lệ đúng hạn 90,0%, quá hạn 10,0%, trả lại và rút 0,0%, trực tuyến 30,0%."),
        "{t}"
    );
    let t = text(&bundle(
        "\n[convention]\npreset = \"decision766\"\nonline_denominator = \"received_and_carried\"\nrounding = \"floor\"\ndecimals = 0\n",
        None,
    ))
    .unwrap();
    // 766: (90 + 0 within due)/100; late (5 + 5)/100
    assert!(
        t.contains("Tỷ lệ đúng hạn 90%, quá hạn 10%, trả lại và rút 0%, trực tuyến 30%."),
        "{t}"
    );
}

#[test]
fn bad_convention_names_report_toml() {
    let e = text(&bundle("\n[convention]\npreset = \"vnpt\"\n", None)).unwrap_err();
    // The line and column of the value, and its key.
    let line = |e: &ReportError| {
        let s = e.to_string();
        let at = s.split("report.toml:").nth(1).unwrap_or("").to_string();
        at.split(": ").next().unwrap_or("").to_string()
    };
    assert!(
        e.to_string().contains(": convention.preset: ") && e.to_string().contains("vnpt"),
        "{e}"
    );
    assert_eq!(line(&e), "110:10", "{e}");
    let e = text(&bundle("\n[convention]\ndecimals = 6\n", None)).unwrap_err();
    assert!(e.to_string().contains(": convention.decimals: "), "{e}");
    assert!(e.to_string().contains("decimals = 6"), "{e}");
    assert_eq!(line(&e), "110:12", "{e}");
    let e = text(&bundle("\n[convention]\ndenominator = \"all\"\n", None)).unwrap_err();
    assert!(matches!(e, ReportError::Toml { .. }), "{e}");
    assert!(e.to_string().contains("all"), "{e}");
}

#[test]
fn zero_denominator_is_a_dash_with_a_warning_where_used() {
    let dir = bundle("", None);
    let report = std::fs::read_to_string(dir.path().join("report.toml"))
        .unwrap()
        .replace(
            "resolved_on_time = 90\nresolved_late = 5\n",
            "pending_within_due = 95\n",
        );
    std::fs::write(dir.path().join("report.toml"), report).unwrap();
    let t = text(&dir).unwrap();
    assert!(t.contains("Tỷ lệ đúng hạn —, quá hạn —"), "{t}");
    assert!(
        t.contains("không tính được: mẫu số (resolved) bằng 0"),
        "{t}"
    );
}

#[test]
fn targets_may_name_any_percentage_measure() {
    let t = text(&bundle(
        "",
        Some("metric = \"dossiers.late_rate\"\ndirection = \"at_most\""),
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        t.contains("dossiers.late\\_rate") || t.contains("dossiers.late_rate"),
        "{t}"
    );
    let e = text(&bundle(
        "",
        Some("metric = \"dossiers.mean_processing_hours\""),
    ))
    .unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("unknown metric") && msg.contains("dossiers.set_aside_rate"),
        "{msg}"
    );
}
