// The conventions the property tests run under: each preset with its options turned.
// Included (`include!`) by `aggregate_props.rs` and the columnar aggregator's unit tests,
// which import `EndedAs`, `Lateness` and `Policy`.

/// Preset `preset` (0: Biểu 06, 1: Decision 766, 2: OpenCPS) with withdrawn and rejected
/// dossiers counted separately when asked, and lateness by date when `by_date`.
pub fn preset_variant(preset: usize, withdrawn: bool, rejected: bool, by_date: bool) -> Policy {
    let mut p = match preset {
        0 => Policy::bieu06(),
        1 => Policy::decision766(),
        _ => Policy::opencps(),
    };
    if withdrawn {
        p.withdrawn = EndedAs::Separate;
    }
    if rejected {
        p.rejected = EndedAs::Separate;
    }
    if by_date {
        p.lateness = Lateness::Date;
    }
    p
}
