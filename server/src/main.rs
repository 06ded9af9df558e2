use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = sightline_server::cli::Cli::parse();
    match cli.run().await {
        Ok(code) => code,
        Err(err) => {
            eprintln!("sightline: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
