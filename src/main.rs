fn main() -> std::process::ExitCode {
    let argv = probekit::commands::suite_argv::suite_options_last(std::env::args_os().collect());
    match probekit::cli::parse(argv) {
        Ok(cli) => probekit::commands::main(cli),
        Err(e) => probekit::commands::bad_command_line(e),
    }
}
