//! Reading an import file as records: guessing its encoding and delimiter from its first
//! bytes, then decoding and splitting it as a stream, so a file of any size is read in a
//! fixed amount of memory. What the columns mean is [`crate::mapping`]'s business.

use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};
use std::io::{self, Read};

/// Longest record read: bounds the memory one row takes (a quote never closed would
/// otherwise make the rest of the file one field).
pub const MAX_ROW_BYTES: u64 = 64 * 1024;

const BOM: &[u8] = b"\xEF\xBB\xBF";
/// The delimiters [`sniff`] tells apart, in the order that breaks ties.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// How a file's text is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// What spreadsheets on Windows save as "CSV" in Western Europe.
    Windows1252,
}

/// How a file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    pub encoding: Encoding,
    /// `,`, `;` or tab.
    pub delimiter: u8,
    /// Whether the file starts with a UTF-8 byte order mark.
    pub bom: bool,
}

/// Why a file cannot be read on: the reading stops there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    /// 1-based line the record starts on (after a run of empty lines: the first of them).
    pub line: u64,
    pub message: String,
}

/// Guesses the format from the file's first bytes (callers pass up to 64 KiB): a UTF-8 BOM
/// means UTF-8; bytes that are valid UTF-8 (a multi-byte sequence cut at the end of `head`
/// still counts as valid) mean UTF-8; anything else Windows-1252. The delimiter is whichever
/// of `,` `;` `\t` occurs most often outside double quotes in the first line (the header),
/// ties in that order, comma when none.
pub fn sniff(head: &[u8]) -> Format {
    let bom = head.starts_with(BOM);
    // Text in Windows-1252 with any letter beyond ASCII is almost never valid UTF-8.
    let utf8 = bom
        || match std::str::from_utf8(head) {
            Ok(_) => true,
            Err(cut) => cut.error_len().is_none(),
        };
    let encoding = if utf8 { Encoding::Utf8 } else { Encoding::Windows1252 };
    Format { encoding, delimiter: header_delimiter(head.strip_prefix(BOM).unwrap_or(head)), bom }
}

/// The delimiter of the first non-empty line (empty lines are skipped when reading too).
fn header_delimiter(head: &[u8]) -> u8 {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    let first = head.iter().position(|b| !matches!(b, b'\r' | b'\n')).unwrap_or(head.len());
    for &byte in &head[first..] {
        match byte {
            // A doubled quote inside a quoted field toggles twice: still quoted.
            b'"' => quoted = !quoted,
            b'\r' | b'\n' if !quoted => break,
            _ if quoted => {}
            _ => {
                if let Some(at) = DELIMITERS.iter().position(|d| *d == byte) {
                    counts[at] += 1;
                }
            }
        }
    }
    let mut best = 0;
    for (at, count) in counts.iter().enumerate() {
        if *count > counts[best] {
            best = at;
        }
    }
    DELIMITERS[best]
}

/// The file's records, decoded to UTF-8 (BOM dropped), with quoted fields, doubled quotes
/// and newlines inside quotes, rows of any length, fields trimmed of surrounding spaces.
/// Empty lines are skipped. The first error ends the records: past a decoding error or an
/// over-long row, where the next record starts is unknown.
pub fn records<R: Read>(input: R, format: Format) -> Records<R> {
    // UTF-8 passes through undecoded and is checked a record at a time, so invalid bytes are
    // an error with a line instead of silent replacement characters.
    let encoding = match format.encoding {
        Encoding::Utf8 => None,
        Encoding::Windows1252 => Some(encoding_rs::WINDOWS_1252),
    };
    // The BOM is stripped here: left to the CSV reader, a first read of only the BOM would
    // look like the end of the file to it.
    let decoded = DecodeReaderBytesBuilder::new().encoding(encoding).utf8_passthru(true).strip_bom(true).build(input);
    let reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(format.delimiter).from_reader(Bounded {
        inner: decoded,
        delivered: 0,
        limit: MAX_ROW_BYTES,
    });
    Records { reader, record: csv::ByteRecord::new(), done: false }
}

/// The records of a file, read one at a time.
pub struct Records<R> {
    reader: csv::Reader<Bounded<DecodeReaderBytes<R, Vec<u8>>>>,
    record: csv::ByteRecord,
    done: bool,
}

impl<R: Read> Iterator for Records<R> {
    type Item = Result<Vec<String>, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        // The record starts where the last one ended: it may read that far and 64 KiB more.
        let start = self.reader.position().byte();
        self.reader.get_mut().limit = start + MAX_ROW_BYTES;
        let read = self.reader.read_byte_record(&mut self.record);
        let line = self.record.position().map_or(self.reader.position().line(), csv::Position::line);
        let fields = match read {
            Ok(false) => None,
            Ok(true) => Some(fields(&self.record).map_err(|message| SourceError { line, message })),
            Err(error) => {
                let bounded = self.reader.get_ref();
                let message = if bounded.delivered >= bounded.limit {
                    "a row longer than 64 KiB".to_owned()
                } else {
                    format!("the file could not be read: {error}")
                };
                Some(Err(SourceError { line, message }))
            }
        };
        self.done = !matches!(fields, Some(Ok(_)));
        fields
    }
}

/// A record's fields as trimmed text.
fn fields(record: &csv::ByteRecord) -> Result<Vec<String>, String> {
    record
        .iter()
        .map(|field| match std::str::from_utf8(field) {
            Ok(text) => Ok(text.trim().to_owned()),
            Err(_) => Err("the text is not valid UTF-8 (it may be in another encoding)".to_owned()),
        })
        .collect()
}

/// A reader that refuses to deliver bytes past `limit`, so the CSV reader cannot buffer an
/// unbounded record.
struct Bounded<R> {
    inner: R,
    delivered: u64,
    limit: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let room = self.limit.saturating_sub(self.delivered);
        if room == 0 {
            return Err(io::Error::other("a row longer than 64 KiB"));
        }
        let len = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let read = self.inner.read(&mut buf[..len])?;
        self.delivered += read as u64;
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn read(bytes: &[u8]) -> Vec<Result<Vec<String>, SourceError>> {
        records(bytes, sniff(bytes)).collect()
    }

    fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
        read(bytes).into_iter().map(Result::unwrap).collect()
    }

    fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|row| row.iter().map(|f| (*f).to_owned()).collect()).collect()
    }

    #[test]
    fn the_encoding_is_guessed_from_the_bytes() {
        let utf8 = Format { encoding: Encoding::Utf8, delimiter: b',', bom: false };
        assert_eq!(sniff(b"name,city\nRossi,Forl\xC3\xAC\n"), utf8);
        assert_eq!(sniff(b"\xEF\xBB\xBFname,city\n"), Format { bom: true, ..utf8 });
        assert_eq!(sniff(b"\xEF\xBB\xBFname,city\nForl\xEC\n"), Format { bom: true, ..utf8 }, "the BOM wins");
        assert_eq!(sniff(b"name,city\nRossi,Forl\xC3"), utf8, "a character cut at the end of the head");
        assert_eq!(sniff(b"name,city\nRossi,Forl\xEC\n"), Format { encoding: Encoding::Windows1252, ..utf8 });
        assert_eq!(sniff(b""), utf8);
    }

    #[test]
    fn the_delimiter_is_the_commonest_in_the_header_outside_quotes() {
        assert_eq!(sniff(b"a;b;c\n1,5;2,5;3\n").delimiter, b';');
        assert_eq!(sniff(b"a\tb\tc,d\n").delimiter, b'\t');
        assert_eq!(sniff(b"\"a;b;c\",d\n").delimiter, b',');
        assert_eq!(sniff(b"\"say \"\"x;y;z\"\"\";d\n").delimiter, b';', "doubled quotes stay inside");
        assert_eq!(sniff(b"a,b;c\n;;;;\n").delimiter, b',', "a tie goes to the comma; later lines do not count");
        assert_eq!(sniff(b"\r\n\na;b\n").delimiter, b';', "leading empty lines are not the header");
        assert_eq!(sniff(b"name\n").delimiter, b',');
        assert_eq!(sniff(b"\xEF\xBB\xBFa\tb\n").delimiter, b'\t');
    }

    #[test]
    fn utf8_is_read_with_or_without_a_bom() {
        assert_eq!(rows("name,city\nRossi,Forlì\n".as_bytes()), strings(&[&["name", "city"], &["Rossi", "Forlì"]]));
        assert_eq!(rows("\u{feff}name;city\r\nRossi;Forlì\r\n".as_bytes()), strings(&[&["name", "city"], &["Rossi", "Forlì"]]));
    }

    #[test]
    fn windows_1252_is_decoded() {
        let bytes = b"nome;citt\xE0;fido\nRossi;Forl\xEC;\x80 1.200\n";
        assert_eq!(sniff(bytes).encoding, Encoding::Windows1252);
        assert_eq!(rows(bytes), strings(&[&["nome", "città", "fido"], &["Rossi", "Forlì", "€ 1.200"]]));
    }

    #[test]
    fn invalid_utf8_past_the_head_is_an_error_on_its_line() {
        let utf8 = Format { encoding: Encoding::Utf8, delimiter: b',', bom: false };
        let found: Vec<_> = records(&b"name\nRossi\nForl\xEC\nBianchi\n"[..], utf8).collect();
        assert_eq!(found.len(), 3, "the error ends the records");
        assert_eq!(found[1], Ok(vec!["Rossi".to_owned()]));
        let error = found[2].clone().unwrap_err();
        assert_eq!(error.line, 3);
        assert!(error.message.contains("UTF-8"), "{}", error.message);
    }

    #[test]
    fn tabs_quotes_newlines_and_ragged_rows_are_read() {
        let text = "id\tname\tnote\n1\t\"Rossi\tSpA\"\t\"says \"\"hi\"\"\nand bye\"\n\n2\t  Bianchi  \n3\n";
        assert_eq!(
            rows(text.as_bytes()),
            strings(&[&["id", "name", "note"], &["1", "Rossi\tSpA", "says \"hi\"\nand bye"], &["2", "Bianchi"], &["3"]])
        );
        let semicolons = "a;b\r\n\"x;y\";\"1,5\"\r\n";
        assert_eq!(rows(semicolons.as_bytes()), strings(&[&["a", "b"], &["x;y", "1,5"]]));
    }

    #[test]
    fn a_header_only_file_is_one_record_and_an_empty_file_none() {
        assert_eq!(rows(b"name,email"), strings(&[&["name", "email"]]));
        assert_eq!(rows(b""), Vec::<Vec<String>>::new());
        assert_eq!(rows(b"\xEF\xBB\xBF\r\n"), Vec::<Vec<String>>::new());
    }

    #[test]
    fn a_row_over_64_kib_stops_the_reading_with_its_line() {
        let long = "x".repeat(70 * 1024);
        let text = format!("name,note\nRossi,short\nBianchi,{long}\nVerdi,short\n");
        let found = read(text.as_bytes());
        assert_eq!(found.len(), 3);
        assert_eq!(found[1], Ok(vec!["Rossi".to_owned(), "short".to_owned()]));
        assert_eq!(found[2], Err(SourceError { line: 3, message: "a row longer than 64 KiB".into() }));
        // An unclosed quote would swallow the file: it is refused the same way.
        let unclosed = format!("name\n\"{long}\n");
        assert_eq!(read(unclosed.as_bytes())[1].clone().map_err(|e| e.message), Err("a row longer than 64 KiB".into()));
    }

    #[test]
    fn many_rows_each_under_the_limit_are_fine_however_long_the_file() {
        let row = format!("{},end\n", "y".repeat(1000));
        let text = row.repeat(200);
        let found = read(text.as_bytes());
        assert_eq!(found.len(), 200);
        assert!(found.iter().all(|row| row.as_ref().is_ok_and(|fields| fields.len() == 2)));
        let windows = b"x;\xE8\n".repeat(30_000);
        assert_eq!(records(&windows[..], sniff(&windows)).filter(|r| r == &Ok(vec!["x".into(), "è".into()])).count(), 30_000);
    }

    #[test]
    fn io_errors_are_reported() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk on fire"))
            }
        }
        let format = Format { encoding: Encoding::Utf8, delimiter: b',', bom: false };
        let found: Vec<_> = records(Broken, format).collect();
        assert_eq!(found, [Err(SourceError { line: 1, message: "the file could not be read: disk on fire".into() })]);
    }
}
