//! `stytch-emulator`: run the local Stytch-compatible B2B backend.

use std::path::PathBuf;

use clap::Parser;

/// A local Stytch-compatible B2B backend for demos, tests and benchmarks.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = stytch_emulator::DEFAULT_PORT)]
    port: u16,
    /// Seed file (organizations and members) instead of the built-in one.
    #[arg(long)]
    seed: Option<PathBuf>,
    /// Keep state in this file, so it survives a restart.
    #[arg(long)]
    state: Option<PathBuf>,
    /// A browser origin (e.g. https://dev.example:8443) allowed to use the control API
    /// besides loopback ones; repeat for more.
    #[arg(long = "control-origin", value_name = "ORIGIN")]
    control_origins: Vec<String>,
    /// A host name (e.g. devbox.lan), besides loopback ones, under which the control API and
    /// the console answer, on any port; repeat for more. Others get 403, so a page under a
    /// rebound DNS name cannot read them. The SDK and backend APIs answer any name.
    #[arg(long = "allowed-host", value_name = "NAME")]
    allowed_hosts: Vec<String>,
    /// Print the built-in seed and exit.
    #[arg(long)]
    print_seed: bool,
    /// Stop (as on SIGTERM, saving the state file) when standard input reaches its end: a
    /// program that starts the emulator with a pipe on stdin (the pytest plugin) takes it down
    /// with it however that program ends, killed included, on every OS.
    #[arg(long)]
    stop_when_stdin_closes: bool,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if args.print_seed {
        print!("{}", stytch_emulator::DEFAULT_SEED);
        return;
    }
    let config = stytch_emulator::Config {
        host: args.host,
        port: args.port,
        seed: args.seed,
        state: args.state,
        control_origins: args.control_origins,
        allowed_hosts: args.allowed_hosts,
    };
    let emulator = match stytch_emulator::start(config).await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("stytch-emulator: {e}");
            std::process::exit(1);
        }
    };
    // One machine-readable line on stdout; the human hint goes to stderr.
    println!("{}", emulator.ready_line());
    eprintln!("stytch-emulator: open {}/ for organizations, members and sent codes", emulator.base_url);
    shutdown_signal(args.stop_when_stdin_closes).await;
    emulator.stop().await;
}

async fn shutdown_signal(stop_when_stdin_closes: bool) {
    let ctrl_c = tokio::signal::ctrl_c();
    let stdin_closed = async {
        if stop_when_stdin_closes {
            stdin_closed().await
        } else {
            std::future::pending().await
        }
    };
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("SIGTERM handler");
        tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {}, _ = stdin_closed => {} }
    }
    #[cfg(not(unix))]
    tokio::select! { _ = ctrl_c => {}, _ = stdin_closed => {} }
}

/// Resolves once stdin reaches its end or cannot be read. The read blocks, so it runs on a
/// thread of its own; whatever arrives on stdin is ignored.
async fn stdin_closed() {
    let (closed, on_close) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        use std::io::Read;
        let mut ignored = [0u8; 256];
        loop {
            match std::io::stdin().read(&mut ignored) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        let _ = closed.send(());
    });
    let _ = on_close.await;
}
