//! The French lexicon: whether a word is French, from the Hunspell dictionary of
//! Grammalecte (`lexicon/`, read by spellbook, loaded the first time a source needs it).
//! Restoring damaged words with it is `decode`'s.

static DICTIONARY: std::sync::OnceLock<Option<spellbook::Dictionary>> = std::sync::OnceLock::new();

fn dictionary() -> Option<&'static spellbook::Dictionary> {
    DICTIONARY
        .get_or_init(|| {
            spellbook::Dictionary::new(
                include_str!("lexicon/fr.aff"),
                include_str!("lexicon/fr.dic"),
            )
            .ok()
        })
        .as_ref()
}

/// Whether the lexicon knows `word` as it is written (its case read as Hunspell does:
/// « Délibération » and « DÉLIBÉRATION » are « délibération », « îLes » is nothing).
pub fn is_word(word: &str) -> bool {
    dictionary().is_some_and(|d| d.check(word))
}

#[cfg(test)]
mod tests {
    #[test]
    fn french_words_in_their_cases() {
        for yes in [
            "délibération",
            "Délibération",
            "DÉLIBÉRATION",
            "vœu",
            "jusqu'à",
            "à",
        ] {
            assert!(super::is_word(yes), "{yes}");
        }
        for no in ["îLes", "Déliberation", "v?u", "xyzt"] {
            assert!(!super::is_word(no), "{no}");
        }
    }
}
