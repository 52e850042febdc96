//! End-to-end tests of `minhbach calendar`.

mod common;

use common::{assert_usage, file, json, minhbach, needles, no_panic, rows, run};

/// Runs `minhbach calendar due` with `args`; returns (exit code, stdout, stderr).
fn due(args: &[&str]) -> (i32, String, String) {
    run(minhbach().args(["calendar", "due"]).args(args))
}

#[test]
fn due_skips_tet_and_prints_an_iso_datetime() {
    let (code, out, err) = due(&["--received", "2021-02-05 10:00", "--days", "5"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "2021-02-19T17:00:00\n");
}

#[test]
fn due_accepts_vietnamese_dates_and_same_day_rules() {
    // 16:00 on Friday 14/06/2024 is after the 15:00 cut-off: due Monday.
    let (code, out, _) = due(&["--received", "14/06/2024 16:00", "--same-day"]);
    assert_eq!(code, 0);
    assert_eq!(out, "2024-06-17T17:00:00\n");
    let (_, out, _) = due(&["--received", "2024-06-14 14:59", "--days", "0"]);
    assert_eq!(out, "2024-06-14T17:00:00\n");
    let (_, out, _) = due(&[
        "--received",
        "2024-06-14 16:00",
        "--same-day",
        "--cutoff",
        "16:30",
        "--office-close",
        "17:30",
    ]);
    assert_eq!(out, "2024-06-14T17:30:00\n");
}

#[test]
fn due_json_contract() {
    let (code, out, _) = due(&[
        "--received",
        "2021-02-05T10:00:00",
        "--days",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v["received_at"], "2021-02-05T10:00:00");
    assert_eq!(v["working_days"], 5);
    assert_eq!(v["due_at"], "2021-02-19T17:00:00");
    assert_eq!(v["due_date"], "2021-02-19");
    assert_eq!(v["office_close"], "17:00");
    assert_eq!(v["same_day_cutoff"], "15:00");
    assert_eq!(v["schedules"][0]["year"], 2021);
    assert_eq!(v["schedules"][0]["source"], "official");
}

#[test]
fn due_unverified_conventions_are_options() {
    // Saturday 08/06/2024, 1 working day: Monday by default, Tuesday with the option.
    let base = [
        "calendar",
        "due",
        "--received",
        "2024-06-08 09:00",
        "--days",
        "1",
    ];
    let (_, out, _) = run(minhbach().args(base));
    assert_eq!(out, "2024-06-10T17:00:00\n");
    let (_, out, _) = run(minhbach().args(base).arg("--non-working-receipt-next-day"));
    assert_eq!(out, "2024-06-11T17:00:00\n");
}

#[test]
fn due_with_a_schedule_file_and_a_statutory_note() {
    let dir = tempfile::tempdir().unwrap();
    let sched = file(
        dir.path(),
        "lich-2030.toml",
        "[[year]]\nyear = 2030\noff = [ { from = \"2030-02-04\", to = \"2030-02-08\", kind = \"lunar_new_year\" } ]\n",
    );
    // Friday 01/02/2030 + 1 working day: Monday 04/02 is off in the file, Tuesday too … → 11/02.
    let (code, out, err) = run(minhbach()
        .args([
            "calendar",
            "due",
            "--received",
            "2030-02-01 09:00",
            "--days",
            "1",
        ])
        .arg("--schedule")
        .arg(&sched));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "2030-02-11T17:00:00\n");
    // Without the file, 2030 is derived from the law and the user is told so on stderr.
    let (code, _, err) = due(&["--received", "2030-03-01 09:00", "--days", "1"]);
    assert_eq!(code, 0);
    assert!(
        err.contains("no official schedule is known for 2030"),
        "{err}"
    );
    let (_, _, err) = run(minhbach().args([
        "-q",
        "calendar",
        "due",
        "--received",
        "2030-03-01 09:00",
        "--days",
        "1",
    ]));
    assert!(err.is_empty(), "--quiet prints no notes: {err}");
}

#[test]
fn holidays_text_lists_days_one_per_line() {
    let (code, out, _) = run(minhbach().args(["calendar", "holidays", "2021"]));
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "2021-01-01\toff\tnew_year\tTết Dương lịch");
    assert!(lines.contains(&"2021-02-10\toff\tlunar_new_year\tTết Nguyên đán Tân Sửu"));
    assert!(lines.contains(&"2021-04-21\toff\thung_kings\tGiỗ Tổ Hùng Vương (10/3 âm lịch)"));
    for l in &lines {
        let date = l.split('\t').next().unwrap();
        assert!(
            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
            "{l}"
        );
    }
}

#[test]
fn holidays_json_contract_with_make_up_days() {
    let (code, out, _) = run(minhbach().args(["calendar", "holidays", "2025", "--format", "json"]));
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v["year"], 2025);
    assert_eq!(v["source"], "official");
    assert!(v["working_days_in_year"].as_u64().unwrap() > 240);
    let days = v["days"].as_array().unwrap();
    // Saturday 26/04/2025 was worked in exchange for Friday 02/05/2025.
    let sat = days.iter().find(|d| d["date"] == "2025-04-26").unwrap();
    assert_eq!(sat["off"], false);
    assert_eq!(sat["kind"], "make_up");
    let fri = days.iter().find(|d| d["date"] == "2025-05-02").unwrap();
    assert_eq!(fri["off"], true);
    assert!(fri["name"].as_str().is_some());
}

#[test]
fn lunar_and_solar_round_trip() {
    let (code, out, _) = run(minhbach().args(["calendar", "lunar", "2021-04-21"]));
    assert_eq!(code, 0);
    assert_eq!(out, "2021-03-10\n");
    let (_, out, _) = run(minhbach().args(["calendar", "solar", "2021-03-10"]));
    assert_eq!(out, "2021-04-21\n");
    // Tết Tân Sửu.
    let (_, out, _) = run(minhbach().args(["calendar", "solar", "2021-01-01"]));
    assert_eq!(out, "2021-02-12\n");
    // Leap month 4 of Canh Tý (2020).
    let (_, out, _) = run(minhbach().args(["calendar", "lunar", "2020-05-23"]));
    assert_eq!(out, "2020-04-01 leap\n");
    let (_, out, _) = run(minhbach().args(["calendar", "solar", "2020-04-01", "--leap"]));
    assert_eq!(out, "2020-05-23\n");
    let (_, out, _) = run(minhbach().args(["calendar", "solar", "2020-04-01"]));
    assert_eq!(out, "2020-04-23\n");
}

#[test]
fn lunar_json_contract() {
    let (code, out, _) =
        run(minhbach().args(["calendar", "lunar", "2020-05-23", "--format", "json"]));
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v["solar"], "2020-05-23");
    assert_eq!(v["lunar"]["date"], "2020-04-01");
    assert_eq!(v["lunar"]["year"], 2020);
    assert_eq!(v["lunar"]["month"], 4);
    assert_eq!(v["lunar"]["day"], 1);
    assert_eq!(v["lunar"]["leap"], true);
    assert_eq!(v["lunar"]["year_name"], "Canh Tý");
    let (_, out2, _) = run(minhbach().args([
        "calendar",
        "solar",
        "2020-04-01",
        "--leap",
        "--format",
        "json",
    ]));
    assert_eq!(json(&out2), v, "lunar and solar share one JSON shape");
}

/// `calendar` arguments that are usage errors | what the message names.
const BAD_VALUES: &str = "\
solar 2021-04-01 --leap | not a leap month & fix:
solar 2021-13-01 | month must be 1 to 12
solar 2021-12-30 | that month has 29 days & fix:
solar tet | invalid lunar date & 2021-03-10
lunar 2021-02-30 | 2021-02-30 & YYYY-MM-DD
lunar 1800-01-01 | 1800-01-01
due --received 2021-02-05 --days -1 | --days
due --received 2021-02-05 | --days & --same-day
due --received 2021-02-05 --days 2 --same-day | cannot be used with
due --received 2100-12-30 --days 10 | 2100-12-31
holidays 2101 | 2101
holidays 2021 --format xml | xml & text, json
moon | moon
holidays 2021 --bogus | --bogus";

#[test]
fn bad_values_are_usage_errors_with_a_fix() {
    for [args, named] in rows(BAD_VALUES) {
        let mut cmd = minhbach();
        assert_usage(
            cmd.arg("calendar").args(args.split_whitespace()),
            &needles(named),
        );
    }
    // A value with a space.
    assert_usage(
        minhbach().args(["calendar", "due", "--received", "hôm qua", "--days", "3"]),
        &["--received", "hôm qua"],
    );
}

#[test]
fn schedule_file_problems() {
    let dir = tempfile::tempdir().unwrap();
    // Missing file, a directory, a file inside a file: usage errors naming the path.
    let missing = dir.path().join("nope.toml");
    assert_usage(
        minhbach()
            .args(["calendar", "holidays", "2021", "--schedule"])
            .arg(&missing),
        &["nope.toml", "no such file"],
    );
    assert_usage(
        minhbach()
            .args(["calendar", "holidays", "2021", "--schedule"])
            .arg(dir.path()),
        &["is a directory", "fix:"],
    );
    let f = file(dir.path(), "f.toml", "");
    assert_usage(
        minhbach()
            .args(["calendar", "holidays", "2021", "--schedule"])
            .arg(f.join("x.toml")),
        &["x.toml"],
    );
    // Bad content: exit 1, file:line:column and the fix.
    let bad = file(
        dir.path(),
        "bad.toml",
        "[[year]]\nyear = 2027\noff = [ { date = \"2027-02-30\" } ]\n",
    );
    let (code, out, err) = run(minhbach()
        .args(["calendar", "holidays", "2027", "--schedule"])
        .arg(&bad));
    no_panic(&err);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("bad.toml:3:"), "{err}");
    assert!(err.contains("fix:"), "{err}");
    // Not UTF-8: exit 1 with the line.
    let p = dir.path().join("latin1.toml");
    std::fs::write(&p, b"[[year]]\nyear = 2027\n# Ng\xe0y\n").unwrap();
    let (code, _, err) = run(minhbach()
        .args(["calendar", "holidays", "2027", "--schedule"])
        .arg(&p));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("latin1.toml:3: schedule file is not valid UTF-8"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_schedule_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = file(dir.path(), "secret.toml", "[[year]]\nyear = 2027\n");
    common::make_unreadable(&f);
    assert_usage(
        common::minhbach_with_file_permissions()
            .args(["calendar", "holidays", "2027", "--schedule"])
            .arg(&f),
        &["secret.toml", "permission denied", "fix:"],
    );
}

#[test]
fn every_calendar_subcommand_has_help_with_examples() {
    for sub in ["due", "holidays", "lunar", "solar"] {
        let (code, out, _) = run(minhbach().args(["calendar", sub, "--help"]));
        assert_eq!(code, 0);
        assert!(out.contains("Examples:"), "{sub}: {out}");
        assert!(
            out.contains(&format!("minhbach calendar {sub}")),
            "{sub}: {out}"
        );
    }
}
