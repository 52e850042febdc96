//! The interface language: help and usage errors in English and Vietnamese, chosen by
//! `--lang` or the locale.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

mod common;

use std::path::Path;

use common::{
    file, make_unreadable, minhbach, minhbach_vi, minhbach_with_file_permissions, needles,
    no_panic, rows, run,
};

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

/// clap's own English words, which a Vietnamese help must not show, one a line (the help
/// module's unit test reads the same file).
const CLAP_ENGLISH: &str = include_str!("data/clap-english.txt");

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
    for w in CLAP_ENGLISH.lines() {
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
            for w in CLAP_ENGLISH.lines() {
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

/// Whole numbers limited to a range (`--decimals`, `--rows`, a calendar year): the English
/// refusal is clap's own wording; the Vietnamese one says the allowed range in Vietnamese, with
/// no English reason left in it.
#[test]
fn numbers_out_of_range_in_both_languages() {
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &[
                "aggregate",
                "x.csv",
                "--from",
                "2021-01-01",
                "--to",
                "2021-06-30",
                "--decimals",
                "20",
            ],
            "20 is not in 0..=4",
            "20 nằm ngoài khoảng cho phép (từ 0 đến 4)",
        ),
        (
            &["score", "pci", "x.csv", "--decimals=-1"],
            "-1 is not in 0..=12",
            "-1 nằm ngoài khoảng cho phép (từ 0 đến 12)",
        ),
        (
            &["generate", "--rows=1000000001", "--seed=1", "-o", "-"],
            "1000000001 is not in 0..=1000000000",
            "1000000001 nằm ngoài khoảng cho phép (từ 0 đến 1000000000)",
        ),
        (
            &["generate", "--rows", "many", "--seed", "1", "-o", "-"],
            "invalid digit found in string",
            "không phải là số nguyên",
        ),
        (
            &["calendar", "holidays", "99999999999999999999"],
            "number too large to fit in target type",
            "số quá lớn",
        ),
    ];
    for (args, en, vi) in cases {
        let (code, out, err) = run(minhbach().args(args));
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
        assert!(err.starts_with("error: invalid value"), "{args:?}: {err}");
        assert!(err.contains(en), "{args:?}: {err}");
        let (code, out, err) = run(minhbach_vi().args(args));
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
        assert!(err.starts_with("lỗi: giá trị '"), "{args:?}: {err}");
        assert!(err.contains(vi), "{args:?}: {err}");
        assert!(!err.contains(en), "{args:?}: {err}");
    }
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
    let args = "aggregate x.csv --from 2021-13-01 --to 2021-06-30".split(' ');
    let (code, _, err) = run(minhbach().args(args.clone()));
    assert_eq!(code, 2);
    assert!(
        err.contains("2021-13-01") && err.contains("fix: write the date as YYYY-MM-DD"),
        "{err}"
    );
    let (code, _, err) = run(minhbach_vi().args(args));
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

/// How a test runs the binary.
#[derive(Clone, Copy)]
enum Runner {
    /// As the tests run.
    Plain,
    /// Without the capabilities that let root read and write any file (`setpriv`), so that
    /// file permissions apply also when the tests run as root, as CI does.
    FilePermissions,
}

impl Runner {
    /// The command, English or Vietnamese.
    fn command(self, vi: bool) -> assert_cmd::Command {
        let mut cmd = match self {
            Runner::Plain => minhbach(),
            Runner::FilePermissions => minhbach_with_file_permissions(),
        };
        if vi {
            cmd.env("LANG", "vi_VN.UTF-8");
        }
        cmd
    }
}

/// Runs `args` in `dir` in English and in Vietnamese: the same exit code `code`, stderr
/// starting with `error:` / `lỗi:`, a `cách sửa:` line exactly when the English has `fix:`,
/// every needle of each language (file, line, column, value where the path names them), and
/// no English label in the Vietnamese, the binary run by `runner`. Returns the two stderr
/// texts.
fn both_languages(
    runner: Runner,
    dir: &Path,
    args: &[&str],
    code: i32,
    en: &[&str],
    vi: &[&str],
) -> (String, String) {
    let (c, _, err_en) = run(runner.command(false).current_dir(dir).args(args));
    no_panic(&err_en);
    assert_eq!(c, code, "{args:?}: {err_en}");
    let (c, _, err_vi) = run(runner.command(true).current_dir(dir).args(args));
    no_panic(&err_vi);
    assert_eq!(c, code, "{args:?}: {err_vi}");
    assert!(err_en.starts_with("error: "), "{args:?}: {err_en}");
    assert!(err_vi.starts_with("lỗi: "), "{args:?}: {err_vi}");
    assert_eq!(
        err_en.contains("\n  fix: "),
        err_vi.contains("\n  cách sửa: "),
        "{args:?}: a fix in one language only:\n{err_en}\n{err_vi}"
    );
    for n in en {
        assert!(err_en.contains(n), "{args:?}: {n:?} not in {err_en}");
    }
    for n in vi {
        assert!(err_vi.contains(n), "{args:?}: {n:?} not in {err_vi}");
    }
    for w in [
        "error:",
        "fix:",
        "note:",
        "warning:",
        "no such file",
        "cannot ",
    ] {
        assert!(!err_vi.contains(w), "{args:?}: {w:?} in {err_vi}");
    }
    (err_en, err_vi)
}

/// Runs every row of `table` — `arguments | exit code | English needles | Vietnamese
/// needles`, the arguments split at spaces (a "quoted" one may hold spaces), the needles at
/// ` & ` — through [`both_languages`] in `dir`; returns each row's arguments and Vietnamese
/// stderr.
fn check_table(runner: Runner, dir: &Path, table: &'static str) -> Vec<(&'static str, String)> {
    rows(table)
        .into_iter()
        .map(|[args, code, en, vi]| {
            let words = words(args);
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let code = code.parse().unwrap();
            let (_, err_vi) = both_languages(runner, dir, &words, code, &needles(en), &needles(vi));
            (args, err_vi)
        })
        .collect()
}

/// `s` split at spaces, a "quoted" run (without its quotes) one word.
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => out.extend((!word.is_empty()).then(|| std::mem::take(&mut word))),
            c => word.push(c),
        }
    }
    out.extend((!word.is_empty()).then_some(word));
    out
}

/// The dossier files of the error paths below, in a temporary folder.
fn dossier_files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    file(
        d,
        "ok.csv",
        "id,received_at,due_at,resolved_at,agency\n\
         A1,2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-03T09:00:00,TP\n\
         A2,2021-03-01T08:00:00,2021-03-05T17:00:00,,YT\n",
    );
    file(
        d,
        "bad.csv",
        "id,received_at,due_at,resolved_at,agency\n\
         A1,2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-03T09:00:00,TP\n\
         A2,2021-03-01T08:00:00,2021-02-31T17:00:00,,YT\n",
    );
    file(d, "cols.csv", "so,ngay\n1,2021-02-01\n");
    file(
        d,
        "amb.csv",
        "id,mã hồ sơ,received_at\nA1,A1,2021-02-01T08:00:00\n",
    );
    std::fs::write(d.join("bin.csv"), b"id,received_at\nA1,\x00\xff\xfe\x01\n").unwrap();
    std::fs::write(
        d.join("latin1.csv"),
        b"code,name,working_days\nX,Gi\xe1y ph\xe9p,5\n",
    )
    .unwrap();
    file(d, "cat0.csv", "code,name\nX,Giấy phép\n");
    std::fs::create_dir(d.join("sub")).unwrap();
    dir
}

const PERIOD: [&str; 4] = ["--from", "2021-01-01", "--to", "2021-06-30"];

/// `aggregate FILE` over [`PERIOD`], then `more`.
fn aggregate_args<'a>(file: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["aggregate", file];
    v.extend(PERIOD);
    v.extend(more);
    v
}

/// `aggregate_errors_in_both_languages`: arguments | exit code | English needles | Vietnamese needles.
const AGGREGATE_ERRORS: &str = r#"aggregate nope.csv --from 2021-01-01 --to 2021-06-30 | 2 | dossier file nope.csv: no such file & fix: check the path | lỗi: tệp hồ sơ nope.csv: không có tệp này & cách sửa: kiểm tra lại đường dẫn
aggregate sub --from 2021-01-01 --to 2021-06-30 | 2 | dossier file sub is a directory, not a file | tệp hồ sơ sub là một thư mục, không phải một tệp & (ls sub)
aggregate ok.csv --from 2021-06-30 --to 2021-01-01 | 2 | --from 2021-06-30 is after --to 2021-01-01 & fix: swap the two dates | lỗi: --from 2021-06-30 sau --to 2021-01-01 & cách sửa: đổi chỗ hai ngày
aggregate ok.csv --from 2021-01-01 --to 2021-06-30 --as-of 2020-12-31 | 2 | --as-of 2020-12-31 23:59:59 is before --from 2021-01-01 | --as-of 2020-12-31 23:59:59 trước --from 2021-01-01
aggregate ok.csv --from 2021-01-01 --to 2021-06-30 --unit X --save-partial p.json -o p.json | 2 | --save-partial and -o both name p.json | --save-partial và -o cùng chỉ tệp p.json
aggregate ok.csv --from 2021-01-01 --to 2021-06-30 --explain --format csv | 2 | --explain and --compare write text or JSON | --explain và --compare chỉ ghi dạng văn bản hoặc JSON
aggregate ok.csv --from 2021-01-01 --to 2021-06-30 --by agency,agency | 2 | invalid query: group key agency given twice | lỗi: yêu cầu không hợp lệ: khóa nhóm agency được ghi hai lần
aggregate ok.csv --from 2021-01-01 --to 2021-06-30 --compare bieu06,opencps,decision766 | 2 | --compare takes two conventions, got 3 | --compare cần đúng hai quy ước, đã ghi 3
aggregate cols.csv --from 2021-01-01 --to 2021-06-30 | 1 | cols.csv: missing required column & fix: name the column | lỗi: cols.csv: thiếu cột bắt buộc & cách sửa: ghi tên cột ở dòng tiêu đề
aggregate amb.csv --from 2021-01-01 --to 2021-06-30 | 1 | amb.csv: columns "id" and "mã hồ sơ" both map to id | amb.csv: hai cột "id" và "mã hồ sơ" cùng ứng với id & cách sửa: đổi tên hoặc xóa một trong hai cột
aggregate bin.csv --from 2021-01-01 --to 2021-06-30 | 1 | bin.csv: not a text file & (line 2) | bin.csv: không phải tệp văn bản & (dòng 2) & cách sửa: chỉ ra đúng tệp
aggregate bad.csv --from 2021-01-01 --to 2021-06-30 | 1 | error: bad.csv:3: column due_at: dossier A2: & (value "2021-02-31T17:00:00") | lỗi: bad.csv:3: cột due_at: hồ sơ A2: & (giá trị "2021-02-31T17:00:00")
aggregate ok.csv --from 2021-01-01 --to 2021-06-30 -o nodir/x.txt | 2 | cannot write nodir/x.txt: folder nodir does not exist & mkdir -p nodir | không ghi được nodir/x.txt: thư mục nodir không tồn tại & cách sửa: tạo thư mục trước (mkdir -p nodir)
aggregate ok.csv --from 2021-01-01 --to 2021-06-30 -o sub | 2 | output path sub is a directory, not a file | đường dẫn kết quả sub là một thư mục, không phải một tệp & -o sub/out.txt
aggregate ok.csv --from 2021-01-01 --to 2021-06-30 -o ok.csv | 2 | output path ok.csv is also an input file | đường dẫn kết quả ok.csv cũng là một tệp đầu vào
aggregate ok.csv --from 2021-01-01 --to 2021-06-30 --procedures nocat.csv | 2 | procedure catalogue nocat.csv: no such file | danh mục thủ tục nocat.csv: không có tệp này
aggregate ok.csv --from 2021-01-01 --to 2021-06-30 --procedures latin1.csv | 1 | latin1.csv:2: procedure catalogue is not valid UTF-8 text | latin1.csv:2: danh mục thủ tục không phải văn bản UTF-8 hợp lệ & cách sửa: lưu lại tệp dạng UTF-8
aggregate ok.csv --from 2021-01-01 --to 2021-06-30 --procedures cat0.csv | 1 | cat0.csv: no procedure of the catalogue | cat0.csv: không thủ tục nào trong danh mục & cách sửa: danh mục cần các cột"#;

/// Every error path of `aggregate` in both languages.
#[test]
fn aggregate_errors_in_both_languages() {
    let dir = dossier_files();
    let d = dir.path();
    check_table(Runner::Plain, d, AGGREGATE_ERRORS);
    // Notes: `note:` / `lưu ý:`, counts written the Vietnamese way.
    let args = aggregate_args("bad.csv", &["--max-errors", "0"]);
    let (code, _, err) = run(minhbach().current_dir(d).args(&args));
    assert_eq!(code, 1);
    assert!(
        err.starts_with("note: 1 more rejected rows are not listed"),
        "{err}"
    );
    let (code, _, err) = run(minhbach_vi().current_dir(d).args(&args));
    assert_eq!(code, 1);
    assert!(
        err.starts_with("lưu ý: còn 1 dòng bị loại không được liệt kê (tăng --max-errors"),
        "{err}"
    );
}

/// Every reason a dossier row is rejected for, listed in both languages: the typed reasons of
/// the model (dates, channels, outcomes) and of the engine (ids, times, pauses, field counts),
/// each with its line, column and value, and no English reason in the Vietnamese.
#[test]
fn rejected_row_reasons_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    file(
        d,
        "rows.csv",
        "id,received_at,due_at,resolved_at,channel,outcome,pause_start,pause_end,agency\n\
         A1,2021-02-01T08:00:00,,,,,,,TP\n\
         ,2021-02-01T08:00:00,,,,,,,TP\n\
         A3,2021-13-01,,,,,,,TP\n\
         A4,hôm qua,,,,,,,TP\n\
         A5,2021-02-01T25:00,,,,,,,TP\n\
         A6,2021-02-01T08:00:00,,,fax,,,,TP\n\
         A7,2021-02-01T08:00:00,,,,maybe,,,TP\n\
         A8,2021-02-03T08:00:00,,2021-02-02T08:00:00,,,,,TP\n\
         A9,2021-02-03T08:00:00,2021-02-02T08:00:00,,,,,,TP\n\
         A10,2021-02-03T08:00:00,,,,approved,,,TP\n\
         A11,2021-02-03T08:00:00,,,,,2021-02-02T08:00:00,,TP\n\
         A12,2021-02-03T08:00:00,,,,,2021-02-05T08:00:00,2021-02-04T08:00:00,TP\n\
         A13,2021-02-03T08:00:00,,2021-02-04T08:00:00,,,2021-02-05T08:00:00,,TP\n\
         A14,2021-02-03T08:00:00,,,,,,2021-02-04T08:00:00,TP\n\
         A1,2021-02-01T08:00:00,,,,,,,TP\n\
         A16,2021-02-01T08:00:00\n\
         A17,2021-02-31,,,,,,,TP\n",
    );
    let args = [
        "aggregate",
        "rows.csv",
        "--from",
        "2021-01-01",
        "--to",
        "2021-06-30",
        "--max-errors",
        "100",
    ];
    let (err_en, err_vi) = both_languages(
        Runner::Plain,
        d,
        &args,
        1,
        &[
            "rows.csv:3: column id: the dossier id is empty",
            "rows.csv:4: column received_at: dossier A3: invalid date-time \"2021-13-01\": \
             month must be 1-12 (value \"2021-13-01\")",
            "dossier A4: invalid date-time \"hôm qua\": expected YYYY-MM-DD or DD/MM/YYYY",
            "dossier A5: invalid date-time \"2021-02-01T25:00\": time of day must be HH:MM",
            "dossier A6: unknown channel \"fax\"",
            "dossier A7: unknown outcome \"maybe\"",
            "dossier A8: resolved before it was received at 2021-02-03T08:00:00",
            "dossier A9: due before it was received at 2021-02-03T08:00:00",
            "dossier A10: outcome is approved but there is no resolution time",
            "dossier A11: a pause starts before receipt or before the previous pause ends",
            "dossier A12: a pause ends before it starts",
            "dossier A13: a pause starts after resolution",
            "dossier A14: more pause ends than pause starts",
            "dossier A1: duplicate dossier id",
            "dossier A16: truncated row: 2 fields, the header has 9",
            "dossier A17: invalid date-time \"2021-02-31\": no such day in that month",
        ],
        &[
            "rows.csv:3: cột id: mã hồ sơ để trống",
            "rows.csv:4: cột received_at: hồ sơ A3: ngày giờ không hợp lệ \"2021-13-01\": \
             tháng phải từ 1 đến 12 (giá trị \"2021-13-01\")",
            "hồ sơ A4: ngày giờ không hợp lệ \"hôm qua\": cần dạng YYYY-MM-DD hoặc DD/MM/YYYY",
            "hồ sơ A5: ngày giờ không hợp lệ \"2021-02-01T25:00\": giờ phải có dạng HH:MM",
            "hồ sơ A6: kênh nộp không rõ \"fax\"",
            "hồ sơ A7: kết quả không rõ \"maybe\"",
            "hồ sơ A8: thời gian giải quyết trước thời gian tiếp nhận 2021-02-03T08:00:00",
            "hồ sơ A9: hạn giải quyết trước thời gian tiếp nhận 2021-02-03T08:00:00",
            "hồ sơ A10: kết quả là approved nhưng không có thời gian giải quyết",
            "hồ sơ A11: thời gian tạm dừng bắt đầu trước khi tiếp nhận",
            "hồ sơ A12: thời gian tạm dừng kết thúc trước khi bắt đầu",
            "hồ sơ A13: thời gian tạm dừng bắt đầu sau khi giải quyết",
            "hồ sơ A14: số lần kết thúc tạm dừng nhiều hơn số lần bắt đầu",
            "hồ sơ A1: mã hồ sơ bị trùng",
            "hồ sơ A16: dòng bị cắt cụt: có 2 trường, dòng tiêu đề có 9",
            "hồ sơ A17: ngày giờ không hợp lệ \"2021-02-31\": tháng đó không có ngày này",
        ],
    );
    assert_eq!(err_en.matches("error: ").count(), 16, "{err_en}");
    assert_eq!(err_vi.matches("lỗi: ").count(), 16, "{err_vi}");
    for english in [
        "invalid",
        "unknown",
        "expected",
        "before",
        "after",
        "a pause",
        "fields",
        "duplicate",
        "dossier",
        "month",
    ] {
        assert!(!err_vi.contains(english), "{english:?} in {err_vi}");
    }
}

/// `merge_errors_in_both_languages`: arguments | exit code | English needles | Vietnamese needles.
const MERGE_ERRORS: &str = r#"merge nope.json | 2 | partial file nope.json: no such file | lỗi: tệp số liệu riêng nope.json: không có tệp này
merge sub | 2 | partial file sub is a directory, not a file | tệp số liệu riêng sub là một thư mục
merge notpartial.json | 1 | notpartial.json & fix: use the partial files as minhbach aggregate | notpartial.json: không phải tệp số liệu riêng của minhbach (trường "format" là không có, cần "minhbach-partial") & cách sửa: dùng đúng các tệp số liệu riêng
merge newer.json | 1 | newer.json: partial format version 9 is newer than this minhbach reads | newer.json: tệp số liệu riêng dạng phiên bản 9, mới hơn phiên bản minhbach này
merge cut.json | 1 | cut.json: not readable JSON at line 1, column | cut.json: không đọc được JSON ở dòng 1, cột
merge a.json c.json | 1 | a.json and c.json cannot be merged: period 2021-01-01 to 2021-06-30 vs & fix: save every unit's partial with the same --from | không tổng hợp được a.json với c.json: kỳ 2021-01-01 đến 2021-06-30 khác & cách sửa: lưu tệp số liệu riêng của mọi đơn vị với cùng --from
merge a.json b.json --rank on_time_rate --by agency | 2 | --rank ranks units: --by must include unit | --rank xếp hạng các đơn vị: --by phải có unit & cách sửa: thêm unit vào --by
merge a.json b.json -o a.json | 2 | output path a.json is also an input file | đường dẫn kết quả a.json cũng là một tệp đầu vào"#;

/// Every error path of `merge` in both languages.
#[test]
fn merge_errors_in_both_languages() {
    let dir = dossier_files();
    let d = dir.path();
    for (unit, from, name) in [
        ("A", "2021-01-01", "a.json"),
        ("B", "2021-01-01", "b.json"),
        ("C", "2021-02-01", "c.json"),
    ] {
        let (code, _, err) = run(minhbach().current_dir(d).args([
            "aggregate",
            "ok.csv",
            "--from",
            from,
            "--to",
            "2021-06-30",
            "--unit",
            unit,
            "--save-partial",
            name,
        ]));
        assert_eq!(code, 0, "{err}");
    }
    file(d, "notpartial.json", "{\"hello\": 1}\n");
    file(
        d,
        "newer.json",
        "{\"format\": \"minhbach-partial\", \"version\": 9}\n",
    );
    let whole = std::fs::read(d.join("a.json")).unwrap();
    std::fs::write(d.join("cut.json"), &whole[..40]).unwrap();
    check_table(Runner::Plain, d, MERGE_ERRORS);
}

/// Numbers in text meant for reading follow the language of the run: the Vietnamese text
/// table and its summary use the decimal comma and the thousands dot (`minhbach_model::vi`),
/// the English keep the plain forms, and machine outputs (CSV, JSON) keep the dot in both.
#[test]
fn vietnamese_runs_write_numbers_the_vietnamese_way_in_text_only() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let args = [
        "aggregate",
        "examples/data/ly-son-2021-h1/dossiers.csv",
        "--from",
        "2021-01-01",
        "--to",
        "2021-06-30",
    ];
    let (code, en, _) = run(minhbach().current_dir(&root).args(args));
    assert_eq!(code, 0);
    let (code, vi, _) = run(minhbach_vi().current_dir(&root).args(args));
    assert_eq!(code, 0);
    let total = |t: &str| {
        t.lines()
            .filter(|l| l.starts_with("Tổng cộng"))
            .nth(1)
            .unwrap()
            .split_whitespace()
            .skip(2)
            .take(3)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(total(&en), ["100.00", "82.35", "17.65"], "{en}");
    assert_eq!(total(&vi), ["100,00", "82,35", "17,65"], "{vi}");
    assert!(
        en.contains("Đã đọc 6774 dòng: 6774 dòng hợp lệ") && en.contains("= 6691/6691."),
        "{en}"
    );
    assert!(
        vi.contains("Đã đọc 6.774 dòng: 6.774 dòng hợp lệ") && vi.contains("= 6.691/6.691."),
        "{vi}"
    );
    for format in ["csv", "json"] {
        let (_, out, _) = run(minhbach_vi()
            .current_dir(&root)
            .args(args)
            .args(["--format", format]));
        assert!(
            out.contains("82.35") && !out.contains("82,35"),
            "{format}: {out}"
        );
        assert!(
            out.contains("6774") && !out.contains("6.774"),
            "{format}: {out}"
        );
    }
}

/// The errors of `audit FILE`, one a line: file | exit code | English | Vietnamese, the
/// expected parts of a message separated by ` & `.
const AUDIT_ERRORS: &str = r#"audit nope.txt | 2 | report nope.txt: no such file | lỗi: báo cáo nope.txt: không có tệp này
audit empty.txt | 1 | empty.txt is empty: no dossier figures found | empty.txt trống: không có số liệu hồ sơ nào
audit nofig.txt | 1 | no dossier figures found in nofig.txt | không tìm thấy số liệu hồ sơ nào trong nofig.txt & cách sửa: văn bản phải nêu
audit scan.txt | 1 | scan.txt is a PDF file, not text | scan.txt là tệp PDF, không phải văn bản & cách sửa: lấy chữ ra trước
audit pk.txt | 1 | pk.txt is a ZIP archive | pk.txt là tệp nén ZIP
audit nul.txt | 1 | nul.txt is a binary file | nul.txt là tệp nhị phân
audit latin1.txt | 1 | latin1.txt:2: not valid UTF-8 text | latin1.txt:2: không phải văn bản UTF-8 hợp lệ
audit bad.docx | 1 | bad.docx: not a readable DOCX file | bad.docx: không đọc được tệp DOCX & cách sửa: mở tệp bằng Word
audit x.pdf | 2 | x.pdf: .pdf files are not read by audit | x.pdf: lệnh audit không đọc tệp .pdf & cách sửa: lưu báo cáo dạng .docx"#;

/// `other_commands_errors_in_both_languages`: arguments | exit code | English needles | Vietnamese needles.
const OTHER_COMMANDS_ERRORS: &str = r#"calendar due --received "1800-01-01 10:00" --days 5 | 2 | year 1800 is outside the calendar's years 1900-2100 | năm 1800 nằm ngoài các năm của lịch 1900-2100 & cách sửa: lịch có các năm
calendar holidays 2026 --schedule nope.toml | 2 | schedule file nope.toml: no such file | tệp lịch làm việc nope.toml: không có tệp này
calendar holidays 2026 --schedule latin1.csv | 1 | latin1.csv:2: schedule file is not valid UTF-8 text | latin1.csv:2: tệp lịch làm việc không phải văn bản UTF-8 hợp lệ
calendar holidays 2026 --schedule bad.toml | 1 | bad.toml:2: & fix: correct the schedule file | bad.toml:2: & tệp TOML sai cú pháp & cách sửa: sửa tệp lịch làm việc
calendar holidays 2030 --schedule twice.toml | 1 | twice.toml:3: & date 2030-01-01 is listed twice | twice.toml:3: & ngày 2030-01-01 được ghi hai lần
calendar lunar 1800-01-01 | 2 | fix: give a date between 1900 and 2100 | cách sửa: ghi một ngày trong khoảng từ năm 1900 đến năm 2100
calendar solar 2021-02-31 | 2 | invalid lunar date 31/02/2021: day must be 1 to 30 & fix: check the lunar month and day | ngày âm lịch không hợp lệ 31/02/2021: ngày phải từ 1 đến 30 & cách sửa: kiểm tra tháng và ngày âm lịch
generate --rows 5 --seed 1 -o g.csv --from 2021-06-30 --to 2021-01-01 | 2 | --from 2021-06-30 is after --to 2021-01-01 | --from 2021-06-30 sau --to 2021-01-01 & cách sửa: đổi chỗ hai ngày
generate --rows 5 --seed 1 -o nodir/g.csv | 2 | cannot write nodir/g.csv: folder nodir does not exist | không ghi được nodir/g.csv: thư mục nodir không tồn tại
aggregate latin1.csv --from 2021-01-01 --to 2021-06-30 | 1 | latin1.csv: line 2: not valid UTF-8 (byte 0xE1 at offset | latin1.csv: dòng 2: không phải UTF-8 hợp lệ (byte 0xE1 ở vị trí
report nope | 2 | report bundle nope: no such file | bộ hồ sơ báo cáo nope: không có tệp này
report nobundle | 2 | nobundle is not a report bundle: it has no report.toml | nobundle không phải bộ hồ sơ báo cáo: không có tệp report.toml & minhbach init
report ok.csv | 2 | report bundle ok.csv is a file, not a folder | bộ hồ sơ báo cáo ok.csv là một tệp, không phải thư mục
report bundle | 1 | report.toml:3: & fix: correct the TOML syntax | report.toml:3: & cách sửa: sửa cách ghi TOML ở dòng và cột đã nêu
init full --unit "huyện Sơn Tịnh" --period 2022-Q3 | 2 | full already exists and is not empty | thư mục full đã có và không trống
init new --unit "huyện Sơn Tịnh" --period 2022-Q5 | 2 | --period "2022-Q5" & quarter 5 is not 1-4 | --period "2022-Q5": không đọc được kỳ báo cáo & kỳ báo cáo không hợp lệ & quý 5 không nằm trong 1-4
page nope.json -o p.html | 2 | partial file nope.json: no such file | tệp số liệu riêng nope.json: không có tệp này"#;

/// Every error path of `calendar`, `generate`, `audit`, `report`, `init` and `page` in both
/// languages.
#[test]
fn other_commands_errors_in_both_languages() {
    let dir = dossier_files();
    let d = dir.path();
    file(d, "empty.txt", "  \n");
    file(d, "nofig.txt", "Báo cáo tình hình kinh tế xã hội.\n");
    file(d, "scan.txt", "%PDF-1.4 ...");
    file(d, "pk.txt", "PK\u{3}\u{4}...");
    std::fs::write(d.join("nul.txt"), b"abc\x00def").unwrap();
    std::fs::write(d.join("latin1.txt"), b"dong 1\nGi\xe1y ph\xe9p\n").unwrap();
    file(d, "bad.docx", "not a zip");
    file(d, "x.pdf", "%PDF");
    file(d, "bad.toml", "[year]\nyear = \n");
    file(
        d,
        "twice.toml",
        "[[year]]\nyear = 2030\noff = [ { date = \"2030-01-01\" }, { date = \"2030-01-01\" } ]\n",
    );
    std::fs::create_dir(d.join("nobundle")).unwrap();
    std::fs::create_dir(d.join("full")).unwrap();
    file(&d.join("full"), "a.txt", "a");
    // A bundle whose report.toml is broken at line 3.
    let bundle = d.join("bundle");
    std::fs::create_dir(&bundle).unwrap();
    let src = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/data/ly-son-2021-h1");
    for f in std::fs::read_dir(&src).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), bundle.join(f.file_name())).unwrap();
    }
    let toml = std::fs::read_to_string(bundle.join("report.toml")).unwrap();
    let mut lines: Vec<&str> = toml.lines().collect();
    lines.insert(2, "this line = = broken");
    std::fs::write(bundle.join("report.toml"), lines.join("\n")).unwrap();
    check_table(Runner::Plain, d, OTHER_COMMANDS_ERRORS);
    check_table(Runner::Plain, d, AUDIT_ERRORS);
    // Notes: a year without an official schedule.
    let (code, _, err) = run(minhbach_vi()
        .current_dir(d)
        .args(["calendar", "holidays", "2099"]));
    assert_eq!(code, 0);
    assert!(
        err.starts_with("lưu ý: chưa có lịch nghỉ chính thức của năm 2099"),
        "{err}"
    );
}

/// Permission denied on an input and on the output, in both languages: the file is named and
/// nothing is written (as root, as CI runs, through `setpriv` without the capabilities that
/// bypass file permissions).
#[cfg(unix)]
#[test]
fn permission_denied_on_input_and_output_in_both_languages() {
    use std::os::unix::fs::PermissionsExt;
    let dir = dossier_files();
    let d = dir.path();
    // The folder must be reachable by the unprivileged run.
    std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    let locked = file(
        d,
        "locked.csv",
        &std::fs::read_to_string(d.join("ok.csv")).unwrap(),
    );
    make_unreadable(&locked);
    std::fs::create_dir(d.join("ro")).unwrap();
    std::fs::set_permissions(d.join("ro"), std::fs::Permissions::from_mode(0o555)).unwrap();
    let args = aggregate_args("locked.csv", &[]);
    both_languages(
        Runner::FilePermissions,
        d,
        &args,
        2,
        &[
            "dossier file locked.csv: permission denied",
            "fix: make the file readable",
        ],
        &[
            "tệp hồ sơ locked.csv: không có quyền đọc",
            "cách sửa: cấp quyền đọc tệp",
        ],
    );
    let args = aggregate_args("ok.csv", &[]);
    for format in ["table", "xlsx"] {
        let mut args = args.clone();
        args.extend(["--format", format, "-o"]);
        let out = if format == "xlsx" {
            "ro/bang.xlsx"
        } else {
            "ro/bang.txt"
        };
        args.push(out);
        both_languages(
            Runner::FilePermissions,
            d,
            &args,
            2,
            &[&format!("cannot write {out}: permission denied"), "fix:"],
            &[
                &format!("không ghi được {out}: không có quyền ghi"),
                "cách sửa:",
            ],
        );
        assert_eq!(std::fs::read_dir(d.join("ro")).unwrap().count(), 0);
    }
}

/// Runs `minhbach ARGS` in `dir` with its standard output on a terminal (a pseudo-terminal
/// made by `script`), English or Vietnamese; returns the exit code and what the terminal
/// showed.
fn on_a_terminal(dir: &Path, args: &[&str], vi: bool) -> (i32, String) {
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    let mut line = quote(env!("CARGO_BIN_EXE_minhbach"));
    for a in args {
        line.push(' ');
        line.push_str(&quote(a));
    }
    let mut cmd = assert_cmd::Command::new("script");
    cmd.args(["-q", "-e", "-c", &line, "/dev/null"])
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("MINHBACH_TEST_PANIC");
    if vi {
        cmd.env("LANG", "vi_VN.UTF-8");
    } else {
        cmd.env_remove("LANG");
    }
    let (code, out, err) = run(&mut cmd);
    (code, format!("{out}{err}").replace('\r', ""))
}

/// XLSX is binary: written to a terminal it is refused before any work, in both languages;
/// the text table is not.
#[cfg(unix)]
#[test]
fn xlsx_to_a_terminal_is_refused_in_both_languages() {
    let dir = dossier_files();
    let d = dir.path();
    let args = aggregate_args("ok.csv", &["--format", "xlsx"]);
    for (vi, error, fix) in [
        (
            false,
            "error: refusing to write XLSX to the terminal",
            "fix: name an output file with -o, e.g. -o out.xlsx",
        ),
        (
            true,
            "lỗi: không ghi tệp XLSX ra màn hình dòng lệnh",
            "cách sửa: đặt tên tệp kết quả bằng -o, ví dụ -o ket-qua.xlsx",
        ),
    ] {
        let (code, shown) = on_a_terminal(d, &args, vi);
        assert_eq!(code, 2, "{shown}");
        assert!(
            shown.starts_with(error) && shown.contains(fix) && !shown.contains("PK"),
            "{shown}"
        );
    }
    // The table is text: shown.
    let (code, shown) = on_a_terminal(d, &args[..args.len() - 2], true);
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("Biểu 06"), "{shown}");
}

/// `aggregate … --save-partial -q`: the partial is the output; no table, no note, in either
/// language; `-o` still writes the table, and without `-q` it is printed.
#[test]
fn quiet_save_partial_prints_nothing_in_both_languages() {
    let dir = dossier_files();
    let d = dir.path();
    let args = aggregate_args(
        "ok.csv",
        &["--unit", "huyện Lý Sơn", "--save-partial", "ly-son.json"],
    );
    for vi in [false, true] {
        let cmd = || if vi { minhbach_vi() } else { minhbach() };
        let (code, out, err) = run(cmd().current_dir(d).args(&args).arg("-q"));
        assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
        let partial = std::fs::read(d.join("ly-son.json")).unwrap();
        assert!(partial.starts_with(b"{"), "the partial is written");
        std::fs::remove_file(d.join("ly-son.json")).unwrap();
        let (code, out, _) = run(cmd()
            .current_dir(d)
            .args(&args)
            .args(["-q", "-o", "bang.txt"]));
        assert_eq!((code, out.as_str()), (0, ""));
        let table = std::fs::read_to_string(d.join("bang.txt")).unwrap();
        assert!(
            table.contains("Biểu 06") && table.contains("Tổng cộng"),
            "{table}"
        );
        let (code, out, _) = run(cmd().current_dir(d).args(&args));
        assert_eq!(code, 0);
        assert_eq!(out, table, "without -q the same table is printed");
        for f in ["ly-son.json", "bang.txt"] {
            std::fs::remove_file(d.join(f)).unwrap();
        }
    }
}

/// The row of dossiers without an online service level is named "(không rõ mức độ)" in the
/// text table (Vietnamese in both languages, as the whole Biểu 06 table), said in the note
/// in the language of the run; the data outputs keep the empty value.
#[test]
fn the_row_without_an_online_level_is_named_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    file(
        d,
        "levels.csv",
        "id,received_at,Mức độ,due_at,resolved_at\n\
         A1,2021-03-01T08:00:00,Mức độ 4,2021-03-05T17:00:00,2021-03-03T10:00:00\n\
         A2,2021-03-01T08:00:00,,2021-03-05T17:00:00,2021-03-03T10:00:00\n\
         A3,2021-03-01T08:00:00,,2021-03-05T17:00:00,\n",
    );
    let args = aggregate_args("levels.csv", &["--by", "online_level"]);
    for vi in [false, true] {
        let cmd = || if vi { minhbach_vi() } else { minhbach() };
        let (code, out, err) = run(cmd().current_dir(d).args(&args));
        assert_eq!(code, 0, "{err}");
        // Both tables (counts and rates) name the row.
        assert_eq!(out.matches("(không rõ mức độ)").count(), 2, "{out}");
        assert_eq!(out.matches("mức độ 4").count(), 2, "{out}");
        let note = if vi {
            "lưu ý: 2 hồ sơ không rõ mức độ dịch vụ công trực tuyến (tệp không ghi, thủ tục không có trong --procedures): tính ở dòng \"(không rõ mức độ)\" của bảng"
        } else {
            "note: 2 dossiers have no online service level (none in the file, none for their procedure in --procedures): counted in the row \"(không rõ mức độ)\" of the table"
        };
        assert!(err.contains(note), "{err}");
        // CSV and JSON are data: the level is empty there.
        let (_, csv, _) = run(cmd().current_dir(d).args(&args).args(["--format", "csv"]));
        assert!(!csv.contains("không rõ") && csv.contains("\n,2,"), "{csv}");
        let (_, out, _) = run(cmd().current_dir(d).args(&args).args(["--format", "json"]));
        assert!(out.contains("\"online_level\": \"\""), "{out}");
    }
}

/// The statistics page defines each rate with the Biểu 06 column labels, not JSON field
/// names, whatever the language of the run.
#[test]
fn the_page_states_formulas_in_biểu_06_labels() {
    let dir = dossier_files();
    let d = dir.path();
    let args = aggregate_args(
        "ok.csv",
        &[
            "--unit",
            "huyện Lý Sơn",
            "--save-partial",
            "ly-son.json",
            "-q",
        ],
    );
    let (code, _, err) = run(minhbach().current_dir(d).args(&args));
    assert_eq!(code, 0, "{err}");
    for vi in [false, true] {
        let mut cmd = if vi { minhbach_vi() } else { minhbach() };
        let (code, _, err) =
            run(cmd
                .current_dir(d)
                .args(["page", "ly-son.json", "-o", "p.html", "-q"]));
        assert_eq!(code, 0, "{err}");
        let html = std::fs::read_to_string(d.join("p.html")).unwrap();
        assert!(
            html.contains("(GQ trước hạn + GQ đúng hạn) / Đã giải quyết × 100"),
            "{html}"
        );
        assert!(!html.contains("resolved_early +"), "{html}");
        std::fs::remove_file(d.join("p.html")).unwrap();
    }
}

/// `unreadable_dossier_files_in_both_languages`: arguments | exit code | English needles | Vietnamese needles.
const UNREADABLE_DOSSIER_FILES: &str = r#"aggregate utf16.csv --from 2021-01-01 --to 2021-06-30 | 1 | utf16.csv: the file is UTF-16 LE, not UTF-8 | lỗi: utf16.csv: tệp mã hóa UTF-16 LE, không phải UTF-8: lưu lại tệp dạng "CSV UTF-8" & iconv -f UTF-16 -t UTF-8
aggregate nobom.csv --from 2021-01-01 --to 2021-06-30 | 1 | nobom.csv: the file contains NUL bytes ( | lỗi: nobom.csv: tệp có byte NUL ( & không có dấu BOM
aggregate cp1258.csv --from 2021-01-01 --to 2021-06-30 | 1 | cp1258.csv: line 2: not valid UTF-8 (byte 0xE1 at offset | lỗi: cp1258.csv: dòng 2: không phải UTF-8 hợp lệ (byte 0xE1 ở vị trí & có lẽ tệp mã hóa Windows-1258
aggregate blank.csv --from 2021-01-01 --to 2021-06-30 | 1 | blank.csv: empty file: no header row and no data | lỗi: blank.csv: tệp trống: không có dòng tiêu đề và dữ liệu
aggregate mac.csv --from 2021-01-01 --to 2021-06-30 | 1 | mac.csv: line 1: lines end with a bare carriage return | lỗi: mac.csv: dòng 1: các dòng kết thúc bằng ký tự CR đơn lẻ
aggregate book.xlsx --from 2021-01-01 --to 2021-06-30 --sheet "Hồ sơ" | 1 | book.xlsx: no sheet named or numbered "Hồ sơ"; the workbook's sheets are: 1 " | lỗi: book.xlsx: không có trang tính tên hoặc số "Hồ sơ"; sổ tính có các trang: 1 ""#;

/// Dossier files that cannot be read at all (the engine's typed `FileReason`s): encodings,
/// empty files, line ends, workbooks; worded in both languages with no English reason left in
/// the Vietnamese.
#[test]
fn unreadable_dossier_files_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let header = "id,received_at,due_at,resolved_at,agency\n";
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(header.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(d.join("utf16.csv"), utf16).unwrap();
    let no_bom: Vec<u8> = header.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(d.join("nobom.csv"), no_bom).unwrap();
    let mut cp1258 = header.as_bytes().to_vec();
    cp1258.extend_from_slice(b"A1,2021-02-01T08:00:00,,,S\xe1 T\xe0i\n");
    std::fs::write(d.join("cp1258.csv"), cp1258).unwrap();
    file(d, "blank.csv", "\n  \n");
    file(
        d,
        "mac.csv",
        "id,received_at,due_at,resolved_at,agency\rA1,2021-02-01T08:00:00,,,TP\r",
    );
    file(d, "fake.xlsx", "this is not a workbook\n");
    // A real workbook (an export of `aggregate`) without the sheet asked for.
    file(
        d,
        "ok.csv",
        "id,received_at,due_at,resolved_at,agency\n\
         A1,2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-03T09:00:00,TP\n",
    );
    let (code, _, err) = run(minhbach().current_dir(d).args(aggregate_args(
        "ok.csv",
        &["--format", "xlsx", "-o", "book.xlsx"],
    )));
    assert_eq!(code, 0, "{err}");
    for (args, err_vi) in check_table(Runner::Plain, d, UNREADABLE_DOSSIER_FILES) {
        for w in ["not ", "file ", "line ", "the ", "sheet"] {
            assert!(!err_vi.contains(w), "{args:?}: {w:?} in {err_vi}");
        }
    }
    // The spreadsheet library's own message is kept, as a detail, in both languages.
    let args = aggregate_args("fake.xlsx", &[]);
    let (code, _, err) = run(minhbach().current_dir(d).args(&args));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with("error: fake.xlsx: not a readable spreadsheet: "),
        "{err}"
    );
    let (code, _, err) = run(minhbach_vi().current_dir(d).args(&args));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with("lỗi: fake.xlsx: không đọc được sổ tính (thông báo của bộ đọc sổ tính: "),
        "{err}"
    );
}

/// `catalogue_cells_in_both_languages`: arguments | exit code | English needles | Vietnamese needles.
const CATALOGUE_CELLS: &str = r#"aggregate ok.csv --from 2021-01-01 --to 2021-06-30 --procedures dup.csv | 1 | dup.csv & line 3 & duplicate procedure code "X" | dup.csv & dòng 3 & thủ tục bị trùng "X"
aggregate ok.csv --from 2021-01-01 --to 2021-06-30 --procedures empty.csv | 1 | empty.csv & line 2 & required value is empty | empty.csv & dòng 2 & ô bắt buộc để trống"#;

/// A procedure catalogue whose cells the model refuses (`CsvReason`): the model's own reason
/// (a duplicate code, an empty required cell) in the language of the run, with line, column
/// and value.
#[test]
fn catalogue_cells_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    file(
        d,
        "ok.csv",
        "id,received_at,due_at,resolved_at,agency\n\
         A1,2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-03T09:00:00,TP\n",
    );
    file(d, "dup.csv", "code,name,working_days\nX,A,5\nX,B,5\n");
    file(d, "empty.csv", "code,name,working_days\n,A,5\n");
    for (args, err_vi) in check_table(Runner::Plain, d, CATALOGUE_CELLS) {
        for w in ["duplicate", "required", "value", "line "] {
            assert!(!err_vi.contains(w), "{args:?}: {w:?} in {err_vi}");
        }
    }
}

/// `score_reasons_in_both_languages`: arguments | exit code | English needles | Vietnamese needles.
const SCORE_REASONS: &str = r#"score index.toml mixed.csv | 1 | :3: column on_time: decimal comma is ambiguous in CSV & value 135 is outside the declared domain [0, 100] & :7: column unit: duplicate unit & :8: row has 4 fields, the header has 5 | :3: cột on_time: dấu phẩy thập phân dễ nhầm trong tệp CSV & đơn vị "Sơn Hà", chỉ tiêu "on_time": giá trị 135 nằm ngoài miền giá trị [0, 100] & :7: cột unit: đơn vị bị trùng & :8: dòng có 4 trường, dòng tiêu đề có 5
score index.toml cell.csv | 1 | cell.csv:2: column on_time: not a decimal number | cell.csv:2: cột on_time: không phải một số thập phân
score index.toml header.csv | 1 | the first column must be named `unit` | cột đầu tiên phải có tên `unit` & cách sửa: dòng đầu phải là
score negative.toml cell.csv | 1 | node "on_time": negative weight -2 | định nghĩa bộ chỉ số: nút "on_time": trọng số âm -2 & cách sửa: sửa tệp định nghĩa chỉ số
score unknown.toml cell.csv | 1 | unknown.toml: line 31, column 1 & unknown field `wieght` | unknown.toml: dòng 31, cột 1 & không có trường `wieght`
score nodirection.toml cell.csv | 1 | direction is missing | thiếu chiều đánh giá"#;

/// `score`'s typed reasons in both languages: each rejected row of a unit table (a decimal
/// comma, a value outside its domain, a repeated unit, a short row), a bad cell, a bad
/// header, and a definition file that is not valid (a negative weight, a field the format
/// does not have, a missing direction).
#[test]
fn score_reasons_in_both_languages() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let definition = std::fs::read_to_string(data.join("district-index.toml")).unwrap();
    file(d, "index.toml", &definition);
    std::fs::copy(data.join("district-2021-mixed.csv"), d.join("mixed.csv")).unwrap();
    file(
        d,
        "negative.toml",
        &definition.replacen("weight = 2", "weight = -2", 1),
    );
    file(
        d,
        "unknown.toml",
        &definition.replacen("weight = 2", "wieght = 2", 1),
    );
    file(
        d,
        "nodirection.toml",
        &definition.replacen("direction = \"higher\"\nweight = 2", "weight = 2", 1),
    );
    file(
        d,
        "cell.csv",
        "unit,on_time,days_late,plans_published,portal_score\nA,9x,1,0.5,30\n",
    );
    file(d, "header.csv", "đơn vị,on_time\nA,1\n");
    for (args, err_vi) in check_table(Runner::Plain, d, SCORE_REASONS) {
        // The reasons are worded in Vietnamese, not quoted in English.
        for english in [
            "is ambiguous",
            "duplicate",
            "must be",
            "negative weight",
            "unknown field",
        ] {
            assert!(
                !err_vi.contains(english),
                "{args:?}: {english:?} in {err_vi}"
            );
        }
    }
}

/// `report_bundle_reasons_in_both_languages`: arguments | exit code | English needles | Vietnamese needles.
const REPORT_BUNDLE_REASONS: &str = r#"report up | 1 | [files] dossiers = "../dossiers.csv" goes up out of the folder with .. | [files] dossiers = "../dossiers.csv" đi ra ngoài thư mục bộ hồ sơ bằng ..
report decimal | 1 | portal.toml:4: & posts = 1.5: a count must be a whole number | portal.toml:4: & posts = 1.5: số lượng phải là số nguyên
report unknown | 1 | report.toml: & unknown field `hoso` | report.toml: & không có trường `hoso`"#;

/// `report`'s typed reasons in both languages: a file of `[files]` that leads out of the
/// bundle, a `portal.toml` count written as a decimal (named by its key), and a TOML parser
/// message worded in Vietnamese.
#[test]
fn report_bundle_reasons_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/ly-son-2021-h1");
    let copy = |name: &str| {
        let b = d.join(name);
        std::fs::create_dir(&b).unwrap();
        for f in std::fs::read_dir(&src).unwrap() {
            let f = f.unwrap();
            std::fs::copy(f.path(), b.join(f.file_name())).unwrap();
        }
        b
    };
    let up = copy("up");
    let toml = std::fs::read_to_string(up.join("report.toml")).unwrap();
    std::fs::write(
        up.join("report.toml"),
        toml.replace(
            "dossiers = \"dossiers.csv\"",
            "dossiers = \"../dossiers.csv\"",
        ),
    )
    .unwrap();
    let decimal = copy("decimal");
    let portal = std::fs::read_to_string(decimal.join("portal.toml")).unwrap();
    std::fs::write(
        decimal.join("portal.toml"),
        portal.replacen("posts = 163", "posts = 1.5", 1),
    )
    .unwrap();
    let unknown = copy("unknown");
    let toml = std::fs::read_to_string(unknown.join("report.toml")).unwrap();
    std::fs::write(
        unknown.join("report.toml"),
        toml.replacen("[files]", "[files]\nhoso = \"x.csv\"", 1),
    )
    .unwrap();
    for (args, err_vi) in check_table(Runner::Plain, d, REPORT_BUNDLE_REASONS) {
        for english in ["goes up", "must be", "unknown field"] {
            assert!(
                !err_vi.contains(english),
                "{args:?}: {english:?} in {err_vi}"
            );
        }
    }
}

/// The table commands write the format the `-o` extension names when `--format` is not given
/// (`-o bieu06.xlsx` is a workbook, `-o bieu06.json` JSON), and refuse, writing nothing, when
/// `--format` names another format than the extension: in both languages.
#[test]
fn the_output_extension_chooses_the_format_or_is_refused_in_both_languages() {
    let dir = dossier_files();
    let d = dir.path();
    for vi in [false, true] {
        let cmd = || if vi { minhbach_vi() } else { minhbach() };
        for (out, starts) in [
            ("bieu06.xlsx", &b"PK"[..]),
            ("bieu06.json", &b"{"[..]),
            ("bieu06.CSV", &b"\xef\xbb\xbf"[..]),
        ] {
            let (code, _, err) = run(cmd()
                .current_dir(d)
                .args(aggregate_args("ok.csv", &["-o", out])));
            assert_eq!(code, 0, "{out}: {err}");
            let bytes = std::fs::read(d.join(out)).unwrap();
            assert!(bytes.starts_with(starts), "{out}: {:?}", bytes.get(..8));
            std::fs::remove_file(d.join(out)).unwrap();
        }
        let (code, _, err) = run(cmd()
            .current_dir(d)
            .args(aggregate_args("ok.csv", &["-o", "bang.txt"])));
        assert_eq!(code, 0, "{err}");
        let table = std::fs::read_to_string(d.join("bang.txt")).unwrap();
        assert!(
            table.contains("Biểu 06"),
            "an unknown extension keeps the table: {table}"
        );
        std::fs::remove_file(d.join("bang.txt")).unwrap();
    }
    let (en, vi) = both_languages(
        Runner::Plain,
        d,
        &aggregate_args("ok.csv", &["--format", "csv", "-o", "bieu06.xlsx"]),
        2,
        &["--format csv writes csv", ".xlsx (xlsx)", "drop --format"],
        &[
            "--format csv ghi dạng csv",
            ".xlsx (dạng xlsx)",
            "bỏ --format",
        ],
    );
    assert!(
        !d.join("bieu06.xlsx").exists(),
        "nothing written:\n{en}\n{vi}"
    );
    both_languages(
        Runner::Plain,
        d,
        &["merge", "a.json", "--format", "xlsx", "-o", "tong-hop.json"],
        2,
        &["--format xlsx writes xlsx", ".json (json)"],
        &["--format xlsx ghi dạng xlsx", "đuôi .json"],
    );
    assert!(!d.join("tong-hop.json").exists());
}
