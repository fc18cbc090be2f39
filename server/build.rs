//! Re-embed the SQL migrations whenever they change.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
