//! The `minhbach` command.
#![forbid(unsafe_code)]

fn main() {
    println!("minhbach {}", env!("CARGO_PKG_VERSION"));
}
