//! `igny8`: see `server::cli`.

use clap::Parser;

/// mimalloc instead of glibc's malloc: a page render makes thousands of short-lived small
/// allocations, and glibc spent about a third of the CPU of `igny8 pages bench` on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main(flavor = "multi_thread")]
async fn main() -> std::process::ExitCode {
    let cli = server::cli::Cli::parse();
    match server::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("igny8: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
