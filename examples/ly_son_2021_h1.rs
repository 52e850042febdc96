//! Main job: the Lý Sơn H1 2021 transparency report (415/BC-UBND) from its bundle.
//!
//! Until the report crate lands, this prints the parsed receipt of a sample dossier.
fn main() {
    match minhbach::model::parse_datetime("05/02/2021 08:00:00") {
        Ok(t) => println!("minhbach: sample dossier received {t}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
