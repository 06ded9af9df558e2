use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = sightline_server::cli::Cli::parse();
    match cli.run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("sightline: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
