//! Shared test helpers: the deterministic generator of the Lý Sơn bundle's synthesised
//! `procedures.csv` and `dossiers.csv`, and golden-file comparison.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too
#![allow(dead_code)]

use std::path::PathBuf;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

/// The reference bundle folder.
pub fn bundle_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/ly-son-2021-h1")
}

/// The reference bundle without its dossiers, in a temporary folder: its small files copied,
/// `targets.toml` through `edit_targets`, and `report.toml` without its `dossiers` line
/// through `edit_report`.
pub fn bundle_without_dossiers(
    edit_report: impl Fn(String) -> String,
    edit_targets: impl Fn(String) -> String,
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = bundle_dir();
    for f in [
        "documents.csv",
        "procedures.csv",
        "portal.toml",
        "disclosure.toml",
    ] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    let targets = std::fs::read_to_string(src.join("targets.toml")).unwrap();
    std::fs::write(dir.path().join("targets.toml"), edit_targets(targets)).unwrap();
    let report = std::fs::read_to_string(src.join("report.toml"))
        .unwrap()
        .replace("dossiers = \"dossiers.csv\"\n", "");
    std::fs::write(dir.path().join("report.toml"), edit_report(report)).unwrap();
    dir
}

/// The golden-file folder.
pub fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Compares `actual` with the checked-in file; with `UPDATE_GOLDEN=1` rewrites it instead.
pub fn check_golden(path: &std::path::Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with UPDATE_GOLDEN=1",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output at line {} (run with UPDATE_GOLDEN=1 to accept):\n expected: {:?}\n   actual: {:?}",
            path.display(),
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Public holidays of 2021 (Tết 10–16/02, Giỗ Tổ 21/4, 30/4, 03/5 in lieu of 01/5) and 2020-2021 New Year.
fn holiday(d: NaiveDate) -> bool {
    let ymd = (d.year(), d.month(), d.day());
    matches!(
        ymd,
        (2021, 1, 1)
            | (2021, 2, 10)
            | (2021, 2, 11)
            | (2021, 2, 12)
            | (2021, 2, 15)
            | (2021, 2, 16)
            | (2021, 4, 21)
            | (2021, 4, 30)
            | (2021, 5, 3)
    )
}

fn working(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holiday(d)
}

/// Adds `n` working days; the day of receipt is not counted.
fn add_working_days(d: NaiveDate, n: u32) -> NaiveDate {
    let mut d = d;
    let mut left = n;
    while left > 0 {
        d += Duration::days(1);
        if working(d) {
            left -= 1;
        }
    }
    d
}

fn working_days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut v = Vec::new();
    let mut d = from;
    while d <= to {
        if working(d) {
            v.push(d);
        }
        d += Duration::days(1);
    }
    v
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(d: NaiveDate, minutes: u32) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap())
}

/// A procedure of the synthesised catalogue.
pub struct Proc {
    pub code: String,
    pub name: String,
    pub agency: &'static str,
    pub field: &'static str,
    pub days: u32,
    pub level: u8,
}

/// Agencies: (name, abbreviation, field, procedure names, statutory days, dossier weight).
/// (name, abbreviation, field, procedure names, statutory days, volume weight, catalogue size).
type AgencyDef = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [u32],
    u64,
    usize,
);
const AGENCIES: &[AgencyDef] = &[
    (
        "Phòng Tư pháp",
        "TP",
        "Chứng thực, hộ tịch",
        &[
            "Chứng thực bản sao từ bản chính",
            "Chứng thực chữ ký",
            "Đăng ký khai sinh",
            "Đăng ký kết hôn có yếu tố nước ngoài",
            "Thay đổi, cải chính hộ tịch",
        ],
        &[1, 1, 3, 10, 3],
        45,
        24,
    ),
    (
        "Phòng Tài nguyên và Môi trường",
        "TNMT",
        "Đất đai, môi trường",
        &[
            "Đăng ký biến động quyền sử dụng đất",
            "Cấp đổi Giấy chứng nhận quyền sử dụng đất",
            "Chuyển mục đích sử dụng đất",
            "Xác nhận kế hoạch bảo vệ môi trường",
        ],
        &[10, 15, 15, 10],
        20,
        22,
    ),
    (
        "Phòng Tài chính – Kế hoạch",
        "TCKH",
        "Thành lập và hoạt động của hộ kinh doanh",
        &[
            "Đăng ký thành lập hộ kinh doanh",
            "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
            "Tạm ngừng kinh doanh",
        ],
        &[3, 3, 3],
        8,
        14,
    ),
    (
        "Phòng Lao động - Thương binh và Xã hội",
        "LĐTBXH",
        "Bảo trợ xã hội, người có công",
        &[
            "Trợ cấp xã hội hàng tháng",
            "Hỗ trợ chi phí mai táng",
            "Cấp giấy xác nhận khuyết tật",
        ],
        &[15, 10, 10],
        10,
        18,
    ),
    (
        "Phòng Kinh tế và Hạ tầng",
        "KTHT",
        "Xây dựng, giao thông",
        &[
            "Cấp giấy phép xây dựng nhà ở riêng lẻ",
            "Cấp giấy phép sửa chữa, cải tạo công trình",
            "Cấp giấy phép kinh doanh vận tải",
        ],
        &[15, 15, 5],
        6,
        14,
    ),
    (
        "Phòng Văn hóa và Thông tin",
        "VHTT",
        "Văn hóa, thông tin",
        &[
            "Cấp giấy phép kinh doanh karaoke",
            "Công nhận gia đình văn hóa",
        ],
        &[5, 10],
        3,
        8,
    ),
    (
        "Phòng Nội vụ",
        "NV",
        "Tôn giáo, thi đua - khen thưởng",
        &[
            "Đăng ký hoạt động tín ngưỡng",
            "Tặng giấy khen của Chủ tịch UBND huyện",
        ],
        &[10, 10],
        2,
        8,
    ),
    (
        "Phòng Giáo dục và Đào tạo",
        "GDĐT",
        "Giáo dục và đào tạo",
        &[
            "Cho phép trường mầm non hoạt động giáo dục",
            "Chuyển trường đối với học sinh trung học cơ sở",
        ],
        &[10, 3],
        3,
        6,
    ),
    (
        "Phòng Y tế",
        "YT",
        "Y tế, an toàn thực phẩm",
        &["Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"],
        &[10],
        3,
        6,
    ),
];

/// The synthesised catalogue: 120 procedures, 87 of them at online service level 3.
pub fn procedures() -> Vec<Proc> {
    let mut out = Vec::new();
    let mut g = 0u32;
    for (agency, abbr, field, names, days, _, count) in AGENCIES {
        for k in 0..*count {
            let name = match names.get(k) {
                Some(n) => n.to_string(),
                None => format!(
                    "Thủ tục lĩnh vực {} số {:02} (tổng hợp)",
                    field.to_lowercase(),
                    k + 1
                ),
            };
            let d = days.get(k).copied().unwrap_or(days[k % days.len()]);
            // 37 is coprime with 120: g*37 mod 120 is a permutation, so exactly 87 procedures get level 3.
            let level = if (g * 37) % 120 < 87 { 3 } else { 2 };
            out.push(Proc {
                code: format!("LS.{abbr}.{:03}", k + 1),
                name,
                agency,
                field,
                days: d,
                level,
            });
            g += 1;
        }
    }
    out
}

/// `procedures.csv`.
pub fn procedures_csv() -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["code", "name", "agency", "field", "days", "level"])
        .unwrap();
    for p in procedures() {
        w.write_record([
            &p.code,
            &p.name,
            p.agency,
            p.field,
            &p.days.to_string(),
            &p.level.to_string(),
        ])
        .unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// The headline figures the synthesised dossiers reproduce.
pub const RECEIVED: usize = 6662;
pub const CARRIED_OVER: usize = 112;
pub const PENDING: usize = 83;

/// One generated dossier.
pub struct Gen {
    pub id: String,
    pub received_at: NaiveDateTime,
    pub code: String,
    pub agency: &'static str,
    pub field: &'static str,
    pub channel: &'static str,
    pub due_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
}

/// The synthesised dossiers: 6,774 handled (6,662 received in H1 2021, 112 carried over
/// from December 2020), 6,691 resolved early or on time, none late, 83 pending and not yet
/// due at 30/6/2021 23:59:59.
pub fn dossiers() -> Vec<Gen> {
    let procs = procedures();
    let mut rng = Rng(0x4C59_534F_4E32_3031); // "LYSON2021"
    let weights: Vec<u64> = procs
        .iter()
        .map(|p| {
            let (_, _, _, names, _, w, _) = AGENCIES.iter().find(|a| a.0 == p.agency).unwrap();
            // The named procedures carry most of the volume.
            let named = procs
                .iter()
                .filter(|q| q.agency == p.agency && names.contains(&q.name.as_str()))
                .count() as u64;
            if names.contains(&p.name.as_str()) {
                w * 90 / named.max(1)
            } else {
                *w * 10 / 20
            }
        })
        .collect();
    let total_w: u64 = weights.iter().sum();
    let pick = |rng: &mut Rng, min_days: u32| -> usize {
        loop {
            let mut x = rng.below(total_w);
            for (i, w) in weights.iter().enumerate() {
                if x < *w {
                    if procs[i].days >= min_days {
                        return i;
                    }
                    break;
                }
                x -= w;
            }
        }
    };
    let channel = |rng: &mut Rng| match rng.below(100) {
        0..=13 => "online",
        14..=15 => "postal",
        _ => "direct",
    };
    let h1 = working_days(ymd(2021, 1, 4), ymd(2021, 6, 30));
    let june_end = ymd(2021, 6, 30);
    let mut out = Vec::new();
    let mut push = |rng: &mut Rng,
                    pi: usize,
                    received: NaiveDateTime,
                    resolved: Option<NaiveDateTime>,
                    due: NaiveDateTime| {
        let p = &procs[pi];
        out.push(Gen {
            id: String::new(),
            received_at: received,
            code: p.code.clone(),
            agency: p.agency,
            field: p.field,
            channel: channel(rng),
            due_at: due,
            resolved_at: resolved,
        });
    };
    // Carried over: received 21–31/12/2020, resolved in January 2021, in time.
    let dec = working_days(ymd(2020, 12, 21), ymd(2020, 12, 31));
    for _ in 0..CARRIED_OVER {
        let pi = pick(&mut rng, 10);
        let rd = dec[rng.below(dec.len() as u64) as usize];
        let received = at(rd, 450 + rng.below(480) as u32);
        let due_d = add_working_days(rd, procs[pi].days);
        let options = working_days(ymd(2021, 1, 4), due_d);
        let sd = options[rng.below(options.len() as u64) as usize];
        let resolved = at(sd, 480 + rng.below(540) as u32);
        push(&mut rng, pi, received, Some(resolved), at(due_d, 17 * 60));
    }
    // Resolved in time: received and resolved in H1.
    for _ in 0..(RECEIVED - PENDING) {
        let pi = pick(&mut rng, 0);
        let rd = h1[rng.below(h1.len() as u64) as usize];
        let rmin = 450 + rng.below(480) as u32; // 07:30–15:29
        let received = at(rd, rmin);
        let due_d = add_working_days(rd, procs[pi].days);
        let last = due_d.min(june_end);
        let options = working_days(rd, last);
        // Early most of the time; on the due date otherwise (when it falls in the period).
        let sd = if due_d <= june_end && rng.below(100) < 18 {
            due_d
        } else {
            let early: Vec<NaiveDate> = options.iter().copied().filter(|d| *d < due_d).collect();
            if early.is_empty() {
                due_d.min(june_end)
            } else {
                early[rng.below(early.len() as u64) as usize]
            }
        };
        let resolved = if sd == rd {
            at(sd, (rmin + 30 + rng.below(60) as u32).min(16 * 60 + 59))
        } else {
            at(sd, 450 + rng.below(570) as u32) // 07:30–16:59
        };
        push(&mut rng, pi, received, Some(resolved), at(due_d, 17 * 60));
    }
    // Pending: received 21–30/6/2021, due in July.
    let late_june = working_days(ymd(2021, 6, 21), june_end);
    for _ in 0..PENDING {
        let pi = pick(&mut rng, 10);
        let rd = late_june[rng.below(late_june.len() as u64) as usize];
        let received = at(rd, 450 + rng.below(480) as u32);
        let due_d = add_working_days(rd, procs[pi].days);
        assert!(due_d > june_end);
        push(&mut rng, pi, received, None, at(due_d, 17 * 60));
    }
    out.sort_by(|a, b| a.received_at.cmp(&b.received_at).then(a.code.cmp(&b.code)));
    for (i, d) in out.iter_mut().enumerate() {
        d.id = format!("LS-{}-{:05}", d.received_at.year(), i + 1);
    }
    out
}

/// `dossiers.csv`.
pub fn dossiers_csv() -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "received_at",
        "procedure_code",
        "agency",
        "field",
        "channel",
        "due_at",
        "resolved_at",
        "outcome",
    ])
    .unwrap();
    let f = |t: NaiveDateTime| t.format("%Y-%m-%d %H:%M:%S").to_string();
    for d in dossiers() {
        w.write_record([
            d.id.as_str(),
            &f(d.received_at),
            &d.code,
            d.agency,
            d.field,
            d.channel,
            &f(d.due_at),
            &d.resolved_at.map(f).unwrap_or_default(),
            if d.resolved_at.is_some() {
                "approved"
            } else {
                ""
            },
        ])
        .unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// An independent, test-only classification of the checked-in dossiers CSV (Biểu 06
/// default rules), used to cross-check the engine and to compose before it lands.
pub fn classify_csv(
    src: &str,
    start: NaiveDateTime,
    cut_off: NaiveDateTime,
) -> minhbach_report::DossierSummary {
    use minhbach_engine::aggregate::Counts;
    use minhbach_report::{AgencyCounts, DossierSummary};
    let mut rdr = csv::Reader::from_reader(src.as_bytes());
    let mut by: std::collections::BTreeMap<String, Counts> = Default::default();
    let p = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").ok();
    let mut order: Vec<String> = Vec::new();
    for r in rdr.records() {
        let r = r.unwrap();
        let received = p(&r[1]).unwrap();
        let agency = r[3].to_string();
        let online = &r[5] == "online";
        let due = p(&r[6]).unwrap();
        let resolved = p(&r[7]);
        if !by.contains_key(&agency) {
            order.push(agency.clone());
        }
        let c = by.entry(agency).or_default();
        if received > cut_off || resolved.is_some_and(|x| x < start) {
            continue;
        }
        if received >= start {
            if online {
                c.received_online += 1;
            } else {
                c.received_direct_postal += 1;
            }
        } else {
            c.carried_over += 1;
        }
        match resolved {
            Some(x) if x <= cut_off => {
                c.processing_seconds += i128::from((x - received).num_seconds());
                if x > due {
                    c.resolved_late += 1;
                } else if x.date() < due.date() {
                    c.resolved_early += 1;
                } else {
                    c.resolved_on_time += 1;
                }
            }
            _ => {
                if due >= cut_off {
                    c.pending_within_due += 1;
                } else {
                    c.pending_overdue += 1;
                }
            }
        }
    }
    // Agencies in the catalogue's order.
    let mut rows: Vec<AgencyCounts> = Vec::new();
    for (a, ..) in AGENCIES {
        if let Some(c) = by.get(*a) {
            rows.push(AgencyCounts {
                agency: a.to_string(),
                counts: *c,
            });
        }
    }
    let mut total = Counts::default();
    for r in &rows {
        total.merge(&r.counts);
    }
    let _ = order;
    DossierSummary {
        total,
        by_agency: rows,
        source: "dossiers.csv".to_string(),
        warnings: vec![],
        rows: None,
    }
}

/// The Lý Sơn dossier summary from the checked-in CSV (test-side classification).
pub fn lyson_summary() -> minhbach_report::DossierSummary {
    let src = std::fs::read_to_string(bundle_dir().join("dossiers.csv")).unwrap();
    classify_csv(
        &src,
        at(ymd(2021, 1, 1), 0),
        ymd(2021, 6, 30).and_hms_opt(23, 59, 59).unwrap(),
    )
}
