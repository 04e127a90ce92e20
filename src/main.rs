use clap::Parser;

fn main() -> std::process::ExitCode {
    probekit::commands::main(probekit::cli::Cli::parse())
}
