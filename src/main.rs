use clap::Parser;

fn main() -> std::process::ExitCode {
    let argv = probekit::commands::suite_argv::suite_options_last(std::env::args_os().collect());
    match probekit::cli::Cli::try_parse_from(argv) {
        Ok(cli) => probekit::commands::main(cli),
        Err(e) => probekit::commands::bad_command_line(e),
    }
}
