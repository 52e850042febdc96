//! The interface language: help and usage errors in English and Vietnamese, chosen by
//! `--lang` or the locale.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code: a failed unwrap is a failed test (the workspace denies these in code)

mod common;

use common::{minhbach, minhbach_vi, run};

/// Every command path of the binary.
const COMMANDS: &[&[&str]] = &[
    &["report"],
    &["init"],
    &["aggregate"],
    &["merge"],
    &["page"],
    &["validate"],
    &["generate"],
    &["calendar"],
    &["calendar", "due"],
    &["calendar", "holidays"],
    &["calendar", "lunar"],
    &["calendar", "solar"],
    &["score"],
    &["audit"],
];

/// clap's own English words, which a Vietnamese help must not show.
const CLAP_ENGLISH: &[&str] = &[
    "Usage:",
    "Options:",
    "Arguments:",
    "Commands:",
    "[OPTIONS]",
    "Print help",
    "Print version",
    "possible values",
    "Possible values",
    "[default:",
    "Examples:",
];

#[test]
fn top_level_help_in_both_languages() {
    let (code, en, _) = run(minhbach().arg("--help"));
    assert_eq!(code, 0);
    assert!(
        en.contains("Usage: minhbach") && en.contains("Commands:"),
        "{en}"
    );
    let (code, vi, _) = run(minhbach_vi().arg("--help"));
    assert_eq!(code, 0);
    assert!(vi.contains("Cách dùng: minhbach [TÙY CHỌN] <LỆNH>"), "{vi}");
    assert!(vi.contains("Lệnh:") && vi.contains("Tùy chọn:"), "{vi}");
    assert!(
        vi.contains("Báo cáo công khai, minh bạch hoàn chỉnh"),
        "{vi}"
    );
    assert!(vi.contains("Mã thoát: 0 thành công"), "{vi}");
    for w in CLAP_ENGLISH {
        assert!(!vi.contains(w), "{w:?} in {vi}");
    }
    // `-h`, `help` and `--lang vi` give the same language.
    let (_, short, _) = run(minhbach().args(["-h", "--lang", "vi"]));
    assert!(short.contains("Cách dùng:"), "{short}");
    let (code, sub, _) = run(minhbach().args(["--lang", "vi", "help", "score"]));
    assert_eq!(code, 0);
    assert!(sub.contains("Cách dùng: minhbach score"), "{sub}");
}

#[test]
fn the_language_comes_from_lang_flag_then_lc_all_lc_messages_lang() {
    // --lang wins over the locale, before or after the subcommand.
    let (_, vi, _) = run(minhbach().args(["score", "--help", "--lang", "vi"]));
    assert!(
        vi.contains("Liệt kê các chỉ tiêu") && vi.contains("Ví dụ:"),
        "{vi}"
    );
    let (_, vi, _) = run(minhbach().args(["score", "--help", "--lang=vi"]));
    assert!(vi.contains("Liệt kê các chỉ tiêu"), "{vi}");
    let (_, en, _) = run(minhbach_vi().args(["--lang", "en", "score", "--help"]));
    assert!(
        en.contains("List the indicators") && en.contains("Examples:"),
        "{en}"
    );
    // POSIX order: LC_ALL, then LC_MESSAGES, then LANG.
    let (_, out, _) = run(minhbach().env("LC_MESSAGES", "vi_VN.UTF-8").arg("--help"));
    assert!(out.contains("Cách dùng:"), "{out}");
    let (_, out, _) = run(minhbach()
        .env("LC_ALL", "C.UTF-8")
        .env("LANG", "vi_VN.UTF-8")
        .arg("--help"));
    assert!(out.contains("Usage:"), "{out}");
    let (_, out, _) = run(minhbach().env("LC_ALL", "vi").arg("--help"));
    assert!(out.contains("Cách dùng:"), "{out}");
}

#[test]
fn every_command_has_help_in_both_languages_with_short_and_long_forms() {
    for path in COMMANDS {
        for flag in ["--help", "-h"] {
            let (code, en, _) = run(minhbach().args(*path).arg(flag));
            assert_eq!(code, 0, "{path:?} {flag}");
            assert!(en.contains("Usage: minhbach"), "{path:?}: {en}");
            let (code, vi, _) = run(minhbach_vi().args(*path).arg(flag));
            assert_eq!(code, 0, "{path:?} {flag}");
            assert!(vi.contains("Cách dùng: minhbach"), "{path:?}: {vi}");
            assert!(vi.contains("Tùy chọn:"), "{path:?}: {vi}");
            assert!(vi.contains("In trợ giúp"), "{path:?}: {vi}");
            for w in CLAP_ENGLISH {
                assert!(!vi.contains(w), "{path:?} {flag}: {w:?} in\n{vi}");
            }
            // No help refers to a document the user does not have.
            for text in [&en, &vi] {
                assert!(
                    !text.contains("design §") && !text.contains("design.md"),
                    "{path:?}: {text}"
                );
            }
        }
        // Every command shows examples in both languages (in the long help).
        let (_, en, _) = run(minhbach().args(*path).arg("--help"));
        let (_, vi, _) = run(minhbach_vi().args(*path).arg("--help"));
        if en.contains("Examples:") {
            assert!(vi.contains("Ví dụ:"), "{path:?}: {vi}");
        }
    }
}

#[test]
fn values_and_defaults_are_described_in_vietnamese() {
    let (_, vi, _) = run(minhbach_vi().args(["aggregate", "--help"]));
    assert!(vi.contains("--from <NGÀY>"), "{vi}");
    assert!(vi.contains("- handled:"), "{vi}");
    assert!(
        vi.contains("Tiếp nhận mới + từ kỳ trước chuyển qua"),
        "{vi}"
    );
    assert!(vi.contains("[mặc định: bieu06]"), "{vi}");
    let (_, short, _) = run(minhbach_vi().args(["aggregate", "-h"]));
    assert!(
        short.contains("[giá trị: bieu06, decision766, opencps]"),
        "{short}"
    );
    // Flags do not list true/false.
    assert!(!short.contains("true, false"), "{short}");
}

#[test]
fn usage_errors_in_both_languages() {
    let (code, _, err) = run(minhbach().args(["score", "pci", "x.csv", "--format", "xml"]));
    assert_eq!(code, 2);
    assert!(err.starts_with("error:") && err.contains("xml"), "{err}");
    let (code, out, err) = run(minhbach_vi().args(["score", "pci", "x.csv", "--format", "xml"]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.starts_with("lỗi: giá trị 'xml' không hợp lệ cho '--format <ĐỊNH_DẠNG>'"),
        "{err}"
    );
    assert!(
        err.contains("[giá trị có thể: table, csv, json, xlsx]"),
        "{err}"
    );
    assert!(err.contains("Xem thêm: '--help'."), "{err}");
    // Unknown command, with a suggestion.
    let (code, _, err) = run(minhbach_vi().arg("reprot"));
    assert_eq!(code, 2);
    assert!(err.starts_with("lỗi: không có lệnh 'reprot'"), "{err}");
    assert!(
        err.contains("gợi ý: có phải ý bạn là lệnh 'report'?"),
        "{err}"
    );
    // Unknown option, with a suggestion.
    let (code, _, err) = run(minhbach_vi().args(["aggregate", "x.csv", "--form", "2021-01-01"]));
    assert_eq!(code, 2);
    assert!(
        err.starts_with("lỗi: đối số không hợp lệ '--form'"),
        "{err}"
    );
    // Missing arguments, with the usage line.
    let (code, _, err) = run(minhbach_vi().args(["aggregate", "x.csv"]));
    assert_eq!(code, 2);
    assert!(err.starts_with("lỗi: thiếu các đối số bắt buộc:"), "{err}");
    assert!(
        err.contains("Cách dùng: minhbach aggregate [TÙY CHỌN]"),
        "{err}"
    );
    // No command at all: the help, on stderr.
    let (code, out, err) = run(&mut minhbach_vi());
    assert_eq!(code, 2);
    assert!(
        out.is_empty() && err.contains("Cách dùng: minhbach"),
        "{err}"
    );
    // Conflicting options.
    let (code, _, err) = run(minhbach_vi().args([
        "calendar",
        "due",
        "--received",
        "2021-02-05",
        "--days",
        "5",
        "--same-day",
    ]));
    assert_eq!(code, 2);
    assert!(
        err.starts_with("lỗi: '--") && err.contains("không dùng được cùng với"),
        "{err}"
    );
    for e in [&err] {
        for w in ["error:", "Usage:", "tip:", "For more information"] {
            assert!(!e.contains(w), "{w:?} in {e}");
        }
    }
}

#[test]
fn bad_values_of_typed_options_in_both_languages() {
    let (code, _, err) = run(minhbach().args([
        "aggregate",
        "x.csv",
        "--from",
        "2021-13-01",
        "--to",
        "2021-06-30",
    ]));
    assert_eq!(code, 2);
    assert!(
        err.contains("2021-13-01") && err.contains("fix: write the date as YYYY-MM-DD"),
        "{err}"
    );
    let (code, _, err) = run(minhbach_vi().args([
        "aggregate",
        "x.csv",
        "--from",
        "2021-13-01",
        "--to",
        "2021-06-30",
    ]));
    assert_eq!(code, 2);
    assert!(
        err.starts_with("lỗi: giá trị '2021-13-01' không hợp lệ cho '--from <NGÀY>'"),
        "{err}"
    );
    assert!(err.contains("cách sửa: ghi ngày dạng YYYY-MM-DD"), "{err}");
    let (code, _, err) =
        run(minhbach_vi().args(["calendar", "due", "--received", "hôm qua", "--days", "5"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("'hôm qua'") && err.contains("cách sửa:"),
        "{err}"
    );
    let (code, _, err) = run(minhbach_vi().args(["calendar", "solar", "2021-13"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("ngày âm lịch") && err.contains("cách sửa:"),
        "{err}"
    );
}
