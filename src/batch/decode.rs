//! Text in another encoding than UTF-8, read as UTF-8 as it streams (as ripgrep's searcher
//! transcodes UTF-16 through `encoding_rs`): Windows-1252 (French Excel's and LibreOffice's
//! plain CSV) and UTF-16 (Excel's « Texte Unicode »).
//!
//! A sequence the encoding cannot hold (a lone UTF-16 surrogate) is not replaced silently:
//! it becomes a byte that is never UTF-8 (`0xFF`), so that the cell holding it is that row's
//! error, naming its column, as an invalid byte of a UTF-8 file is.

use encoding_rs::{DecoderResult, Encoding};
use std::io::{self, Read};

/// The byte put in place of what the encoding cannot hold: never valid in UTF-8.
const INVALID: u8 = 0xFF;

/// An input in `encoding`, read as UTF-8.
pub(super) struct Decoded<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    src: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    done: bool,
    /// A byte that could not be read, not yet written for want of room.
    pending: bool,
    /// Text decoded for a read too short to take it, and not given yet.
    spill: ([u8; 4], usize, usize),
}

impl<R: Read> Decoded<R> {
    /// `inner`, in `encoding`, its byte order mark (if any) already skipped.
    pub fn new(inner: R, encoding: &'static Encoding) -> Self {
        Decoded {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            src: vec![0; 64 << 10],
            pos: 0,
            end: 0,
            eof: false,
            done: false,
            pending: false,
            spill: ([0; 4], 0, 0),
        }
    }

    fn refill(&mut self) -> io::Result<()> {
        if self.pos < self.end || self.eof {
            return Ok(());
        }
        loop {
            match self.inner.read(&mut self.src) {
                Ok(n) => {
                    (self.pos, self.end, self.eof) = (0, n, n == 0);
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        // A character takes at most 4 bytes: a shorter read is served from a spill.
        let (spilled, at, len) = &mut self.spill;
        if *at < *len {
            let n = (*len - *at).min(out.len());
            out[..n].copy_from_slice(&spilled[*at..*at + n]);
            *at += n;
            return Ok(n);
        }
        if out.len() < 4 {
            let mut small = [0; 4];
            let n = self.read(&mut small)?;
            let given = n.min(out.len());
            out[..given].copy_from_slice(&small[..given]);
            self.spill = (small, given, n);
            return Ok(given);
        }
        let mut written = 0;
        if self.pending {
            out[0] = INVALID;
            (written, self.pending) = (1, false);
        }
        while written == 0 && !self.done {
            self.refill()?;
            let src = self.src.get(self.pos..self.end).unwrap_or_default();
            let dst = out.get_mut(written..).unwrap_or_default();
            let (result, read, wrote) = self
                .decoder
                .decode_to_utf8_without_replacement(src, dst, self.eof);
            self.pos += read;
            written += wrote;
            match result {
                DecoderResult::InputEmpty if self.eof => self.done = true,
                DecoderResult::InputEmpty | DecoderResult::OutputFull => {}
                DecoderResult::Malformed(..) => match out.get_mut(written) {
                    Some(byte) => {
                        *byte = INVALID;
                        written += 1;
                    }
                    None => self.pending = true,
                },
            }
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], encoding: &'static Encoding, chunk: usize) -> Vec<u8> {
        let mut reader = Decoded::new(bytes, encoding);
        let mut out = Vec::new();
        let mut buf = vec![0; chunk];
        loop {
            let n = reader.read(&mut buf).unwrap();
            if n == 0 {
                return out;
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    #[test]
    fn windows_1252_and_utf_16_read_as_utf_8() {
        let latin = b"r\xe9gion;d\xe9but\r\n\x80 3 249,79\n";
        for chunk in [1, 3, 4, 7, 4096] {
            assert_eq!(
                decode(latin, encoding_rs::WINDOWS_1252, chunk),
                "région;début\r\n€ 3 249,79\n".as_bytes()
            );
        }
        let utf16: Vec<u8> = "id\trégion\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            decode(&utf16, encoding_rs::UTF_16LE, 5),
            "id\trégion\n".as_bytes()
        );
        // A lone surrogate is a byte that is never UTF-8, not a silent replacement.
        let lone = [b'a', 0, 0x00, 0xD8, b'b', 0];
        assert_eq!(decode(&lone, encoding_rs::UTF_16LE, 64), b"a\xffb");
    }
}
