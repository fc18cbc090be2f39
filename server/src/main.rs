//! `igny8`: see `server::cli`.

use clap::Parser;

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
