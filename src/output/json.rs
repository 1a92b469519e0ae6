//! JSON: one object, or an array of objects written as they come (one a line); with
//! sections, an object holding one such array per section.

use super::{Cell, Header, Sink};
use serde_json::{Map, Value};
use std::io::{self, Write};

/// JSON: one object, or an array of objects written as they come (one a line); with
/// sections, an object holding one such array per section.
pub struct JsonSink<W: Write> {
    out: W,
    single: bool,
    keys: Vec<String>,
    rows: usize,
    sections: usize,
    /// Top-level fields written before the sections.
    fields: usize,
}

impl<W: Write> JsonSink<W> {
    /// A sink that writes a single object (pretty) when `single`, else an array.
    pub fn new(out: W, single: bool) -> Self {
        JsonSink {
            out,
            single,
            keys: Vec::new(),
            rows: 0,
            sections: 0,
            fields: 0,
        }
    }

    fn object(&self, cells: &[Cell<'_>]) -> Value {
        let mut object = Map::new();
        for (key, cell) in self.keys.iter().zip(cells) {
            if *cell != Cell::Absent {
                object.insert(key.clone(), cell.json());
            }
        }
        Value::Object(object)
    }
}

impl<W: Write> Sink for JsonSink<W> {
    fn header(&mut self, columns: &[Header<'_>]) -> io::Result<()> {
        self.keys = columns.iter().map(|c| c.key.to_string()).collect();
        Ok(())
    }

    fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        let object = self.object(cells);
        if self.single {
            serde_json::to_writer_pretty(&mut self.out, &object)?;
            self.out.write_all(b"\n")?;
        } else {
            self.out
                .write_all(if self.rows == 0 { b"[\n" } else { b",\n" })?;
            serde_json::to_writer(&mut self.out, &object)?;
        }
        self.rows += 1;
        Ok(())
    }

    fn field(&mut self, key: &'static str, value: &Cell<'_>) -> io::Result<()> {
        if self.single || self.sections > 0 {
            return Ok(());
        }
        self.out
            .write_all(if self.fields == 0 { b"{" } else { b",\n" })?;
        serde_json::to_writer(&mut self.out, key)?;
        self.out.write_all(b": ")?;
        serde_json::to_writer(&mut self.out, &value.json())?;
        self.fields += 1;
        Ok(())
    }

    fn section(&mut self, name: &'static str) -> io::Result<()> {
        if self.single {
            return Ok(());
        }
        if self.sections > 0 {
            self.out
                .write_all(if self.rows == 0 { b"[]" } else { b"\n]" })?;
        }
        let first = self.sections == 0 && self.fields == 0;
        self.out.write_all(if first { b"{" } else { b",\n" })?;
        serde_json::to_writer(&mut self.out, name)?;
        self.out.write_all(b": ")?;
        (self.sections, self.rows) = (self.sections + 1, 0);
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if !self.single {
            if self.sections > 0 || self.fields == 0 {
                self.out
                    .write_all(if self.rows == 0 { b"[]" } else { b"\n]" })?;
            }
            self.out.write_all(if self.sections + self.fields > 0 {
                b"}\n"
            } else {
                b"\n"
            })?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn json_arrays_stream_one_object_a_line() {
        let mut out = Vec::new();
        {
            let mut sink = JsonSink::new(&mut out, false);
            sink.header(&[Header::key("a"), Header::key("b"), Header::key("c")])
                .unwrap_or(());
            sink.row(&[Cell::Amount(dec!(1)), Cell::Int(2), Cell::Absent])
                .unwrap_or(());
            sink.row(&[Cell::Empty, Cell::Bool(true), Cell::Absent])
                .unwrap_or(());
            sink.finish().unwrap_or(());
        }
        let text = String::from_utf8(out).unwrap_or_default();
        assert_eq!(
            text,
            "[\n{\"a\":\"1.00\",\"b\":2},\n{\"a\":null,\"b\":true}\n]\n"
        );
    }
}
