//! The text parsers of amounts, rates, dates, counts and flags: no input may make them
//! panic, and what they accept reads back the same once written out (`plain`, ISO dates).
#![no_main]

use asp_funding::post::{parse_count, parse_date, parse_flag};
use asp_funding::money::{parse_amount, parse_data_amount, parse_rate, plain, plain_rate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(amount) = parse_amount(text) {
        let written = plain(amount);
        assert_eq!(parse_amount(&written), Ok(amount), "{text:?} -> {written:?}");
    }
    if let Ok(rate) = parse_rate(text) {
        let written = plain_rate(rate);
        assert_eq!(parse_rate(&written), Ok(rate), "{text:?} -> {written:?}");
    }
    if let Ok(amount) = parse_data_amount(text) {
        let _ = plain(amount);
    }
    if let Ok(date) = parse_date(text) {
        let written = date.to_string();
        assert_eq!(parse_date(&written), Ok(date), "{text:?} -> {written:?}");
    }
    let _ = parse_count::<u32>(text);
    let _ = parse_flag(text);
});
