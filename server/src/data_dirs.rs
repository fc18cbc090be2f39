//! The directories the embedded defaults write to — the SQLite file's directory, the local object
//! store and the file outbox — made ready before anything opens them, all or nothing: a fresh
//! checkout has no `./data`, and SQLite cannot create a file in a missing directory.

use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigError, DatabaseUrl, ObjectStoreConfig};

/// The local directories this configuration writes to, each with the key that names it.
pub fn of(config: &Config) -> Vec<(&'static str, PathBuf)> {
    let mut dirs = Vec::new();
    if let DatabaseUrl::Sqlite(file) = &config.database_url {
        let dir = file.parent().filter(|d| !d.as_os_str().is_empty());
        dirs.push((
            "DATABASE_URL",
            dir.map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        ));
    }
    if let ObjectStoreConfig::Local(dir) = &config.object_store {
        dirs.push(("IGNY8_OBJECT_STORE", dir.clone()));
    }
    if config.email.smtp_url.is_none() {
        dirs.push(("IGNY8_OUTBOX_DIR", config.outbox_dir.clone()));
    }
    dirs
}

/// Creates every missing directory of `dirs` and checks that each one can be written to. On the
/// first problem, the directories this call created are removed again and the error names the
/// key and the path, so a refused start leaves nothing half-made.
pub fn prepare(dirs: &[(&'static str, PathBuf)]) -> Result<(), ConfigError> {
    let mut created: Vec<PathBuf> = Vec::new();
    let result = dirs
        .iter()
        .try_for_each(|(key, dir)| prepare_one(dir, &mut created).map_err(|problem| ConfigError::new(key, problem)));
    if result.is_err() {
        // newest first: children before their parents; only directories left empty
        for dir in created.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
    result
}

fn prepare_one(dir: &Path, created: &mut Vec<PathBuf>) -> Result<(), String> {
    // the missing part of the path, outermost first
    let mut missing = Vec::new();
    let mut at = dir;
    loop {
        match std::fs::metadata(at) {
            Ok(m) if m.is_dir() => break,
            Ok(_) => return Err(format!("{} is a file, not a directory", at.display())),
            // (a file in the way higher up answers "not a directory"; the walk up names it)
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                missing.push(at.to_path_buf());
                match at.parent() {
                    Some(parent) if !parent.as_os_str().is_empty() => at = parent,
                    _ => break,
                }
            }
            Err(e) => return Err(format!("cannot use {}: {e}", at.display())),
        }
    }
    for d in missing.into_iter().rev() {
        match std::fs::create_dir(&d) {
            Ok(()) => created.push(d),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && d.is_dir() => {}
            Err(e) => return Err(format!("cannot create directory {}: {e}", d.display())),
        }
    }
    // permissions alone do not tell (root ignores them; a read-only mount does not): try it
    let probe = dir.join(format!(".igny8-write-check-{}", std::process::id()));
    std::fs::write(&probe, b"")
        .and_then(|()| std::fs::remove_file(&probe))
        .map_err(|e| format!("cannot write in {}: {e}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs(list: &[(&'static str, &Path)]) -> Vec<(&'static str, PathBuf)> {
        list.iter().map(|(k, p)| (*k, p.to_path_buf())).collect()
    }

    #[test]
    fn creates_missing_directories_and_accepts_existing_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("a/b");
        let objects = tmp.path().join("objects");
        std::fs::create_dir(&objects).unwrap();
        prepare(&dirs(&[("DATABASE_URL", &db), ("IGNY8_OBJECT_STORE", &objects)])).unwrap();
        assert!(db.is_dir());
        // nothing left behind by the write check
        assert_eq!(std::fs::read_dir(&db).unwrap().count(), 0);
        assert_eq!(std::fs::read_dir(&objects).unwrap().count(), 0);
    }

    #[test]
    fn a_file_in_the_way_names_the_key_and_the_path_and_undoes_what_was_made() {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("data");
        let blocker = tmp.path().join("blocker");
        std::fs::write(&blocker, b"x").unwrap();
        let outbox = blocker.join("outbox");
        let err = prepare(&dirs(&[("DATABASE_URL", &db), ("IGNY8_OUTBOX_DIR", &outbox)])).unwrap_err();
        assert_eq!(err.key, "IGNY8_OUTBOX_DIR");
        assert!(
            err.problem.contains(&blocker.display().to_string()) && err.problem.contains("is a file"),
            "{err}"
        );
        assert!(
            !db.exists(),
            "the database directory made before the failure is removed again"
        );
    }

    #[test]
    fn an_impossible_directory_is_refused() {
        let err = prepare(&dirs(&[("DATABASE_URL", Path::new("/proc/nope"))])).unwrap_err();
        assert_eq!(err.key, "DATABASE_URL");
        assert!(err.problem.contains("/proc/nope"), "{err}");
    }

    #[test]
    fn a_directory_that_cannot_be_written_is_refused() {
        // even root cannot create files in /proc
        let err = prepare(&dirs(&[("IGNY8_OUTBOX_DIR", Path::new("/proc"))])).unwrap_err();
        assert_eq!(err.key, "IGNY8_OUTBOX_DIR");
        assert!(err.problem.starts_with("cannot write in /proc"), "{err}");
    }
}
