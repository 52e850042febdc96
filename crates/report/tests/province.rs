//! The consolidated report of a province bundle (`[[unit]]`s instead of a dossiers file):
//! golden files for every writer, the consolidated total against the aggregation of every
//! underlying dossier file at once, partials and district bundles giving the same figures,
//! and the refusals (a listed partial missing, tampered, truncated or of another period; a
//! unit path leading out of the bundle).
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too
#![allow(clippy::string_slice)] // test code: a slice off a character boundary fails the test
mod common;

use std::path::{Path, PathBuf};

use common::{check_golden, golden_dir};
use minhbach_engine::aggregate::partial::Partial;
use minhbach_engine::aggregate::{Counts, MeasureId, Query, Reader, Window};
use minhbach_engine::EngineError;
use minhbach_report::tree::ReportDocument;
use minhbach_report::{
    compose_consolidated, consolidate, vi, writer, Bundle, Consolidation, ReportError,
};

const DISTRICTS: [(&str, &str); 3] = [
    ("binh-son", "huyện Bình Sơn"),
    ("son-tinh", "huyện Sơn Tịnh"),
    ("tu-nghia", "huyện Tư Nghĩa"),
];

fn province_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/tinh-quang-ngai-2021-h1")
}

fn province() -> ReportDocument {
    minhbach_report::build_report(province_dir()).unwrap()
}

#[test]
fn text_matches_golden() {
    check_golden(
        &golden_dir().join("tinh-quang-ngai-2021-h1.txt"),
        &writer::to_text(&province()),
    );
}

#[test]
fn markdown_matches_golden() {
    check_golden(
        &golden_dir().join("tinh-quang-ngai-2021-h1.md"),
        &writer::to_markdown(&province()),
    );
}

#[test]
fn html_matches_golden() {
    check_golden(
        &golden_dir().join("tinh-quang-ngai-2021-h1.html.golden"),
        &writer::to_html(&province()),
    );
}

#[test]
fn docx_document_xml_matches_golden() {
    let xml = writer::to_docx_xml(&province()).document;
    check_golden(&golden_dir().join("tinh-quang-ngai-2021-h1.docx.xml"), &xml);
    // And the package itself is a DOCX docx-rs reads back.
    let bytes = writer::to_docx(&province()).unwrap();
    docx_rs::read_docx(&bytes).unwrap();
}

/// The PDF typeset by typst, read back by poppler's `pdftotext -layout`.
#[cfg(feature = "pdf")]
#[test]
fn pdf_text_matches_golden() {
    let pdf = writer::to_pdf(&province()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tinh.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext not found ({e}): install poppler-utils"));
    assert!(out.status.success());
    check_golden(
        &golden_dir().join("tinh-quang-ngai-2021-h1.pdf.txt"),
        &String::from_utf8(out.stdout).unwrap(),
    );
}

/// Every writer carries the per-unit Biểu 06 rows, the total, the ranking and the chart.
#[test]
fn every_writer_has_the_unit_rows_ranking_and_chart() {
    let doc = province();
    let html = writer::to_html(&doc);
    let md = writer::to_markdown(&doc);
    let txt = writer::to_text(&doc);
    let docx = writer::to_docx_xml(&doc).document;
    for (name, out) in [("html", &html), ("md", &md), ("txt", &txt), ("docx", &docx)] {
        for (_, unit) in DISTRICTS {
            assert!(
                out.matches(unit).count() >= 3,
                "{name}: {unit} in Biểu 06, the ranking and the chart"
            );
        }
        assert!(out.contains("Tổng cộng"), "{name}: total row");
        assert!(
            out.contains("XẾP HẠNG CÁC ĐƠN VỊ THEO TỶ LỆ ĐÚNG HẠN"),
            "{name}: ranking appendix"
        );
        assert!(
            out.contains("Tỷ lệ đúng hạn theo đơn vị"),
            "{name}: per-unit chart"
        );
    }
    assert!(html.contains("<svg"), "the HTML chart is an inline SVG");
}

/// The dossiers files of the example's district bundles, concatenated into one file.
fn all_dossiers_in_one_file(dir: &Path) -> PathBuf {
    let mut all = String::new();
    for (i, (d, _)) in DISTRICTS.iter().enumerate() {
        let text = std::fs::read_to_string(province_dir().join(d).join("dossiers.csv")).unwrap();
        let body = if i == 0 {
            text.as_str()
        } else {
            text.split_once('\n').unwrap().1
        };
        all.push_str(body);
    }
    let path = dir.join("all.csv");
    std::fs::write(&path, all).unwrap();
    path
}

/// The query of the province bundle, with the due dates of its district bundles.
fn province_query(bundle: &Bundle) -> Query {
    let district = Bundle::load(province_dir().join(DISTRICTS[0].0)).unwrap();
    Query::new(Window::from(&bundle.period))
        .as_of(bundle.cut_off())
        .with_policy(bundle.policy().unwrap())
        .with_due_dates(district.due_dates().unwrap())
}

#[test]
fn consolidated_total_equals_the_aggregation_of_every_dossier_file_at_once() {
    let bundle = Bundle::load(province_dir()).unwrap();
    let c = consolidate(&bundle).unwrap().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let all = all_dossiers_in_one_file(tmp.path());
    let query = province_query(&bundle);
    let reader = Reader::new();
    let at_once = reader.aggregate_file(&all, &query).unwrap().total();
    assert!(at_once.handled() > 1000);
    assert_eq!(c.summary.total, at_once);
    // Each unit's row is its own file's aggregation, in the order of [[unit]].
    let mut sum = Counts::default();
    for ((d, unit), row) in DISTRICTS.iter().zip(&c.summary.by_agency) {
        let own = reader
            .aggregate_file(province_dir().join(d).join("dossiers.csv"), &query)
            .unwrap()
            .total();
        assert_eq!(row.agency, *unit);
        assert_eq!(row.counts, own);
        sum.merge(&own);
    }
    assert_eq!(sum, at_once);
    assert_eq!(c.units, 3);
    assert_eq!(c.shared.dossiers, 0);
    // The report states the merged figures.
    let text = writer::to_text(&compose_consolidated(&bundle, &c).unwrap());
    let sentence = format!(
        "{}/{} hồ sơ đã giải quyết xong theo đúng thời gian quy định",
        vi::int(at_once.resolved_in_time()),
        vi::int(at_once.handled())
    );
    assert!(text.contains(&sentence), "{sentence}");
}

/// The ranking is the engine's (ties share the best rank) over the units' own figures.
#[test]
fn ranking_follows_the_measure_of_report_toml() {
    let bundle = Bundle::load(province_dir()).unwrap();
    let c: Consolidation = consolidate(&bundle).unwrap().unwrap();
    assert_eq!(c.measure, MeasureId::OnTimeRate);
    let options = bundle.policy().unwrap().measures;
    let m = MeasureId::OnTimeRate.measure();
    for (r, row) in c.ranking.iter().zip(&c.summary.by_agency) {
        assert_eq!(r.unit, row.agency);
        assert_eq!(r.value, m.compute(&row.counts, &options));
        let better = c
            .ranking
            .iter()
            .filter(|o| o.value.unwrap() > r.value.unwrap())
            .count();
        assert_eq!(r.rank, Some(better as u32 + 1));
    }
}

/// A temporary province bundle: the example's report.toml with `units` in place of its
/// `[[unit]]` list, and copies of the example's district bundles.
struct Temp {
    dir: tempfile::TempDir,
}

impl Temp {
    fn new(units: &str) -> Temp {
        let dir = tempfile::tempdir().unwrap();
        let src = std::fs::read_to_string(province_dir().join("report.toml")).unwrap();
        let head = &src[..src.find("\n[[unit]]").unwrap() + 1];
        let tail = &src[src.find("\n[recipients]").unwrap() + 1..];
        std::fs::write(
            dir.path().join("report.toml"),
            format!("{head}{units}\n{tail}"),
        )
        .unwrap();
        for (d, _) in DISTRICTS {
            std::fs::create_dir(dir.path().join(d)).unwrap();
            for f in ["report.toml", "dossiers.csv"] {
                std::fs::copy(province_dir().join(d).join(f), dir.path().join(d).join(f)).unwrap();
            }
        }
        Temp { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Saves the partial of district `d` (index into DISTRICTS) under `query` as `name`.
    fn partial(&self, d: usize, query: &Query, name: &str) -> PathBuf {
        let (folder, unit) = DISTRICTS[d];
        let file = province_dir().join(folder).join("dossiers.csv");
        let p = Partial::read(unit, &[file.as_path()], &Reader::new(), query).unwrap();
        let path = self.path().join(name);
        std::fs::write(&path, p.to_bytes().unwrap()).unwrap();
        path
    }

    fn consolidate(&self) -> Result<Option<Consolidation>, ReportError> {
        consolidate(&Bundle::load(self.path())?)
    }
}

fn partial_units(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("[[unit]]\npartial = \"{n}\"\n"))
        .collect()
}

#[test]
fn partials_and_district_bundles_give_the_same_report() {
    let example = consolidate(&Bundle::load(province_dir()).unwrap())
        .unwrap()
        .unwrap();
    let query = province_query(&Bundle::load(province_dir()).unwrap());
    // All three as partials.
    let t = Temp::new(&partial_units(&["a.partial", "b.partial", "c.partial"]));
    for (i, n) in ["a.partial", "b.partial", "c.partial"].iter().enumerate() {
        t.partial(i, &query, n);
    }
    let c = t.consolidate().unwrap().unwrap();
    assert_eq!(c.summary.total, example.summary.total);
    assert_eq!(c.summary.by_agency, example.summary.by_agency);
    assert_eq!(c.ranking, example.ranking);
    // Mixed: a partial, then two district bundles.
    let t = Temp::new(
        "[[unit]]\npartial = \"a.partial\"\n[[unit]]\nbundle = \"son-tinh\"\nname = \"huyện Sơn Tịnh\"\n[[unit]]\nbundle = \"tu-nghia\"\nname = \"huyện Tư Nghĩa\"\n",
    );
    t.partial(0, &query, "a.partial");
    let c = t.consolidate().unwrap().unwrap();
    assert_eq!(c.summary.by_agency, example.summary.by_agency);
}

fn err_text(e: ReportError) -> String {
    e.to_string()
}

#[test]
fn a_missing_partial_is_named() {
    let t = Temp::new(&partial_units(&["huyen/khong-co.partial"]));
    let e = t.consolidate().unwrap_err();
    assert!(matches!(e, ReportError::MissingFile { .. }), "{e}");
    assert!(err_text(e).contains("khong-co.partial"));
}

#[test]
fn a_tampered_or_truncated_partial_is_refused_naming_it() {
    let query = province_query(&Bundle::load(province_dir()).unwrap());
    let t = Temp::new(&partial_units(&["a.partial", "b.partial"]));
    t.partial(0, &query, "a.partial");
    let b = t.partial(1, &query, "b.partial");
    let mut bytes = std::fs::read(&b).unwrap();
    // The classification code of the last digest record: the records no longer sum to
    // the counts.
    let at = bytes.len() - 25 + 12;
    bytes[at] ^= 0x01;
    std::fs::write(&b, &bytes).unwrap();
    let e = t.consolidate().unwrap_err();
    let msg = err_text(e);
    assert!(msg.contains("b.partial"), "{msg}");
    // Truncated.
    bytes.truncate(bytes.len() / 3);
    std::fs::write(&b, &bytes).unwrap();
    let e = t.consolidate().unwrap_err();
    assert!(
        matches!(&e, ReportError::Engine { source, .. } if matches!(**source, EngineError::BadPartial { .. })),
        "{e}"
    );
    assert!(err_text(e).contains("b.partial"));
    // Not a partial at all.
    std::fs::write(&b, b"{\"format\": \"something-else\"}").unwrap();
    let msg = err_text(t.consolidate().unwrap_err());
    assert!(
        msg.contains("b.partial") && msg.contains("not a minhbach partial"),
        "{msg}"
    );
    // Named once.
    assert_eq!(msg.matches("b.partial").count(), 1, "{msg}");
}

#[test]
fn a_partial_of_another_period_is_refused_naming_it_and_report_toml() {
    let bundle = Bundle::load(province_dir()).unwrap();
    let t = Temp::new(&partial_units(&["q1.partial"]));
    let q1 = Query::new(Window::from(
        &minhbach_model::Period::parse("2021-Q1").unwrap(),
    ))
    .with_policy(bundle.policy().unwrap());
    t.partial(0, &q1, "q1.partial");
    let e = t.consolidate().unwrap_err();
    assert!(
        matches!(&e, ReportError::Engine { source, .. } if matches!(**source, EngineError::MergeMismatch { .. })),
        "{e}"
    );
    let msg = err_text(e);
    assert!(
        msg.contains("q1.partial") && msg.contains("report.toml") && msg.contains("period"),
        "{msg}"
    );
    // Another convention.
    let t = Temp::new(&partial_units(&["766.partial"]));
    let q = Query::new(Window::from(&bundle.period))
        .as_of(bundle.cut_off())
        .with_policy(
            minhbach_engine::aggregate::PolicySpec {
                preset: Some("decision766".into()),
                ..Default::default()
            }
            .to_policy()
            .unwrap(),
        );
    t.partial(0, &q, "766.partial");
    let msg = err_text(t.consolidate().unwrap_err());
    assert!(
        msg.contains("766.partial") && msg.contains("convention"),
        "{msg}"
    );
}

#[test]
fn a_district_bundle_of_another_period_is_refused_naming_it() {
    let t = Temp::new("[[unit]]\nbundle = \"binh-son\"\n[[unit]]\nbundle = \"son-tinh\"\n");
    let p = t.path().join("son-tinh/report.toml");
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("code = \"2021-H1\"", "code = \"2021-H2\"");
    std::fs::write(&p, text).unwrap();
    let msg = err_text(t.consolidate().unwrap_err());
    assert!(msg.contains("son-tinh") && msg.contains("period"), "{msg}");
}

#[test]
fn the_same_unit_twice_is_refused() {
    let query = province_query(&Bundle::load(province_dir()).unwrap());
    let t = Temp::new(&partial_units(&["a.partial", "a2.partial"]));
    t.partial(0, &query, "a.partial");
    t.partial(0, &query, "a2.partial");
    let msg = err_text(t.consolidate().unwrap_err());
    assert!(
        msg.contains("a.partial") && msg.contains("a2.partial"),
        "{msg}"
    );
}

#[test]
fn unit_paths_leading_out_of_the_bundle_are_refused() {
    for (units, why) in [
        (
            "[[unit]]\nbundle = \"../elsewhere\"\n",
            "goes up out of the folder",
        ),
        ("[[unit]]\npartial = \"/etc/passwd\"\n", "absolute path"),
        (
            "[[unit]]\npartial = \"binh-son/../../x.partial\"\n",
            "goes up out of the folder",
        ),
    ] {
        let t = Temp::new(units);
        let e = Bundle::load(t.path()).unwrap_err();
        assert!(matches!(e, ReportError::FileRefused { .. }), "{e}");
        let msg = err_text(e);
        assert!(msg.contains("[[unit]] 1") && msg.contains(why), "{msg}");
    }
    // Through a symbolic link.
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        let t = Temp::new("[[unit]]\nbundle = \"lien-ket\"\n");
        std::os::unix::fs::symlink(outside.path(), t.path().join("lien-ket")).unwrap();
        let msg = err_text(Bundle::load(t.path()).unwrap_err());
        assert!(msg.contains("leads outside the bundle folder"), "{msg}");
    }
}

#[test]
fn unit_lists_are_checked() {
    for (units, field) in [
        ("[[unit]]\n", "unit[0]"),
        (
            "[[unit]]\npartial = \"a.partial\"\nbundle = \"binh-son\"\n",
            "unit[0]",
        ),
        (
            "[[unit]]\npartial = \"a.partial\"\nname = \"x\"\n",
            "unit[0].name",
        ),
    ] {
        let t = Temp::new(units);
        let msg = err_text(Bundle::load(t.path()).unwrap_err());
        assert!(msg.contains(field), "{units}: {msg}");
    }
    // An unknown ranking measure.
    let t = Temp::new("[[unit]]\nbundle = \"binh-son\"\n");
    let p = t.path().join("report.toml");
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("rank_by = \"on_time_rate\"", "rank_by = \"speed\"");
    std::fs::write(&p, text).unwrap();
    let msg = err_text(Bundle::load(t.path()).unwrap_err());
    assert!(
        msg.contains("consolidation.rank_by") && msg.contains("speed"),
        "{msg}"
    );
    // Units and a dossiers file at once.
    let t = Temp::new(
        "[[unit]]\nbundle = \"binh-son\"\n[files]\ndossiers = \"binh-son/dossiers.csv\"\n",
    );
    let msg = err_text(Bundle::load(t.path()).unwrap_err());
    assert!(msg.contains("files.dossiers"), "{msg}");
}

#[test]
fn another_ranking_measure_is_used_for_the_table_and_chart() {
    let t = Temp::new(
        "[[unit]]\nbundle = \"binh-son\"\n[[unit]]\nbundle = \"son-tinh\"\n[[unit]]\nbundle = \"tu-nghia\"\n",
    );
    let p = t.path().join("report.toml");
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("rank_by = \"on_time_rate\"", "rank_by = \"late_rate\"");
    std::fs::write(&p, text).unwrap();
    let bundle = Bundle::load(t.path()).unwrap();
    let c = consolidate(&bundle).unwrap().unwrap();
    assert_eq!(c.measure, MeasureId::LateRate);
    // Unit names default to each district bundle's place.
    assert_eq!(c.ranking[0].unit, "Bình Sơn");
    let txt = writer::to_text(&compose_consolidated(&bundle, &c).unwrap());
    assert!(
        txt.contains("XẾP HẠNG CÁC ĐƠN VỊ THEO TỶ LỆ QUÁ HẠN"),
        "{txt}"
    );
    assert!(txt.contains("thấp hơn là tốt hơn"));
}
