//! Reading a .zip of an image folder, entry by entry, all in memory (the browser hands us
//! the archive's bytes; there is no file system).

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use crate::data::decode::MAX_FILE_BYTES;
use crate::data::notes::SkipNote;

pub struct ZipFolder {
    archive: ZipArchive<Cursor<Vec<u8>>>,
    /// Archive index of each file entry, in archive order (directories left out).
    entries: Vec<usize>,
    names: Vec<String>,
}

impl ZipFolder {
    /// The archive's files, or the zip reader's own words for why it cannot be read.
    pub fn open(bytes: Vec<u8>) -> Result<Self, String> {
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let mut entries = Vec::with_capacity(archive.len());
        let mut names = Vec::with_capacity(archive.len());
        for index in 0..archive.len() {
            let entry = archive.by_index_data(index).map_err(|e| e.to_string())?;
            if !entry.is_file() {
                continue;
            }
            // Names that are not UTF-8 (old tools write CP437 or local code pages) still show.
            let name = match entry.name() {
                Ok(name) => name.into_owned(),
                Err(_) => String::from_utf8_lossy(entry.name_raw()).into_owned(),
            };
            entries.push(index);
            names.push(name);
        }
        Ok(Self { archive, entries, names })
    }

    /// File entries only, in archive order; `read` takes an index into this list.
    pub fn paths(&self) -> Vec<String> {
        self.names.clone()
    }

    /// The bytes of file `index`, or why they cannot be had (said as a skipped file's reason).
    pub fn read(&mut self, index: usize) -> Result<Vec<u8>, SkipNote> {
        let archive_index = *self
            .entries
            .get(index)
            .ok_or_else(|| SkipNote::Unreadable { detail: format!("no file {index} in the archive") })?;
        let entry = self.archive.by_index(archive_index).map_err(describe)?;
        let declared = entry.size();
        if declared > MAX_FILE_BYTES {
            return Err(too_large(declared));
        }
        // The declared size may lie (a zip bomb): never read past the limit whatever it says.
        let mut bytes = Vec::with_capacity(declared as usize);
        entry
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| SkipNote::ZipCorrupt { detail: e.to_string() })?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(bytes.len() as u64));
        }
        Ok(bytes)
    }
}

fn too_large(bytes: u64) -> SkipNote {
    SkipNote::ZipTooLarge { megabytes: bytes >> 20, limit: MAX_FILE_BYTES >> 20 }
}

fn describe(error: ZipError) -> SkipNote {
    match error {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) | ZipError::InvalidPassword => {
            SkipNote::ZipEncrypted
        }
        ZipError::CompressionMethodNotSupported(method) => SkipNote::ZipMethod { method: method.to_string() },
        ZipError::UnsupportedArchive(what) => SkipNote::ZipUnsupported { detail: what.to_string() },
        other => SkipNote::ZipCorrupt { detail: other.to_string() },
    }
}
