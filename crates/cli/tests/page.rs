//! `minhbach page` in a real headless Chromium: the page is loaded from a file, its script
//! runs (`--virtual-time-budget`), and the DOM read back (`--dump-dom`) must show the rows
//! and totals of `merge --format json`, sorted as the URL asks; a 700-unit page must sort in
//! under 100 ms. A screenshot is kept in `target/page-test/`.
//!
//! Without chromium on the machine the browser checks are skipped locally, but they fail
//! under CI (`CI` set; `.ci/run` installs the distribution's chromium).
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too
#![allow(clippy::string_slice)] // test code: a slice off a character boundary fails the test

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{aggregate_h1_of, file, json, minhbach, no_panic, run};

const HEADER: &str = "id,received_at,procedure_code,channel,due_at,resolved_at\n";

/// The chromium binary, or `None` (skip) when absent outside CI.
fn chromium() -> Option<&'static str> {
    let found = Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("chromium");
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "chromium is required under CI (apt-get install -y chromium)"
    );
    eprintln!("chromium not found: browser checks skipped (they run under CI)");
    None
}

/// Loads `page` (with `suffix`: `#…` or `?…`) in headless Chromium, lets the script run and
/// returns the DOM; with `shot`, also saves a screenshot there.
fn browse(bin: &str, page: &Path, suffix: &str, shot: Option<&Path>) -> String {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}{suffix}", page.canonicalize().unwrap().display());
    let mut cmd = Command::new(bin);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--virtual-time-budget=5000",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()));
    match shot {
        Some(p) => {
            cmd.arg(format!("--screenshot={}", p.display()))
                .arg("--window-size=1400,1800");
        }
        None => {
            cmd.arg("--dump-dom");
        }
    }
    let out = cmd.arg(&url).output().unwrap();
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// An attribute of the first element of `html` (its opening tag).
fn attr(tag: &str, name: &str) -> Option<String> {
    let open = &tag[..tag.find('>')?];
    let at = open.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = open[at..].find('"')? + at;
    Some(unescape(&open[at..end]))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The section of view `id` in the DOM.
fn section<'a>(dom: &'a str, id: &str) -> &'a str {
    let start = dom
        .find(&format!("<section class=\"view\" id=\"v-{id}\""))
        .unwrap_or_else(|| panic!("no view {id}"));
    let end = dom[start..].find("</section>").unwrap() + start;
    &dom[start..end]
}

/// The rows of a section's body, in DOM order: (unit, hidden, the `data-v` of each cell).
fn rows(section: &str) -> Vec<(String, bool, Vec<String>)> {
    let body = &section[section.find("<tbody>").unwrap()..section.find("</tbody>").unwrap()];
    body.split("<tr ")
        .skip(1)
        .map(|tr| {
            let unit = attr(&format!(" {tr}"), "data-unit").unwrap();
            let hidden = tr[..tr.find('>').unwrap()].contains(" hidden");
            let cells = tr
                .split("data-v=\"")
                .skip(1)
                .map(|c| unescape(&c[..c.find('"').unwrap()]))
                .collect();
            (unit, hidden, cells)
        })
        .collect()
}

/// The `data-v` of the total row of a section.
fn total(section: &str) -> Vec<String> {
    let foot = &section[section.find("<tfoot>").unwrap()..section.find("</tfoot>").unwrap()];
    foot.split("data-v=\"")
        .skip(1)
        .map(|c| c[..c.find('"').unwrap()].to_string())
        .collect()
}

/// The column keys of the table, in order (the unit first).
fn columns(section: &str) -> Vec<String> {
    section
        .split("data-sort=\"")
        .skip(1)
        .map(|c| c[..c.find('"').unwrap()].to_string())
        .collect()
}

/// A JSON value as the page's `data-v` writes it.
fn as_data(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn save(csv: &Path, unit: &str, out: &Path) {
    let (code, _, err) = run(aggregate_h1_of(csv)
        .args(["--by", "procedure,month", "--unit", unit, "--save-partial"])
        .arg(out)
        .arg("-q"));
    assert_eq!(code, 0, "{err}");
}

fn artefacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/page-test");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Units with hostile names, three procedures of different online levels over several
/// months: the page equals `merge --format json`, row by row and in total, the URL sorts it
/// and filters it, and nothing in it reaches for the network.
#[test]
fn page_equals_merge_json_and_sorts_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let units = [
        ("huyện Lý Sơn", 0u32),
        ("xã <b>An</b> & \"Vĩnh\"", 1),
        ("=HYPERLINK(\"http://x\")", 2),
    ];
    let mut partials = Vec::new();
    for (name, seed) in units {
        let mut csv = String::from(HEADER);
        for i in 0..(12 + seed * 7) {
            let month = 1 + (i + seed) % 5;
            let proc_code = ["P1", "P2", "P3"][((i * (seed + 1)) % 3) as usize];
            let channel = if (i + seed) % 3 == 0 {
                "online"
            } else {
                "direct"
            };
            // Resolved early, on the due day, late, or pending, by turns.
            let resolved = match (i + seed) % 4 {
                0 => format!("2021-{month:02}-03T10:00:00"),
                1 => format!("2021-{month:02}-10T16:00:00"),
                2 => format!("2021-{month:02}-14T09:00:00"),
                _ => String::new(),
            };
            csv.push_str(&format!(
                "U{seed}-{i},2021-{month:02}-02T08:00:00,{proc_code},{channel},2021-{month:02}-10T17:00:00,{resolved}\n"
            ));
        }
        let src = file(d, &format!("u{seed}.csv"), &csv);
        let out = d.join(format!("u{seed}.json"));
        save(&src, name, &out);
        partials.push(out);
    }
    let catalogue = file(
        d,
        "thu-tuc.csv",
        "code,name,working_days,online_level\nP1,Thủ tục một,5,toàn trình\nP2,Thủ tục hai,5,một phần\nP3,Thủ tục ba,5,\n",
    );
    let page = d.join("thong-ke.html");
    let (code, _, err) = run(minhbach()
        .arg("page")
        .args(&partials)
        .arg("--procedures")
        .arg(&catalogue)
        .arg("-o")
        .arg(&page));
    no_panic(&err);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&page).unwrap();
    // Self-contained: no external resource of any kind.
    for needle in [
        "<script src",
        "<link",
        "@import",
        "url(",
        "<img",
        "<iframe",
        "https://",
    ] {
        assert!(!html.contains(needle), "the page holds {needle:?}");
    }
    // Only the SVG namespace and the (escaped) unit name say http://.
    let rest = html
        .replace("http://www.w3.org/2000/svg", "")
        .replace("=HYPERLINK(&quot;http://x&quot;)", "");
    assert!(!rest.contains("http"), "a link out of the page");
    // Unit names escaped in the table and the charts.
    assert!(!html.contains("<b>An</b>"));
    assert!(html.contains("xã &lt;b&gt;An&lt;/b&gt; &amp; &quot;Vĩnh&quot;"));
    // The reference: merge by unit, all levels; and by unit for the procedures of each level.
    let (code, out, err) = run(minhbach()
        .arg("merge")
        .args(&partials)
        .args(["--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let merged = json(&out);
    let Some(bin) = chromium() else { return };
    let shot = artefacts().join("thong-ke.png");
    let _ = std::fs::remove_file(&shot);
    browse(bin, &page, "#sort=on_time_rate&dir=desc", Some(&shot));
    assert!(
        std::fs::metadata(&shot).unwrap().len() > 1000,
        "no screenshot"
    );
    let dom = browse(bin, &page, "#sort=on_time_rate&dir=desc", None);
    assert!(dom.contains("data-ready=\"1\""), "the script did not run");
    assert!(dom.contains("data-sorted-by=\"on_time_rate:desc\""));
    let all = section(&dom, "all");
    let cols = columns(all);
    assert_eq!(cols.first().map(String::as_str), Some("unit"));
    let got = rows(all);
    assert_eq!(got.len(), 3);
    // Every row equals the JSON group of its unit, column by column.
    let groups = merged["groups"].as_array().unwrap();
    for (unit, hidden, cells) in &got {
        assert!(!hidden);
        let g = groups
            .iter()
            .find(|g| g["key"]["unit"] == serde_json::json!(unit))
            .unwrap_or_else(|| panic!("no JSON group for {unit}"));
        assert_eq!(&cells[0], unit);
        for (k, v) in cols.iter().zip(cells).skip(1) {
            assert_eq!(v, &as_data(&g[k.as_str()]), "{unit}: {k}");
        }
    }
    // The total row equals the JSON total.
    let t = total(all);
    for (k, v) in cols.iter().skip(1).zip(&t) {
        assert_eq!(v, &as_data(&merged["total"][k.as_str()]), "total {k}");
    }
    // Sorted by the on-time rate, highest first (no value last).
    let at = cols.iter().position(|c| c == "on_time_rate").unwrap();
    let rates: Vec<Option<f64>> = got.iter().map(|r| r.2[at].parse().ok()).collect();
    let mut sorted = rates.clone();
    sorted.sort_by(|a, b| match (a, b) {
        (Some(a), Some(b)) => b.partial_cmp(a).unwrap(),
        (None, None) => std::cmp::Ordering::Equal,
        (None, _) => std::cmp::Ordering::Greater,
        (_, None) => std::cmp::Ordering::Less,
    });
    assert_eq!(rates, sorted);
    // Sorted by unit name ascending from the query string; the filter by unit (accents
    // optional) hides the other rows.
    let dom = browse(bin, &page, "?sort=unit&dir=asc&unit=ly%20son", None);
    let got = rows(section(&dom, "all"));
    let names: Vec<&str> = got.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "=HYPERLINK(\"http://x\")",
            "huyện Lý Sơn",
            "xã <b>An</b> & \"Vĩnh\""
        ]
    );
    let shown: Vec<&str> = got.iter().filter(|r| !r.1).map(|r| r.0.as_str()).collect();
    assert_eq!(shown, ["huyện Lý Sơn"]);
    // The unit filter also filters the per-unit chart: only the Lý Sơn bar is shown, moved
    // up to the first row, the others hidden.
    let all = section(&dom, "all");
    let chart = &all[all.find("class=\"chart-units\"").unwrap()..];
    let chart = &chart[..chart.find("</figure>").unwrap()];
    let bars: Vec<(String, String, String)> = chart
        .match_indices("<g class=\"bar\"")
        .map(|(i, _)| {
            let tag = &chart[i..];
            (
                attr(tag, "data-label").unwrap(),
                attr(tag, "display").unwrap_or_default(),
                attr(tag, "transform").unwrap_or_default(),
            )
        })
        .collect();
    assert!(bars.len() > 1, "{chart}");
    let visible: Vec<&(String, String, String)> = bars.iter().filter(|b| b.1 == "inline").collect();
    assert_eq!(visible.len(), 1, "{bars:?}");
    assert_eq!(visible[0].0, "huyện Lý Sơn");
    let first_at = bars.iter().position(|b| b.1 == "inline").unwrap();
    assert_eq!(
        visible[0].2,
        format!("translate(0,{})", -22 * first_at as i64)
    );
    assert!(bars.iter().all(|b| b.1 == "inline" || b.1 == "none"));
    assert!(chart.contains("data-shown=\"1\""));
    // The online level filter: the "toàn trình" view shows the P1 figures only.
    let dom = browse(bin, &page, "#level=level-full", None);
    assert!(section(&dom, "all").contains(" hidden"));
    let full = section(&dom, "level-full");
    assert!(!full[..full.find('>').unwrap()].contains("hidden"));
    let per_level = |p: &str| -> u64 {
        partials
            .iter()
            .map(|f| {
                let (_, out, _) = run(minhbach().arg("merge").arg(f).args([
                    "--by",
                    "procedure",
                    "--format",
                    "json",
                ]));
                json(&out)["groups"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|g| g["key"]["procedure"] == p)
                    .map(|g| g["received"].as_u64().unwrap())
                    .sum::<u64>()
            })
            .sum()
    };
    let received = cols.iter().position(|c| c == "received").unwrap();
    assert_eq!(total(full)[received - 1], per_level("P1").to_string());
    let none = section(&dom, "level-none");
    assert_eq!(total(none)[received - 1], per_level("P3").to_string());
}

/// A province's 700 communes: one row each, and a sort in the browser under 100 ms (the
/// best of up to three page loads).
#[test]
fn a_700_unit_page_sorts_under_100_ms() {
    use minhbach_engine::aggregate::partial::Partial;
    use minhbach_engine::aggregate::{GroupKey, Query, Window};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let day = |m, dd| chrono::NaiveDate::from_ymd_opt(2021, m, dd).unwrap();
    let q = Query::new(Window::days(day(1, 1), day(6, 30)).unwrap()).group_by([GroupKey::Month]);
    let mut partials = Vec::new();
    for u in 0..700u32 {
        let mut csv = String::from(HEADER);
        for i in 0..(1 + u % 9) {
            let late = (u + i) % 5 == 0;
            csv.push_str(&format!(
                "X{u}-{i},2021-0{m}-01T08:00:00,P1,direct,2021-0{m}-05T17:00:00,2021-0{m}-{r}T09:00:00\n",
                m = 1 + i % 6,
                r = if late { "09" } else { "03" }
            ));
        }
        let src = d.join(format!("x{u}.csv"));
        std::fs::write(&src, csv).unwrap();
        let p = Partial::from_files(&format!("xã số {u}"), &[src.as_path()], &q).unwrap();
        let out = d.join(format!("x{u}.json"));
        std::fs::write(&out, p.to_bytes().unwrap()).unwrap();
        partials.push(out);
    }
    let page = d.join("tinh.html");
    let (code, _, err) = run(minhbach().arg("page").args(&partials).arg("-o").arg(&page));
    assert_eq!(code, 0, "{err}");
    let Some(bin) = chromium() else { return };
    let dom = browse(bin, &page, "#sort=received&dir=desc", None);
    let all = section(&dom, "all");
    let got = rows(all);
    assert_eq!(got.len(), 700);
    let received: Vec<u64> = got.iter().map(|r| r.2[1].parse().unwrap()).collect();
    assert!(received.windows(2).all(|w| w[0] >= w[1]), "not sorted");
    let total_received: u64 = total(all)[0].parse().unwrap();
    assert_eq!(total_received, (0..700u64).map(|u| 1 + u % 9).sum::<u64>());
    let sort_ms = |dom: &str| -> f64 {
        attr(&dom[dom.find("<html").unwrap()..], "data-sort-ms")
            .unwrap()
            .parse()
            .unwrap()
    };
    // The browser's own clock around the sort. One load can stall on a shared 2-core
    // machine (a collection, another test's browser): up to three loads, the best counts.
    let mut times = vec![sort_ms(&dom)];
    while times.iter().all(|&ms| ms >= 100.0) && times.len() < 3 {
        times.push(sort_ms(&browse(
            bin,
            &page,
            "#sort=received&dir=desc",
            None,
        )));
    }
    assert!(
        times.iter().any(|&ms| ms < 100.0),
        "sorting 700 rows took {times:?} ms in three loads"
    );
    browse(
        bin,
        &page,
        "#sort=received&dir=desc",
        Some(&artefacts().join("tinh-700.png")),
    );
}

/// Partials saved `--by online_level,month` (each dossier's own level, else its procedure's in
/// the catalogue given to `aggregate`): `merge` groups them by unit and level, and the page
/// has one view per level, without a catalogue of its own, each view's total equal to
/// `merge`'s figures for that level (the unrecognised and empty levels in "level-none").
#[test]
fn partials_by_online_level_merge_and_filter_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let catalogue = file(
        d,
        "thu-tuc.csv",
        "Mã thủ tục,Tên thủ tục,Thời hạn giải quyết,Mức độ\nP1,Thủ tục một,5,toàn trình\nP2,Thủ tục hai,5,một phần\n",
    );
    let mut partials = Vec::new();
    for (seed, unit) in ["xã An Vĩnh", "xã An Hải"].iter().enumerate() {
        let mut csv =
            String::from("id,received_at,procedure_code,online_level,due_at,resolved_at\n");
        for i in 0..(9 + seed * 4) {
            let month = 1 + (i + seed) % 4;
            let (code, own) = [
                ("P1", ""),
                ("P2", ""),
                ("P3", "Mức độ 3"),
                ("P3", ""),
                ("P1", "4"),
                ("P2", "khác"),
            ][(i * (seed + 1)) % 6];
            let resolved = if i % 3 == 0 {
                String::new()
            } else {
                format!("2021-{month:02}-0{}T10:00:00", 3 + i % 5)
            };
            csv.push_str(&format!(
                "U{seed}-{i},2021-{month:02}-02T08:00:00,{code},{own},2021-{month:02}-05T17:00:00,{resolved}\n"
            ));
        }
        let src = file(d, &format!("u{seed}.csv"), &csv);
        let out = d.join(format!("u{seed}.json"));
        let (code, _, err) = run(aggregate_h1_of(&src)
            .args([
                "--by",
                "online_level,month",
                "--unit",
                unit,
                "--save-partial",
            ])
            .arg(&out)
            .arg("--procedures")
            .arg(&catalogue)
            .arg("-q"));
        assert_eq!(code, 0, "{err}");
        partials.push(out);
    }
    let (code, out, err) = run(minhbach().arg("merge").args(&partials).args([
        "--by",
        "unit,online_level",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    let merged = json(&out);
    let received = |level: &dyn Fn(&str) -> bool| -> u64 {
        merged["groups"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| level(g["key"]["online_level"].as_str().unwrap()))
            .map(|g| g["received"].as_u64().unwrap())
            .sum()
    };
    assert_eq!(
        received(&|_| true),
        merged["total"]["received"].as_u64().unwrap()
    );
    assert!(received(&|l| l == "mức độ 4") > 0);
    let page = d.join("thong-ke.html");
    let (code, _, err) = run(minhbach().arg("page").args(&partials).arg("-o").arg(&page));
    no_panic(&err);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&page).unwrap();
    let cols = columns(section(&html, "all"));
    let at = cols.iter().position(|c| c == "received").unwrap() - 1;
    for (view, level) in [
        ("level-level_3", "mức độ 3"),
        ("level-level_4", "mức độ 4"),
        ("level-full", "toàn trình"),
        ("level-partial", "một phần"),
    ] {
        let got = &total(section(&html, view))[at];
        assert_eq!(got, &received(&|l| l == level).to_string(), "{view}");
    }
    let unknown = received(&|l| l.is_empty() || l == "khác");
    assert!(unknown > 0);
    assert_eq!(total(section(&html, "level-none"))[at], unknown.to_string());
    assert!(html.contains(">Không rõ mức độ</option>"));
}
