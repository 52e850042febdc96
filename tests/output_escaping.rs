//! Report writers on hostile text: HTML escapes every text (an agency called `<script>` renders
//! as text), DOCX escapes XML and strips the characters XML 1.0 forbids.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use minhbach::report::tree::{is_forbidden_char, Block, Inline};
use minhbach::report::{build_report, writer};

const HOSTILE: &str = "<script>alert(\"x\")</script> & ]]> \u{0}\u{1b}\u{7}\u{fffe} 'q'";

fn hostile_doc() -> minhbach::report::tree::ReportDocument {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/ly-son-2021-h1");
    let mut doc = build_report(dir).unwrap();
    doc.summary = HOSTILE.to_string();
    doc.recipients.push(HOSTILE.to_string());
    doc.body.push(Block::para(vec![Inline::text(HOSTILE)]));
    doc
}

#[test]
fn html_renders_markup_in_the_data_as_text() {
    let html = writer::to_html(&hostile_doc());
    assert!(
        !html.to_lowercase().contains("<script"),
        "raw <script> in HTML"
    );
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt;"));
    assert!(html.contains("&#39;q&#39;"));
    assert!(!html.chars().any(is_forbidden_char));
}

#[test]
fn docx_escapes_xml_and_strips_forbidden_characters() {
    let doc = hostile_doc();
    let xml = writer::to_docx_xml(&doc);
    assert!(!xml.document.contains("<script"));
    assert!(
        xml.document.contains("&lt;script&gt;"),
        "escaped text missing"
    );
    assert!(
        !xml.document.contains("]]>"),
        "CDATA terminator reaches the XML"
    );
    for part in std::iter::once(&xml.document).chain(&xml.headers) {
        assert!(
            !part.chars().any(is_forbidden_char),
            "forbidden char in DOCX XML"
        );
    }
    // The packaged file is produced too.
    let bytes = writer::to_docx(&doc).unwrap();
    assert!(bytes.starts_with(b"PK"));
}
