use clap::Parser;

fn main() -> std::process::ExitCode {
    match probekit::cli::Cli::try_parse() {
        Ok(cli) => probekit::commands::main(cli),
        Err(e) => probekit::commands::bad_command_line(e),
    }
}
