//! # minhbach-report
//!
//! The document tree of a Vietnamese administrative report, the composer that builds the
//! transparency report from a report bundle, and independent writers (text, Markdown, HTML,
//! DOCX, JSON).
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
