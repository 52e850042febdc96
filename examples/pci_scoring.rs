//! Scores provinces from published-style PCI sub-index values and prints the composite PCI,
//! the ranks and the explanation of each score.
//!
//! The values below are ILLUSTRATIVE (plausible 10-point sub-index values invented for the
//! example), not published VCCI figures. Run with `cargo run --example pci_scoring`.

use minhbach::engine::scoring::{preset, ScoreOptions, UnitTable};
use minhbach::engine::EngineError;

const PROVINCES: &str = "\
unit,entry_costs,land_access,transparency,time_costs,informal_charges,policy_bias,proactivity,business_support,labor_training,legal_institutions
Quảng Ninh (minh họa),8.25,6.90,7.05,7.40,6.30,6.20,7.10,6.95,7.20,7.05
Đà Nẵng (minh họa),7.95,6.10,6.85,7.10,6.05,6.45,6.60,6.80,7.35,6.70
Quảng Ngãi (minh họa),7.60,6.55,6.02,6.45,5.70,5.40,5.95,5.85,6.10,6.25
Bình Định (minh họa),7.80,6.70,6.40,6.85,6.10,5.85,6.30,6.20,6.35,6.50
Kon Tum (minh họa),7.35,6.20,5.75,6.20,5.55,5.10,5.60,5.30,5.75,6.05
Phú Yên (minh họa),7.55,6.45,6.20,6.60,5.90,5.60,6.05,5.95,6.05,6.30
";

fn main() -> Result<(), EngineError> {
    let index = preset("pci")?.compile()?;
    let data = UnitTable::from_csv_reader(PROVINCES.as_bytes(), "illustrative provinces")?;
    let scores = index.score(&data, &ScoreOptions::default())?;

    println!("PCI (trọng số 2013–2021), dữ liệu minh họa\n");
    println!("{:<26} {:>8} {:>6}", "Tỉnh", "PCI", "Hạng");
    let mut rows: Vec<_> = data
        .units()
        .iter()
        .map(|u| (u.clone(), scores.score(u, "pci"), scores.rank(u, "pci")))
        .collect();
    rows.sort_by_key(|(_, _, r)| *r);
    for (unit, score, rank) in &rows {
        let s = score
            .map(|d| minhbach::model::vi::fixed(d, 2))
            .unwrap_or_default();
        println!(
            "{unit:<26} {s:>8} {:>6}",
            rank.map(|r| r.to_string()).unwrap_or_default()
        );
    }

    for (unit, _, _) in rows.iter().take(2) {
        let Some(why) = scores.explain(unit, "pci") else {
            continue;
        };
        println!("\nGiải thích: {unit} — PCI = Σ đóng góp");
        println!(
            "{:<40} {:>8} {:>8} {:>10} {:>11}",
            "Chỉ số thành phần", "Giá trị", "Trọng số", "Điểm/1 đ", "Đóng góp"
        );
        for i in &why.inputs {
            println!(
                "{:<40} {:>8} {:>8} {:>10} {:>11}",
                i.name_vi.chars().take(40).collect::<String>(),
                i.value
                    .map(|d| d.normalize().to_string())
                    .unwrap_or_default(),
                format!("{}%", i.weight.normalize()),
                // Points of PCI per point of the sub-index: effective weight × scale (10).
                i.effective_weight
                    .map(|d| (d * why.scale).normalize().to_string())
                    .unwrap_or_default(),
                i.contribution
                    .map(|d| minhbach::model::vi::fixed(d, 4))
                    .unwrap_or_default(),
            );
        }
        println!(
            "{:<40} {:>8} {:>8} {:>10} {:>11}",
            "Tổng",
            "",
            "100%",
            "",
            why.contribution_total
                .map(|d| minhbach::model::vi::fixed(d, 4))
                .unwrap_or_default()
        );
    }

    println!("\nJSON (2 chữ số thập phân), tỉnh đầu tiên:");
    let view = scores.view(2);
    if let Some(first) = view.units.first() {
        println!(
            "{}",
            serde_json::to_string_pretty(first).unwrap_or_default()
        );
    }
    Ok(())
}
