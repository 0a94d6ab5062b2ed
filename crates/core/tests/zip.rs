//! `share::zip::store` against an outside reader: Python's `zipfile` module lists the names,
//! checks every CRC (`testzip`) and reads the bytes back.

use losslab_core::share::zip::{store, ZipError};
use std::io::Write;
use std::process::{Command, Stdio};

/// Python reads the archive from stdin and prints `name<TAB>size<TAB>hex of the bytes` per
/// file, after `testzip()` found no bad CRC.
const READER: &str = r#"
import io, sys, zipfile
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
bad = z.testzip()
assert bad is None, f"bad CRC in {bad}"
for info in z.infolist():
    assert info.compress_type == zipfile.ZIP_STORED, info
    assert info.date_time == (1980, 1, 1, 0, 0, 0), info.date_time
    print(f"{info.filename}\t{info.file_size}\t{z.read(info).hex()}")
"#;

fn python_reads(archive: &[u8]) -> String {
    let mut child = Command::new("python3")
        .args(["-c", READER])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs (it is on every machine of this project)");
    child.stdin.take().expect("stdin").write_all(archive).expect("written");
    let out = child.wait_with_output().expect("python3 ends");
    assert!(out.status.success(), "python3: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn python_reads_back_every_file() {
    let png = [137u8, 80, 78, 71, 13, 10, 26, 10, 0, 255];
    let files: [(&str, &[u8]); 4] = [
        ("losslab-size-sweep.png", &png),
        ("losslab-size-sweep.csv", b"panel,curve,x,y\nvalue,dice,1,0.5\n"),
        ("charts/\u{635f}\u{5931}.svg", "<svg>α</svg>".as_bytes()),
        ("empty.txt", b""),
    ];
    let listed = python_reads(&store(&files).expect("stored"));
    let expected: String = files
        .iter()
        .map(|(name, bytes)| {
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            format!("{name}\t{}\t{hex}\n", bytes.len())
        })
        .collect();
    assert_eq!(listed, expected);
}

#[test]
fn an_empty_archive_is_a_valid_zip() {
    // 22 bytes: the end-of-central-directory record alone (APPNOTE 4.3.16).
    let empty = store(&[]).expect("stored");
    assert_eq!(empty.len(), 22);
    assert_eq!(python_reads(&empty), "");
}

#[test]
fn names_that_could_escape_are_refused() {
    for name in ["", "/etc/passwd", "../up.txt", "a/../../b"] {
        assert_eq!(store(&[(name, b"x")]), Err(ZipError::BadName(name.to_string())));
    }
}
