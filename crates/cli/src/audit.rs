//! `minhbach audit`: checks the dossier figures a published report or press release states
//! (or figures typed into a TOML file). The engine reads and checks the figures
//! (`minhbach_engine::audit`); this module reads the file (text, Markdown, HTML, DOCX, TOML or
//! standard input) and writes the result.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use minhbach_engine::audit::{self, Checks, Figures, Severity};
use minhbach_engine::EngineError;
use minhbach_model::Bilingual;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::failure::{tr, Failure, FileRole, Lang, RunLang, RunOutcome};
use crate::input;
use crate::output::{self, Destination};
use crate::progress::Ui;

/// Largest input read (text, or the text of a DOCX once decompressed).
const MAX_INPUT: u64 = 256 * 1024 * 1024;

/// `minhbach audit …`
#[derive(Debug, Args)]
#[command(after_help = "\
Reads the dossier figures a report or press release states (tiếp nhận, đã giải quyết, đúng
hạn, quá hạn, đang giải quyết, trực tuyến, tỷ lệ …, per scope and period), then checks every
Biểu 06 identity the figures allow and recomputes every stated rate under every denominator
and rounding of the measures catalogue. FILE is .txt, .md, .html, .docx, .toml (figures typed
by hand, see docs/audit.md) or - for standard input (read as text). With -o, the output
file's extension (.txt, .json, .md) chooses the format unless --format is given.

Exit code 1 when a check fails (an identity is broken or a rate cannot be reproduced) or when
no dossier figure is found; 0 when every check passes.

Examples:
  minhbach audit bao-cao-quy-1.docx
  minhbach audit thong-cao.html --format json
  pdftotext bao-cao.pdf - | minhbach audit -
  minhbach audit so-lieu.toml -o kiem-tra.md")]
pub struct AuditArgs {
    /// The report (.txt, .md, .html, .docx), a figures file (.toml), or - for standard input.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Output format (default: the -o file's extension, .txt, .json or .md; else text).
    #[arg(long, value_enum)]
    format: Option<AuditFormat>,
    /// Output file (default: standard output).
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum AuditFormat {
    /// A readable report with the arithmetic written out.
    #[value(alias = "txt")]
    Text,
    /// JSON (stable contract, docs/cli.md).
    Json,
    /// Markdown tables.
    #[value(alias = "markdown")]
    Md,
}

/// The JSON document: the engine's figures and checks, each reason and arithmetic with its
/// text in the language of the run beside its code (`reason` / `reason_code`) or its data
/// (`message` / `arithmetic`).
#[derive(Serialize)]
struct AuditJson<'a> {
    figures: &'a [audit::StatedFigure],
    unattached: Vec<Worded<'a, audit::Unattached>>,
    findings: Vec<Worded<'a, audit::Finding>>,
    unchecked: Vec<Worded<'a, audit::Unchecked>>,
}

/// An engine record with one text field added in the language of the run.
struct Worded<'a, T> {
    record: &'a T,
    key: &'static str,
    text: String,
}

impl<T: Serialize> Serialize for Worded<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Flat<'b, T> {
            #[serde(flatten)]
            record: &'b T,
            #[serde(flatten)]
            text: std::collections::BTreeMap<&'static str, &'b str>,
        }
        Flat {
            record: self.record,
            text: std::iter::once((self.key, self.text.as_str())).collect(),
        }
        .serialize(s)
    }
}

impl<'a> AuditJson<'a> {
    fn new(lang: Lang, figures: &'a Figures, checks: &'a Checks) -> AuditJson<'a> {
        fn worded<'a, T>(
            records: &'a [T],
            key: &'static str,
            text: impl Fn(&T) -> String,
        ) -> Vec<Worded<'a, T>> {
            records
                .iter()
                .map(|record| Worded {
                    record,
                    key,
                    text: text(record),
                })
                .collect()
        }
        AuditJson {
            figures: &figures.figures,
            unattached: worded(&figures.unattached, "reason", |u| {
                u.reason.in_lang(lang).to_string()
            }),
            findings: worded(&checks.findings, "message", |f| {
                f.arithmetic.in_lang(lang).to_string()
            }),
            unchecked: worded(&checks.unchecked, "reason", |u| {
                u.reason.in_lang(lang).to_string()
            }),
        }
    }
}

pub fn run(args: AuditArgs, _ui: &Ui) -> Result<RunOutcome, Failure> {
    let format = output::chosen_format(args.format, args.output.as_deref(), AuditFormat::Text)?;
    let target = Destination::from_arg(args.output.as_deref());
    let stdin = args.file.as_os_str() == "-";
    let inputs = if stdin {
        Vec::new()
    } else {
        vec![args.file.clone()]
    };
    target.check(&inputs, None)?;
    let shown = if stdin {
        "standard input".to_string()
    } else {
        args.file.display().to_string()
    };
    let kind = if stdin {
        InputKind::Text
    } else {
        InputKind::of(&args.file)?
    };
    let text = match kind {
        InputKind::Docx => docx_text(&args.file)?,
        _ => {
            let bytes = if stdin {
                read_stdin()?
            } else {
                input::check_file(&args.file, FileRole::Report)?;
                read_limited(&args.file)?
            };
            as_text(bytes, &shown)?
        }
    };
    if text.trim().is_empty() {
        return Err(Failure::data(tr(
            format!("{shown} is empty: no dossier figures found"),
            format!("{shown} trống: không có số liệu hồ sơ nào"),
        ))
        .fix(tr(
            "give the text of the report (.txt, .md, .html, .docx) or a figures file (.toml)",
            "chỉ ra văn bản báo cáo (.txt, .md, .html, .docx) hoặc tệp số liệu (.toml)",
        )));
    }
    let text = if kind == InputKind::Html {
        html_text(&text)
    } else {
        text
    };
    let figures = match kind {
        InputKind::Toml => Figures::from_toml(&text),
        _ => audit::extract(&text),
    }
    .map_err(|e| engine_failure(&shown, kind, e))?;
    if figures.is_empty() {
        let mut f = Failure::data(tr(
            format!("no dossier figures found in {shown} (không tìm thấy số liệu hồ sơ nào)"),
            format!("không tìm thấy số liệu hồ sơ nào trong {shown}"),
        ));
        let n = figures.unattached.len();
        f = if figures.unattached.is_empty() {
            f.fix(tr(
                "the text must state dossier counts or rates, e.g. \"đã tiếp nhận 12.345 hồ sơ\"",
                "văn bản phải nêu số hồ sơ hoặc tỷ lệ, ví dụ \"đã tiếp nhận 12.345 hồ sơ\"",
            ))
        } else {
            f.fix(tr(
                format!(
                    "{n} number(s) look like dossier figures but could not be attached; \
                     type the figures into a TOML file (docs/audit.md)"
                ),
                format!(
                    "{} số trông như số liệu hồ sơ nhưng không xác định được là số liệu nào; ghi \
                     các số liệu vào tệp TOML (docs/audit.md)",
                    minhbach_model::vi::int(n as u64)
                ),
            ))
        };
        return Err(f);
    }
    let checks = audit::check(&figures);
    let lang = Lang::current();
    let out = match format {
        AuditFormat::Json => {
            let mut s = serde_json::to_string_pretty(&AuditJson::new(lang, &figures, &checks))
                .map_err(|e| {
                    Failure::internal(tr(
                        format!("cannot serialise the JSON output: {e}"),
                        format!("không ghi được kết quả dạng JSON: {e}"),
                    ))
                })?;
            s.push('\n');
            s
        }
        AuditFormat::Text => text_report(lang, &shown, &text, &figures, &checks),
        AuditFormat::Md => markdown_report(lang, &shown, &figures, &checks),
    };
    target.write(out.as_bytes())?;
    Ok(if checks.has_problems() {
        RunOutcome::DataProblems
    } else {
        RunOutcome::Success
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InputKind {
    Text,
    Html,
    Docx,
    Toml,
}

impl InputKind {
    fn of(path: &Path) -> Result<InputKind, Failure> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        Ok(match ext.as_str() {
            "html" | "htm" | "xhtml" => InputKind::Html,
            "docx" => InputKind::Docx,
            "toml" => InputKind::Toml,
            "pdf" | "doc" | "xls" | "xlsx" | "png" | "jpg" | "jpeg" | "tif" | "tiff" => {
                let p = path.display();
                return Err(Failure::usage(tr(
                    format!("{p}: .{ext} files are not read by audit"),
                    format!("{p}: lệnh audit không đọc tệp .{ext}"),
                ))
                .fix(tr(
                    "save the report as .docx, .html or .txt (for a PDF with text: \
                     pdftotext FILE.pdf - | minhbach audit -; a scanned PDF needs OCR first), \
                     or type the figures into a TOML file (docs/audit.md)",
                    "lưu báo cáo dạng .docx, .html hoặc .txt (PDF có chữ: pdftotext TỆP.pdf - | \
                     minhbach audit -; PDF quét ảnh cần nhận dạng chữ (OCR) trước), hoặc ghi các \
                     số liệu vào tệp TOML (docs/audit.md)",
                )));
            }
            _ => InputKind::Text,
        })
    }
}

fn engine_failure(shown: &str, kind: InputKind, e: EngineError) -> Failure {
    let fix = if kind == InputKind::Toml {
        tr(
            "correct the figures file at that line (its format is in docs/audit.md)",
            "sửa tệp số liệu ở dòng đó (cách ghi tệp xem docs/audit.md)",
        )
    } else {
        tr(
            "correct the number or date in the text (or type the figures into a TOML file)",
            "sửa số hoặc ngày trong văn bản (hoặc ghi các số liệu vào tệp TOML)",
        )
    };
    Failure::data(format!("{shown}: {}", crate::error_text::engine(&e))).fix(fix)
}

fn too_large(shown: &str) -> Failure {
    let mib = MAX_INPUT / (1024 * 1024);
    Failure::data(tr(
        format!("{shown} is larger than {mib} MiB"),
        format!("{shown} lớn hơn {mib} MiB"),
    ))
    .fix(tr(
        "audit one report at a time",
        "mỗi lần chỉ kiểm tra một báo cáo",
    ))
}

fn read_limited(path: &Path) -> Result<Vec<u8>, Failure> {
    let file = std::fs::File::open(path).map_err(|e| Failure::read(path, FileRole::Report, &e))?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::read(path, FileRole::Report, &e))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(too_large(&path.display().to_string()));
    }
    Ok(bytes)
}

fn read_stdin() -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            Failure::data(tr(
                format!("cannot read standard input: {e}"),
                format!("không đọc được đầu vào chuẩn: {e}"),
            ))
        })?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(too_large(&tr("standard input", "đầu vào chuẩn")));
    }
    Ok(bytes)
}

/// UTF-8 text (a byte-order mark dropped); a PDF, an image or any binary file is refused with
/// a clear message.
fn as_text(bytes: Vec<u8>, shown: &str) -> Result<String, Failure> {
    if bytes.starts_with(b"%PDF") {
        return Err(Failure::data(tr(
            format!("{shown} is a PDF file, not text: no dossier figures found"),
            format!("{shown} là tệp PDF, không phải văn bản: không tìm thấy số liệu hồ sơ"),
        ))
        .fix(tr(
            "extract its text first (pdftotext FILE.pdf - | minhbach audit -); a scanned PDF \
             holds only images and needs OCR, or type the figures into a TOML file",
            "lấy chữ ra trước (pdftotext TỆP.pdf - | minhbach audit -); PDF quét chỉ có ảnh, cần \
             nhận dạng chữ (OCR), hoặc ghi các số liệu vào tệp TOML",
        )));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Failure::data(tr(
            format!("{shown} is a ZIP archive (DOCX, XLSX, …), not text"),
            format!("{shown} là tệp nén ZIP (DOCX, XLSX, …), không phải văn bản"),
        ))
        .fix(tr(
            "name a .docx file with its .docx extension, or save the report as text",
            "đặt tên tệp .docx có đuôi .docx, hoặc lưu báo cáo dạng văn bản",
        )));
    }
    let head = bytes.get(..8192).unwrap_or(&bytes);
    if head.contains(&0) {
        return Err(Failure::data(tr(
            format!("{shown} is a binary file, not text: no dossier figures found"),
            format!("{shown} là tệp nhị phân, không phải văn bản: không tìm thấy số liệu hồ sơ"),
        ))
        .fix(tr(
            "save the report as .txt, .html or .docx",
            "lưu báo cáo dạng .txt, .html hoặc .docx",
        )));
    }
    input::decode_text(bytes).map_err(|line| {
        Failure::data(tr(
            format!("{shown}:{line}: not valid UTF-8 text"),
            format!("{shown}:{line}: không phải văn bản UTF-8 hợp lệ"),
        ))
        .fix(tr(
            "save the file as UTF-8 text",
            "lưu lại tệp dạng văn bản UTF-8",
        ))
    })
}

/// The text of a DOCX: `word/document.xml`, one line per paragraph.
fn docx_text(path: &Path) -> Result<String, Failure> {
    input::check_file(path, FileRole::Report)?;
    let shown = path.display().to_string();
    let bad = |why: String| {
        Failure::data(tr(
            format!("{shown}: not a readable DOCX file ({why})"),
            format!("{shown}: không đọc được tệp DOCX ({why})"),
        ))
        .fix(tr(
            "open it in Word or LibreOffice and save it again as .docx",
            "mở tệp bằng Word hoặc LibreOffice rồi lưu lại dạng .docx",
        ))
    };
    let file = std::fs::File::open(path).map_err(|e| Failure::read(path, FileRole::Report, &e))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| bad(e.to_string()))?;
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|e| bad(format!("word/document.xml: {e}")))?;
    let mut xml = Vec::new();
    entry
        .take(MAX_INPUT + 1)
        .read_to_end(&mut xml)
        .map_err(|e| bad(e.to_string()))?;
    if xml.len() as u64 > MAX_INPUT {
        return Err(too_large(&shown));
    }
    docx_xml_text(&xml).map_err(bad)
}

/// Pulls the text out of WordprocessingML: `w:t` runs, tabs and breaks; a line per paragraph.
fn docx_xml_text(xml: &[u8]) -> Result<String, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = String::new();
    let mut in_text = false;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().into_inner() == "t" => in_text = true,
            Ok(Event::End(e)) => match e.local_name().into_inner() {
                "t" => in_text = false,
                "p" => out.push('\n'),
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().into_inner() {
                "ta" => out.push('\t'),
                "br" | "cr" => out.push('\n'),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => out.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if in_text => match r.resolve_char_ref() {
                Ok(Some(c)) => out.push(c),
                _ => match r.into_inner().as_ref() {
                    "amp" => out.push('&'),
                    "lt" => out.push('<'),
                    "gt" => out.push('>'),
                    "quot" => out.push('"'),
                    "apos" => out.push('\''),
                    _ => {}
                },
            },
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(e.to_string()),
        }
        buf.clear();
    }
    Ok(out)
}

/// The visible text of an HTML page: tags removed, `script`/`style` dropped, a line break for
/// each block element, character references decoded.
fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(rest.get(..lt).unwrap_or("")));
        let after = rest.get(lt + 1..).unwrap_or("");
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = after.get(..gt).unwrap_or("");
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        rest = after.get(gt + 1..).unwrap_or("");
        if !tag.starts_with('/') && (name == "script" || name == "style") {
            let close = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = match lower.find(&close) {
                Some(p) => rest.get(p..).unwrap_or(""),
                None => "",
            };
            continue;
        }
        if matches!(
            name.as_str(),
            "p" | "div"
                | "br"
                | "li"
                | "tr"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "table"
                | "section"
                | "article"
                | "ul"
                | "ol"
                | "blockquote"
        ) {
            out.push('\n');
        } else if matches!(name.as_str(), "td" | "th") {
            out.push('\t');
        }
    }
    out.push_str(&decode_entities(rest));
    out
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let after = rest.get(amp + 1..).unwrap_or("");
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = after.get(..e)?;
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                n if n.starts_with("#x") || n.starts_with("#X") => {
                    char::from_u32(u32::from_str_radix(n.get(2..)?, 16).ok()?)?
                }
                n if n.starts_with('#') => char::from_u32(n.get(1..)?.parse().ok()?)?,
                _ => return None,
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = after.get(e + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------------------
// Writers (no figure is computed here), in the language of the run
// ---------------------------------------------------------------------------------------

/// A stated value with its approximation word and, for a rate, its `%`.
fn value_in(lang: Lang, value: Decimal, decimals: u32, rate: bool) -> String {
    let n = audit::stated_value(value, decimals, lang);
    if rate {
        format!("{n}%")
    } else {
        n
    }
}

/// A figure as the language names it: its id in English, the report's caption in Vietnamese.
fn figure_in(lang: Lang, name: audit::FigureName) -> &'static str {
    lang.pick(name.as_str(), name.caption())
}

fn approx_in(lang: Lang, a: Option<audit::Approximation>) -> &'static str {
    a.map_or("", |a| a.word(lang))
}

/// Line numbers of byte offsets: the line starts are found once, then each lookup is a binary
/// search (a report of 50 MB with thousands of figures stays linear).
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// 1-based line of byte offset `at`.
    fn of(&self, at: usize) -> usize {
        self.0.partition_point(|&nl| nl < at) + 1
    }
}

fn mark(lang: Lang, f: &audit::Finding) -> &'static str {
    match (f.status.is_ok(), f.severity) {
        (true, Severity::Info) => "✓",
        (true, _) => lang.pick("✓ (warning)", "✓ (cảnh báo)"),
        (false, Severity::Error) => "✗",
        (false, _) => lang.pick("✗ (warning)", "✗ (cảnh báo)"),
    }
}

/// The parts of the text and Markdown reports, in order.
#[derive(Clone, Copy)]
enum ReportPart {
    Figures,
    Unattached,
    Checks,
    Unchecked,
}

impl ReportPart {
    fn title(self, lang: Lang) -> &'static str {
        match self {
            ReportPart::Figures => lang.pick("Figures read", "Số liệu đọc được"),
            ReportPart::Unattached => lang.pick(
                "Numbers not attached to any measure",
                "Số liệu không gắn được với chỉ tiêu nào",
            ),
            ReportPart::Checks => lang.pick("Checks", "Kết quả kiểm tra"),
            ReportPart::Unchecked => lang.pick("Rates not recomputed", "Tỷ lệ chưa tính lại được"),
        }
    }
}

fn group_title(scope: &str, period: Option<&str>) -> String {
    match period {
        Some(p) => format!("{scope} · {p}"),
        None => scope.to_string(),
    }
}

fn text_report(lang: Lang, shown: &str, text: &str, figures: &Figures, checks: &Checks) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let lines = Lines::new(text);
    let line_word = lang.pick("line", "dòng");
    let _ = writeln!(
        s,
        "{}: {shown}",
        lang.pick("DOSSIER FIGURES CHECK", "KIỂM TRA SỐ LIỆU HỒ SƠ")
    );
    let part = |s: &mut String, part: ReportPart, n: usize| {
        let _ = writeln!(s);
        let _ = writeln!(s, "{} ({n}):", part.title(lang));
    };
    part(&mut s, ReportPart::Figures, figures.figures.len());
    let mut last_block = None;
    for f in &figures.figures {
        if last_block != Some(f.block) {
            let _ = writeln!(s, "  [{}]", group_title(&f.scope, f.period.as_deref()));
            last_block = Some(f.block);
        }
        let _ = writeln!(
            s,
            "    {:<34} {:>14}   {line_word} {}: «{}»",
            figure_in(lang, f.name),
            format!(
                "{}{}",
                approx_in(lang, f.approximate),
                value_in(lang, f.value, f.decimals, f.name.is_rate())
            ),
            lines.of(f.start),
            f.text
        );
    }
    if !figures.unattached.is_empty() {
        part(&mut s, ReportPart::Unattached, figures.unattached.len());
        for u in &figures.unattached {
            let _ = writeln!(
                s,
                "    {} — {line_word} {}: {} «{}»",
                value_in(lang, u.value, u.value.scale(), u.percent),
                lines.of(u.start),
                u.reason.in_lang(lang),
                u.text
            );
        }
    }
    part(&mut s, ReportPart::Checks, checks.findings.len());
    for f in &checks.findings {
        let _ = writeln!(
            s,
            "  {} [{}] {}",
            mark(lang, f),
            group_title(&f.scope, f.period.as_deref()),
            f.arithmetic.in_lang(lang)
        );
        if !f.conventions.is_empty() && f.kind == audit::FindingKind::Rate {
            let _ = writeln!(
                s,
                "      {}: {}",
                lang.pick("conventions", "cách tính"),
                f.conventions.join("; ")
            );
        }
    }
    if !checks.unchecked.is_empty() {
        part(&mut s, ReportPart::Unchecked, checks.unchecked.len());
        for u in &checks.unchecked {
            let _ = writeln!(
                s,
                "    [{}] {} {} — {line_word} {}: {}",
                u.scope,
                figure_in(lang, u.name),
                value_in(lang, u.value, u.value.scale(), true),
                lines.of(u.start),
                u.reason.in_lang(lang)
            );
        }
    }
    let ok = checks.findings.iter().filter(|f| f.status.is_ok()).count();
    let bad = checks.findings.len() - ok;
    let (unchecked, unattached) = (checks.unchecked.len(), figures.unattached.len());
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{}",
        tr(
            format!(
                "Summary: {}, {}, {} not recomputed, {} not attached.",
                counted(ok, "check passes", "checks pass"),
                counted(bad, "check fails", "checks fail"),
                counted(unchecked, "rate", "rates"),
                counted(unattached, "number", "numbers"),
            ),
            format!(
                "Tổng hợp: {ok} kiểm tra đạt, {bad} kiểm tra không đạt, {unchecked} tỷ lệ chưa tính lại được, {unattached} số liệu không gắn được."
            )
        )
    );
    s
}

/// `1 rate`, `2 rates`: an English count with its noun.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn markdown_report(lang: Lang, shown: &str, figures: &Figures, checks: &Checks) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {}: {}",
        lang.pick("Dossier figures check", "Kiểm tra số liệu hồ sơ"),
        md_cell(shown)
    );
    // A part: its title, then the header and alignment rows of its table (if it has one).
    let part = |s: &mut String, part: ReportPart, table: Option<(&str, &str, &str)>| {
        let _ = writeln!(s);
        let _ = writeln!(s, "## {}", part.title(lang));
        let _ = writeln!(s);
        if let Some((en, vi, align)) = table {
            let _ = writeln!(s, "{}\n{align}", lang.pick(en, vi));
        }
    };
    part(
        &mut s,
        ReportPart::Figures,
        Some((
            "| Scope | Period | Figure | Value | Quoted |",
            "| Phạm vi | Kỳ | Số liệu | Giá trị | Trích dẫn |",
            "|---|---|---|---:|---|",
        )),
    );
    for f in &figures.figures {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {}{} | {} |",
            md_cell(&f.scope),
            md_cell(f.period.as_deref().unwrap_or("")),
            figure_in(lang, f.name),
            approx_in(lang, f.approximate),
            value_in(lang, f.value, f.decimals, f.name.is_rate()),
            md_cell(&f.text)
        );
    }
    if !figures.unattached.is_empty() {
        part(
            &mut s,
            ReportPart::Unattached,
            Some((
                "| Value | Reason | Quoted |",
                "| Giá trị | Lý do | Trích dẫn |",
                "|---:|---|---|",
            )),
        );
        for u in &figures.unattached {
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                value_in(lang, u.value, u.value.scale(), u.percent),
                md_cell(&u.reason.in_lang(lang).to_string()),
                md_cell(&u.text)
            );
        }
    }
    part(
        &mut s,
        ReportPart::Checks,
        Some((
            "| | Scope | Check | Conventions |",
            "| | Phạm vi | Kiểm tra | Cách tính |",
            "|---|---|---|---|",
        )),
    );
    for f in &checks.findings {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            mark(lang, f),
            md_cell(&group_title(&f.scope, f.period.as_deref())),
            md_cell(&f.arithmetic.in_lang(lang).to_string()),
            md_cell(&f.conventions.join("; "))
        );
    }
    if !checks.unchecked.is_empty() {
        part(&mut s, ReportPart::Unchecked, None);
        for u in &checks.unchecked {
            let _ = writeln!(
                s,
                "- {} — {} {}: {}",
                md_cell(&u.scope),
                figure_in(lang, u.name),
                value_in(lang, u.value, u.value.scale(), true),
                md_cell(&u.reason.in_lang(lang).to_string())
            );
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_text_keeps_the_words() {
        let t = html_text(
            "<html><head><style>p{}</style><script>var x='<p>1</p>';</script></head><body>\
             <p>Tiếp nhận 1.234&nbsp;hồ sơ</p><p>đúng &amp; trước hạn</p></body></html>",
        );
        assert!(t.contains("Tiếp nhận 1.234 hồ sơ\n"), "{t:?}");
        assert!(t.contains("đúng & trước hạn"), "{t:?}");
        assert!(!t.contains("var x"), "{t:?}");
    }

    #[test]
    fn docx_xml_paragraphs() {
        let xml = r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Tiếp nhận </w:t></w:r><w:r><w:t xml:space="preserve">12.345 hồ sơ &amp; </w:t></w:r></w:p><w:p><w:r><w:t>B</w:t><w:br/></w:r></w:p></w:body></w:document>"#.as_bytes();
        let t = docx_xml_text(xml).unwrap();
        assert_eq!(t, "Tiếp nhận 12.345 hồ sơ & \nB\n\n");
    }
}
