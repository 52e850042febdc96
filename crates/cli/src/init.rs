//! `minhbach init`: a new report bundle for a unit and a period, complete enough to render at
//! once, with every passage the office must write marked "CẦN BỔ SUNG" and a README in
//! Vietnamese saying what to fill and where each file comes from.

use std::path::{Path, PathBuf};

use clap::Args;
use minhbach_model::Period;
use minhbach_report::TO_FILL;

use crate::failure::{tr, Failure, RunOutcome};
use crate::progress::Ui;

/// `minhbach init …`
#[derive(Debug, Args)]
#[command(after_help = "\
Writes DIR/report.toml, DIR/README.md (in Vietnamese: what to fill, where each file comes
from) and the data files with their header row only: documents.csv, dossiers.csv,
procedures.csv, portal.toml. The bundle renders at once; every passage to write is marked
\"CẦN BỔ SUNG\" and `minhbach validate DIR` lists them. DIR must not exist or be empty.

Examples:
  minhbach init bao-cao-son-tinh --unit \"huyện Sơn Tịnh\" --period 2022-Q3
  minhbach init bc --unit \"thị xã Đức Phổ\" --province \"Quảng Ngãi\" --period \"6 tháng đầu năm 2022\" --signer \"Nguyễn Văn A\" --number 120/BC-UBND
  minhbach init tong-hop --unit \"tỉnh Quảng Ngãi\" --period 2021-H1 --units \"huyện Bình Sơn,huyện Sơn Tịnh\"
  minhbach report bao-cao-son-tinh -o bao-cao.pdf")]
pub struct InitArgs {
    /// The new bundle folder (created; must not exist or be empty).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// The unit, as written after "Ủy ban nhân dân": "huyện Sơn Tịnh", "thị xã Đức Phổ".
    #[arg(long, value_name = "UNIT")]
    unit: String,
    /// The period: 2022-Q3, Q3/2022, "quý 3/2022", 2022-H1, "6 tháng đầu năm 2022", 2022, …
    #[arg(long, value_name = "PERIOD")]
    period: String,
    /// The province, for the README and the one-stop system's name ("Quảng Ngãi").
    #[arg(long, value_name = "PROVINCE")]
    province: Option<String>,
    /// Full name of the signer (default: to fill).
    #[arg(long, value_name = "NAME")]
    signer: Option<String>,
    /// Number and symbol of the report: "120/BC-UBND" (default: "/BC-UBND", a draft).
    #[arg(long, value_name = "NUMBER")]
    number: Option<String>,
    /// Start a province bundle (the consolidated report of these units, comma-separated):
    /// report.toml lists one partial file per unit ([[unit]]) instead of a dossiers file.
    #[arg(long, value_name = "UNIT[,UNIT]", value_delimiter = ',')]
    units: Vec<String>,
}

/// The partial file a province bundle expects from `unit`: "huyện Bình Sơn" →
/// `huyen-binh-son.partial`.
fn partial_name(unit: &str) -> String {
    let slug: String = minhbach_model::text::fold(unit)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let slug: Vec<&str> = slug.split('-').filter(|s| !s.is_empty()).collect();
    format!("{}.partial", slug.join("-"))
}

/// What the report.toml templates and READMEs of both bundles name: the unit and period as
/// written, and the document's fields as TOML strings.
struct Head {
    /// The unit, trimmed.
    unit: String,
    /// The period's Vietnamese name.
    period_name: String,
    /// The issuing body (TOML string).
    body: String,
    /// The document number, `/BC-UBND` until one is given (TOML string).
    number: String,
    /// The place of issue (TOML string).
    place: String,
    /// The period code (TOML string).
    code: String,
    /// The signer, or the to-fill mark (TOML string).
    signer: String,
}

impl Head {
    /// The `[document]` and `[period]` tables both templates begin with; `summary` is the
    /// report's subject, followed by the period's name.
    fn document(&self, summary: &str) -> String {
        let Head {
            body,
            number,
            place,
            code,
            period_name,
            ..
        } = self;
        format!(
            r#"[document]
issuing_body = ["ỦY BAN NHÂN DÂN", {body}]
number = {number}         # để "/BC-UBND" khi chưa cấp số
place = {place}
# date = 2022-10-05       # ngày ban hành; bỏ trống khi còn là dự thảo
type = "BÁO CÁO"
summary = "{summary} {{period}}"

[period]
code = {code}             # {period_name}; cũng viết được "quý 3/2022", "6 tháng đầu năm 2022"…
# Kỳ tùy chọn: start = 2021-12-15, end = 2022-12-14, name = "năm 2022"
"#
        )
    }

    fn new(a: &InitArgs, period: &Period) -> Head {
        let (body, place) = unit_names(&a.unit);
        Head {
            unit: a.unit.trim().to_string(),
            period_name: period.vietnamese_name(),
            body: q(&body),
            number: q(a.number.as_deref().unwrap_or("/BC-UBND")),
            place: q(&place),
            code: q(&period.to_string()),
            signer: q(a.signer.as_deref().unwrap_or(TO_FILL)),
        }
    }
}

/// A province bundle: report.toml listing the units' partials, and a README in Vietnamese
/// saying how each unit saves its partial.
fn province_files(a: &InitArgs, period: &Period) -> Vec<(&'static str, String)> {
    let head = Head::new(a, period);
    let (unit, period_name) = (&head.unit, &head.period_name);
    let (from, to) = (period.start(), period.end());
    let mut units = String::new();
    let mut commands = String::new();
    for u in a.units.iter().map(|u| u.trim()).filter(|u| !u.is_empty()) {
        let file = partial_name(u);
        units.push_str(&format!("\n[[unit]]\npartial = {}   # {u}\n", q(&file)));
        commands.push_str(&format!(
            "minhbach aggregate HO-SO.csv --from {from} --to {to} --unit {} --save-partial {file}\n",
            q(u)
        ));
    }
    let report = format!(
        r#"# Bundle báo cáo tổng hợp của {unit}, {period_name}: số liệu của các đơn vị ([[unit]]),
# mỗi đơn vị một tệp số liệu riêng (minhbach aggregate … --unit TÊN --save-partial TỆP),
# đặt trong thư mục này. Tạo bởi `minhbach init --units`. Mọi chỗ ghi "{TO_FILL}" là phần
# đơn vị phải tự viết.

{document}
[text]
intro = "{{units.count}} đơn vị đã gửi số liệu. Kết quả giải quyết thủ tục hành chính {{period}}: {{dossiers.sentence}}"
closing = {closing}

[[section]]
title = "Kết quả giải quyết thủ tục hành chính"
paragraphs = [
  "Tỷ lệ hồ sơ giải quyết đúng hạn chung đạt {{dossiers.on_time_rate}}; đơn vị dẫn đầu về {{units.measure}}: {{units.first}}.",
  {assessment},
]

[consolidation]
rank_by = "on_time_rate"   # chỉ tiêu xếp hạng: late_rate, online_rate, mean_processing_hours, …
shared = "once"            # hồ sơ liên thông: once hoặc per_unit
{units}
{tail}"#,
        document = head.document("Tổng hợp kết quả giải quyết thủ tục hành chính"),
        closing = q(&format!("{TO_FILL}: câu kết, ví dụ: Kính báo cáo./.")),
        assessment = q(&format!("{TO_FILL}: đánh giá chung, tồn tại, hạn chế")),
        tail = toml_tail(
            &q(&format!("{TO_FILL}: nơi nhận")),
            &head.signer,
            "ranking = true"
        ),
    );
    let readme = format!(
        "# Báo cáo tổng hợp — {unit}, {period_name}\n\n\
Mỗi đơn vị lập tệp số liệu riêng từ tệp hồ sơ xuất từ hệ thống một cửa điện tử, đúng kỳ báo cáo,\n\
rồi gửi tệp đó về đây (đặt trong thư mục này, đúng tên):\n\n\
```\n{commands}```\n\n\
Khi đã đủ tệp của các đơn vị:\n\n\
```\nminhbach report {dir} -o tong-hop.docx\n```\n\n\
Hướng dẫn đầy đủ: docs/huong-dan/tinh.md trong mã nguồn minhbach.\n",
        dir = a.dir.display(),
    );
    vec![("report.toml", report), ("README.md", readme)]
}

/// A TOML basic string holding `s`.
/// The end both report.toml templates share: recipients (the given TOML string, then the
/// archive copy), the signature block and the appendices (Biểu 06 and the template's own
/// `appendix` line).
fn toml_tail(recipient: &str, signer: &str, appendix: &str) -> String {
    format!(
        r#"[recipients]
list = [{recipient}, "Lưu: VT."]

[signature]
lines = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
name = {signer}

[appendices]
bieu06 = true
{appendix}
"#
    )
}

fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// "huyện Sơn Tịnh" → ("HUYỆN SƠN TỊNH", "Sơn Tịnh").
fn unit_names(unit: &str) -> (String, String) {
    let u = unit.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = u.to_lowercase();
    let place = [
        "thành phố ",
        "thị xã ",
        "huyện ",
        "quận ",
        "xã ",
        "phường ",
        "thị trấn ",
        "tỉnh ",
    ]
    .iter()
    .find_map(|p| {
        lower
            .starts_with(p)
            .then(|| u.chars().skip(p.chars().count()).collect::<String>())
    })
    .unwrap_or_else(|| u.clone());
    (u.to_uppercase(), place)
}

/// Runs `minhbach init`.
pub fn run(a: InitArgs, ui: &Ui) -> Result<RunOutcome, Failure> {
    let period = Period::parse(&a.period).map_err(|e| {
        Failure::usage(tr(
            format!("--period {:?}: {e}", a.period),
            format!(
                "--period {:?}: không đọc được kỳ báo cáo ({})",
                a.period,
                crate::error_text::model(&e)
            ),
        ))
        .fix(tr(
            "write the period as 2022-Q3, Q3/2022, \"quý 3/2022\", 2022-H1, \"6 tháng đầu năm 2022\", 2022-9M, 2022 or 2021-12-15..2022-12-14",
            "ghi kỳ báo cáo dạng 2022-Q3, Q3/2022, \"quý 3/2022\", 2022-H1, \"6 tháng đầu năm 2022\", 2022-9M, 2022 hoặc 2021-12-15..2022-12-14",
        ))
    })?;
    if a.unit.trim().is_empty() {
        return Err(
            Failure::usage(tr("--unit is empty", "--unit để trống")).fix(tr(
                "name the unit: --unit \"huyện Sơn Tịnh\"",
                "ghi tên đơn vị: --unit \"huyện Sơn Tịnh\"",
            )),
        );
    }
    check_target_dir(&a.dir)?;
    let files = if a.units.iter().any(|u| !u.trim().is_empty()) {
        province_files(&a, &period)
    } else {
        bundle_files(&a, &period)
    };
    std::fs::create_dir_all(&a.dir).map_err(|e| Failure::write(&a.dir, &e))?;
    for (name, text) in &files {
        let path = a.dir.join(name);
        std::fs::write(&path, text).map_err(|e| Failure::write(&path, &e))?;
    }
    ui.note(&tr(
        format!(
            "wrote {} ({}); fill the passages marked \"{TO_FILL}\" (minhbach validate {} lists them), then: minhbach report {} -o bao-cao.pdf",
            a.dir.display(),
            files.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
            a.dir.display(),
            a.dir.display()
        ),
        format!(
            "đã tạo {} ({}); điền các đoạn ghi \"{TO_FILL}\" (lệnh minhbach validate {} liệt kê), rồi chạy: minhbach report {} -o bao-cao.pdf",
            a.dir.display(),
            files.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
            a.dir.display(),
            a.dir.display()
        ),
    ));
    Ok(RunOutcome::Success)
}

/// The folder must not exist, or be an empty folder: init never overwrites.
fn check_target_dir(dir: &Path) -> Result<(), Failure> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                Err(Failure::usage(tr(
                    format!("{} already exists and is not empty", dir.display()),
                    format!("thư mục {} đã có và không trống", dir.display()),
                ))
                .fix(tr(
                    "name a new folder; init never overwrites files",
                    "ghi tên một thư mục mới; lệnh init không ghi đè tệp nào",
                )))
            } else {
                Ok(())
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(_) if dir.is_file() => Err(Failure::usage(tr(
            format!("{} is a file", dir.display()),
            format!("{} là một tệp, không phải thư mục", dir.display()),
        ))
        .fix(tr("name a new folder", "ghi tên một thư mục mới"))),
        Err(e) => Err(Failure::write(dir, &e)),
    }
}

fn bundle_files(a: &InitArgs, period: &Period) -> Vec<(&'static str, String)> {
    let head = Head::new(a, period);
    let (unit, period_name) = (&head.unit, &head.period_name);
    let province = a.province.as_deref();
    let system = province.map_or_else(
        || {
            "Hệ thống thông tin giải quyết thủ tục hành chính (một cửa điện tử) của tỉnh"
                .to_string()
        },
        |p| format!("Hệ thống thông tin giải quyết thủ tục hành chính tỉnh {p}"),
    );
    let fill = |what: &str| q(&format!("{TO_FILL}: {what}"));
    let report = format!(
        r#"# Bundle báo cáo kết quả thực hiện Chỉ số "Tính minh bạch" của {unit}, {period_name}.
# Tạo bởi `minhbach init`. Văn bản trong tệp này được đưa nguyên vào báo cáo, trừ các
# {{placeholder}} (số liệu tính từ các tệp dữ liệu). Mọi chỗ ghi "{TO_FILL}" là phần đơn vị
# phải tự viết; `minhbach validate <thư mục>` liệt kê những chỗ còn thiếu.

{document}
[files]
documents = "documents.csv"
dossiers = "dossiers.csv"
procedures = "procedures.csv"
portal = "portal.toml"

[text]
intro = {intro}
closing = {closing}

[[section]]
title = "Kết quả thực hiện"

[[section.section]]
title = "Công tác chỉ đạo, điều hành"
paragraphs = [
  {directing},
]

[[section.section]]
title = "Kết quả cụ thể"
paragraphs = [
  "- Tổ chức tiếp nhận hồ sơ và trả kết quả giải quyết thủ tục hành chính theo cơ chế một cửa, một cửa liên thông là {{dossiers.sentence}}",
  {portal},
  {reform},
]

[[section]]
title = "Đánh giá chung"
paragraphs = [
  {assessment},
]

[[section]]
title = "Phương hướng, nhiệm vụ {{next_period}}"
list = "tasks"

[[task]]
text = {task}

{tail}"#,
        document = head.document(
            "Kết quả thực hiện các chỉ số con thuộc Chỉ số “Tính minh bạch”"
        ),
        intro = fill("căn cứ (văn bản yêu cầu báo cáo) và câu mở đầu, ví dụ: Thực hiện Công văn số …; UBND huyện báo cáo kết quả thực hiện Chỉ số “Tính minh bạch” {period.padded} như sau:"),
        closing = fill("câu kết, ví dụ: Kính báo cáo Sở Tư pháp tổng hợp./."),
        directing = fill("các kế hoạch, văn bản chỉ đạo đã ban hành trong kỳ (ghi vào documents.csv) và công tác chỉ đạo, điều hành"),
        portal = fill("kết quả cập nhật Cổng/Trang thông tin điện tử: số tin, bài, văn bản đăng tải, lượt truy cập (ghi vào portal.toml rồi dùng {{portal.<tên>}})"),
        reform = fill("công tác công bố, công khai, đơn giản hóa thủ tục hành chính"),
        assessment = fill("ưu điểm; tồn tại, hạn chế và nguyên nhân"),
        task = fill("nhiệm vụ trọng tâm kỳ tới"),
        tail = toml_tail(&fill("nơi nhận, ví dụ: Sở Tư pháp;"), &head.signer, "on_time_chart = true"),
    );
    let readme = format!(
        "# Báo cáo Chỉ số \"Tính minh bạch\" — {unit}, {period_name}\n\n\
Thư mục này là một *bundle* báo cáo của minhbach: tệp `report.toml` (thông tin văn bản, lời văn)\n\
và các tệp dữ liệu mà báo cáo tính số liệu từ đó. Lập báo cáo:\n\n\
```\nminhbach report {dir} -o bao-cao.pdf      # hoặc .docx để chỉnh sửa, ký\nminhbach validate {dir}                     # liệt kê những chỗ còn phải điền\n```\n\n\
## Phải điền\n\n\
Mọi đoạn ghi **{TO_FILL}** trong `report.toml` là phần đơn vị tự viết (căn cứ, công tác chỉ đạo,\n\
đánh giá chung, nhiệm vụ kỳ tới, nơi nhận, người ký). Các con số thì không gõ tay: minhbach tính\n\
từ các tệp dưới đây.\n\n\
## Các tệp và nguồn lấy dữ liệu\n\n\
| tệp | nội dung | lấy từ đâu |\n|---|---|---|\n\
| `report.toml` | số, ký hiệu, ngày, kỳ báo cáo, lời văn, nơi nhận, người ký | đơn vị tự soạn |\n\
| `dossiers.csv` | hồ sơ thủ tục hành chính, mỗi dòng một hồ sơ: `id, received_at, procedure_code, agency, field, channel, due_at, resolved_at, outcome` | xuất danh sách hồ sơ (Excel hoặc CSV) từ {system}, chức năng thống kê/tra cứu hồ sơ, cho kỳ báo cáo và cả các hồ sơ kỳ trước chuyển sang; tiêu đề cột tiếng Việt (\"Ngày tiếp nhận\", \"Hạn trả kết quả\"…) cũng được chấp nhận; tệp .xlsx dùng trực tiếp được |\n\
| `procedures.csv` | danh mục thủ tục: `code, name, agency, field, days, level` | danh mục TTHC đã công bố (quyết định công bố của Chủ tịch UBND tỉnh), dùng khi hồ sơ không ghi hạn trả |\n\
| `documents.csv` | kế hoạch, văn bản chỉ đạo: `number, date, kind, issuer, subject` | sổ đăng ký văn bản đi của đơn vị |\n\
| `portal.toml` | số liệu Cổng/Trang thông tin điện tử: `posts = 163`, `visits = \"1.241.760\"` | trang quản trị của Cổng thông tin điện tử |\n\n\
Hiện `dossiers.csv` chỉ có dòng tiêu đề, nên mọi số liệu hồ sơ trong báo cáo đang ghi\n\
\"{TO_FILL}\". Số đếm viết `1200` hoặc `\"1.200\"`; tỷ lệ viết trong ngoặc kép: `\"98,5\"`.\n\n\
Kỳ báo cáo ở mục `[period]`: `2022-Q3`, `Q3/2022`, `quý 3/2022`, `2022-H1`, `6 tháng đầu năm 2022`,\n\
`2022-9M`, `2022`; kỳ tùy chọn ghi `start`, `end` và `name` (ví dụ `name = \"năm 2022\"` cho kỳ\n\
15/12/2021–14/12/2022). Hồ sơ nằm ngoài kỳ được đếm và báo trên màn hình; nếu không hồ sơ nào\n\
thuộc kỳ (tệp của kỳ khác), lệnh `report` dừng lại và không ghi gì.\n\n\
Hướng dẫn đầy đủ: docs/huong-dan/ trong mã nguồn minhbach.\n",
        dir = a.dir.display(),
    );
    let portal = format!(
        "# Số liệu Cổng/Trang thông tin điện tử {unit}, {period_name}.\n\
# Mỗi khóa dùng được trong report.toml là {{portal.<khóa>}}. Số đếm: posts = 163 hoặc\n\
# posts = \"1.200\" (dấu chấm hàng nghìn); tỷ lệ trong ngoặc kép: share = \"98,5\".\n\
# posts = 0          # tin, bài đăng tải\n\
# documents = 0      # văn bản chỉ đạo, điều hành\n\
# visits = 0         # lượt truy cập\n",
    );
    vec![
        ("report.toml", report),
        ("README.md", readme),
        (
            "dossiers.csv",
            "id,received_at,procedure_code,agency,field,channel,due_at,resolved_at,outcome\n"
                .to_string(),
        ),
        (
            "procedures.csv",
            "code,name,agency,field,days,level\n".to_string(),
        ),
        (
            "documents.csv",
            "number,date,kind,issuer,subject\n".to_string(),
        ),
        ("portal.toml", portal),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_names_split_the_kind() {
        assert_eq!(
            unit_names("huyện  Sơn Tịnh"),
            ("HUYỆN SƠN TỊNH".to_string(), "Sơn Tịnh".to_string())
        );
        assert_eq!(unit_names("thị xã Đức Phổ").1, "Đức Phổ");
        assert_eq!(unit_names("Lý Sơn").1, "Lý Sơn");
    }

    #[test]
    fn partial_names_are_folded() {
        assert_eq!(partial_name("huyện Bình Sơn"), "huyen-binh-son.partial");
        assert_eq!(partial_name("thị xã Đức Phổ"), "thi-xa-duc-pho.partial");
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(q("a\"b\\c\u{7}"), "\"a\\\"b\\\\c\"");
    }
}
