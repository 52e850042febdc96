//! Index definitions shipped with the crate (embedded TOML).

use super::definition::IndexDefinition;
use crate::EngineError;

/// Names of the shipped presets.
pub const PRESET_NAMES: &[&str] = &["pci", "pci_transparency", "decision766", "ddci"];

const PCI: &str = include_str!("presets/pci.toml");
const PCI_TRANSPARENCY: &str = include_str!("presets/pci_transparency.toml");
const DECISION766: &str = include_str!("presets/decision766.toml");
const DDCI: &str = include_str!("presets/ddci.toml");

/// The TOML text of a preset.
pub fn preset_toml(name: &str) -> Result<&'static str, EngineError> {
    match name {
        "pci" => Ok(PCI),
        "pci_transparency" => Ok(PCI_TRANSPARENCY),
        "decision766" => Ok(DECISION766),
        "ddci" => Ok(DDCI),
        _ => Err(EngineError::UnknownPreset {
            name: name.to_string(),
            known: PRESET_NAMES.join(", "),
        }),
    }
}

/// A shipped index definition by name: `pci` (composite of the 10 published sub-indices, 2013–2021
/// weights, 100 points), `pci_transparency` (2013–2016 indicator set; anchors must be supplied),
/// `decision766` (groups 18/20/22/22/18; unverified items marked) and `ddci` (template,
/// current-round min–max 1–10).
///
/// ```
/// let def = minhbach_engine::scoring::preset("decision766")?;
/// assert_eq!(def.groups.len(), 5);
/// assert!(minhbach_engine::scoring::preset("papi").is_err());
/// # Ok::<(), minhbach_engine::EngineError>(())
/// ```
pub fn preset(name: &str) -> Result<IndexDefinition, EngineError> {
    let text = preset_toml(name)?;
    IndexDefinition::from_toml_str(text, &format!("preset {name}"))
}
