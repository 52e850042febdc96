//! The command line in the language of the run: help texts and clap's own words.
//!
//! The command tree is built from the English doc comments of the derive (`args.rs` and each
//! subcommand's module). For Vietnamese, [`localise`] replaces every command's description,
//! every argument's help, every possible value's description, every example block, the value
//! names and clap's own words (headings, `[possible values: …]`, `[default: …]`, `[OPTIONS]`,
//! the `help` subcommand, `-h`/`--help`/`-V`) from the tables below, keyed by the command path
//! and the argument (`--format`, or the id of a positional argument). [`clap_exit`] writes
//! clap's usage errors in Vietnamese from the error's context (kind, argument, value,
//! suggestions), not by translating clap's English sentences. Tests check that the tables
//! cover every command, argument and described value, so a new option cannot ship with
//! English help only.

use std::io::{self, Write};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

use crate::failure::{Lang, RunLang};

/// (command path, key, Vietnamese text). The key is `""` for the command's description,
/// `"after"` for the text after the options (explanations and examples), else `--long` for an
/// option or `<id>` for a positional argument.
const VI: &[(&str, &str, &str)] = &[
    ("", "", "Số liệu, điểm số và báo cáo về tính minh bạch (PCI “Tính minh bạch”) của chính quyền địa phương"),
    ("", "--quiet", "Không in thanh tiến độ và lưu ý ra stderr (lỗi vẫn được in)"),
    ("", "--lang", "Ngôn ngữ của trợ giúp, thông báo lỗi và lưu ý: vi hoặc en (mặc định: theo LC_ALL, LC_MESSAGES, LANG)"),
    ("", "after", concat!(
        "Ví dụ:\n",
        crate::args::root_examples!(),
        "
Mã thoát: 0 thành công, 1 dữ liệu có lỗi (phần đúng vẫn được báo cáo), 2 dùng lệnh sai
(tùy chọn sai, tệp không có hoặc không đọc được, không ghi được tệp kết quả), 70 lỗi nội bộ.
Hướng dẫn cho cán bộ: docs/huong-dan/ trong mã nguồn minhbach; `minhbach LỆNH --help` cho
từng lệnh."
    )),
    // report
    ("report", "", "Báo cáo công khai, minh bạch hoàn chỉnh (PDF, DOCX, HTML, Markdown, văn bản, JSON) từ một bộ hồ sơ báo cáo"),
    ("report", "<bundle>", "Thư mục bộ hồ sơ báo cáo"),
    ("report", "--format", "Định dạng kết quả (mặc định: theo đuôi tệp của -o, nếu không có thì txt)"),
    ("report", "--output", "Tệp kết quả (`-` hoặc bỏ trống: in ra màn hình)"),
    ("report", "--allow-empty-period", "Vẫn lập báo cáo khi không hồ sơ nào trong tệp được tiếp nhận hoặc giải quyết trong kỳ"),
    ("report", "after", "\
THƯ_MỤC chứa report.toml (số, ngày, người ký, nội dung, nơi nhận) và các tệp số liệu nó nêu
tên: sổ văn bản, hồ sơ thủ tục hành chính, danh mục thủ tục, số liệu cổng thông tin, danh mục
công khai, chỉ tiêu. Mọi số liệu trong báo cáo đều được tính từ các tệp đó. Những điểm cơ quan
phải kiểm tra lại được ghi trong báo cáo là “CẦN KIỂM TRA” và liệt kê ra stderr.

Định dạng theo --format, nếu không thì theo đuôi tệp của -o (.pdf .docx .html .md .txt .json),
nếu không nữa thì txt; đuôi khác bị từ chối. DOCX để chỉnh sửa và ký, PDF để in hoặc đăng tải;
hai định dạng này không được in ra màn hình.

Số dòng của tệp hồ sơ nằm ngoài kỳ báo cáo được ghi ra stderr. Tệp hồ sơ có dữ liệu nhưng không
hồ sơ nào được tiếp nhận hoặc giải quyết trong kỳ (tệp còn sót từ kỳ khác) làm lệnh dừng với mã
thoát 1, trừ khi có --allow-empty-period.

Ví dụ:
  minhbach report examples/data/ly-son-2021-h1 -o bao-cao-415.docx
  minhbach report examples/data/ly-son-2021-h1 -o bao-cao-415.pdf
  minhbach report examples/data/ly-son-2021-h1 --format html -o bao-cao.html
  minhbach report examples/data/ly-son-2021-h1 | less"),
    // init
    ("init", "", "Tạo bộ hồ sơ báo cáo mới cho một đơn vị và một kỳ, sẵn sàng để điền"),
    ("init", "<dir>", "Thư mục bộ hồ sơ mới (sẽ được tạo; phải chưa có hoặc đang trống)"),
    ("init", "--unit", "Đơn vị, viết như sau chữ “Ủy ban nhân dân”: \"huyện Sơn Tịnh\", \"thị xã Đức Phổ\""),
    ("init", "--period", "Kỳ báo cáo: 2022-Q3, Q3/2022, \"quý 3/2022\", 2022-H1, \"6 tháng đầu năm 2022\", 2022, …"),
    ("init", "--province", "Tỉnh, dùng trong README và tên hệ thống một cửa (\"Quảng Ngãi\")"),
    ("init", "--signer", "Họ và tên người ký (mặc định: để điền sau)"),
    ("init", "--number", "Số, ký hiệu của báo cáo: \"120/BC-UBND\" (mặc định: \"/BC-UBND\", bản dự thảo)"),
    ("init", "--units", "Tạo bộ hồ sơ cấp tỉnh (báo cáo tổng hợp của các đơn vị này, cách nhau bằng dấu phẩy): report.toml liệt kê một tệp số liệu tổng hợp (partial) cho mỗi đơn vị ([[unit]]) thay cho tệp hồ sơ"),
    ("init", "after", "\
Ghi THƯ_MỤC/report.toml, THƯ_MỤC/README.md (hướng dẫn điền, nguồn của từng tệp) và các tệp số
liệu chỉ có dòng tiêu đề: documents.csv, dossiers.csv, procedures.csv, portal.toml. Bộ hồ sơ
lập được báo cáo ngay; mọi đoạn cần viết được đánh dấu “CẦN BỔ SUNG” và
`minhbach validate THƯ_MỤC` liệt kê chúng. THƯ_MỤC phải chưa có hoặc đang trống.

Ví dụ:
  minhbach init bao-cao-son-tinh --unit \"huyện Sơn Tịnh\" --period 2022-Q3
  minhbach init bc --unit \"thị xã Đức Phổ\" --province \"Quảng Ngãi\" --period \"6 tháng đầu năm 2022\" --signer \"Nguyễn Văn A\" --number 120/BC-UBND
  minhbach report bao-cao-son-tinh -o bao-cao.pdf"),
    // aggregate
    ("aggregate", "", "Biểu 06 (tiếp nhận, đã giải quyết, đang giải quyết, tỷ lệ đúng hạn) từ các tệp hồ sơ"),
    ("aggregate", "<files>", "Các tệp hồ sơ (CSV hoặc XLSX)"),
    ("aggregate", "--from", "Ngày đầu kỳ"),
    ("aggregate", "--to", "Ngày cuối kỳ (tính cả ngày đó)"),
    ("aggregate", "--as-of", "Thời điểm chốt số liệu hồ sơ đang giải quyết (mặc định: cuối ngày --to, 23:59:59; chỉ ghi ngày nghĩa là cuối ngày đó)"),
    ("aggregate", "--by", "Nhóm theo các khóa này, cách nhau bằng dấu phẩy"),
    ("aggregate", "--convention", "Quy ước đếm (các tùy chọn dưới đây thay đổi từng phần của nó)"),
    ("aggregate", "--withdrawn", "Hồ sơ rút: tính vào đã giải quyết, hoặc để ở cột riêng"),
    ("aggregate", "--rejected", "Hồ sơ trả lại, từ chối: tính vào đã giải quyết, hoặc để ở cột riêng"),
    ("aggregate", "--lateness", "Xét trễ hạn theo ngày và giờ, hoặc chỉ theo ngày"),
    ("aggregate", "--denominator", "Mẫu số của các tỷ lệ trước hạn, đúng hạn, trong ngày, trễ hạn và không tính"),
    ("aggregate", "--online-denominator", "Mẫu số của tỷ lệ hồ sơ trực tuyến"),
    ("aggregate", "--rounding", "Cách làm tròn các tỷ lệ (mặc định: làm tròn thông thường)"),
    ("aggregate", "--decimals", "Số chữ số thập phân của các tỷ lệ, từ 0 đến 4 (mặc định 2; thời gian trung bình giữ ít nhất 2)"),
    ("aggregate", "--explain", "In (bằng tiếng Việt và tiếng Anh) quy ước đang áp dụng, định nghĩa và giá trị của từng chỉ số cho dòng tổng, thay cho bảng"),
    ("aggregate", "--compare", "So sánh hai quy ước (A,B: bieu06, decision766, opencps): với mỗi điểm khác nhau, số hồ sơ bị chuyển và các tỷ lệ thay đổi. Bao gồm --explain"),
    ("aggregate", "--procedures", "Danh mục thủ tục (CSV: mã, tên, số ngày làm việc …) cho hồ sơ không có hạn trả"),
    ("aggregate", "--format", "Định dạng kết quả (mặc định: theo đuôi tệp của -o là .csv, .json hoặc .xlsx; nếu không thì bảng)"),
    ("aggregate", "--output", "Tệp kết quả (mặc định: in ra màn hình; bắt buộc với xlsx khi in ra màn hình)"),
    ("aggregate", "--max-errors", "Số dòng bị loại liệt kê tối đa (mọi dòng vẫn được đếm)"),
    ("aggregate", "--sheet", "Trang tính của tệp Excel cần đọc, theo tên hoặc số thứ tự (1 = trang đầu); mặc định: trang đầu tiên có dòng tiêu đề"),
    ("aggregate", "--unit", "Đơn vị báo cáo của các tệp này (ví dụ \"huyện Lý Sơn\"), ghi vào tệp tổng hợp từng phần"),
    ("aggregate", "--save-partial", "Lưu thêm tệp tổng hợp từng phần cho `minhbach merge` (JSON: đơn vị, số liệu và mã băm của từng mã hồ sơ); bảng vẫn được in như thường lệ, trừ khi có `-q` mà không có `-o`"),
    ("aggregate", "after", "\
Tệp hồ sơ là tệp CSV (UTF-8) hoặc Excel (.xlsx) xuất từ phần mềm một cửa, có dòng tiêu đề; tên
cột tiếng Việt và tên cột của Cổng dịch vụ công quốc gia đều được nhận. Nhiều tệp thì được cộng
dồn. Dòng không đọc được bị loại khỏi bảng và được liệt kê ra stderr kèm tệp, dòng, cột và giá
trị; khi đó mã thoát là 1.

Với --by month, các tháng trước kỳ báo cáo là tháng tiếp nhận của hồ sơ kỳ trước chuyển sang
(chỉ có ở cột “từ kỳ trước chuyển qua”).

Ví dụ:
  minhbach aggregate hoso-2021.csv --from 2021-01-01 --to 2021-06-30
  minhbach aggregate q1.xlsx q2.xlsx --from 2021-01-01 --to 2021-06-30 --by agency
  minhbach aggregate bao-cao.xlsx --sheet \"Hồ sơ\" --from 2021-01-01 --to 2021-06-30
  minhbach aggregate hoso.csv --from 2021-01-01 --to 2021-06-30 --by agency,field --format json
  minhbach aggregate hoso.csv --from 2021-01-01 --to 2021-06-30 --convention decision766
  minhbach aggregate hoso.csv --from 2021-01-01 --to 2021-06-30 --format xlsx -o bieu06.xlsx"),
    // merge
    ("merge", "", "Biểu 06 tổng hợp của nhiều đơn vị từ các tệp tổng hợp từng phần (chính xác), có hồ sơ liên thông và xếp hạng"),
    ("merge", "<partials>", "Các tệp tổng hợp từng phần (JSON)"),
    ("merge", "--by", "Nhóm theo các khóa này, cách nhau bằng dấu phẩy: `unit` (đơn vị) và các khóa đã dùng khi lưu các tệp"),
    ("merge", "--shared", "Hồ sơ liên thông có ở nhiều đơn vị: đếm một lần (ở đơn vị đầu tiên có hồ sơ đó) hoặc đếm ở mọi đơn vị"),
    ("merge", "--allow-same-unit", "Chấp nhận hai tệp của cùng một đơn vị và cộng dồn"),
    ("merge", "--rank", "Xếp hạng các đơn vị theo chỉ số này (on_time_rate, late_rate, online_rate, …); bằng nhau thì cùng hạng cao nhất"),
    ("merge", "--denominator", "Mẫu số của các tỷ lệ trước hạn, đúng hạn, trong ngày, trễ hạn và không tính"),
    ("merge", "--online-denominator", "Mẫu số của tỷ lệ hồ sơ trực tuyến"),
    ("merge", "--rounding", "Cách làm tròn các tỷ lệ (mặc định: làm tròn thông thường)"),
    ("merge", "--decimals", "Số chữ số thập phân của các tỷ lệ, từ 0 đến 4 (mặc định 2; thời gian trung bình giữ ít nhất 2)"),
    ("merge", "--format", "Định dạng kết quả (mặc định: theo đuôi tệp của -o là .csv, .json hoặc .xlsx; nếu không thì bảng)"),
    ("merge", "--output", "Tệp kết quả (mặc định: in ra màn hình; bắt buộc với xlsx khi in ra màn hình)"),
    ("merge", "after", "\
Tệp tổng hợp từng phần do `minhbach aggregate … --unit TÊN --save-partial TỆP` ghi, mỗi đơn vị
(huyện, xã) một tệp, cùng kỳ, thời điểm chốt, quy ước và cách nhóm. Số liệu tổng hợp bằng đúng
số liệu khi tổng hợp hồ sơ của mọi đơn vị cùng một lúc.

Ví dụ:
  minhbach merge ly-son.json binh-son.json son-tinh.json
  minhbach merge huyen/*.json --by unit,agency --format json
  minhbach merge huyen/*.json --rank on_time_rate
  minhbach merge huyen/*.json --format xlsx -o tong-hop.xlsx"),
    // page
    ("page", "", "Trang thống kê của các đơn vị (một tệp HTML: bảng sắp xếp được, biểu đồ, bộ lọc) từ các tệp tổng hợp từng phần"),
    ("page", "<partials>", "Các tệp tổng hợp từng phần (do `minhbach aggregate … --unit TÊN --save-partial TỆP` ghi)"),
    ("page", "--title", "Tiêu đề trang (mặc định: \"Thống kê tình hình giải quyết thủ tục hành chính\")"),
    ("page", "--procedures", "Danh mục thủ tục (CSV có cột online_level): với các tệp lưu theo --by procedure, trang có thêm bộ lọc theo mức độ dịch vụ công trực tuyến"),
    ("page", "--shared", "Hồ sơ liên thông có ở nhiều đơn vị: đếm một lần (ở đơn vị đầu tiên có hồ sơ đó) hoặc đếm ở mọi đơn vị"),
    ("page", "--allow-same-unit", "Chấp nhận hai tệp của cùng một đơn vị và cộng dồn"),
    ("page", "--denominator", "Mẫu số của các tỷ lệ trước hạn, đúng hạn, trong ngày, trễ hạn và không tính"),
    ("page", "--online-denominator", "Mẫu số của tỷ lệ hồ sơ trực tuyến"),
    ("page", "--rounding", "Cách làm tròn các tỷ lệ (mặc định: làm tròn thông thường)"),
    ("page", "--decimals", "Số chữ số thập phân của các tỷ lệ, từ 0 đến 4 (mặc định 2; thời gian trung bình giữ ít nhất 2)"),
    ("page", "--output", "Tệp kết quả (mặc định: in ra màn hình)"),
    ("page", "after", "\
Trang là một tệp HTML dùng được không cần mạng (chép qua USB được): mở bằng trình duyệt bất kỳ
hoặc đăng lên cổng thông tin. Lưu các tệp tổng hợp từng phần với --by procedure,month và đưa
danh mục thủ tục (--procedures, có cột online_level) để có bộ lọc theo mức độ dịch vụ công trực
tuyến và biểu đồ theo tháng.

Ví dụ:
  minhbach page xa/*.json -o thong-ke.html
  minhbach page xa/*.json --procedures thu-tuc.csv -o thong-ke.html
  minhbach page huyen/*.json --title 'Thống kê giải quyết TTHC tỉnh Quảng Ngãi' -o thong-ke.html
  Mở thong-ke.html#sort=on_time_rate&dir=desc để xếp các đơn vị theo tỷ lệ đúng hạn."),
    // validate
    ("validate", "", "Kiểm tra các tệp hồ sơ và liệt kê mọi lỗi, không lập bảng"),
    ("validate", "<files>", "Các tệp hồ sơ (CSV hoặc XLSX) hoặc thư mục bộ hồ sơ báo cáo"),
    ("validate", "--procedures", "Danh mục thủ tục (CSV), cũng được kiểm tra và dùng cho hồ sơ không có hạn trả"),
    ("validate", "--format", "Định dạng của phần tóm tắt"),
    ("validate", "--max-errors", "Số lỗi liệt kê tối đa cho mỗi tệp (mọi lỗi vẫn được đếm)"),
    ("validate", "--sheet", "Trang tính của tệp Excel cần đọc, theo tên hoặc số thứ tự (1 = trang đầu); mặc định: trang đầu tiên có dòng tiêu đề"),
    ("validate", "after", "\
TỆP là thư mục thì được kiểm tra như một bộ hồ sơ báo cáo: report.toml và mọi tệp nó nêu tên
đều được đọc, hồ sơ được tổng hợp và báo cáo được soạn (không ghi gì ra); lỗi nêu tên tệp và
trường, các điểm cơ quan phải kiểm tra (CẦN KIỂM TRA) được tính là lỗi.

Mọi dòng của mọi tệp hồ sơ đều được đọc và kiểm tra như `aggregate` đọc (ngày giờ, kênh nộp,
kết quả, mã hồ sơ trùng, hồ sơ giải quyết trước khi tiếp nhận, …) bất kể ngày tháng. Mỗi lỗi
được liệt kê ra stderr kèm tệp, dòng, cột và giá trị; phần tóm tắt của từng tệp in ra màn
hình. Mã thoát 1 khi có lỗi.

Ví dụ:
  minhbach validate hoso-2021.csv
  minhbach validate q1.xlsx q2.xlsx --procedures danh-muc-tthc.csv
  minhbach validate hoso-2021.csv --format json
  minhbach validate examples/data/ly-son-2021-h1"),
    // generate
    ("generate", "", "Tạo hồ sơ giả lập (luôn như nhau với cùng tham số), để thử nghiệm và đo hiệu năng"),
    ("generate", "--rows", "Số hồ sơ (tối đa 1.000.000.000)"),
    ("generate", "--seed", "Hạt giống của bộ sinh số giả ngẫu nhiên"),
    ("generate", "--from", "Ngày tiếp nhận đầu tiên (mặc định 2020-10-01)"),
    ("generate", "--to", "Ngày tiếp nhận cuối cùng (mặc định 2021-12-31)"),
    ("generate", "--layout", "Các cột được ghi: đầy đủ các cột của định dạng hồ sơ, hoặc dạng rút gọn"),
    ("generate", "--output", "Tệp kết quả (`-`: in ra màn hình)"),
    ("generate", "after", "\
Cùng --rows, --seed, --from, --to và --layout thì luôn cho cùng một tệp, từng byte một. Ngày
tiếp nhận tránh các ngày nghỉ của Việt Nam; hạn trả theo lịch ngày làm việc.

Ví dụ:
  minhbach generate --rows 10000 --seed 42 -o hoso-thu.csv
  minhbach generate --rows 1000000 --seed 7 --from 2021-01-01 --to 2021-12-31 -o big.csv
  minhbach generate --rows 5 --seed 1 -o -          # in ra màn hình"),
    // calendar
    ("calendar", "", "Ngày làm việc, hạn giải quyết, ngày nghỉ lễ và âm lịch"),
    ("calendar", "after", "\
Ví dụ:
  minhbach calendar due --received '2021-02-05 10:00' --days 5
  minhbach calendar due --received '2024-06-14 16:00' --same-day
  minhbach calendar holidays 2021
  minhbach calendar lunar 2021-04-21        # in 2021-03-10 (10 tháng 3 Tân Sửu)
  minhbach calendar solar 2021-03-10        # in 2021-04-21
  minhbach calendar solar 2020-04-15 --leap # 15 tháng 4 nhuận Canh Tý"),
    ("calendar due", "", "Hạn trả kết quả của một hồ sơ: N ngày làm việc sau khi tiếp nhận (không tính ngày tiếp nhận)"),
    ("calendar due", "--received", "Thời điểm tiếp nhận: 'YYYY-MM-DD HH:MM' (giây không bắt buộc), YYYY-MM-DDTHH:MM:SS hoặc 'DD/MM/YYYY HH:MM'; chỉ ghi ngày nghĩa là 00:00"),
    ("calendar due", "--days", "Thời hạn giải quyết theo quy định, tính bằng ngày làm việc"),
    ("calendar due", "--same-day", "Thủ tục giải quyết trong ngày (như --days 0)"),
    ("calendar due", "--schedule", "Tệp lịch nghỉ (TOML) theo thông báo của Chính phủ cho các năm minhbach chưa có (đã có sẵn lịch chính thức 2019-2026)"),
    ("calendar due", "--office-close", "Giờ kết thúc làm việc: giờ trong ngày hồ sơ đến hạn"),
    ("calendar due", "--cutoff", "Giờ chốt của thủ tục giải quyết trong ngày: tiếp nhận sau giờ này thì hạn là ngày làm việc tiếp theo"),
    ("calendar due", "--after-cutoff-next-day", "Quy ước CHƯA XÁC MINH: với N > 0, tiếp nhận sau giờ chốt thì tính từ ngày làm việc tiếp theo"),
    ("calendar due", "--non-working-receipt-next-day", "Quy ước CHƯA XÁC MINH: tiếp nhận vào ngày nghỉ được tính như tiếp nhận vào ngày làm việc tiếp theo (tiếp nhận thứ Bảy, 1 ngày làm việc thì hạn là thứ Ba, không phải thứ Hai)"),
    ("calendar due", "--format", "Định dạng kết quả"),
    ("calendar due", "after", "\
Quy tắc: không tính ngày tiếp nhận (Bộ luật Dân sự, Điều 147); tiếp nhận vào ngày nghỉ thì ngày
đầu tiên được tính là ngày làm việc tiếp theo; hồ sơ đến hạn vào giờ kết thúc làm việc
(--office-close, mặc định 17:00) của ngày làm việc thứ N. Thủ tục giải quyết trong ngày
(--same-day, hoặc --days 0: chứng thực, hộ tịch không quy định thời hạn) tiếp nhận vào ngày làm
việc trước giờ chốt (--cutoff, mặc định 15:00) thì hạn là chính ngày đó, nếu không thì là ngày
làm việc tiếp theo.

Ví dụ:
  minhbach calendar due --received '2021-02-05 10:00' --days 5
      2021-02-19T17:00:00        (bỏ qua Tết 10-16/02/2021)
  minhbach calendar due --received 05/02/2021 --days 5 --format json
  minhbach calendar due --received '2024-06-14 16:00' --same-day
      2024-06-17T17:00:00        (sau 15:00 thứ Sáu: hạn thứ Hai)
  minhbach calendar due --received '2030-02-01 09:00' --days 3 --schedule lich-2030.toml"),
    ("calendar holidays", "", "Các ngày nghỉ trong năm (lễ, Tết, nghỉ bù, hoán đổi) và các ngày cuối tuần phải đi làm"),
    ("calendar holidays", "<year>", "Năm (1900-2100)"),
    ("calendar holidays", "--schedule", "Tệp lịch nghỉ (TOML) thay cho lịch có sẵn hoặc suy ra của các năm nó quy định"),
    ("calendar holidays", "--format", "Định dạng kết quả"),
    ("calendar holidays", "after", "\
Mỗi dòng: ngày, `off` (ngày nghỉ) hoặc `work` (ngày cuối tuần phải đi làm), loại, và tên tiếng
Việt. Ngày lễ rơi vào cuối tuần cũng được liệt kê. Các năm chưa có lịch chính thức (trước 2019,
sau 2026) được suy ra từ Bộ luật Lao động; dùng --schedule với thông báo của Chính phủ để thay.

Ví dụ:
  minhbach calendar holidays 2021
  minhbach calendar holidays 2025 --format json
  minhbach calendar holidays 2027 --schedule lich-2027.toml"),
    ("calendar lunar", "", "Đổi ngày dương lịch sang âm lịch Việt Nam (UTC+7)"),
    ("calendar lunar", "<date>", "Ngày dương lịch, YYYY-MM-DD (hoặc DD/MM/YYYY), từ 1900-01-01 đến 2100-12-31"),
    ("calendar lunar", "--format", "Định dạng kết quả"),
    ("calendar lunar", "after", "\
In ngày âm lịch dạng năm-tháng-ngày âm, thêm ` leap` khi là tháng nhuận.

Ví dụ:
  minhbach calendar lunar 2021-04-21      # 2021-03-10  (10 tháng 3 Tân Sửu, Giỗ Tổ)
  minhbach calendar lunar 2020-05-23      # 2020-04-01 leap
  minhbach calendar lunar 2021-02-12 --format json"),
    ("calendar solar", "", "Đổi ngày âm lịch Việt Nam sang dương lịch"),
    ("calendar solar", "<date>", "Ngày âm lịch dạng năm-tháng-ngày âm: 2021-03-10 là ngày 10 tháng 3 năm Tân Sửu"),
    ("calendar solar", "--leap", "Tháng nhuận"),
    ("calendar solar", "--format", "Định dạng kết quả"),
    ("calendar solar", "after", "\
Ví dụ:
  minhbach calendar solar 2021-03-10          # 2021-04-21 (Giỗ Tổ Hùng Vương 2021)
  minhbach calendar solar 2021-01-01          # 2021-02-12 (Tết Tân Sửu)
  minhbach calendar solar 2020-04-01 --leap   # 2020-05-23 (1 tháng 4 nhuận Canh Tý)"),
    // score
    ("score", "", "Điểm, xếp hạng và giải thích điểm của các đơn vị theo một bộ chỉ số (pci, pci_transparency, decision766, ddci)"),
    ("score", "<definition>", "Tên bộ chỉ số có sẵn (pci, pci_transparency, decision766, ddci) hoặc tệp định nghĩa bộ chỉ số"),
    ("score", "<data>", "Số liệu các đơn vị: CSV có cột `unit` và mỗi chỉ tiêu một cột"),
    ("score", "--partials", "Các tệp tổng hợp từng phần của các đơn vị (từ `aggregate … --unit TÊN --save-partial TỆP`): các chỉ tiêu tính từ số liệu hồ sơ (on_time_rate, mean_processing_hours, online_dossier_share) lấy từ số liệu tổng hợp của từng đơn vị; SỐ_LIỆU.csv, nếu có, cho các chỉ tiêu còn lại"),
    ("score", "--list-indicators", "Liệt kê các chỉ tiêu của bộ chỉ số (mã, tên tiếng Việt, chiều, đơn vị) rồi dừng"),
    ("score", "--anchors", "Các mốc min–max từ tệp CSV có các cột indicator,min,max"),
    ("score", "--anchor", "Mốc min–max của một chỉ tiêu (ghi nhiều lần được), ví dụ --anchor transparency_docs=3.2:7.9"),
    ("score", "--format", "Định dạng kết quả: table (bảng), csv, json hoặc xlsx (mặc định: theo đuôi tệp của -o; nếu không thì bảng)"),
    ("score", "--decimals", "Số chữ số thập phân của điểm (làm tròn thông thường); xếp hạng so sánh điểm đã làm tròn"),
    ("score", "--output", "Tệp kết quả (mặc định: in ra màn hình)"),
    ("score", "after", "\
BỘ_CHỈ_SỐ là một bộ có sẵn — pci, pci_transparency, decision766, ddci — hoặc tệp định nghĩa bộ
chỉ số (.toml hoặc .json). Tên bộ có sẵn luôn là bộ có sẵn; tệp trùng tên thì ghi như đường dẫn
(./pci). SỐ_LIỆU.csv là tệp CSV: cột `unit` (tên đơn vị) rồi mỗi mã chỉ tiêu một cột (ô trống
hoặc NA: thiếu số liệu; dùng dấu chấm thập phân, không dùng dấu phẩy); `--list-indicators` liệt
kê các mã một bộ cần.

Dòng có giá trị sai bị loại và liệt kê ra stderr (mã thoát 1), các đơn vị khác vẫn được tính
điểm. Mốc min–max tính từ các đơn vị trong lượt sẽ thay đổi nếu các dòng bị loại được sửa.
pci_transparency quy đổi theo các mốc min–max chung của PCI do người dùng cung cấp:
--anchors TỆP.csv (các cột indicator,min,max) hoặc --anchor MÃ=MIN:MAX.

Ví dụ:
  minhbach score pci examples/data/pci-tinh-mau.csv
  minhbach score decision766 --list-indicators
  minhbach score decision766 don-vi-2024.csv --format json
  minhbach score decision766 chi-tieu-khac.csv --partials huyen/*.json
  minhbach score pci_transparency tinh.csv --anchors moc-pci.csv
  minhbach score bo-chi-so.toml huyen.csv --decimals 3 -o diem.xlsx --format xlsx"),
    // audit
    ("audit", "", "Kiểm tra các số liệu hồ sơ nêu trong một báo cáo hoặc thông cáo đã công bố (tổng, tỷ lệ)"),
    ("audit", "<file>", "Báo cáo (.txt, .md, .html, .docx), tệp số liệu (.toml), hoặc - để đọc từ đầu vào chuẩn"),
    ("audit", "--format", "Định dạng kết quả (mặc định: theo đuôi tệp của -o là .txt, .json hoặc .md; nếu không thì văn bản)"),
    ("audit", "--output", "Tệp kết quả (mặc định: in ra màn hình)"),
    ("audit", "after", "\
Đọc các số liệu hồ sơ mà báo cáo hoặc thông cáo nêu (tiếp nhận, đã giải quyết, đúng hạn, quá
hạn, đang giải quyết, trực tuyến, tỷ lệ …, theo cấp và theo kỳ), kiểm tra mọi đẳng thức của
Biểu 06 mà các số liệu cho phép và tính lại từng tỷ lệ theo mọi cách tính mẫu số và làm tròn.
TỆP là .txt, .md, .html, .docx, .toml (số liệu nhập tay) hoặc - để đọc từ đầu vào chuẩn (dạng
văn bản). Với -o, đuôi tệp kết quả (.txt, .json, .md) quyết định dạng kết quả nếu không ghi
--format.

Mã thoát 1 khi có phép kiểm tra không đạt (đẳng thức sai hoặc tỷ lệ không tính lại được) hoặc
không tìm thấy số liệu hồ sơ nào; 0 khi mọi phép kiểm tra đều đạt.

Ví dụ:
  minhbach audit bao-cao-quy-1.docx
  minhbach audit thong-cao.html --format json
  pdftotext bao-cao.pdf - | minhbach audit -
  minhbach audit so-lieu.toml -o kiem-tra.md"),
];

/// (command path or `*` for any command, `--long`, value, Vietnamese description).
const VI_VALUES: &[(&str, &str, &str, &str)] = &[
    ("report", "--format", "pdf", "PDF (A4, thể thức Nghị định 30/2020, nhúng phông chữ)"),
    ("report", "--format", "docx", "Văn bản Word (A4, thể thức Nghị định 30/2020)"),
    ("report", "--format", "html", "Một tệp HTML độc lập, in ra khổ A4"),
    ("report", "--format", "md", "Markdown"),
    ("report", "--format", "txt", "Văn bản thuần, trình bày như bản in"),
    ("report", "--format", "json", "Cây văn bản dạng JSON"),
    ("*", "--by", "agency", "cơ quan"),
    ("*", "--by", "procedure", "thủ tục"),
    ("*", "--by", "field", "lĩnh vực"),
    ("*", "--by", "level", "cấp"),
    ("*", "--by", "channel", "kênh nộp (trực tiếp, trực tuyến, bưu chính)"),
    ("*", "--by", "month", "tháng tiếp nhận"),
    ("*", "--by", "online_level", "mức độ dịch vụ công trực tuyến"),
    ("*", "--convention", "bieu06", "Biểu số 06/VPCP/KSTT của Văn phòng Chính phủ (mặc định)"),
    ("*", "--convention", "decision766", "Quyết định 766/QĐ-TTg"),
    ("*", "--convention", "opencps", "Nền tảng một cửa OpenCPS"),
    ("*", "--compare", "bieu06", "Biểu số 06/VPCP/KSTT của Văn phòng Chính phủ"),
    ("*", "--compare", "decision766", "Quyết định 766/QĐ-TTg"),
    ("*", "--compare", "opencps", "Nền tảng một cửa OpenCPS"),
    ("*", "--withdrawn", "resolved", "Trong “đã giải quyết”, xét trước hạn / đúng hạn / trễ hạn"),
    ("*", "--withdrawn", "separate", "Ở cột riêng, ngoài đã giải quyết và đang giải quyết"),
    ("*", "--rejected", "resolved", "Trong “đã giải quyết”, xét trước hạn / đúng hạn / trễ hạn"),
    ("*", "--rejected", "separate", "Ở cột riêng, ngoài đã giải quyết và đang giải quyết"),
    ("*", "--lateness", "datetime", "theo ngày và giờ"),
    ("*", "--lateness", "date", "chỉ theo ngày"),
    ("*", "--denominator", "resolved", "Trước hạn + đúng hạn + trễ hạn"),
    ("*", "--denominator", "processed", "Đã giải quyết + các cột riêng trả lại và rút hồ sơ (“đã xử lý”)"),
    ("*", "--denominator", "due", "Đã giải quyết + đang giải quyết quá hạn + trả lại + rút hồ sơ (“đến hạn”)"),
    ("*", "--denominator", "handled", "Tiếp nhận mới + từ kỳ trước chuyển qua (“cần xử lý”)"),
    ("*", "--denominator", "decision766", "Chỉ tiêu 2.1 của Quyết định 766"),
    ("*", "--online-denominator", "received", "Tiếp nhận trong kỳ"),
    ("*", "--online-denominator", "received_and_carried", "Tiếp nhận trong kỳ + từ kỳ trước chuyển qua"),
    ("*", "--rounding", "half-up", "Làm tròn thông thường (từ 5 trở lên làm tròn lên)"),
    ("*", "--rounding", "floor", "Cắt bỏ phần thừa"),
    ("aggregate", "--format", "table", "Bảng căn cột với tên cột của Biểu 06"),
    ("aggregate", "--format", "json", "JSON (định dạng ổn định, docs/cli.md)"),
    ("aggregate", "--format", "csv", "CSV với tên cột của Biểu 06 (UTF-8 có BOM, mở được bằng Excel)"),
    ("aggregate", "--format", "xlsx", "Tệp Excel"),
    ("merge", "--format", "table", "Bảng căn cột với tên cột của Biểu 06"),
    ("merge", "--format", "json", "JSON (định dạng ổn định, docs/cli.md)"),
    ("merge", "--format", "csv", "CSV với tên cột của Biểu 06 (UTF-8 có BOM, mở được bằng Excel)"),
    ("merge", "--format", "xlsx", "Tệp Excel"),
    ("*", "--shared", "once", "Đếm một lần, ở đơn vị đầu tiên có hồ sơ"),
    ("*", "--shared", "per_unit", "Đếm ở mọi đơn vị có hồ sơ"),
    ("validate", "--format", "text", "Mỗi tệp một dòng tóm tắt"),
    ("validate", "--format", "json", "JSON (định dạng ổn định, docs/cli.md)"),
    ("generate", "--layout", "full", "id, procedure_code, agency, field, level, channel, received_at, due_at, resolved_at, outcome, pause_start, pause_end"),
    ("generate", "--layout", "compact", "id, procedure_code, agency, channel, received_at, due_at, resolved_at, outcome"),
    ("*", "--format", "text", "Ngày dạng ISO, mỗi dòng một ngày"),
    ("*", "--format", "json", "Một đối tượng JSON (định dạng ổn định, docs/cli.md)"),
    ("score", "--format", "table", "Bảng xếp hạng và, với từng đơn vị, giải thích điểm"),
    ("score", "--format", "csv", "Bảng xếp hạng dạng CSV: hạng, đơn vị, điểm và điểm của từng nút"),
    ("score", "--format", "json", "JSON (định dạng ổn định, docs/cli.md)"),
    ("score", "--format", "xlsx", "Bảng xếp hạng dạng tệp Excel"),
    ("audit", "--format", "text", "Báo cáo kiểm tra, ghi rõ các phép tính"),
    ("audit", "--format", "json", "JSON (định dạng ổn định, docs/cli.md)"),
    ("audit", "--format", "md", "Các bảng Markdown"),
];

/// Value names as the Vietnamese help shows them (`--from <NGÀY>`); others are kept.
const VALUE_NAMES: &[(&str, &str)] = &[
    ("DATE", "NGÀY"),
    ("DATETIME", "THỜI_ĐIỂM"),
    ("FILE", "TỆP"),
    ("OUT", "TỆP"),
    ("PATH", "TỆP"),
    ("FILE.csv", "TỆP.csv"),
    ("BUNDLE_DIR", "THƯ_MỤC"),
    ("DIR", "THƯ_MỤC"),
    ("UNIT", "ĐƠN_VỊ"),
    ("PERIOD", "KỲ"),
    ("PROVINCE", "TỈNH"),
    ("NAME", "TÊN"),
    ("NUMBER", "SỐ"),
    ("NAME|NUMBER", "TÊN|SỐ"),
    ("KEY[,KEY]", "KHÓA[,KHÓA]"),
    ("PARTIAL", "TỆP_TỔNG_HỢP"),
    ("CATALOGUE", "DANH_MỤC"),
    ("MEASURE", "CHỈ_SỐ"),
    ("FORMAT", "ĐỊNH_DẠNG"),
    ("LANG", "NGÔN_NGỮ"),
    ("CONVENTION", "QUY_ƯỚC"),
    ("WITHDRAWN", "CÁCH_TÍNH"),
    ("REJECTED", "CÁCH_TÍNH"),
    ("LATENESS", "CÁCH_XÉT"),
    ("DENOMINATOR", "MẪU_SỐ"),
    ("ONLINE_DENOMINATOR", "MẪU_SỐ"),
    ("ROUNDING", "CÁCH_LÀM_TRÒN"),
    ("SHARED", "CÁCH_ĐẾM"),
    ("LAYOUT", "CÁCH_GHI"),
    ("YEAR", "NĂM"),
    ("LUNAR_DATE", "NGÀY_ÂM"),
    ("TEXT", "TIÊU_ĐỀ"),
    ("DEFINITION_OR_PRESET", "BỘ_CHỈ_SỐ"),
    ("DATA.csv", "SỐ_LIỆU.csv"),
    ("ID=MIN:MAX", "MÃ=MIN:MAX"),
    ("COMMAND", "LỆNH"),
];

/// How the tables name an argument: `--long`, else `<id>`.
fn key(a: &Arg) -> String {
    match a.get_long() {
        Some(l) => format!("--{l}"),
        None => format!("<{}>", a.get_id()),
    }
}

fn vi(path: &str, key: &str) -> Option<&'static str> {
    VI.iter()
        .find(|(p, k, _)| *p == path && *k == key)
        .map(|(_, _, t)| *t)
}

fn vi_value(path: &str, key: &str, value: &str) -> Option<&'static str> {
    let find = |p: &str| {
        VI_VALUES
            .iter()
            .find(|(vp, k, v, _)| *vp == p && *k == key && *v == value)
            .map(|(_, _, _, t)| *t)
    };
    find(path).or_else(|| find("*"))
}

fn value_name_vi(name: &str) -> Option<&'static str> {
    VALUE_NAMES
        .iter()
        .find(|(en, _)| *en == name)
        .map(|(_, vi)| *vi)
}

/// The command tree in the language of the run.
pub fn localise(cmd: Command, lang: Lang) -> Command {
    match lang {
        Lang::En => cmd,
        Lang::Vi => {
            let mut cmd = localise_vi(cmd, "");
            // Building adds the global options to the subcommands and the `help` subcommand;
            // the usage lines and the `help` subcommand are put into Vietnamese after it.
            cmd.build();
            finish_vi(cmd)
        }
    }
}

fn template(cmd: &Command) -> String {
    let mut t = String::from("{before-help}{about-with-newline}\nCách dùng: {usage}\n");
    if cmd.get_positionals().next().is_some() {
        t.push_str("\nĐối số:\n{positionals}\n");
    }
    if cmd.has_subcommands() {
        t.push_str("\nLệnh:\n{subcommands}\n");
    }
    t.push_str("\nTùy chọn:\n{options}{after-help}");
    t
}

/// The Vietnamese help of one argument: (short help, long help when it differs).
fn arg_help(path: &str, a: &Arg, text: &str) -> (String, Option<String>) {
    let k = key(a);
    let takes_values = a.get_action().takes_values();
    let values: Vec<(String, Option<&'static str>)> =
        if !takes_values || a.is_hide_possible_values_set() {
            Vec::new()
        } else {
            a.get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| (v.get_name().to_string(), vi_value(path, &k, v.get_name())))
                .collect()
        };
    let defaults: Vec<String> = if !takes_values || a.is_hide_default_value_set() {
        Vec::new()
    } else {
        a.get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect()
    };
    let default = (!defaults.is_empty()).then(|| format!("[mặc định: {}]", defaults.join(",")));
    let mut short = text.to_string();
    if !values.is_empty() {
        let names: Vec<&str> = values.iter().map(|(n, _)| n.as_str()).collect();
        short.push_str(&format!(" [giá trị: {}]", names.join(", ")));
    }
    if let Some(d) = &default {
        short.push(' ');
        short.push_str(d);
    }
    if !values.iter().any(|(_, t)| t.is_some()) {
        return (short, None);
    }
    let width = values
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(0);
    let mut long = format!("{text}\n\nGiá trị:");
    for (name, t) in &values {
        let pad = " ".repeat(width.saturating_sub(name.chars().count()));
        match t {
            Some(t) => long.push_str(&format!("\n- {name}:{pad} {t}")),
            None => long.push_str(&format!("\n- {name}")),
        }
    }
    if let Some(d) = default {
        long.push_str("\n\n");
        long.push_str(&d);
    }
    (short, Some(long))
}

fn localise_vi(mut cmd: Command, path: &str) -> Command {
    if let Some(t) = vi(path, "") {
        cmd = cmd.about(t).long_about(None::<&str>);
    }
    if let Some(t) = vi(path, "after") {
        cmd = cmd.after_help(t).after_long_help(None::<&str>);
    }
    let args: Vec<(clap::Id, String)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().clone(), key(a)))
        .collect();
    for (id, k) in args {
        let text = vi(path, &k);
        cmd = cmd.mut_arg(id, |a| {
            let names: Option<Vec<clap::builder::Str>> = a.get_value_names().map(|names| {
                names
                    .iter()
                    .map(|n| value_name_vi(n.as_str()).map_or_else(|| n.clone(), Into::into))
                    .collect()
            });
            let (short, long) = arg_help(path, &a, text.unwrap_or_default());
            let a = match names {
                Some(n) => a.value_names(n),
                None if a.get_action().takes_values() && !a.is_positional() => {
                    // clap's default value name is the id in capitals.
                    let upper = a.get_id().as_str().to_uppercase();
                    match value_name_vi(&upper) {
                        Some(vn) => a.value_name(vn),
                        None => a,
                    }
                }
                None => a,
            };
            let a = if a.get_action().takes_values() {
                a.hide_possible_values(true).hide_default_value(true)
            } else {
                a
            };
            match (text, long) {
                (Some(_), Some(long)) => a.help(short).long_help(long),
                (Some(_), None) => a.help(short).long_help(None::<&str>),
                (None, _) => a,
            }
        });
    }
    let template = template(&cmd);
    cmd = cmd
        .help_template(template)
        .subcommand_value_name("LỆNH")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("In trợ giúp (-h: bản rút gọn)"),
        )
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In số phiên bản"),
        );
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(name, |s| localise_vi(s, &sub_path));
    }
    cmd
}

/// After the build: usage lines with `[TÙY CHỌN]`, and the `help` subcommand in Vietnamese.
fn finish_vi(mut cmd: Command) -> Command {
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .strip_prefix("Usage: ")
        .unwrap_or(&usage)
        .replace("[OPTIONS]", "[TÙY CHỌN]");
    cmd = cmd.override_usage(usage);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        if name == "help" {
            let usage = format!("{} help [LỆNH]", cmd.get_bin_name().unwrap_or("minhbach"));
            cmd = cmd.mut_subcommand(name, |s| {
                s.about("In trợ giúp này hoặc trợ giúp của lệnh đã cho")
                    .override_usage(usage)
                    .help_template(
                        "{before-help}{about-with-newline}\nCách dùng: {usage}\n\nLệnh:\n{subcommands}{after-help}",
                    )
                    .mut_subcommand("help", |h| {
                        h.about("In trợ giúp này hoặc trợ giúp của lệnh đã cho")
                    })
            });
        } else {
            cmd = cmd.mut_subcommand(name, finish_vi);
        }
    }
    cmd
}

/// Ends the run on a command-line error or on `--help`/`--version`, like clap's own
/// `Error::exit`; in Vietnamese the error is written from its context (`lỗi:`, `Cách dùng:`).
pub fn clap_exit(e: clap::Error) -> ! {
    let informational = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if Lang::current() == Lang::En || informational {
        e.exit()
    }
    // Nothing more can be done if stderr itself is gone.
    let _ = writeln!(io::stderr().lock(), "{}", render_vi(&e));
    std::process::exit(e.exit_code())
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        ContextValue::Bool(b) => Some(b.to_string()),
        ContextValue::None => None,
        _ => None,
    }
}

fn context_list(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        _ => Vec::new(),
    }
}

/// A usage error in Vietnamese: what is wrong (with the argument and value as typed), the
/// suggestions clap found, the usage line and where to find the help.
fn render_vi(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let valid = context_list(e, ContextKind::ValidValue);
    let mut notes: Vec<String> = Vec::new();
    let message = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("'{arg}' cần một giá trị nhưng không có giá trị nào được cho")
        }
        ErrorKind::InvalidValue => format!("giá trị '{value}' không hợp lệ cho '{arg}'"),
        ErrorKind::UnknownArgument => format!("đối số không hợp lệ '{arg}'"),
        ErrorKind::InvalidSubcommand => {
            let sub = context(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("không có lệnh '{sub}'")
        }
        ErrorKind::NoEquals => format!("'{arg}' phải được viết với dấu '=' trước giá trị"),
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(e)
                .map(ToString::to_string)
                .unwrap_or_default();
            if reason.is_empty() {
                format!("giá trị '{value}' không hợp lệ cho '{arg}'")
            } else {
                format!("giá trị '{value}' không hợp lệ cho '{arg}': {reason}")
            }
        }
        ErrorKind::TooManyValues => format!("giá trị thừa '{value}' cho '{arg}'"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let expected = context(e, ContextKind::ExpectedNumValues).unwrap_or_default();
            let actual = context(e, ContextKind::ActualNumValues).unwrap_or_default();
            format!("'{arg}' cần {expected} giá trị nhưng có {actual}")
        }
        ErrorKind::ArgumentConflict => {
            let prior = context_list(e, ContextKind::PriorArg);
            if prior.is_empty() || prior.contains(&arg) {
                format!("'{arg}' không được dùng nhiều lần")
            } else {
                format!(
                    "'{arg}' không dùng được cùng với {}",
                    prior
                        .iter()
                        .map(|p| format!("'{p}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = context_list(e, ContextKind::InvalidArg);
            format!("thiếu các đối số bắt buộc:\n  {}", missing.join("\n  "))
        }
        ErrorKind::MissingSubcommand => {
            let name = context(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("'{name}' cần một lệnh con")
        }
        ErrorKind::InvalidUtf8 => "đối số không phải là văn bản UTF-8 hợp lệ".to_string(),
        _ => {
            // Kinds minhbach's command line cannot produce; clap's own sentence, without its
            // English label and footer.
            let text = e.render().to_string();
            let first = text.lines().next().unwrap_or_default();
            first.strip_prefix("error: ").unwrap_or(first).to_string()
        }
    };
    if !valid.is_empty() {
        notes.push(format!("[giá trị có thể: {}]", valid.join(", ")));
    }
    for s in context_list(e, ContextKind::SuggestedValue) {
        notes.push(format!("gợi ý: có phải ý bạn là '{s}'?"));
    }
    for s in context_list(e, ContextKind::SuggestedArg) {
        notes.push(format!("gợi ý: có phải ý bạn là '{s}'?"));
    }
    for s in context_list(e, ContextKind::SuggestedSubcommand) {
        notes.push(format!("gợi ý: có phải ý bạn là lệnh '{s}'?"));
    }
    if matches!(
        e.get(ContextKind::TrailingArg),
        Some(ContextValue::Bool(true))
    ) {
        notes.push(format!(
            "gợi ý: để dùng '{arg}' làm giá trị, hãy viết '-- {arg}'"
        ));
    }
    let mut out = format!("lỗi: {message}");
    for n in notes {
        out.push_str("\n\n  ");
        out.push_str(&n);
    }
    if let Some(usage) = context(e, ContextKind::Usage) {
        let usage = usage
            .strip_prefix("Usage: ")
            .unwrap_or(&usage)
            .replace("[OPTIONS]", "[TÙY CHỌN]");
        out.push_str("\n\nCách dùng: ");
        out.push_str(&usage);
    }
    out.push_str("\n\nXem thêm: '--help'.");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command and argument of the English tree, as (path, key, English text, values
    /// with a description).
    fn walk(cmd: &Command, path: &str, out: &mut Vec<(String, String, String, Vec<String>)>) {
        out.push((
            path.to_string(),
            String::new(),
            cmd.get_about().map(ToString::to_string).unwrap_or_default(),
            Vec::new(),
        ));
        for a in cmd.get_arguments() {
            let k = key(a);
            let described: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| v.get_help().is_some())
                .map(|v| v.get_name().to_string())
                .collect();
            out.push((
                path.to_string(),
                k,
                a.get_help().map(ToString::to_string).unwrap_or_default(),
                described,
            ));
        }
        for s in cmd.get_subcommands() {
            let p = if path.is_empty() {
                s.get_name().to_string()
            } else {
                format!("{path} {}", s.get_name())
            };
            walk(s, &p, out);
        }
    }

    #[test]
    fn every_command_argument_and_value_has_vietnamese_help() {
        let mut all = Vec::new();
        walk(&crate::args::Cli::command(), "", &mut all);
        let mut missing: Vec<String> = Vec::new();
        for (p, k, en, values) in &all {
            if vi(p, k).is_none() {
                missing.push(format!("({p:?}, {k:?}, {en:?})"));
            }
            for v in values {
                if vi_value(p, k, v).is_none() {
                    missing.push(format!("value ({p:?}, {k:?}, {v:?})"));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "no Vietnamese help for:\n{}",
            missing.join("\n")
        );
        // No entry of the table names a command or argument that does not exist.
        for (p, k, _) in VI {
            let found = *k == "after" || all.iter().any(|(ap, ak, _, _)| ap == p && ak == k);
            assert!(
                found,
                "the table names ({p:?}, {k:?}), which the command line does not have"
            );
        }
        // Every command has its Vietnamese explanations and examples, like its English help.
        let cli = crate::args::Cli::command();
        let mut stack = vec![(String::new(), cli)];
        while let Some((p, c)) = stack.pop() {
            if c.get_after_help().is_some() {
                assert!(
                    vi(&p, "after").is_some(),
                    "no Vietnamese examples for {p:?}"
                );
            }
            for s in c.get_subcommands() {
                let sp = if p.is_empty() {
                    s.get_name().to_string()
                } else {
                    format!("{p} {}", s.get_name())
                };
                stack.push((sp, s.clone()));
            }
        }
    }

    /// clap's own English words, which a Vietnamese help must not show (one a line; the
    /// end-to-end tests read the same file).
    const CLAP_ENGLISH: &str = include_str!("../tests/data/clap-english.txt");

    #[test]
    fn vietnamese_help_has_no_english_clap_words() {
        let mut cmd = localise(crate::args::Cli::command(), Lang::Vi);
        let help = cmd.render_long_help().to_string();
        assert!(
            help.contains("Cách dùng: minhbach [TÙY CHỌN] <LỆNH>"),
            "{help}"
        );
        assert!(
            help.contains("Lệnh:") && help.contains("Tùy chọn:"),
            "{help}"
        );
        assert!(
            help.contains("In trợ giúp này hoặc trợ giúp của lệnh đã cho"),
            "{help}"
        );
        let mut subs: Vec<Command> = cmd.get_subcommands().cloned().collect();
        while let Some(mut s) = subs.pop() {
            // The `help` subcommand's children are clap's copies for finding a command; their
            // own help is never shown.
            if s.get_name() != "help" {
                subs.extend(s.get_subcommands().cloned());
            }
            for text in [
                s.render_help().to_string(),
                s.render_long_help().to_string(),
            ] {
                for english in CLAP_ENGLISH.lines() {
                    assert!(
                        !text.contains(english),
                        "{}: {english:?} in\n{text}",
                        s.get_name()
                    );
                }
            }
        }
        let score = cmd
            .find_subcommand_mut("score")
            .map(|s| s.render_long_help().to_string())
            .unwrap_or_default();
        assert!(score.contains("Liệt kê các chỉ tiêu"), "{score}");
        assert!(
            score.contains("Đối số:") && score.contains("Ví dụ:"),
            "{score}"
        );
        assert!(score.contains("[mặc định: 2]"), "{score}");
        assert!(score.contains("theo đuôi tệp của -o"), "{score}");
        assert!(score.contains("- csv:"), "{score}");
        // English is the derive's own text.
        let en = localise(crate::args::Cli::command(), Lang::En)
            .render_help()
            .to_string();
        assert!(
            en.contains("Usage: minhbach") && !en.contains("Cách dùng"),
            "{en}"
        );
    }

    #[test]
    fn usage_errors_render_in_vietnamese_from_their_context() {
        let cmd = || localise(crate::args::Cli::command(), Lang::Vi);
        let err = |args: &[&str]| {
            let mut argv = vec!["minhbach"];
            argv.extend_from_slice(args);
            match cmd().try_get_matches_from(argv) {
                Ok(_) => String::new(),
                Err(e) => render_vi(&e),
            }
        };
        let e = err(&["score", "pci", "x.csv", "--format", "xml"]);
        assert!(
            e.starts_with("lỗi: giá trị 'xml' không hợp lệ cho '--format <ĐỊNH_DẠNG>'"),
            "{e}"
        );
        assert!(
            e.contains("[giá trị có thể: table, csv, json, xlsx]"),
            "{e}"
        );
        assert!(e.contains("gợi ý: có phải ý bạn là 'xlsx'?"), "{e}");
        let e = err(&["khong-co-lenh"]);
        assert!(e.starts_with("lỗi: không có lệnh 'khong-co-lenh'"), "{e}");
        let e = err(&["reprot"]);
        assert!(e.contains("gợi ý: có phải ý bạn là lệnh 'report'?"), "{e}");
        let e = err(&["aggregate", "x.csv", "--form", "2021-01-01"]);
        assert!(e.starts_with("lỗi: đối số không hợp lệ '--form'"), "{e}");
        assert!(e.contains("'--from'"), "{e}");
        let e = err(&["aggregate", "x.csv"]);
        assert!(e.starts_with("lỗi: thiếu các đối số bắt buộc:"), "{e}");
        assert!(e.contains("--from <NGÀY>"), "{e}");
        assert!(e.contains("Cách dùng: minhbach aggregate"), "{e}");
        for e in [e, err(&["score", "pci", "x.csv", "--format", "xml"])] {
            for english in [
                "error",
                "Usage",
                "tip:",
                "For more information",
                "[OPTIONS]",
            ] {
                assert!(!e.contains(english), "{english:?} in {e}");
            }
        }
    }
}
