//! What tells cheaply that a file is still the one that was read (its stamp), and the
//! blake3 digests records keep, in hexadecimal. Used by the build's records (outputs) and
//! by the check's cache (sources); what a stamp is compared with is theirs.

/// What tells cheaply that a file has not been touched since it was checked, as git's
/// index and cargo's fingerprints do: modification and change times (nanoseconds) and
/// inode. Any write changes the times (and `touch` cannot set the change time back);
/// a file replaced by a rename has another inode; a copy has all three new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    pub mtime: i64,
    pub ctime: i64,
    pub ino: u64,
}

/// A stamp is trusted only for a file last modified this long before it was taken: a
/// write in the same tick of the file system's clock (a second or two on some file
/// systems) would leave the times unchanged.
const RACY_WINDOW_NS: i64 = 2_000_000_000;

impl FileStamp {
    pub fn of(metadata: &std::fs::Metadata) -> FileStamp {
        use std::os::unix::fs::MetadataExt;
        FileStamp {
            mtime: metadata
                .mtime()
                .saturating_mul(1_000_000_000)
                .saturating_add(metadata.mtime_nsec()),
            ctime: metadata
                .ctime()
                .saturating_mul(1_000_000_000)
                .saturating_add(metadata.ctime_nsec()),
            ino: metadata.ino(),
        }
    }

    /// The stamp of a file whose content was just checked, when it can be trusted for
    /// later builds: `None` while the file was modified less than two seconds ago (a
    /// later write within the same clock tick would not show).
    pub fn trusted(metadata: &std::fs::Metadata) -> Option<FileStamp> {
        let stamp = FileStamp::of(metadata);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        let now = i64::try_from(now).ok()?;
        let newest = stamp.mtime.max(stamp.ctime);
        (now.saturating_sub(newest) > RACY_WINDOW_NS).then_some(stamp)
    }
}

/// A blake3 hash, written in hexadecimal in the manifest and kept as its 32 bytes in
/// memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digest(pub blake3::Hash);

impl serde::Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.to_hex().as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Digest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Digest, D::Error> {
        // Read in place, without a String for each of the manifest's tens of thousands.
        struct Hex;
        impl serde::de::Visitor<'_> for Hex {
            type Value = Digest;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a blake3 hash in hexadecimal")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Digest, E> {
                blake3::Hash::from_hex(text.as_bytes())
                    .map(Digest)
                    .map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Hex)
    }
}
