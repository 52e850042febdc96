//! Independent writers: each turns a [`ReportDocument`] into one output format and computes
//! nothing. Every writer strips XML-forbidden control characters
//! ([`crate::tree::clean_text`]) and escapes what its format needs.

mod docx;
mod html;
mod markdown;
#[cfg(feature = "pdf")]
mod pdf;
mod text;

pub use self::docx::{to_docx, to_docx_with, to_docx_xml, DocxXml, PageLayout};
pub use self::html::{bar_svg, escape as html_escape, to_html};
pub use self::markdown::{escape as markdown_escape, to_markdown};
#[cfg(feature = "pdf")]
pub use self::pdf::{to_pdf, to_typst};
pub use self::text::to_text;

use crate::tree::ReportDocument;
use crate::ReportError;

/// The JSON form of the tree (pretty-printed), readable back with `serde_json`.
pub fn to_json(doc: &ReportDocument) -> Result<String, ReportError> {
    serde_json::to_string_pretty(doc).map_err(|e| ReportError::Json(e.to_string()))
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text (`.txt`).
    Text,
    /// Markdown (`.md`).
    Markdown,
    /// Self-contained HTML (`.html`).
    Html,
    /// Word (`.docx`).
    Docx,
    /// The document tree as JSON (`.json`).
    Json,
    /// PDF (`.pdf`), typeset by typst; needs the `pdf` feature (on by default).
    Pdf,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 6] = [
        Format::Text,
        Format::Markdown,
        Format::Html,
        Format::Docx,
        Format::Json,
        Format::Pdf,
    ];

    /// The format a file extension names (without the dot, any case): `pdf`, `docx`,
    /// `html` or `htm`, `md` or `markdown`, `txt` or `text`, `json`; `None` for any other.
    ///
    /// ```
    /// use minhbach_report::writer::Format;
    /// assert_eq!(Format::from_extension("HTM"), Some(Format::Html));
    /// assert_eq!(Format::from_extension("markdown"), Some(Format::Markdown));
    /// assert_eq!(Format::from_extension("xlsx"), None);
    /// for f in Format::ALL {
    ///     assert_eq!(Format::from_extension(f.extension()), Some(f));
    /// }
    /// ```
    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "pdf" => Format::Pdf,
            "docx" => Format::Docx,
            "html" | "htm" => Format::Html,
            "md" | "markdown" => Format::Markdown,
            "txt" | "text" => Format::Text,
            "json" => Format::Json,
            _ => return None,
        })
    }

    /// Whether the format is binary (DOCX, PDF): not for a terminal.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Docx | Format::Pdf)
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Json => "json",
            Format::Pdf => "pdf",
        }
    }
}

/// Renders the document in `format`.
pub fn render(doc: &ReportDocument, format: Format) -> Result<Vec<u8>, ReportError> {
    Ok(match format {
        Format::Text => to_text(doc).into_bytes(),
        Format::Markdown => to_markdown(doc).into_bytes(),
        Format::Html => to_html(doc).into_bytes(),
        Format::Json => to_json(doc)?.into_bytes(),
        Format::Docx => to_docx(doc)?,
        #[cfg(feature = "pdf")]
        Format::Pdf => to_pdf(doc)?,
        #[cfg(not(feature = "pdf"))]
        Format::Pdf => {
            return Err(ReportError::Pdf(
                "this build of minhbach-report has no PDF writer (feature \"pdf\" is off)"
                    .to_string(),
            ))
        }
    })
}
