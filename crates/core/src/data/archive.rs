//! A `.zip` of a data set: its files' names and bytes, read by the `zip` crate within the
//! import's limits. Each entry is inflated through a cap (its declared size and the bytes
//! left), so an entry that lies about its size, or a zip bomb, stops at the limit.

use super::limits::{Budget, MAX_FILES, MAX_TOTAL_BYTES};
use std::io::{Cursor, Read};

/// The files of a `.zip` (directories, hidden files and `__MACOSX/` left out), each taken
/// from `budget`.
pub fn unzip(bytes: &[u8], budget: &mut Budget) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable zip archive: {e}"))?;
    if archive.len() > MAX_FILES {
        return Err(format!(
            "the zip holds {} entries, over the limit of {MAX_FILES} files",
            archive.len()
        ));
    }
    let mut files = Vec::new();
    for index in 0..archive.len() {
        let mut entry =
            archive.by_index(index).map_err(|e| format!("zip entry {index} is corrupt: {e}"))?;
        let name = entry.name().to_string();
        if entry.is_dir() || hidden(&name) {
            continue;
        }
        let declared = entry.size();
        let left = MAX_TOTAL_BYTES.saturating_sub(budget.bytes);
        if declared > left {
            return Err(format!(
                "{name} inflates to {} MiB, over the limit of {} MiB of files",
                declared >> 20,
                MAX_TOTAL_BYTES >> 20
            ));
        }
        let mut data = Vec::with_capacity(declared.min(1 << 20) as usize);
        let read = (&mut entry)
            .take(declared.saturating_add(1))
            .read_to_end(&mut data)
            .map_err(|e| format!("zip entry {name} cannot be inflated: {e}"))?;
        if read as u64 > declared {
            return Err(format!(
                "zip entry {name} inflates past its declared {declared} bytes: over the limit"
            ));
        }
        budget.take(read as u64).map_err(|e| format!("{name}: {e}"))?;
        files.push((name, data));
    }
    Ok(files)
}

/// Files a data set never holds: hidden files and macOS' resource forks.
fn hidden(path: &str) -> bool {
    path.split('/').any(|part| part.starts_with('.') || part == "__MACOSX")
}
