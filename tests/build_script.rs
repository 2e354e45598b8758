//! build.rs's decisions about the wasm32 target (build/wasm_target.rs, included here as it is in
//! build.rs): detection in a sysroot, the active rustup toolchain, and what happens when the
//! target is missing, with and without rustup. Nothing here touches a real toolchain.

#[path = "../build/wasm_target.rs"]
mod wasm_target;

use std::path::Path;

use wasm_target::{active_toolchain, plan, target_installed, Plan, TARGET};

/// A fake sysroot with the host's standard library, and the wasm32 one when asked.
fn sysroot(with_wasm: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir_all(dir.path().join("lib/rustlib/x86_64-unknown-linux-gnu/lib")).expect("host lib");
    if with_wasm {
        std::fs::create_dir_all(dir.path().join("lib/rustlib").join(TARGET).join("lib")).expect("wasm lib");
    }
    dir
}

#[test]
fn the_target_is_found_in_the_sysroot() {
    assert!(target_installed(sysroot(true).path()));
    assert!(!target_installed(sysroot(false).path()));
    // rustup leaves the manifest file behind after `target remove`; only the library counts.
    let removed = sysroot(false);
    std::fs::write(removed.path().join("lib/rustlib/manifest-rust-std-wasm32-unknown-unknown"), "").unwrap();
    assert!(!target_installed(removed.path()));
    assert!(!target_installed(Path::new("")), "an empty sysroot (rustc printed nothing) has no target");
}

#[test]
fn the_active_toolchain_comes_from_rustup_toolchain_then_rustup_show() {
    let show = "1.95.0-x86_64-unknown-linux-gnu (overridden by '/src/tierbook/rust-toolchain.toml')\n";
    assert_eq!(
        active_toolchain(Some("1.95.0-x86_64-unknown-linux-gnu"), None).as_deref(),
        Some("1.95.0-x86_64-unknown-linux-gnu")
    );
    assert_eq!(active_toolchain(None, Some(show)).as_deref(), Some("1.95.0-x86_64-unknown-linux-gnu"));
    assert_eq!(active_toolchain(Some(""), Some(show)).as_deref(), Some("1.95.0-x86_64-unknown-linux-gnu"));
    assert_eq!(active_toolchain(Some("stable"), Some(show)).as_deref(), Some("stable"), "the variable wins");
    assert_eq!(active_toolchain(None, None), None, "no rustup");
    assert_eq!(active_toolchain(None, Some("")), None);
}

#[test]
fn a_missing_target_is_added_for_the_active_toolchain() {
    let root = sysroot(false);
    assert_eq!(plan(true, None, root.path()), Plan::Build, "installed: nothing to do, rustup or not");
    match plan(false, Some("1.95.0-x86_64-unknown-linux-gnu".into()), root.path()) {
        Plan::Add { toolchain, args } => {
            assert_eq!(toolchain, "1.95.0-x86_64-unknown-linux-gnu");
            assert_eq!(
                args,
                ["target", "add", "wasm32-unknown-unknown", "--toolchain", "1.95.0-x86_64-unknown-linux-gnu"]
            );
        }
        other => panic!("{other:?}"),
    }
    let warning = wasm_target::adding_warning("1.95.0-x86_64-unknown-linux-gnu");
    assert!(!warning.contains('\n'), "one cargo warning is one line");
    assert!(warning.contains("rustup target add wasm32-unknown-unknown --toolchain 1.95.0-x86_64-unknown-linux-gnu"));
}

#[test]
fn without_rustup_the_build_stops_with_the_command_that_fixes_it() {
    let root = sysroot(false);
    let Plan::Stop(message) = plan(false, None, root.path()) else { panic!("no rustup must stop the build") };
    assert!(message.contains(&root.path().display().to_string()), "names the toolchain: {message}");
    assert!(message.contains("wasm32-unknown-unknown") && message.contains("was not found"), "{message}");
    assert!(message.contains("curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh"), "{message}");
    let failed = wasm_target::rustup_failed("1.95.0", "rustup exit status: 1");
    assert!(failed.ends_with("Fix: rustup target add wasm32-unknown-unknown --toolchain 1.95.0"), "{failed}");
}

#[test]
fn a_target_added_to_another_toolchain_than_the_compilers_is_named() {
    let root = sysroot(false);
    let message = wasm_target::still_missing("1.95.0", root.path());
    assert!(message.contains("1.95.0") && message.contains(&root.path().display().to_string()), "{message}");
    assert!(message.contains("unset RUSTC"), "{message}");
}
