//! `descent`: the native command line over the same engine as the page.
//!
//! ```text
//! descent train '<URL hash state>' [--epochs N]
//! descent data '<URL hash state>'
//! descent curve '<URL hash state>' [--epochs N] [--sizes 25,50,...]
//! ```
//! `train` prints one JSON object per epoch; `data` the prepared data as CSV; `curve` a
//! learning curve. `descent help` lists everything. Bad state or flags: a message on stderr, exit code 2.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // The browser is single-threaded; so is the command line, for the same numbers and speed.
    if std::env::var_os("RAYON_NUM_THREADS").is_none() {
        std::env::set_var("RAYON_NUM_THREADS", "1");
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    match descent::cli::run(&args, &mut std::io::stdout(), &mut std::io::stderr()) {
        Ok(()) => {}
        Err(descent::cli::CliError::Usage(msg)) => {
            eprintln!("descent: {msg}\n\n{}", descent::cli::USAGE);
            std::process::exit(2);
        }
        Err(descent::cli::CliError::Failed(msg)) => {
            eprintln!("descent: {msg}");
            std::process::exit(1);
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
