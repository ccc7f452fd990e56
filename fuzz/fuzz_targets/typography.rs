//! Fuzz target (b): the typography pass on arbitrary text, read as inline markup. It must
//! never panic, be idempotent, and keep every letter and digit in order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use motion::model::Text;
use motion::typography::typeset;

fn letters(text: &Text) -> String {
    text.to_plain_string()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fuzz_target!(|data: &str| {
    let parsed = motion::markup::parse(data);
    for text in [Text::plain(data), parsed.text] {
        let once = typeset(&text);
        let twice = typeset(&once);
        assert_eq!(once, twice, "the pass is idempotent");
        assert_eq!(
            letters(&text),
            letters(&once),
            "letters and digits kept in order"
        );
    }
});
